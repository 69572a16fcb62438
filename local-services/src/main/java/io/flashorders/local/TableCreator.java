package io.flashorders.local;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** Creates the defined table through the DynamoDB API, as Terraform does in AWS. An existing table is left as it is. */
final class TableCreator {

    private TableCreator() {
    }

    static void create(DynamoDbClient dynamoDb, TableDefinition table) {
        List<AttributeDefinition> attributes = table.attributes().stream()
                .map(a -> AttributeDefinition.builder().attributeName(a.name()).attributeType(a.type()).build()).toList();
        List<GlobalSecondaryIndex> indexes = table.globalSecondaryIndexes().stream()
                .map(index -> GlobalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(keys(index.hashKey(), index.rangeKey()))
                        .projection(p -> p.projectionType(index.projectionType()))
                        .build())
                .toList();
        try {
            dynamoDb.createTable(r -> {
                r.tableName(table.name()).billingMode(table.billingMode()).attributeDefinitions(attributes)
                        .keySchema(keys(table.hashKey(), null));
                if (!indexes.isEmpty()) {
                    r.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException exists) {
            return;
        }
        if (table.ttl() != null) {
            dynamoDb.updateTimeToLive(r -> r.tableName(table.name())
                    .timeToLiveSpecification(t -> t.attributeName(table.ttl().attributeName()).enabled(table.ttl().enabled())));
        }
    }

    private static List<KeySchemaElement> keys(String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        if (rangeKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
        }
        return keys;
    }
}
