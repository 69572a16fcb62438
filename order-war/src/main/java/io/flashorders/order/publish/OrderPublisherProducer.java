package io.flashorders.order.publish;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.aws.SnsOrderPublisher;
import io.flashorders.aws.SqsOrderPublisher;
import io.flashorders.cdi.AwsRequestMetrics;
import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.BatchedOrderPublisher;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.order.OrderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Picks how /orders/async publishes, from orders.publisher: sqs (local) or sns (AWS); and whether concurrent publishes
 * share a batch call (orders.publish.batch.max above 1).
 */
@ApplicationScoped
public class OrderPublisherProducer {

    @Inject
    OrderSettings config;

    @Inject
    AwsSettings settings;

    @Inject
    AwsRequestMetrics requests;

    @Inject
    Instance<SqsClient> sqs;

    @Inject
    Instance<QueueUrl> orderQueue;

    private SnsClient sns;
    private BatchedOrderPublisher batched;

    @Produces
    @Singleton
    OrderPublisher publisher() {
        BatchPublisher target = target();
        if (config.publishBatchMax() == 1) {
            return target;
        }
        batched = new BatchedOrderPublisher(target, config.publishBatchMax(), config.publishLinger());
        return batched;
    }

    private BatchPublisher target() {
        switch (config.publisher()) {
            case "sqs":
                return new SqsOrderPublisher(sqs.get(), orderQueue.get(), settings.callTimeout());
            case "sns":
                String arn = config.topicArn().orElseThrow(() -> new IllegalStateException("orders.publisher=sns needs orders.topic.arn"));
                sns = AwsClients.sns(settings, requests.counting());
                return new SnsOrderPublisher(sns, arn, settings.callTimeout());
            default:
                throw new IllegalStateException("orders.publisher must be sqs or sns, was '" + config.publisher() + "'");
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (batched != null) {
            batched.close();
        }
        if (sns != null) {
            sns.close();
        }
    }
}
