package io.flashorders.processor.progress;

import io.flashorders.aws.AwsClients;
import io.flashorders.aws.AwsSettings;
import io.flashorders.aws.QueueUrl;
import io.flashorders.aws.SnsOrderPublisher;
import io.flashorders.aws.SqsOrderPublisher;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.OrderStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The processor's side of order statuses: the claim lease, the throughput recorder, and where completion events go
 * (orders.events.publisher: none, the local default; sqs, a queue; sns, a topic), counted by status and outcome.
 */
@ApplicationScoped
public class ProgressProducer {

    @Inject
    @ConfigProperty(name = "processor.claim-lease.ms")
    long claimLeaseMillis;

    @Inject
    @ConfigProperty(name = "orders.events.publisher", defaultValue = "none")
    String eventsPublisher;

    @Inject
    @ConfigProperty(name = "orders.events.queue.name", defaultValue = "order-status-events")
    String eventsQueue;

    @Inject
    @ConfigProperty(name = "orders.events.topic.arn")
    Optional<String> eventsTopic;

    @Inject
    MetricRegistry metrics;

    private SnsClient sns;

    @Produces
    @Singleton
    ThroughputRecorder throughput() {
        return new ThroughputRecorder();
    }

    @Produces
    @Singleton
    OrderProgress progress(OrderStore store, ThroughputRecorder throughput, SqsClient sqs, AwsSettings settings) {
        return new OrderProgress(store, counted(events(sqs, settings)), throughput, Clock.systemUTC(),
                Duration.ofMillis(claimLeaseMillis));
    }

    private StatusEvents events(SqsClient sqs, AwsSettings settings) {
        switch (eventsPublisher) {
            case "none":
                return StatusEvents.NONE;
            case "sqs":
                return StatusEvents.via(new SqsOrderPublisher(sqs, new QueueUrl(sqs, eventsQueue, settings.callTimeout()),
                        settings.callTimeout()));
            case "sns":
                String arn = eventsTopic.orElseThrow(() -> new IllegalStateException("orders.events.publisher=sns needs orders.events.topic.arn"));
                sns = AwsClients.sns(settings);
                return StatusEvents.via(new SnsOrderPublisher(sns, arn, settings.callTimeout()));
            default:
                throw new IllegalStateException("orders.events.publisher must be none, sqs or sns, was '" + eventsPublisher + "'");
        }
    }

    /** order.events{status, outcome=sent|failed}: events handed over, and events that could not be (sent again later). */
    private StatusEvents counted(StatusEvents events) {
        if (events == StatusEvents.NONE) {
            return events;
        }
        return event -> {
            boolean sent = events.send(event);
            metrics.counter("order.events", new Tag("status", event.status().wireName()),
                    new Tag("outcome", sent ? "sent" : "failed")).inc();
            return sent;
        };
    }

    @PreDestroy
    void close() {
        if (sns != null) {
            sns.close();
        }
    }
}
