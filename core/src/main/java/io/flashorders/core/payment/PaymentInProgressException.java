package io.flashorders.core.payment;

/** A payment under the same idempotency key is running right now; nothing was charged. Try again later. */
public final class PaymentInProgressException extends Exception {

    public PaymentInProgressException(String idempotencyKey) {
        super("a payment under idempotency key " + idempotencyKey + " is already running");
    }
}
