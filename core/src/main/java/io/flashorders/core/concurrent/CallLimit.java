package io.flashorders.core.concurrent;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on the calls to a dependency in flight at once, with two kinds of call. A call that starts new work
 * ({@link #tryEnter}) is let in only while fewer than {@link #limit()} calls are in flight, after the callers already
 * waiting (first come, first served), and gives up after {@link #maxWait()}. A call that finishes work already begun
 * ({@link #enter}) is never held back, but counts: new work yields to it. So a pool of callers larger than the
 * dependency can serve waits here, in line, instead of piling calls onto the dependency until they time out there and
 * are retried.
 */
public final class CallLimit {

    private final int limit;
    private final Duration maxWait;
    /** Fair: waiters are served in the order they came, and a newcomer queues behind them. */
    private final Places places;

    /**
     * @param limit   calls in flight beyond which new work waits; at least 1
     * @param maxWait how long new work waits for a place before {@link #tryEnter} gives up
     */
    public CallLimit(int limit, Duration maxWait) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.places = new Places(limit);
    }

    /** No bound: every call goes in at once. */
    public static CallLimit unbounded() {
        return new CallLimit(Integer.MAX_VALUE / 2, Duration.ZERO);
    }

    /**
     * Enters a call that starts new work, waiting in line up to {@link #maxWait()}; {@link #exit} when it ends.
     *
     * @return false when no place came free in time: the call must not be made
     * @throws InterruptedException while waiting; the call must not be made
     */
    public boolean tryEnter() throws InterruptedException {
        return places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Enters a call that finishes work already begun: never waits, but counts against the limit. */
    public void enter() {
        places.take();
    }

    /** Ends a call entered by {@link #tryEnter} or {@link #enter}. */
    public void exit() {
        places.release();
    }

    public int limit() {
        return limit;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** Calls in flight now; above {@link #limit()} only through {@link #enter}. */
    public int inFlight() {
        return limit - places.availablePermits();
    }

    /** Callers of {@link #tryEnter} waiting for a place now (an estimate, as the JDK's queue length is). */
    public int waiting() {
        return places.getQueueLength();
    }

    private static final class Places extends Semaphore {

        Places(int permits) {
            super(permits, true);
        }

        /** Takes a place even when none is free: the free count goes below zero until enough calls end. */
        void take() {
            reducePermits(1);
        }
    }
}
