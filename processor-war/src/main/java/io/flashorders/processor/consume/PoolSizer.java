package io.flashorders.processor.consume;

import io.flashorders.aws.QueueDepth;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.workers.WorkerSizing;
import io.flashorders.processor.ProcessorSettings;
import io.flashorders.processor.ProcessorSettings.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Sets the worker pool's size, every evaluation, from settings read afresh each time
 * ({@link ProcessorSettings#workers()}), so that a change made while the server runs (a server.xml variable or a
 * configDropins file; environment variables are fixed at start) takes effect within a second or two:
 * <ul>
 * <li>{@code processor.workers.mode=fixed} (the default): {@code processor.workers} workers;</li>
 * <li>{@code processor.workers.mode=auto}: what {@link WorkerSizing} asks for, from the messages received, the
 *     queue's backlog and the time a worker spends on a message, between {@code processor.workers.min} and
 *     {@code processor.workers}, which also sizes the managed executor the workers run on (processor.xml).</li>
 * </ul>
 * The payment gate follows the pool, one permit per worker: grown before the pool grows, cut after it shrinks and no
 * further than the workers claimed at the time.
 */
final class PoolSizer {

    private static final Logger LOG = Logger.getLogger(PoolSizer.class.getName());
    private static final double PAYMENT_TIME_SMOOTHING = 0.5;

    private final Supplier<WorkerSettings> settings;
    private final WorkerPool pool;
    private final PaymentGate gate;
    private final Supplier<QueueDepth> depth;
    private WorkerSizing sizing = new WorkerSizing();
    private long lastStarted;
    private long lastFinished;
    private long lastBusyNanos;
    private double paymentSeconds;
    private volatile boolean auto;
    private volatile int target;
    private volatile double arrivalsPerSecond;
    private String lastProblem;

    /** @param expectedPaymentTime what a message costs a worker until one has been measured */
    PoolSizer(Supplier<WorkerSettings> settings, WorkerPool pool, PaymentGate gate, Supplier<QueueDepth> depth, Duration expectedPaymentTime) {
        this.settings = settings;
        this.pool = pool;
        this.gate = gate;
        this.depth = depth;
        this.paymentSeconds = expectedPaymentTime.toNanos() / 1e9;
        this.target = pool.size();
        try {
            this.auto = settings.get().auto();
        } catch (IllegalArgumentException e) {
            this.auto = false;
        }
    }

    /** One evaluation; an invalid setting is reported once and leaves the size alone. */
    synchronized void adjust(Instant at) {
        long started = pool.started();
        long finished = pool.finished();
        long busyNanos = pool.busyNanos();
        long received = started - lastStarted;
        if (finished > lastFinished) {
            double measured = (busyNanos - lastBusyNanos) / 1e9 / (finished - lastFinished);
            paymentSeconds = PAYMENT_TIME_SMOOTHING * measured + (1 - PAYMENT_TIME_SMOOTHING) * paymentSeconds;
        }
        lastStarted = started;
        lastFinished = finished;
        lastBusyNanos = busyNanos;
        try {
            WorkerSettings current = settings.get();
            boolean wasAuto = auto;
            auto = current.auto();
            if (auto && !wasAuto) {
                // Switched on while running: estimate from now on, not from the last time it was on.
                sizing = new WorkerSizing();
            }
            if (auto) {
                WorkerSizing.Estimate estimate = sizing.evaluate(at, current.limits(), received, depth.get().visible(),
                        Duration.ofNanos((long) (paymentSeconds * 1e9)));
                arrivalsPerSecond = estimate.arrivalsPerSecond();
                resize(estimate.workers());
            } else {
                resize(current.workers());
            }
            lastProblem = null;
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                LOG.warning(() -> "worker pool left at " + pool.size() + ": " + e.getMessage());
            }
        }
    }

    private void resize(int workers) {
        target = workers;
        int was = pool.size();
        if (workers == was) {
            followPool();
            return;
        }
        if (workers > was) {
            gate.resize(workers);
            pool.resize(workers);
        } else {
            pool.resize(workers);
            followPool();
        }
        LOG.info(() -> "worker pool resized from " + was + " to " + workers + (auto ? String.format(Locale.ROOT,
                " (auto: %.1f arrivals/s, %.2f s a message)", arrivalsPerSecond, paymentSeconds) : ""));
    }

    /**
     * Cuts the gate down to the pool, but never below the workers claimed already: each of them still takes a permit for
     * its payment, and a permit cut from under it would turn it away as payment_busy. The rest is cut at a later
     * evaluation, once those workers are done.
     */
    private void followPool() {
        int permits = Math.max(pool.size(), pool.claimed());
        if (gate.permits() > permits) {
            gate.resize(permits);
        }
    }

    boolean auto() {
        return auto;
    }

    /** The size asked for at the last evaluation. */
    int target() {
        return target;
    }

    /** The arrival rate auto mode estimated at its last evaluation (0 in fixed mode). */
    double arrivalsPerSecond() {
        return auto ? arrivalsPerSecond : 0;
    }
}
