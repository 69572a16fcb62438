package io.flashorders.core.progress;

import io.flashorders.core.store.ThroughputLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts this process's completed payments per {@link ThroughputLog#BUCKET} in memory, and hands the counts to the
 * shared log when {@link #flushTo} is called (every couple of seconds), so that a payment costs no extra write.
 * Counts that could not be written are kept for the next flush. Thread-safe.
 */
public final class ThroughputRecorder {

    private final ConcurrentMap<Instant, Long> pending = new ConcurrentHashMap<>();

    public void completed(Instant at) {
        pending.merge(ThroughputLog.bucketStart(at), 1L, Long::sum);
    }

    /** Counts not yet written. */
    public long unflushed() {
        return pending.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Writes the counts gathered so far; on a failure the unwritten counts are kept and the failure is thrown.
     *
     * @return how many completions were written
     */
    public long flushTo(ThroughputLog log) {
        long written = 0;
        List<Instant> buckets = new ArrayList<>(pending.keySet());
        for (Instant bucket : buckets) {
            Long count = pending.remove(bucket);
            if (count == null) {
                continue;
            }
            try {
                log.add(bucket, count);
                written += count;
            } catch (RuntimeException e) {
                pending.merge(bucket, count, Long::sum);
                throw e;
            }
        }
        return written;
    }

    /** For tests: the counts gathered per bucket. */
    Map<Instant, Long> pendingCounts() {
        return Map.copyOf(pending);
    }
}
