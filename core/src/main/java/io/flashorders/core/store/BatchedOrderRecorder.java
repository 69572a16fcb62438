package io.flashorders.core.store;

import io.flashorders.core.batch.Batcher;
import java.time.Duration;

/**
 * Records concurrent new orders together: each {@link #create} joins the orders recorded within the linger in one
 * {@link OrderStore#createAll} call, and returns only once that call answered, with what a lone
 * {@link OrderStore#create} of its order would have answered: true, false (recorded already) or a
 * {@link StoreException}.
 */
public final class BatchedOrderRecorder implements OrderRecorder, AutoCloseable {

    private final Batcher<OrderRecord> batcher;

    /**
     * @param maxBatch 1 to {@link OrderStore#MAX_BATCH}; 1 records each order alone, at once
     * @param linger   how long the first order of a batch waits for others
     */
    public BatchedOrderRecorder(OrderStore store, int maxBatch, Duration linger) {
        if (maxBatch < 1 || maxBatch > OrderStore.MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + OrderStore.MAX_BATCH + " orders, not " + maxBatch);
        }
        this.batcher = new Batcher<>(store::createAll, maxBatch, linger);
    }

    @Override
    public boolean create(OrderRecord order) {
        try {
            batcher.submit(order);
            return true;
        } catch (Batcher.EntryFailedException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            if (why instanceof OrderStore.RecordedAlready) {
                return false;
            }
            // Each caller gets an exception of its own, with the cause a lone write would have had.
            Throwable cause = why instanceof StoreException failed && failed.getCause() != null ? failed.getCause() : why;
            throw new StoreException("could not record order " + order.orderId() + ": " + why.getMessage(), cause);
        }
    }

    /** Records what is lingering at once; records after this fail. */
    @Override
    public void close() {
        batcher.close();
    }
}
