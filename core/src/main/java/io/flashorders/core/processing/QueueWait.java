package io.flashorders.core.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * How long the orders the workers take had waited since they were accepted: the largest such wait among the orders
 * taken in the last {@code window} (default 2 s). SQS gives no message's age through its API; orders leave a standard
 * queue roughly in the order they came, so while there is a backlog this is close to the age of its oldest message.
 * Empty when no order was taken in the window (an empty queue, or a stalled pool: the queue depth tells which).
 */
public final class QueueWait {

    private final Clock clock;
    private final long windowMillis;
    private long bucketStart;
    private long currentMax = -1;
    private long previousMax = -1;

    public QueueWait(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.bucketStart = clock.millis();
    }

    public QueueWait() {
        this(Clock.systemUTC(), Duration.ofSeconds(2));
    }

    /** An order accepted at {@code acceptedAt} was taken by a worker now. */
    public synchronized void taken(Instant acceptedAt) {
        long now = clock.millis();
        roll(now);
        currentMax = Math.max(currentMax, Math.max(0, now - acceptedAt.toEpochMilli()));
    }

    /** The largest wait, in seconds, of the orders taken in the last window; empty when none was. */
    public synchronized OptionalDouble oldestSeconds() {
        roll(clock.millis());
        long max = Math.max(currentMax, previousMax);
        return max < 0 ? OptionalDouble.empty() : OptionalDouble.of(max / 1000.0);
    }

    /** Two half-window buckets: the answer covers between one half and one whole window, never more. */
    private void roll(long now) {
        long half = Math.max(1, windowMillis / 2);
        long elapsed = now - bucketStart;
        if (elapsed >= 2 * half) {
            previousMax = -1;
            currentMax = -1;
            bucketStart = now;
        } else if (elapsed >= half) {
            previousMax = currentMax;
            currentMax = -1;
            bucketStart += half;
        }
    }
}
