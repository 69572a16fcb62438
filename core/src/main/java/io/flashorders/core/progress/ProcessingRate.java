package io.flashorders.core.progress;

import io.flashorders.core.store.ThroughputLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processing rate, measured: payments completed per second by all processors together at their current pace,
 * from the {@link ThroughputLog}.
 *
 * <p>Only settled buckets count: whole buckets that ended at least {@link #SETTLE} ago, so that every processor has
 * added its counts (they flush every couple of seconds). The latest settled bucket gives the current pace; going back
 * from it, the buckets that kept at least half that pace (at most {@code window} of them) are averaged with it. A
 * bucket below half the pace (a quiet spell, or the part-filled bucket in which a sale began) and everything before it
 * are left out, so a sale that began seconds ago is measured at the pace the processors keep now, however quiet it was
 * before. When the latest settled bucket has no completions, the processors are idle (or just began), and the rate is
 * 0: unknown.
 */
public final class ProcessingRate {

    /** How long after a bucket ends its counts are taken as complete: more than the processors' flush interval. */
    public static final Duration SETTLE = Duration.ofSeconds(3);

    private ProcessingRate() {
    }

    /** @return completions per second, 0 when the processors completed nothing in the latest settled bucket */
    public static double perSecond(ThroughputLog log, Instant now, Duration window) {
        long bucketSeconds = ThroughputLog.BUCKET.toSeconds();
        Instant latest = ThroughputLog.bucketStart(now.minus(SETTLE)).minusSeconds(bucketSeconds);
        long count = Math.max(1, window.toSeconds() / bucketSeconds);
        List<Instant> newestFirst = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            newestFirst.add(latest.minusSeconds(i * bucketSeconds));
        }
        Map<Instant, Long> completions = log.read(newestFirst);
        long pace = completions.getOrDefault(latest, 0L);
        if (pace == 0) {
            return 0;
        }
        List<Long> busy = new ArrayList<>();
        for (Instant bucket : newestFirst) {
            long inBucket = completions.getOrDefault(bucket, 0L);
            if (inBucket == 0 || inBucket * 2 < pace) {
                break;
            }
            busy.add(inBucket);
        }
        long total = busy.stream().mapToLong(Long::longValue).sum();
        return (double) total / (busy.size() * bucketSeconds);
    }
}
