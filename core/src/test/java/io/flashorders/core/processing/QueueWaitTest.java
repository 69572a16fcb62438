package io.flashorders.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueWaitTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final QueueWait waits = new QueueWait(clock, Duration.ofSeconds(2));

    @Test
    void nothingTaken_isEmpty() {
        assertTrue(waits.oldestSeconds().isEmpty());
    }

    @Test
    void theLargestWaitOfTheWindow() {
        waits.taken(clock.instant().minusMillis(4_000));
        waits.taken(clock.instant().minusMillis(7_500));
        waits.taken(clock.instant().minusMillis(1_000));

        assertEquals(7.5, waits.oldestSeconds().getAsDouble());
    }

    @Test
    void aWaitAgesOutAfterTheWindow() {
        waits.taken(clock.instant().minusMillis(9_000));
        clock.advance(Duration.ofMillis(1_500));
        waits.taken(clock.instant().minusMillis(2_000));
        assertEquals(9.0, waits.oldestSeconds().getAsDouble(), "still within the window");

        clock.advance(Duration.ofMillis(1_000));
        assertEquals(2.0, waits.oldestSeconds().getAsDouble(), "the 9 s wait has left the window");

        clock.advance(Duration.ofMillis(3_000));
        assertTrue(waits.oldestSeconds().isEmpty(), "nothing taken for a whole window");
    }

    @Test
    void anOrderFromTheFuture_waitedNothing() {
        waits.taken(clock.instant().plusMillis(300));

        assertEquals(0.0, waits.oldestSeconds().getAsDouble());
    }
}
