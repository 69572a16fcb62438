package io.flashorders.order.sale;

import io.flashorders.core.sale.Decision;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.SaleSweeper;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link SaleSweeper} every sales.sweep.interval.ms (1 s) on the server's managed scheduled executor: expired
 * holds go back within about that long, checkouts settle from their orders, and the sales' gauges and last known
 * figures are refreshed. Every server runs it; the scripts make a second sweeper's work a no-op.
 */
@ApplicationScoped
public class SaleSweepTask {

    private static final Logger LOG = Logger.getLogger(SaleSweepTask.class.getName());
    /**
     * Logged at SEVERE on every pass while a sale's counts show units sold beyond its stock (what sale.oversell.count
     * adds up): in AWS a log metric filter turns it into the oversell alarm (terraform/monitoring.tf).
     */
    static final String OVERSOLD = "sale_oversold";

    @Inject
    SaleSweeper sweeper;

    @Inject
    SaleSettings settings;

    @Inject
    SaleMetrics metrics;

    @Inject
    LastKnownSales known;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;
    private volatile boolean storeWasDown;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        long interval = settings.sweepInterval().toMillis();
        if (interval > 0) {
            schedule = scheduler.scheduleWithFixedDelay(this::runOnce, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    void runOnce() {
        try {
            // Taken before the pass reads the counts: a read is never taken for newer than it is (availability's cache).
            Instant started = Instant.now();
            SaleSweeper.Pass pass = sweeper.runOnce();
            for (SaleSnapshot sale : pass.sales()) {
                known.update(sale, started);
                metrics.watch(sale.sale().saleId());
                if (sale.counts().oversold() > 0) {
                    LOG.severe(OVERSOLD + " sale=" + sale.sale().saleId() + " units=" + sale.counts().oversold());
                }
            }
            metrics.expired(pass.expired());
            metrics.decided(Decision.PURCHASED, pass.purchased());
            metrics.decided(Decision.RELEASED, pass.released());
            storeWasDown = false;
        } catch (RuntimeException e) {
            // Logged once per outage, not every second; the next pass tries again.
            LOG.log(storeWasDown ? Level.FINE : Level.WARNING, "sale sweep failed: " + e.getMessage(), e);
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
