package io.flashorders.core.payment;

/**
 * The charge may have gone through: the call timed out, its answer was lost, or it was interrupted after it was
 * sent. Retrying under the same idempotency key is safe (the provider replays a charge it made), but the order must
 * not be given up as unpaid: only the provider's ledger ({@link PaymentProvider#lookup}) tells what happened.
 */
public final class PaymentOutcomeUnknownException extends PaymentFailedException {

    public PaymentOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
