package io.flashorders.core.publish;

import io.flashorders.core.batch.Batcher;
import java.time.Duration;

/**
 * Queues concurrent publishes together: each {@link #publish} joins the orders published within the linger in one
 * {@link BatchPublisher#publishAll} call, and returns only once its own order is queued, or throws the
 * {@link PublishException} that a lone publish of it would have thrown.
 */
public final class BatchedOrderPublisher implements OrderPublisher, AutoCloseable {

    private final BatchPublisher target;
    private final Batcher<BatchPublisher.Message> batcher;

    /**
     * @param maxBatch at most {@link BatchPublisher#MAX_BATCH}
     * @param linger   how long the first order of a batch waits for others
     */
    public BatchedOrderPublisher(BatchPublisher target, int maxBatch, Duration linger) {
        if (maxBatch < 1 || maxBatch > BatchPublisher.MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + BatchPublisher.MAX_BATCH + " orders, not " + maxBatch);
        }
        this.target = target;
        this.batcher = new Batcher<>(target::publishAll, maxBatch, linger);
    }

    @Override
    public void publish(String orderId, String orderJson) throws PublishException {
        try {
            batcher.submit(new BatchPublisher.Message(orderId, orderJson));
        } catch (Batcher.EntryFailedException e) {
            // Each caller gets an exception of its own, with the cause a lone publish would have had.
            Throwable why = e.getCause() == null ? e : e.getCause();
            Throwable cause = why instanceof PublishException refused && refused.getCause() != null ? refused.getCause() : why;
            throw new PublishException("could not queue order " + orderId + " on " + target.destination() + ": " + why.getMessage(), cause);
        }
    }

    @Override
    public boolean reachable() {
        return target.reachable();
    }

    @Override
    public String destination() {
        return target.destination();
    }

    /** Sends what is lingering at once; publishes after this fail. */
    @Override
    public void close() {
        batcher.close();
    }
}
