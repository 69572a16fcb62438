package io.flashorders.core.dashboard;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.LongAdder;

/**
 * Response times counted in buckets that grow by 15 %, from 100 µs up to about 100 s (longer ones share the last
 * bucket). The counts only grow and never lock: a quantile over a time window is taken from the difference of two
 * {@link #snapshot()}s, and is exact to one bucket (it answers the bucket's upper bound, at most 15 % high).
 */
public final class LatencyHistogram {

    static final double GROWTH = 1.15;
    static final long FIRST_NANOS = 100_000;
    static final int BUCKETS = 100;

    private final LongAdder[] counts = new LongAdder[BUCKETS];

    public LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        counts[index(nanos)].increment();
    }

    /** The counts so far, bucket by bucket. */
    public long[] snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts[i].sum();
        }
        return copy;
    }

    static int index(long nanos) {
        if (nanos <= FIRST_NANOS) {
            return 0;
        }
        int i = (int) Math.ceil(Math.log((double) nanos / FIRST_NANOS) / Math.log(GROWTH));
        return Math.min(i, BUCKETS - 1);
    }

    static double upperMillis(int bucket) {
        return FIRST_NANOS * Math.pow(GROWTH, bucket) / 1e6;
    }

    /**
     * The {@code quantile} (0.95 for p95) of the responses counted between two snapshots, in milliseconds, as the upper
     * bound of the bucket it falls in; empty when no response was counted between them.
     */
    public static OptionalDouble quantileMillis(long[] newer, long[] older, double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += newer[i] - older[i];
        }
        if (total == 0) {
            return OptionalDouble.empty();
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += newer[i] - older[i];
            if (seen >= rank) {
                return OptionalDouble.of(upperMillis(i));
            }
        }
        return OptionalDouble.of(upperMillis(BUCKETS - 1));
    }
}
