package io.flashorders.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.testing.Parked;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallLimitTest {

    /** Longer than any test waits for a place that does come free. */
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void tryEnter_belowTheLimit_admittedAtOnce() throws InterruptedException {
        CallLimit limit = new CallLimit(2, Duration.ZERO);

        assertTrue(limit.tryEnter());
        assertTrue(limit.tryEnter());

        assertEquals(2, limit.inFlight());
    }

    @Test
    void tryEnter_atTheLimitAndNoneEnds_refusedAfterTheWait() throws InterruptedException {
        CallLimit limit = new CallLimit(1, Duration.ofMillis(50));
        assertTrue(limit.tryEnter());

        assertFalse(limit.tryEnter());

        assertEquals(1, limit.inFlight());
        assertEquals(0, limit.waiting());
    }

    @Test
    void tryEnter_atTheLimit_waitsUntilACallEnds() throws Exception {
        CallLimit limit = new CallLimit(1, LONG);
        assertTrue(limit.tryEnter());
        AtomicBoolean admitted = new AtomicBoolean();
        Thread waiter = new Thread(() -> admitted.set(enter(limit)), "waiter");
        waiter.start();
        Parked.awaitTimed(waiter);
        assertEquals(1, limit.waiting());

        limit.exit();
        waiter.join();

        assertTrue(admitted.get());
        assertEquals(1, limit.inFlight());
    }

    @Test
    void tryEnter_severalWaiting_admittedInTheOrderTheyCame() throws Exception {
        CallLimit limit = new CallLimit(1, LONG);
        assertTrue(limit.tryEnter());
        List<String> order = new CopyOnWriteArrayList<>();
        Thread first = new Thread(() -> {
            enter(limit);
            order.add("first");
            limit.exit();
        }, "first");
        Thread second = new Thread(() -> {
            enter(limit);
            order.add("second");
            limit.exit();
        }, "second");
        first.start();
        Parked.awaitTimed(first);
        second.start();
        Parked.awaitTimed(second);

        limit.exit();
        first.join();
        second.join();

        assertEquals(List.of("first", "second"), order);
        assertEquals(0, limit.inFlight());
    }

    @Test
    void enter_atTheLimit_neverWaitsButCounts() throws InterruptedException {
        CallLimit limit = new CallLimit(1, Duration.ofMillis(50));
        assertTrue(limit.tryEnter());

        limit.enter();

        assertEquals(2, limit.inFlight());
        limit.exit();
        assertFalse(limit.tryEnter(), "a finishing call in flight fills the place a new call would take");
        limit.exit();
        assertTrue(limit.tryEnter());
    }

    @Test
    void tryEnter_interruptedWhileWaiting_notAdmittedAndThePlaceGoesToTheNext() throws Exception {
        CallLimit limit = new CallLimit(1, LONG);
        assertTrue(limit.tryEnter());
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread leaving = new Thread(() -> {
            try {
                limit.tryEnter();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, "leaving");
        leaving.start();
        Parked.awaitTimed(leaving);
        AtomicBoolean admitted = new AtomicBoolean();
        Thread next = new Thread(() -> admitted.set(enter(limit)), "next");
        next.start();
        Parked.awaitTimed(next);

        leaving.interrupt();
        leaving.join();
        limit.exit();
        next.join();

        assertTrue(interrupted.get());
        assertTrue(admitted.get());
        assertEquals(1, limit.inFlight());
    }

    @Test
    void constructor_limitBelowOne_refused() {
        assertThrows(IllegalArgumentException.class, () -> new CallLimit(0, LONG));
    }

    private static boolean enter(CallLimit limit) {
        try {
            return limit.tryEnter();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
