package io.flashorders.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Completed payments counted per time bucket, by every processor together: the measured processing rate that the
 * order API's estimates divide the queue by. Each processor adds its own counts now and then, so the store sees a few
 * writes per processor per minute, whatever the order rate.
 */
public interface ThroughputLog {

    /** The length of a bucket; buckets start at multiples of it since the epoch. */
    Duration BUCKET = Duration.ofSeconds(5);

    /** Adds {@code completions} to the bucket that starts at {@code bucketStart}. */
    void add(Instant bucketStart, long completions);

    /** The completions counted in each of the buckets asked for; a bucket with none is missing or 0. */
    Map<Instant, Long> read(List<Instant> bucketStarts);

    /** The start of the bucket {@code at} falls in. */
    static Instant bucketStart(Instant at) {
        long seconds = BUCKET.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }
}
