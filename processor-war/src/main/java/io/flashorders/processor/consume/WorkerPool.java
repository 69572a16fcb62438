package io.flashorders.processor.consume;

import io.flashorders.core.concurrent.ResizablePermits;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A number of workers on an executor. A worker is claimed before a message is taken off the queue, so no message
 * ever waits in the process for a worker: the backlog stays in the queue. The number can change while payments run
 * ({@link #resize}): a larger pool can be claimed at once; a smaller one lets the running payments finish and hands
 * out no worker until fewer than the new size are taken.
 */
final class WorkerPool {

    private final ResizablePermits free;
    private final Executor executor;
    private final AtomicInteger working = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder busyNanos = new LongAdder();

    /** @param executor runs at least as many tasks at once as the pool can grow to (processor.xml sizes it with processor.workers) */
    WorkerPool(int size, Executor executor) {
        requireValid(size);
        this.free = new ResizablePermits(size, false);
        this.executor = executor;
    }

    /** Waits up to {@code timeoutMillis} for a worker; true if one is now claimed by the caller. */
    boolean claim(long timeoutMillis) throws InterruptedException {
        return free.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Gives back a claimed worker that was not used. */
    void unclaim() {
        free.release();
    }

    /** Runs the work on the claimed worker, which is given back when the work ends, however it ends. */
    void run(Runnable work) {
        try {
            executor.execute(() -> {
                working.incrementAndGet();
                started.increment();
                long start = System.nanoTime();
                try {
                    work.run();
                } finally {
                    busyNanos.add(System.nanoTime() - start);
                    finished.increment();
                    working.decrementAndGet();
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            free.release();
            throw e;
        }
    }

    /** Changes the number of workers; payments running now are not disturbed. */
    void resize(int newSize) {
        requireValid(newSize);
        free.resize(newSize);
    }

    /** Waits until every worker is idle, at most {@code timeoutMillis}; true if they all are. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        return free.tryAcquireAll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return free.size();
    }

    /** Workers claimed now: running a payment, or held by a receiver waiting for a message. */
    int claimed() {
        return free.held();
    }

    /** Workers running a payment now; a worker claimed by a receiver still waiting for a message is not counted. */
    int busy() {
        return working.get();
    }

    /** Work handed to the workers since the pool began (messages received). */
    long started() {
        return started.sum();
    }

    /** Work finished since the pool began, and the worker time it took in all. */
    long finished() {
        return finished.sum();
    }

    long busyNanos() {
        return busyNanos.sum();
    }

    /** The pool's own invariant; a configured size is checked where it is read ({@code ProcessorSettings}). */
    private static void requireValid(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool has at least one worker, not " + size);
        }
    }
}
