package io.flashorders.order.publish;

import io.flashorders.aws.QueueUrl;
import io.flashorders.cdi.Publishers;
import io.flashorders.core.publish.BatchPublisher;
import io.flashorders.core.publish.BatchedOrderPublisher;
import io.flashorders.core.publish.OrderPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Picks how /orders/async publishes, from orders.publisher: sqs (local) or sns (AWS); and whether concurrent publishes
 * share a batch call (orders.publish.batch.max above 1).
 */
@ApplicationScoped
public class OrderPublisherProducer {

    @Inject
    @ConfigProperty(name = "orders.publisher", defaultValue = "sqs")
    String kind;

    @Inject
    @ConfigProperty(name = "orders.topic.arn")
    Optional<String> topicArn;

    /** Orders in one SendMessageBatch / PublishBatch, 1 to 10; 1 sends each order alone. */
    @Inject
    @ConfigProperty(name = "orders.publish.batch.max", defaultValue = "10")
    int batchMax;

    /** How long the first order of a batch waits for others to join it. */
    @Inject
    @ConfigProperty(name = "orders.publish.linger.ms", defaultValue = "2")
    long lingerMillis;

    @Inject
    Publishers publishers;

    @Inject
    Instance<QueueUrl> orderQueue;

    private BatchedOrderPublisher batched;

    @Produces
    @Singleton
    OrderPublisher publisher() {
        BatchPublisher target = publishers.publisher("orders.publisher", kind, orderQueue::get, "orders.topic.arn", topicArn);
        if (batchMax == 1) {
            return target;
        }
        batched = new BatchedOrderPublisher(target, batchMax, Duration.ofMillis(lingerMillis));
        return batched;
    }

    @PreDestroy
    void close() {
        if (batched != null) {
            batched.close();
        }
    }
}
