package io.flashorders.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flashorders.core.store.InMemoryThroughputLog;
import io.flashorders.core.store.ThroughputLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    private static final Instant T0 = Instant.parse("2026-11-21T13:00:00Z");

    @Test
    void bucketStart_anyInstant_startsAtAMultipleOfTheBucket() {
        assertEquals(T0, ThroughputLog.bucketStart(T0.plusMillis(4_999)));
        assertEquals(T0.plusSeconds(5), ThroughputLog.bucketStart(T0.plusSeconds(5)));
    }

    @Test
    void flushTo_countsGathered_writesEachBucketOnceAndEmpties() {
        ThroughputRecorder recorder = new ThroughputRecorder();
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        recorder.completed(T0.plusSeconds(1));
        recorder.completed(T0.plusSeconds(2));
        recorder.completed(T0.plusSeconds(6));

        assertEquals(3, recorder.flushTo(log));
        assertEquals(0, recorder.flushTo(log));

        assertEquals(Map.of(T0, 2L, T0.plusSeconds(5), 1L), log.read(List.of(T0, T0.plusSeconds(5), T0.plusSeconds(10))));
    }

    @Test
    void flushTo_logDown_keepsTheCountsForTheNextFlush() {
        ThroughputRecorder recorder = new ThroughputRecorder();
        recorder.completed(T0);
        ThroughputLog down = new ThroughputLog() {
            @Override
            public void add(Instant bucketStart, long completions) {
                throw new IllegalStateException("down");
            }

            @Override
            public Map<Instant, Long> read(List<Instant> bucketStarts) {
                return Map.of();
            }
        };

        assertThrows(IllegalStateException.class, () -> recorder.flushTo(down));
        assertEquals(1, recorder.unflushed());
    }

    @Test
    void perSecond_steadyCompletions_isTheirRateOverTheWindow() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        for (int i = 0; i < 12; i++) {
            log.add(T0.plusSeconds(5L * i), 250); // 50 a second for a minute
        }
        Instant now = T0.plusSeconds(62);

        assertEquals(50.0, ProcessingRate.perSecond(log, now, Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_processorsStartedRecently_isTheRateSinceTheyStarted() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        log.add(T0.plusSeconds(50), 100);
        log.add(T0.plusSeconds(55), 100);
        log.add(T0.plusSeconds(60), 999); // the bucket still filling is left out

        assertEquals(20.0, ProcessingRate.perSecond(log, T0.plusSeconds(62), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_nothingCompleted_isZero() {
        assertEquals(0.0, ProcessingRate.perSecond(new InMemoryThroughputLog(), T0, Duration.ofSeconds(60)));
    }
}
