package io.flashorders.core.store;

/** Records a new order where none with its id is recorded yet: the order store itself, or a batch of its writes. */
@FunctionalInterface
public interface OrderRecorder {

    /**
     * @return false when the order was recorded already; nothing was written
     * @throws StoreException when the store failed: the order may or may not be recorded
     */
    boolean create(OrderRecord order);
}
