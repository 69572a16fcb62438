package io.flashorders.order;

import io.flashorders.order.admission.Bounded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The order API's own settings, read in this one place; the settings it shares with the processor are in
 * {@link io.flashorders.cdi.CommonSettings}. Their defaults are in this WAR's
 * {@code META-INF/microprofile-config.properties}; docs/configuration.md describes each key. All are read once, at
 * start.
 */
@ApplicationScoped
public class OrderSettings {

    @Inject
    @ConfigProperty(name = "orders.admission.max-in-flight")
    int admissionMaxInFlight;

    @Inject
    @ConfigProperty(name = "orders.admission.async.max-in-flight")
    int admissionAsyncMaxInFlight;

    @Inject
    @ConfigProperty(name = "orders.sync.permits")
    int syncPermits;

    @Inject
    @ConfigProperty(name = "orders.sync.max-wait.ms")
    long syncMaxWaitMillis;

    @Inject
    @ConfigProperty(name = "orders.publisher")
    String publisher;

    @Inject
    @ConfigProperty(name = "orders.topic.arn")
    Optional<String> topicArn;

    @Inject
    @ConfigProperty(name = "orders.publish.batch.max")
    int publishBatchMax;

    @Inject
    @ConfigProperty(name = "orders.publish.linger.ms")
    long publishLingerMillis;

    @Inject
    @ConfigProperty(name = "orders.store.batch.max")
    int storeBatchMax;

    @Inject
    @ConfigProperty(name = "orders.store.batch.linger.ms")
    long storeLingerMillis;

    @Inject
    @ConfigProperty(name = "orders.max-body-bytes")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "orders.idempotency.lifetime.hours")
    long idempotencyLifetimeHours;

    @Inject
    @ConfigProperty(name = "orders.idempotency.replay-wait.ms")
    long idempotencyReplayWaitMillis;

    @Inject
    @ConfigProperty(name = "orders.reconciler.interval.ms")
    long reconcilerIntervalMillis;

    @Inject
    @ConfigProperty(name = "orders.reconciler.stale-after.ms")
    long reconcilerStaleAfterMillis;

    @Inject
    @ConfigProperty(name = "orders.settle.margin.ms")
    long settleMarginMillis;

    @Inject
    @ConfigProperty(name = "orders.status.rate-window.ms")
    long statusRateWindowMillis;

    /**
     * Requests an endpoint that waits on a dependency runs at once (admission control): {@code /orders/async} has its
     * own bound, every other bounded endpoint {@code orders.admission.max-in-flight}.
     */
    public int admissionMaxInFlight(Bounded endpoint) {
        return endpoint == Bounded.ASYNC ? admissionAsyncMaxInFlight : admissionMaxInFlight;
    }

    /** Payments the sync endpoint runs at once. */
    public int syncPermits() {
        return syncPermits;
    }

    /** How long a sync request waits for a permit. */
    public Duration syncMaxWait() {
        return Duration.ofMillis(syncMaxWaitMillis);
    }

    /** Where /orders/async publishes: sqs or sns. */
    public String publisher() {
        return publisher;
    }

    /** The topic, when {@link #publisher()} is sns. */
    public Optional<String> topicArn() {
        return topicArn;
    }

    /** Orders in one SendMessageBatch / PublishBatch, 1 to 10; 1 sends each order alone. */
    public int publishBatchMax() {
        return publishBatchMax;
    }

    /** How long the first order of a batch waits for others to join it. */
    public Duration publishLinger() {
        return Duration.ofMillis(publishLingerMillis);
    }

    /** The most async orders recorded in one store write (1 records each alone, with one conditional put). */
    public int storeBatchMax() {
        return storeBatchMax;
    }

    /** How long the first order of a store batch waits for others to join it. */
    public Duration storeLinger() {
        return Duration.ofMillis(storeLingerMillis);
    }

    /** The largest request body accepted. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Duration idempotencyLifetime() {
        return Duration.ofHours(idempotencyLifetimeHours);
    }

    /** How long a request repeating a key waits for the first request's outcome. */
    public Duration idempotencyReplayWait() {
        return Duration.ofMillis(idempotencyReplayWaitMillis);
    }

    /** How often the reconciler looks for orders recorded but never queued; zero or less turns it off. */
    public Duration reconcilerInterval() {
        return Duration.ofMillis(reconcilerIntervalMillis);
    }

    /** How long such an order may wait before it is published again. */
    /** Added to a sync request's longest run before its order is settled, and the 409's Retry-After meanwhile. */
    public Duration settleMargin() {
        return Duration.ofMillis(settleMarginMillis);
    }

    public Duration reconcilerStaleAfter() {
        return Duration.ofMillis(reconcilerStaleAfterMillis);
    }

    /** The longest busy period the processing rate is measured over. */
    public Duration statusRateWindow() {
        return Duration.ofMillis(statusRateWindowMillis);
    }
}
