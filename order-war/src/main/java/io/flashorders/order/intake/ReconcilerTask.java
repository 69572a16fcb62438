package io.flashorders.order.intake;

import io.flashorders.core.intake.Reconciler;
import io.flashorders.order.OrderSettings;
import io.flashorders.core.intake.Settlement;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Runs the {@link Reconciler} every orders.reconciler.interval.ms on the server's managed scheduled executor, and
 * counts what it publishes again (orders.republished), what it could not (orders.republish.failures) and the orders
 * it settled from the payment provider's ledger (orders.settled{result}: completed, failed, rejected, returned, waiting).
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
    private final Map<Settlement.Result, Counter> settled = new EnumMap<>(Settlement.Result.class);
    private ScheduledFuture<?> schedule;
    private volatile boolean storeWasDown;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        republished = metrics.counter(Metadata.builder().withName("orders.republished")
                .withDescription("Orders left pending without reaching the queue, published again by the reconciler").build());
        failures = metrics.counter(Metadata.builder().withName("orders.republish.failures")
                .withDescription("Attempts of the reconciler to publish an order again that the queue refused").build());
        Metadata settledMetadata = Metadata.builder().withName("orders.settled").withDescription("Orders whose payer was "
                + "gone, settled by the reconciler from the payment provider's ledger, by result").build();
        for (Settlement.Result result : Settlement.Result.values()) {
            if (result != Settlement.Result.SKIPPED) {
                settled.put(result, metrics.counter(settledMetadata, new Tag("result", result.name().toLowerCase(Locale.ROOT))));
            }
        }
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
            pass.settled().forEach((result, count) -> {
                Counter counter = settled.get(result);
                if (counter != null) {
                    counter.inc(count);
                }
            });
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
