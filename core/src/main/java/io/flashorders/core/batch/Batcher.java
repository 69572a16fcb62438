package io.flashorders.core.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Combines concurrent callers' entries into one call of up to {@code maxEntries}, and answers each caller only with
 * its own entry's outcome in that call.
 *
 * <p>The first caller to arrive opens a batch and waits at most {@code linger} for others to join; the caller that
 * fills the batch, or the first caller once the linger has passed, makes the call on its own thread. No thread of
 * its own is needed, so it runs the same in a container, a test or a Lambda. A caller returns only after the call
 * that carried its entry has answered: it is never told its entry went through before it did.
 *
 * @param <T> what one caller hands in
 */
public final class Batcher<T> implements AutoCloseable {

    /** Makes one call for several entries. */
    @FunctionalInterface
    public interface Call<T> {

        /**
         * @param entries in the order their callers joined; at least one, at most {@code maxEntries}
         * @return the entries that failed, by their index in {@code entries}, with the reason; an index missing from
         *         the answer went through. Throwing fails every entry.
         */
        Map<Integer, ? extends Exception> send(List<T> entries) throws Exception;
    }

    /** The caller's entry did not go through; the cause says why (its own failure, or the whole call's). */
    public static final class EntryFailedException extends Exception {

        public EntryFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Call<T> call;
    private final int maxEntries;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchClosed = lock.newCondition();
    private Batch<T> open;
    private boolean closed;

    /**
     * @param maxEntries the most entries in one call, at least 1 (1 sends each entry alone, at once)
     * @param linger     the longest the first entry of a batch waits for others
     */
    public Batcher(Call<T> call, int maxEntries, Duration linger) {
        this.call = Objects.requireNonNull(call, "call");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a batch holds at least one entry, not " + maxEntries);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("the linger must not be negative");
        }
        this.maxEntries = maxEntries;
        this.lingerNanos = linger.toNanos();
    }

    /**
     * Sends the entry in a batch with whatever else arrives within the linger, and returns once it went through.
     *
     * @throws EntryFailedException when this entry failed, or the whole call did, or the batcher is closed
     */
    public void submit(T entry) throws EntryFailedException {
        Batch<T> batch;
        int index;
        boolean sendHere;
        // A caller interrupted already would have the SDK refuse the call that carries the other callers' entries too:
        // its interrupt is put off until the end, like one that arrives while it waits.
        boolean interrupted = Thread.interrupted();
        lock.lock();
        try {
            if (closed) {
                throw new EntryFailedException("the batcher is closed", null);
            }
            boolean first = open == null;
            if (first) {
                open = new Batch<>(System.nanoTime() + lingerNanos);
            }
            batch = open;
            index = batch.entries.size();
            batch.entries.add(entry);
            if (batch.entries.size() < maxEntries && first) {
                // Wait until the batch is full (its last caller sends it), the linger has passed or the batcher
                // closes.
                long left = batch.deadline - System.nanoTime();
                while (open == batch && left > 0 && !closed) {
                    try {
                        left = batchClosed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        left = batch.deadline - System.nanoTime();
                    }
                }
            }
            sendHere = open == batch && (first || batch.entries.size() >= maxEntries);
            if (sendHere) {
                open = null;
                batchClosed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (sendHere) {
            batch.send(call);
        }
        interrupted |= batch.awaitSent();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Exception failure = batch.failureOf(index);
        if (failure != null) {
            throw new EntryFailedException(failure.getMessage(), failure);
        }
    }

    /** New entries are refused from now on; a batch still lingering is sent at once. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            batchClosed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The entries of one call, and once it answered, each one's outcome. */
    private static final class Batch<T> {

        final long deadline;
        final List<T> entries = new ArrayList<>();
        private final CountDownLatch sent = new CountDownLatch(1);
        private Map<Integer, ? extends Exception> failures = Map.of();
        private Exception callFailure;

        Batch(long deadline) {
            this.deadline = deadline;
        }

        /** Only once the batch is closed: no entry is added any more. */
        void send(Call<T> call) {
            try {
                Map<Integer, ? extends Exception> answer = call.send(List.copyOf(entries));
                failures = answer == null ? Map.of() : answer;
            } catch (Exception e) {
                callFailure = e;
            } catch (Error e) {
                callFailure = new IllegalStateException("the batch call failed", e);
                throw e;
            } finally {
                sent.countDown();
            }
        }

        /**
         * Uninterruptibly: the call is bounded by its own timeout, and its outcome decides the caller's answer.
         *
         * @return whether the caller was interrupted meanwhile
         */
        boolean awaitSent() {
            boolean interrupted = false;
            while (true) {
                try {
                    sent.await();
                    return interrupted;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }

        /** After {@link #awaitSent}: the latch publishes the fields written before it counted down. */
        Exception failureOf(int index) {
            return callFailure != null ? callFailure : failures.get(index);
        }
    }
}
