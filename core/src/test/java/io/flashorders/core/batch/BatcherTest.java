package io.flashorders.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.testing.Caller;
import io.flashorders.core.testing.Parked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatcherTest {

    /** Long enough that a test finishing early proves nobody waited it out. */
    private static final Duration FOREVER = Duration.ofMinutes(5);

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private Batcher.Call<String> recording(Map<String, Exception> failingEntries) {
        return entries -> {
            calls.add(entries);
            Map<Integer, Exception> failed = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                if (failingEntries.containsKey(entries.get(i))) {
                    failed.put(i, failingEntries.get(entries.get(i)));
                }
            }
            return failed;
        };
    }

    private List<Future<Object>> submitConcurrently(Batcher<String> batcher, List<String> entries) {
        List<Future<Object>> answers = new ArrayList<>();
        for (String entry : entries) {
            answers.add(callers.submit(() -> {
                batcher.submit(entry);
                return null;
            }));
        }
        return answers;
    }

    private static Throwable failureOf(Future<Object> answer) throws InterruptedException {
        try {
            answer.get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the caller is still waiting", e);
        }
    }

    @Test
    void submit_aloneWithinTheLinger_sentAloneOnceTheLingerHasPassed() throws Exception {
        Duration linger = Duration.ofMillis(300);
        Batcher<String> batcher = new Batcher<>(recording(Map.of()), 10, linger);

        long start = System.nanoTime();
        batcher.submit("a");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(List.of(List.of("a")), calls);
        assertTrue(tookMillis >= linger.toMillis() - 5, "waited for company for the linger, took " + tookMillis + " ms");
        // Generous: a shared machine may stall a thread, but not by many lingers.
        assertTrue(tookMillis < linger.toMillis() + 3_000, "not held beyond the linger, took " + tookMillis + " ms");
    }

    @Test
    void submit_zeroLinger_sentAtOnceAlone() throws Exception {
        Batcher<String> batcher = new Batcher<>(recording(Map.of()), 10, Duration.ZERO);

        batcher.submit("a");
        batcher.submit("b");

        assertEquals(List.of(List.of("a"), List.of("b")), calls);
    }

    @Test
    void submit_tenConcurrentCallers_oneCallForAll() throws Exception {
        Batcher<String> batcher = new Batcher<>(recording(Map.of()), 10, FOREVER);
        List<String> entries = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

        List<Future<Object>> answers = submitConcurrently(batcher, entries);

        for (Future<Object> answer : answers) {
            assertEquals(null, failureOf(answer));
        }
        assertEquals(1, calls.size(), "one call: " + calls);
        List<String> sent = new ArrayList<>(calls.get(0));
        Collections.sort(sent);
        assertEquals(entries, sent);
    }

    @Test
    void submit_moreCallersThanABatchHolds_everyEntrySentOnceInCallsOfAtMostTheMaximum() throws Exception {
        Batcher<String> batcher = new Batcher<>(recording(Map.of()), 10, Duration.ofMillis(50));
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            entries.add(Integer.toString(i));
        }

        for (Future<Object> answer : submitConcurrently(batcher, entries)) {
            assertEquals(null, failureOf(answer));
        }

        List<String> sent = new ArrayList<>();
        for (List<String> call : calls) {
            assertTrue(call.size() <= 10, "at most 10 in a call: " + call);
            sent.addAll(call);
        }
        Collections.sort(sent);
        List<String> expected = new ArrayList<>(entries);
        Collections.sort(expected);
        assertEquals(expected, sent);
        assertTrue(calls.size() >= 5, "45 entries need at least 5 calls: " + calls.size());
    }

    @Test
    void submit_oneEntryFailsInTheCall_onlyItsCallerFails() throws Exception {
        IllegalStateException refused = new IllegalStateException("entry b refused");
        Batcher<String> batcher = new Batcher<>(recording(Map.of("b", refused)), 3, FOREVER);

        List<Future<Object>> answers = submitConcurrently(batcher, List.of("a", "b", "c"));

        assertEquals(null, failureOf(answers.get(0)));
        Throwable bFailed = failureOf(answers.get(1));
        assertTrue(bFailed instanceof Batcher.EntryFailedException, "b's caller told: " + bFailed);
        assertSame(refused, bFailed.getCause());
        assertEquals(null, failureOf(answers.get(2)));
        assertEquals(1, calls.size());
    }

    @Test
    void submit_theCallFails_everyCallerInItFails() throws Exception {
        IllegalStateException down = new IllegalStateException("queue down");
        Batcher<String> batcher = new Batcher<>(entries -> {
            calls.add(entries);
            throw down;
        }, 3, FOREVER);

        List<Future<Object>> answers = submitConcurrently(batcher, List.of("a", "b", "c"));

        for (Future<Object> answer : answers) {
            Throwable failed = failureOf(answer);
            assertTrue(failed instanceof Batcher.EntryFailedException, "told: " + failed);
            assertSame(down, failed.getCause());
        }
        assertEquals(1, calls.size());
    }

    @Test
    void close_whileABatchLingers_sentAtOnceAndLaterEntriesRefused() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        Batcher<String> batcher = new Batcher<>(entries -> {
            calls.add(entries);
            called.countDown();
            return Map.of();
        }, 10, FOREVER);
        Caller<Object> lingering = Caller.start("lingering", () -> {
            batcher.submit("a");
            return null;
        });
        Parked.awaitTimed(lingering.thread()); // lingering for company: the only timed wait in submit
        assertFalse(lingering.answer().isDone(), "still lingering for company");

        batcher.close();

        assertEquals(null, failureOf(lingering.answer()));
        assertEquals(List.of(List.of("a")), calls);
        assertThrows(Batcher.EntryFailedException.class, () -> batcher.submit("b"));
        assertEquals(1, calls.size(), "nothing sent after closing");
    }

    @Test
    void submit_interruptedWhileLingering_theCallGoesOutOnAnUninterruptedThreadAndTheFlagComesBack() throws Exception {
        List<Boolean> interruptedDuringCall = new CopyOnWriteArrayList<>();
        Batcher<String> batcher = new Batcher<>(entries -> {
            interruptedDuringCall.add(Thread.currentThread().isInterrupted());
            return Map.of();
        }, 10, Duration.ofMillis(500));
        List<Boolean> interruptedAfter = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                batcher.submit("a");
            } catch (Batcher.EntryFailedException e) {
                throw new AssertionError(e);
            }
            interruptedAfter.add(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Parked.awaitTimed(caller); // lingering: the only timed wait in submit

        caller.interrupt();
        caller.join(10_000);

        assertEquals(List.of(false), interruptedDuringCall);
        assertEquals(List.of(true), interruptedAfter);
    }

    @Test
    void submit_callerInterruptedBeforeItCame_itsBatchGoesOutUninterruptedAndTheFlagComesBack() throws Exception {
        List<Boolean> interruptedDuringCall = new CopyOnWriteArrayList<>();
        Batcher<String> batcher = new Batcher<>(entries -> {
            interruptedDuringCall.add(Thread.currentThread().isInterrupted());
            return Map.of();
        }, 10, Duration.ZERO);

        Thread.currentThread().interrupt();
        try {
            batcher.submit("a");
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept for it");
        }

        assertEquals(List.of(false), interruptedDuringCall);
    }
}
