package io.flashorders.cdi;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.aws.store.DynamoThroughputLog;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.ThroughputLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The order store both WARs share: the DynamoDB table orders.table.name, in AWS or at aws.dynamodb.endpoint. */
@ApplicationScoped
public class StoreProducer {

    @Inject
    CommonSettings common;

    @Produces
    @Singleton
    DynamoDbClient dynamoDb(AwsSettings settings, AwsRequestMetrics requests) {
        return AwsClients.dynamoDb(settings, common.dynamoDbEndpoint(), requests.counting());
    }

    static void close(@Disposes DynamoDbClient dynamoDb) {
        dynamoDb.close();
    }

    @Produces
    @Singleton
    OrderStore orderStore(DynamoDbClient dynamoDb, AwsSettings settings) {
        return new DynamoOrderStore(dynamoDb, common.tableName(), settings.callTimeout());
    }

    @Produces
    @Singleton
    ThroughputLog throughputLog(DynamoDbClient dynamoDb, AwsSettings settings) {
        return new DynamoThroughputLog(dynamoDb, common.tableName(), settings.callTimeout());
    }
}
