package io.flashorders.core.payment;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many payments may run at once: each payment holds one of a fixed number of permits for as long as the provider
 * takes. Throughput is therefore at most permits / latency, however many threads call in. Waiters are served first
 * come, first served, and give up after {@code maxWait}. The number of permits can change while payments run
 * ({@link #resize}): a processor whose worker pool is resized keeps one permit per worker.
 */
public final class PaymentGate {

    private volatile int permits;
    private final Duration latency;
    private final Duration maxWait;
    private final Permits available;

    /** @param latency what one payment is expected to take; it sets the {@link #retryAfter()} given to callers turned away */
    public PaymentGate(int permits, Duration latency, Duration maxWait) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        if (latency.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("latency and maxWait must not be negative");
        }
        this.permits = permits;
        this.latency = latency;
        this.maxWait = maxWait;
        this.available = new Permits(permits);
    }

    /**
     * Waits up to {@code maxWait} for a permit; close the permit when the payment has ended, however it ended.
     *
     * @throws GateBusyException when no permit came free in time
     */
    public Permit acquire(String orderId) throws GateBusyException, InterruptedException {
        if (!available.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new GateBusyException(orderId, permits, maxWait, retryAfter());
        }
        return new Permit();
    }

    public int permits() {
        return permits;
    }

    /**
     * Changes the number of permits. Payments holding a permit are not disturbed: after a cut, new payments wait until
     * enough running ones have ended for the smaller number to hold.
     */
    public synchronized void resize(int newPermits) {
        if (newPermits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + newPermits);
        }
        int change = newPermits - permits;
        if (change > 0) {
            available.release(change);
        } else if (change < 0) {
            available.cut(-change);
        }
        permits = newPermits;
    }

    /** Permits held right now. */
    public int busy() {
        return permits - available.availablePermits();
    }

    public Duration latency() {
        return latency;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** When a turned-away caller may sensibly come back: one payment's time, in whole seconds. */
    public Duration retryAfter() {
        long seconds = Math.max(1, (latency.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    /** A fair semaphore whose count can be cut below the permits now held (then it goes negative until they return). */
    private static final class Permits extends Semaphore {

        Permits(int permits) {
            super(permits, true);
        }

        void cut(int reduction) {
            reducePermits(reduction);
        }
    }

    /** One held permit; closing it more than once gives it back once. */
    public final class Permit implements AutoCloseable {

        private boolean released;

        private Permit() {
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                available.release();
            }
        }
    }
}
