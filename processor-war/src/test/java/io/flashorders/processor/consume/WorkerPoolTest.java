package io.flashorders.processor.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void claim_allWorkersClaimed_refusesUntilOneIsGivenBack() throws Exception {
        WorkerPool pool = new WorkerPool(2, executor);

        assertTrue(pool.claim(10));
        assertTrue(pool.claim(10));
        assertFalse(pool.claim(10), "a third claim on a pool of two");
        pool.unclaim();
        assertTrue(pool.claim(10));
    }

    @Test
    void busy_workerClaimedButIdle_isNotCounted() throws Exception {
        WorkerPool pool = new WorkerPool(3, executor);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);

        pool.claim(10);
        pool.claim(10);
        pool.run(() -> {
            started.countDown();
            await(release);
        });
        started.await(5, TimeUnit.SECONDS);

        assertEquals(1, pool.busy(), "one running payment; the other claim is a receiver waiting for a message");
        release.countDown();
    }

    @Test
    void run_workFails_givesTheWorkerBack() throws Exception {
        WorkerPool pool = new WorkerPool(1, executor);

        pool.claim(10);
        pool.run(() -> {
            throw new IllegalStateException("payment blew up");
        });

        assertTrue(pool.claim(5_000), "the worker came back after its work failed");
    }

    @Test
    void run_executorRejects_givesTheWorkerBackAndRethrows() throws Exception {
        WorkerPool pool = new WorkerPool(1, command -> {
            throw new RejectedExecutionException("executor shut down");
        });

        pool.claim(10);

        assertThrows(RejectedExecutionException.class, () -> pool.run(() -> { }));
        assertTrue(pool.claim(10));
    }

    @Test
    void awaitIdle_paymentStillRunning_waitsForItOrTimesOut() throws Exception {
        WorkerPool pool = new WorkerPool(2, executor);
        CountDownLatch release = new CountDownLatch(1);
        pool.claim(10);
        pool.run(() -> await(release));

        assertFalse(pool.awaitIdle(50), "idle while a payment runs");
        release.countDown();
        assertTrue(pool.awaitIdle(5_000));
        assertTrue(pool.claim(10) && pool.claim(10), "every worker free again after awaitIdle");
    }

    @Test
    void constructor_noWorkers_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0, executor));
    }

    @Test
    void resize_grown_letsTheNewWorkersBeClaimedAtOnce() throws Exception {
        WorkerPool pool = new WorkerPool(2, executor);
        assertEquals(2, claimFree(pool));

        pool.resize(5);

        assertEquals(3, claimFree(pool));
        assertEquals(5, pool.size());
    }

    @Test
    void resize_shrunkWhilePaymentsRun_letsThemFinishAndHandsOutNoneUntilBelowTheNewSize() throws Exception {
        WorkerPool pool = new WorkerPool(4, executor);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        assertEquals(4, claimFree(pool));
        for (int i = 0; i < 4; i++) {
            pool.run(() -> {
                started.countDown();
                await(release);
            });
        }
        started.await(5, TimeUnit.SECONDS);

        pool.resize(1);

        assertEquals(4, pool.busy(), "the running payments are not cut short");
        assertFalse(pool.claim(10), "no worker handed out while more than the new size are busy");
        release.countDown();
        assertTrue(pool.awaitIdle(5_000));
        assertEquals(1, claimFree(pool), "afterwards, only the new size");
    }

    @Test
    void run_counts_startedFinishedAndTheTimeTheWorkTook() throws Exception {
        WorkerPool pool = new WorkerPool(1, executor);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong workNanos = new AtomicLong();
        pool.claim(10);
        pool.run(() -> {
            long start = System.nanoTime();
            started.countDown();
            await(release);
            workNanos.set(System.nanoTime() - start);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(1, pool.started());
        assertEquals(0, pool.finished(), "still running");

        release.countDown();
        assertTrue(pool.awaitIdle(5_000));
        assertEquals(1, pool.finished());
        assertTrue(pool.busyNanos() >= workNanos.get() && workNanos.get() > 0,
                "worker time " + pool.busyNanos() + " ns, the work itself took " + workNanos.get() + " ns");
    }

    @Test
    void resize_toZero_isRejectedAndChangesNothing() {
        WorkerPool pool = new WorkerPool(3, executor);

        assertThrows(IllegalArgumentException.class, () -> pool.resize(0));
        assertEquals(3, pool.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Claims every worker free now (waiting 10 ms for the first), and says how many that was. */
    private static int claimFree(WorkerPool pool) throws InterruptedException {
        int claimed = 0;
        while (pool.claim(claimed == 0 ? 10 : 0)) {
            claimed++;
        }
        return claimed;
    }
}
