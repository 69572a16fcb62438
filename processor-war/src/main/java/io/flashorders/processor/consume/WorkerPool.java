package io.flashorders.processor.consume;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of workers on a managed executor. A worker is claimed before a message is taken off
 * the queue, so no message ever waits in the process for a worker: the backlog stays in the queue.
 */
final class WorkerPool {

    private final int size;
    private final Semaphore free;
    private final Executor executor;
    private final AtomicInteger working = new AtomicInteger();

    WorkerPool(int size, Executor executor) {
        if (size < 1) {
            throw new IllegalArgumentException("processor.workers must be at least 1, was " + size);
        }
        this.size = size;
        this.free = new Semaphore(size);
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
                try {
                    work.run();
                } finally {
                    working.decrementAndGet();
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            free.release();
            throw e;
        }
    }

    /** Waits until every worker is idle, at most {@code timeoutMillis}; true if they all are. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        if (free.tryAcquire(size, timeoutMillis, TimeUnit.MILLISECONDS)) {
            free.release(size);
            return true;
        }
        return false;
    }

    int size() {
        return size;
    }

    /** Workers running a payment now; a worker claimed by a receiver still waiting for a message is not counted. */
    int busy() {
        return working.get();
    }
}
