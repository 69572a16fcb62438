package io.flashorders.processor;

import io.flashorders.core.workers.WorkerSizing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The processor's own settings, read in this one place; the settings it shares with the order API are in
 * {@link io.flashorders.cdi.CommonSettings}. Their defaults are in this WAR's
 * {@code META-INF/microprofile-config.properties}, except {@code processor.workers}, whose default is a variable in
 * processor.xml because it also sizes the server's executor there; docs/configuration.md describes each key.
 *
 * <p>The {@code processor.workers*} keys, all but {@code processor.workers.interval.ms}, are read through {@link Provider}
 * on every call of {@link #workers()}: a server.xml variable or a configDropins file changes them while the server
 * runs, and the pool follows. Everything else is read once, at start.
 */
@ApplicationScoped
public class ProcessorSettings {

    @Inject
    @ConfigProperty(name = "processor.workers")
    Provider<Integer> workers;

    @Inject
    @ConfigProperty(name = "processor.workers.mode")
    Provider<String> workersMode;

    @Inject
    @ConfigProperty(name = "processor.workers.min")
    Provider<Integer> workersMin;

    @Inject
    @ConfigProperty(name = "processor.workers.target-age.ms")
    Provider<Long> workersTargetAgeMillis;

    @Inject
    @ConfigProperty(name = "processor.workers.scale-down-window.ms")
    Provider<Long> workersScaleDownWindowMillis;

    @Inject
    @ConfigProperty(name = "processor.workers.headroom")
    Provider<Double> workersHeadroom;

    @Inject
    @ConfigProperty(name = "processor.workers.interval.ms")
    long sizingIntervalMillis;

    @Inject
    @ConfigProperty(name = "processor.receivers")
    int receivers;

    @Inject
    @ConfigProperty(name = "processor.shutdown-grace.ms")
    long shutdownGraceMillis;

    @Inject
    @ConfigProperty(name = "processor.retry.backoff.ms")
    long retryBackoffMillis;

    @Inject
    @ConfigProperty(name = "processor.retry.backoff.max.ms")
    long retryBackoffMaxMillis;

    @Inject
    @ConfigProperty(name = "processor.claim-lease.ms")
    long claimLeaseMillis;

    @Inject
    @ConfigProperty(name = "processor.lease.max-age.ms")
    long leaseMaxAgeMillis;

    @Inject
    @ConfigProperty(name = "processor.store.concurrency")
    int storeConcurrency;

    @Inject
    @ConfigProperty(name = "orders.events.publisher")
    String eventsPublisher;

    @Inject
    @ConfigProperty(name = "orders.events.queue.name")
    String eventsQueueName;

    @Inject
    @ConfigProperty(name = "orders.events.topic.arn")
    Optional<String> eventsTopicArn;

    /**
     * The worker pool's settings as they are now.
     *
     * @throws IllegalArgumentException for a mode other than fixed or auto, or fewer than 1 worker
     * @throws java.util.NoSuchElementException for a key set to nothing
     */
    public WorkerSettings workers() {
        return new WorkerSettings(WorkerSettings.isAuto(workersMode.get()), workers.get(), workersMin.get(),
                Duration.ofMillis(workersTargetAgeMillis.get()), Duration.ofMillis(workersScaleDownWindowMillis.get()), workersHeadroom.get());
    }

    /** How often the pool's size is evaluated. */
    public Duration sizingInterval() {
        return Duration.ofMillis(sizingIntervalMillis);
    }

    /** Receiving JMS sessions, each on its own thread. */
    public int receivers() {
        return receivers;
    }

    /** On stop, how long payments in flight may take to finish. */
    public Duration shutdownGrace() {
        return Duration.ofMillis(shutdownGraceMillis);
    }

    /** A failed payment's message comes back after this long, doubled with each receive. */
    public Duration retryBackoff() {
        return Duration.ofMillis(retryBackoffMillis);
    }

    /** The longest back-off. */
    public Duration retryBackoffMax() {
        return Duration.ofMillis(retryBackoffMaxMillis);
    }

    /** How long a processor's claim on an order holds; each extension of the message's visibility renews it. */
    public Duration claimLease() {
        return Duration.ofMillis(claimLeaseMillis);
    }

    /** The longest a message is worked on: then its visibility is no longer extended and its worker is interrupted. */
    public Duration leaseMaxAge() {
        return Duration.ofMillis(leaseMaxAgeMillis);
    }

    /**
     * Order-store calls in flight at once beyond which a claim waits (up to {@code aws.call-timeout.ms}, then its
     * message comes back after as long again, costing no attempt) for one to end;
     * the calls that finish a claimed order never wait. Keeps a pool larger than the store accepts at the store's rate.
     *
     * @throws IllegalArgumentException when below 1
     */
    public int storeConcurrency() {
        if (storeConcurrency < 1) {
            throw new IllegalArgumentException("processor.store.concurrency must be at least 1, was " + storeConcurrency);
        }
        return storeConcurrency;
    }

    /** Where completion events go: none, sqs or sns. */
    public String eventsPublisher() {
        return eventsPublisher;
    }

    /** The events queue, when {@link #eventsPublisher()} is sqs. */
    public String eventsQueueName() {
        return eventsQueueName;
    }

    /** The events topic, when {@link #eventsPublisher()} is sns. */
    public Optional<String> eventsTopicArn() {
        return eventsTopicArn;
    }

    /**
     * The worker pool's settings at one moment.
     *
     * @param auto    {@code processor.workers.mode=auto}: the processor sizes the pool itself
     * @param workers {@code processor.workers}: the size in fixed mode, the ceiling in auto mode; at least 1
     */
    public record WorkerSettings(boolean auto, int workers, int min, Duration targetAge, Duration scaleDownWindow, double headroom) {

        public WorkerSettings {
            if (workers < 1) {
                throw new IllegalArgumentException("processor.workers must be at least 1, was " + workers);
            }
        }

        /** @throws IllegalArgumentException for a {@code processor.workers.mode} other than fixed or auto */
        public static boolean isAuto(String mode) {
            String trimmed = mode.trim();
            if (!trimmed.equals("fixed") && !trimmed.equals("auto")) {
                throw new IllegalArgumentException("processor.workers.mode must be fixed or auto, was '" + mode + "'");
            }
            return trimmed.equals("auto");
        }

        /** The size to start with: {@code processor.workers}, or the least in auto mode, which grows it as orders come. */
        public int initialSize() {
            return auto ? limits().min() : workers;
        }

        /** Auto mode's bounds and goals. */
        public WorkerSizing.Limits limits() {
            return new WorkerSizing.Limits(min, workers, targetAge, scaleDownWindow, headroom);
        }
    }
}
