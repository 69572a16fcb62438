package io.flashorders.processor.progress;

import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.cdi.Payments;
import io.flashorders.cdi.Publishers;
import io.flashorders.core.concurrent.CallLimit;
import io.flashorders.core.processing.OrderProcessing;
import io.flashorders.core.processing.QueueWait;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.OrderStore;
import io.flashorders.processor.ProcessorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The processor's side of order statuses: the claim lease, the bound on its order-store calls in flight
 * (processor.store.concurrency; a claim waits up to aws.call-timeout.ms for a place), the throughput recorder, where completion events go
 * (orders.events.publisher: none, the local default; sqs, a queue; sns, a topic), counted by status and outcome, and
 * the order-processing use case the workers run.
 */
@ApplicationScoped
public class ProgressProducer {

    @Inject
    ProcessorSettings config;

    @Inject
    MetricRegistry metrics;

    @Inject
    Publishers publishers;

    @Produces
    @Singleton
    ThroughputRecorder throughput() {
        return new ThroughputRecorder();
    }

    @Produces
    @Singleton
    OrderProgress progress(OrderStore store, ThroughputRecorder throughput, SqsClient sqs, AwsSettings settings) {
        String eventsPublisher = config.eventsPublisher();
        StatusEvents events = "none".equals(eventsPublisher) ? StatusEvents.NONE
                : counted(StatusEvents.via(publishers.publisher("orders.events.publisher", eventsPublisher,
                        () -> new QueueUrl(sqs, config.eventsQueueName(), settings.callTimeout()), "orders.events.topic.arn",
                        config.eventsTopicArn())));
        return new OrderProgress(store, events, throughput, Clock.systemUTC(), config.claimLease(),
                new CallLimit(config.storeConcurrency(), settings.callTimeout()));
    }

    /** queue.oldest.age.seconds: the longest wait, since acceptance, of the orders taken in the last 2 s (QueueWait). */
    @Produces
    @Singleton
    QueueWait queueWait() {
        QueueWait waits = new QueueWait();
        metrics.gauge(Metadata.builder().withName("queue.oldest.age.seconds")
                .withDescription("The longest wait since acceptance among the orders the workers took in the last 2 s: with a"
                        + " backlog, close to the age of the queue's oldest message; NaN while none was taken").build(),
                waits, w -> w.oldestSeconds().orElse(Double.NaN));
        return waits;
    }

    @Produces
    @Singleton
    OrderProcessing processing(Payments payments, OrderProgress progress, QueueWait waits) {
        return new OrderProcessing(payments, Optional.of(progress), Optional.of(waits));
    }

    /** order.events{status, outcome=sent|failed}: events handed over, and events that could not be (sent again later). */
    private StatusEvents counted(StatusEvents events) {
        return event -> {
            boolean sent = events.send(event);
            metrics.counter("order.events", new Tag("status", event.status().wireName()),
                    new Tag("outcome", sent ? "sent" : "failed")).inc();
            return sent;
        };
    }
}
