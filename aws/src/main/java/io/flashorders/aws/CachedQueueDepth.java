package io.flashorders.aws;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The queue's depth for callers that must not wait for it (a request accepting an order, a status query): the last
 * reading is answered at once, and a reading older than {@code maxAge} is refreshed in the background, one refresh at a
 * time. {@link QueueDepth#UNKNOWN} until the first reading arrives and while the queue cannot be read.
 */
public final class CachedQueueDepth {

    private static final Logger LOG = Logger.getLogger(CachedQueueDepth.class.getName());

    private final Supplier<QueueDepth> reader;
    private final Executor executor;
    private final long maxAgeNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile QueueDepth last = QueueDepth.UNKNOWN;
    private volatile long readAt = System.nanoTime() - Long.MAX_VALUE / 2;

    /** @param reader reads the depth (e.g. {@link QueueDepth#read}); may throw {@link SdkException} */
    public CachedQueueDepth(Supplier<QueueDepth> reader, Executor executor, Duration maxAge) {
        this.reader = reader;
        this.executor = executor;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The latest reading, at most about {@code maxAge} old while the queue answers. */
    public QueueDepth current() {
        if (System.nanoTime() - readAt > maxAgeNanos && refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(this::refresh);
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return last;
    }

    private void refresh() {
        try {
            last = reader.get();
        } catch (SdkException | IllegalStateException e) {
            last = QueueDepth.UNKNOWN;
            LOG.log(Level.FINE, "queue depth not readable", e);
        } finally {
            readAt = System.nanoTime();
            refreshing.set(false);
        }
    }
}
