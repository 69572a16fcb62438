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
    void perSecond_steadyCompletions_isTheirRate() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        for (int i = 0; i < 12; i++) {
            log.add(T0.plusSeconds(5L * i), 250); // 50 a second for a minute
        }

        assertEquals(50.0, ProcessingRate.perSecond(log, T0.plusSeconds(64), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_busySinceSecondsAfterAQuietSpell_isThePaceOfTheBusyPeriodAlone() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        log.add(T0, 3);                   // a trickle before
        log.add(T0.plusSeconds(20), 40);  // the sale began part-way through this bucket
        log.add(T0.plusSeconds(25), 100);
        log.add(T0.plusSeconds(30), 100);

        assertEquals(20.0, ProcessingRate.perSecond(log, T0.plusSeconds(38), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_latestBucketNotSettled_isLeftOut() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        log.add(T0, 100);
        log.add(T0.plusSeconds(5), 100);
        log.add(T0.plusSeconds(10), 7); // ended 1 s ago: processors may not have flushed into it yet

        assertEquals(20.0, ProcessingRate.perSecond(log, T0.plusSeconds(16), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_processorsIdleOrJustBegun_isZero() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        assertEquals(0.0, ProcessingRate.perSecond(log, T0, Duration.ofSeconds(60)));
        log.add(T0, 100);
        assertEquals(0.0, ProcessingRate.perSecond(log, T0.plusSeconds(30), Duration.ofSeconds(60)), "idle since");
    }

    @Test
    void perSecond_trickleJustBeforeASaleThatBeganMidBucket_isTheSalesPace() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        log.add(T0, 5);                   // the end of something earlier
        log.add(T0.plusSeconds(5), 40);   // the sale began part-way through this bucket
        log.add(T0.plusSeconds(10), 110);

        assertEquals(22.0, ProcessingRate.perSecond(log, T0.plusSeconds(18), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_oneOrTwoPaymentsPerBucket_averagesThemAll() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        for (int i = 0; i < 6; i++) {
            log.add(T0.plusSeconds(5L * i), i % 2 == 0 ? 1 : 2); // one worker, 3 s payments
        }

        assertEquals(0.3, ProcessingRate.perSecond(log, T0.plusSeconds(33), Duration.ofSeconds(60)), 0.001);
    }

    @Test
    void perSecond_oneBusyBucketOnly_isThatBucketsRate() {
        InMemoryThroughputLog log = new InMemoryThroughputLog();
        log.add(T0, 2);

        assertEquals(0.4, ProcessingRate.perSecond(log, T0.plusSeconds(9), Duration.ofSeconds(60)), 0.001);
    }
}
