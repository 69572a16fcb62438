package io.flashorders.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void theP95OfAWindowIsTheBucketOfItsNinetyFifthResponseWithinFifteenPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 1000; i++) {
            histogram.record(50_000_000L); // 50 ms, before the window
        }
        long[] before = histogram.snapshot();
        for (int i = 1; i <= 100; i++) {
            histogram.record(i * 1_000_000L); // 1 .. 100 ms
        }
        double p95 = LatencyHistogram.quantileMillis(histogram.snapshot(), before, 0.95).orElseThrow();
        assertTrue(p95 >= 95 && p95 <= 95 * LatencyHistogram.GROWTH, "p95 " + p95);
    }

    @Test
    void aWindowWithoutResponsesHasNoQuantile() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_000);
        long[] now = histogram.snapshot();
        assertTrue(LatencyHistogram.quantileMillis(now, now, 0.95).isEmpty());
    }

    @Test
    void theExtremesFallInTheFirstAndLastBuckets() {
        assertEquals(0, LatencyHistogram.index(1));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
        assertTrue(LatencyHistogram.upperMillis(LatencyHistogram.BUCKETS - 1) > 60_000);
    }
}
