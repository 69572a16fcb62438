package io.flashorders.core.payment;

import io.flashorders.core.concurrent.ResizablePermits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How many payments may run at once: each payment holds one of a fixed number of permits for as long as the provider
 * takes. Throughput is therefore at most permits / latency, however many threads call in. Waiters are served first
 * come, first served, and give up after {@code maxWait}. The number of permits can change while payments run
 * ({@link #resize}): a processor whose worker pool is resized keeps one permit per worker.
 */
public final class PaymentGate {

    private final Duration latency;
    private final Duration maxWait;
    private final ResizablePermits available;

    /** @param latency what one payment is expected to take; it sets the {@link #retryAfter()} given to callers turned away */
    public PaymentGate(int permits, Duration latency, Duration maxWait) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        if (latency.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("latency and maxWait must not be negative");
        }
        this.latency = latency;
        this.maxWait = maxWait;
        this.available = new ResizablePermits(permits, true);
    }

    /**
     * Waits up to {@code maxWait} for a permit; close the permit when the payment has ended, however it ended.
     *
     * @throws GateBusyException when no permit came free in time
     */
    public Permit acquire(String orderId) throws GateBusyException, InterruptedException {
        if (!available.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new GateBusyException(orderId, available.size(), maxWait, retryAfter());
        }
        return new Permit();
    }

    public int permits() {
        return available.size();
    }

    /**
     * Changes the number of permits. Payments holding a permit are not disturbed: after a cut, new payments wait until
     * enough running ones have ended for the smaller number to hold.
     */
    public void resize(int newPermits) {
        if (newPermits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + newPermits);
        }
        available.resize(newPermits);
    }

    /** Permits held right now. */
    public int busy() {
        return available.held();
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
