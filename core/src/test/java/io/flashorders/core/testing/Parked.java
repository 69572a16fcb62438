package io.flashorders.core.testing;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Waits until another thread blocks, so that a test acts only once that thread waits where the test expects it to
 * (each caller says where that is: the one place the thread can park at that point). A wait for a condition, not a
 * guess at how long the other thread needs.
 */
public final class Parked {

    /** Long enough for a thread on a busy two-core machine to get there; reaching it fails the test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Parked() {
    }

    /** Waits until the thread waits without a time limit or with one (a lock, condition, latch or sleep). */
    public static void await(Thread thread) {
        await(thread, EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING));
    }

    /** Waits until the thread waits with a time limit: a timed lock or condition, or a sleep. */
    public static void awaitTimed(Thread thread) {
        await(thread, EnumSet.of(Thread.State.TIMED_WAITING));
    }

    private static void await(Thread thread, Set<Thread.State> states) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Thread.State state;
        while (!states.contains(state = thread.getState())) {
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " ended instead of waiting");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " still not waiting after " + TIMEOUT.toSeconds()
                        + " s, but " + state);
            }
            Thread.yield();
        }
    }
}
