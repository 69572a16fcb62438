package io.flashorders.cdi;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** One SQS client per application, pointed at AWS or at a local endpoint by configuration alone. */
@ApplicationScoped
public class AwsProducer {

    @Inject
    CommonSettings common;

    @Produces
    @Singleton
    AwsSettings settings() {
        return common.aws();
    }

    @Produces
    @Singleton
    SqsClient sqs(AwsSettings settings, AwsRequestMetrics requests) {
        return AwsClients.sqs(settings, requests.counting());
    }

    static void close(@Disposes SqsClient sqs) {
        sqs.close();
    }

    @Produces
    @Singleton
    QueueUrl orderQueue(SqsClient sqs, AwsSettings settings) {
        return new QueueUrl(sqs, common.queueName(), settings.callTimeout());
    }
}
