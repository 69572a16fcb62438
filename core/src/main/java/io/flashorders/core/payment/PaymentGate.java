package io.flashorders.core.payment;

import io.flashorders.core.order.Order;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The payment provider's capacity: each payment holds one of a fixed number of permits for the
 * provider's latency. Throughput is therefore at most permits / latency, however many threads call in.
 * Waiters are served first come, first served, and give up after {@code maxWait}.
 */
public final class PaymentGate {

    private final int permits;
    private final Duration latency;
    private final Duration maxWait;
    private final Semaphore available;

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
        this.available = new Semaphore(permits, true);
    }

    /**
     * Runs one payment: waits up to {@code maxWait} for a permit, then holds it for the latency.
     *
     * @return how long the caller waited for its permit
     * @throws GateBusyException when no permit came free in time; nothing was paid
     */
    public Duration pay(Order order) throws GateBusyException, InterruptedException {
        long start = System.nanoTime();
        if (!available.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new GateBusyException(order.orderId(), permits, maxWait, retryAfter());
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        try {
            TimeUnit.NANOSECONDS.sleep(latency.toNanos());
        } finally {
            available.release();
        }
        return waited;
    }

    public int permits() {
        return permits;
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
}
