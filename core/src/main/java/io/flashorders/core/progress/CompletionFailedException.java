package io.flashorders.core.progress;

import io.flashorders.core.store.StoreException;

/**
 * An order was paid, but the store refused its completion on every attempt. The charge stands at the provider; the
 * order stays claimed, and the reconciler completes it from the provider's ledger once its claim has run out and the
 * store accepts writes again.
 */
public final class CompletionFailedException extends RuntimeException {

    public CompletionFailedException(String orderId, int attempts, StoreException last) {
        super("order " + orderId + " was paid but the store refused its completion " + attempts + " times: " + last.getMessage(), last);
    }
}
