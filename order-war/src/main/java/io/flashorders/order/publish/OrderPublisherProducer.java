package io.flashorders.order.publish;

import io.flashorders.aws.QueueUrl;
import io.flashorders.cdi.Publishers;
import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.BatchedOrderPublisher;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.order.OrderSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Picks how /orders/async publishes, from orders.publisher: sqs (local) or sns (AWS); and whether concurrent publishes
 * share a batch call (orders.publish.batch.max above 1).
 */
@ApplicationScoped
public class OrderPublisherProducer {

    @Inject
    OrderSettings config;

    @Inject
    Publishers publishers;

    @Inject
    Instance<QueueUrl> orderQueue;

    private BatchedOrderPublisher batched;

    @Produces
    @Singleton
    OrderPublisher publisher() {
        BatchPublisher target = publishers.publisher("orders.publisher", config.publisher(), orderQueue::get, "orders.topic.arn",
                config.topicArn());
        if (config.publishBatchMax() == 1) {
            return target;
        }
        batched = new BatchedOrderPublisher(target, config.publishBatchMax(), config.publishLinger());
        return batched;
    }

    @PreDestroy
    void close() {
        if (batched != null) {
            batched.close();
        }
    }
}
