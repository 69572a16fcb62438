package io.flashorders.core.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The throughput log in memory; test-only (core's test-jar). Thread-safe. */
public final class InMemoryThroughputLog implements ThroughputLog {

    private final Map<Instant, Long> buckets = new ConcurrentHashMap<>();

    @Override
    public void add(Instant bucketStart, long completions) {
        buckets.merge(bucketStart, completions, Long::sum);
    }

    @Override
    public Map<Instant, Long> read(List<Instant> bucketStarts) {
        Map<Instant, Long> found = new HashMap<>();
        for (Instant start : bucketStarts) {
            Long count = buckets.get(start);
            if (count != null) {
                found.put(start, count);
            }
        }
        return found;
    }
}
