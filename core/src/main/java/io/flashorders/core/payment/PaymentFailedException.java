package io.flashorders.core.payment;

/**
 * The provider did not charge, or its answer was lost on the way. Either way trying again under the same idempotency
 * key is safe: a charge that did go through is replayed, not repeated.
 */
public final class PaymentFailedException extends Exception {

    public PaymentFailedException(String message) {
        super(message);
    }

    public PaymentFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
