package io.flashorders.bench;

import java.util.Arrays;

/** Latencies of one phase, in nanoseconds, and their percentiles (nearest rank). */
public final class Latencies {

    private final long[] sorted;

    public Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(this.sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** @param percentile 0 to 100, e.g. 99.9; NaN when there is no sample */
    public double millis(double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // The epsilon keeps 99.9 % of 1000 at rank 999, not 1000 by a rounding error.
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
