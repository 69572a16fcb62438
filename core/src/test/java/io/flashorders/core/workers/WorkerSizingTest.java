package io.flashorders.core.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerSizingTest {

    private static final Duration PAYMENT = Duration.ofSeconds(3);
    private static final Duration TARGET = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final WorkerSizing.Limits LIMITS = new WorkerSizing.Limits(1, 1000, TARGET, WINDOW, 0.0);

    private final WorkerSizing sizing = new WorkerSizing();
    private Instant now = Instant.parse("2026-11-21T12:00:00Z");

    /** One evaluation a second, as the processor runs it. */
    private WorkerSizing.Estimate second(WorkerSizing.Limits limits, long received, long backlog) {
        now = now.plusSeconds(1);
        return sizing.evaluate(now, limits, received, backlog, PAYMENT);
    }

    @Test
    void evaluate_steadyArrivalsNoBacklog_sizesToRateTimesPaymentTime() {
        WorkerSizing.Estimate estimate = null;
        for (int i = 0; i < 30; i++) {
            estimate = second(LIMITS, 60, 0);
        }

        assertEquals(60.0, estimate.arrivalsPerSecond(), 0.01);
        assertEquals(180, estimate.workers(), "Little's law: 60/s x 3 s");
    }

    @Test
    void evaluate_headroom_addsThatFractionAboveTheRate() {
        WorkerSizing.Limits withHeadroom = new WorkerSizing.Limits(1, 1000, TARGET, WINDOW, 0.1);
        WorkerSizing.Estimate estimate = null;
        for (int i = 0; i < 30; i++) {
            estimate = second(withHeadroom, 60, 0);
        }

        assertEquals(198, estimate.workers());
    }

    @Test
    void evaluate_backlogGrowing_countsTheGrowthAsArrivals() {
        // The pool pays 10/s while the backlog grows by 50/s: 60/s are arriving, not 10.
        WorkerSizing.Estimate estimate = null;
        for (int i = 0; i < 30; i++) {
            estimate = second(LIMITS, 10, 50L * i);
        }

        assertEquals(60.0, estimate.arrivalsPerSecond(), 0.01);
    }

    @Test
    void evaluate_backlog_addsWorkersToDrainItBeforeTheTargetAge() {
        second(LIMITS, 0, 700);
        WorkerSizing.Estimate estimate = second(LIMITS, 0, 700);

        // 700 messages x 3 s within the 7 s the 10 s target leaves after a payment: 300 workers.
        assertEquals(300, estimate.recommended());
    }

    @Test
    void evaluate_targetShorterThanAPayment_drainsTheBacklogInOnePaymentRound() {
        WorkerSizing.Limits tight = new WorkerSizing.Limits(1, 1000, Duration.ofSeconds(1), WINDOW, 0.0);
        second(tight, 0, 40);

        assertEquals(40, second(tight, 0, 40).recommended(), "one worker per waiting message, not more");
    }

    @Test
    void evaluate_burstArrives_scalesUpAtOnce() {
        for (int i = 0; i < 5; i++) {
            second(LIMITS, 0, 0);
        }

        WorkerSizing.Estimate estimate = second(LIMITS, 0, 300);

        assertTrue(estimate.workers() >= 128, "the first evaluation that sees the burst grows the pool: " + estimate);
    }

    @Test
    void evaluate_arrivalsStop_keepsTheSizeForTheWindowThenFalls() {
        for (int i = 0; i < 30; i++) {
            second(LIMITS, 60, 0);
        }
        int peak = second(LIMITS, 60, 0).workers();

        WorkerSizing.Estimate during = null;
        for (int i = 0; i < WINDOW.toSeconds(); i++) {
            during = second(LIMITS, 0, 0);
        }
        assertEquals(peak, during.workers(), "within the window the pool keeps its size");
        assertTrue(during.recommended() < peak / 100 + 2, "while the recommendation is already low: " + during);

        WorkerSizing.Estimate after = second(LIMITS, 0, 0);
        assertTrue(after.workers() < peak, "once the window has passed the pool shrinks: " + after);
    }

    @Test
    void evaluate_loadAlternatingEverySecond_doesNotOscillate() {
        int previous = -1;
        int changes = 0;
        for (int i = 0; i < 60; i++) {
            int workers = second(LIMITS, i % 2 == 0 ? 100 : 20, 0).workers();
            if (i >= 20 && workers != previous) {
                changes++;
            }
            previous = workers;
        }

        assertEquals(0, changes, "once settled, a load flapping every second leaves the size alone");
    }

    @Test
    void evaluate_outsideTheLimits_staysWithinMinAndMax() {
        WorkerSizing.Limits narrow = new WorkerSizing.Limits(5, 50, TARGET, Duration.ZERO, 0.0);

        assertEquals(5, second(narrow, 0, 0).workers(), "nothing arriving: the minimum");
        assertEquals(50, second(narrow, 1000, 5000).workers(), "a flood: the maximum");
    }

    @Test
    void evaluate_queueUnreadable_sizesFromWhatWasReceived() {
        WorkerSizing.Estimate estimate = null;
        for (int i = 0; i < 30; i++) {
            estimate = second(LIMITS, 20, -1);
        }

        assertEquals(60, estimate.workers());
    }

    @Test
    void limits_minAboveMax_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerSizing.Limits(10, 5, TARGET, WINDOW, 0));
        assertThrows(IllegalArgumentException.class, () -> new WorkerSizing.Limits(0, 5, TARGET, WINDOW, 0));
        assertThrows(IllegalArgumentException.class, () -> new WorkerSizing.Limits(1, 5, Duration.ZERO, WINDOW, 0));
    }
}
