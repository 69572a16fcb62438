package io.flashorders.core.progress;

import io.flashorders.core.store.ThroughputLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processing rate, measured: payments completed per second by all processors together, over the last
 * {@code window} of whole buckets in the {@link ThroughputLog}. The bucket still filling is left out. When the
 * processors only began within the window, the rate is taken over the time since their first completion in it, so
 * that a sale that started a few seconds ago is not diluted by the quiet before it.
 */
public final class ProcessingRate {

    private ProcessingRate() {
    }

    /** @return completions per second, 0 when none were counted in the window */
    public static double perSecond(ThroughputLog log, Instant now, Duration window) {
        Instant current = ThroughputLog.bucketStart(now);
        long bucketSeconds = ThroughputLog.BUCKET.toSeconds();
        long count = Math.max(1, window.toSeconds() / bucketSeconds);
        List<Instant> buckets = new ArrayList<>();
        for (long i = count; i >= 1; i--) {
            buckets.add(current.minusSeconds(i * bucketSeconds));
        }
        Map<Instant, Long> completions = log.read(buckets);
        Instant first = null;
        long total = 0;
        for (Instant bucket : buckets) {
            long inBucket = completions.getOrDefault(bucket, 0L);
            if (inBucket > 0 && first == null) {
                first = bucket;
            }
            total += inBucket;
        }
        if (first == null) {
            return 0;
        }
        return (double) total / Duration.between(first, current).toSeconds();
    }
}
