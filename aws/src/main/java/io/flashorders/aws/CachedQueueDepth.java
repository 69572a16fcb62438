package io.flashorders.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The queue's depth, read at most once per {@code maxAge} however many callers ask.
 *
 * <ul>
 * <li>{@link #current()} never waits, for a request accepting an order: it answers the last reading while it is at
 *     most {@code maxAge} old, and else {@link QueueDepth#UNKNOWN} while it refreshes the reading in the background.
 *     So a depth it gives is never older than {@code maxAge}.</li>
 * <li>{@link #fresh()} reads the queue itself when the last reading is stale, for a status query.</li>
 * </ul>
 * {@link QueueDepth#UNKNOWN} too while the queue cannot be read, and {@link #problem()} says why.
 */
public final class CachedQueueDepth {

    private static final Logger LOG = Logger.getLogger(CachedQueueDepth.class.getName());

    private final Supplier<QueueDepth> reader;
    private final Executor executor;
    private final long maxAgeNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile QueueDepth last = QueueDepth.UNKNOWN;
    private volatile Optional<String> problem = Optional.of("not read yet");
    private volatile long readAt = System.nanoTime() - Long.MAX_VALUE / 2;

    /** @param reader reads the depth (e.g. {@link QueueDepth#read}); may throw {@link SdkException} */
    public CachedQueueDepth(Supplier<QueueDepth> reader, Executor executor, Duration maxAge) {
        this.reader = reader;
        this.executor = executor;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The latest reading if it is at most {@code maxAge} old, without waiting; else UNKNOWN. */
    public QueueDepth current() {
        QueueDepth reading = last;
        if (System.nanoTime() - readAt <= maxAgeNanos) {
            return reading;
        }
        if (refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(this::refreshInBackground);
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return QueueDepth.UNKNOWN;
    }

    /** A reading at most {@code maxAge} old, read now if need be. */
    public synchronized QueueDepth fresh() {
        if (System.nanoTime() - readAt > maxAgeNanos) {
            read();
        }
        return last;
    }

    /** Why the last reading is {@link QueueDepth#UNKNOWN}; empty when it is known. */
    public Optional<String> problem() {
        return problem;
    }

    private void refreshInBackground() {
        try {
            synchronized (this) {
                read();
            }
        } finally {
            refreshing.set(false);
        }
    }

    private void read() {
        try {
            last = reader.get();
            problem = Optional.empty();
        } catch (SdkException | IllegalStateException e) {
            last = QueueDepth.UNKNOWN;
            problem = Optional.of(String.valueOf(e.getMessage()));
            LOG.log(Level.FINE, "queue depth not readable", e);
        } finally {
            readAt = System.nanoTime();
        }
    }
}
