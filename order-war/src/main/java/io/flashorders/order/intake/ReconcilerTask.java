package io.flashorders.order.intake;

import io.flashorders.core.intake.Reconciler;
import io.flashorders.order.OrderSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Runs the {@link Reconciler} every orders.reconciler.interval.ms on the server's managed scheduled executor, and
 * counts what it publishes again (orders.republished) and what it could not (orders.republish.failures).
 */
@ApplicationScoped
public class ReconcilerTask {

    private static final Logger LOG = Logger.getLogger(ReconcilerTask.class.getName());

    @Inject
    Reconciler reconciler;

    @Inject
    MetricRegistry metrics;

    @Inject
    OrderSettings config;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private Counter republished;
    private Counter failures;
    private ScheduledFuture<?> schedule;
    private volatile boolean storeWasDown;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        republished = metrics.counter(Metadata.builder().withName("orders.republished")
                .withDescription("Orders left pending without reaching the queue, published again by the reconciler").build());
        failures = metrics.counter(Metadata.builder().withName("orders.republish.failures")
                .withDescription("Attempts of the reconciler to publish an order again that the queue refused").build());
        long intervalMillis = config.reconcilerInterval().toMillis();
        if (intervalMillis > 0) {
            schedule = scheduler.scheduleWithFixedDelay(this::runOnce, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    void runOnce() {
        try {
            Reconciler.Pass pass = reconciler.runOnce();
            republished.inc(pass.republished());
            failures.inc(pass.failed());
            storeWasDown = false;
        } catch (RuntimeException e) {
            // Logged once per outage, not every interval; the next pass tries again.
            LOG.log(storeWasDown ? Level.FINE : Level.WARNING, "reconciler pass failed: " + e.getMessage(), e);
            storeWasDown = true;
        }
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
