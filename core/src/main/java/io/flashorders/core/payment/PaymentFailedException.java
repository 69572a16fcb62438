package io.flashorders.core.payment;

/**
 * The provider did not charge: it refused the call before charging, or could not be reached. Trying again under the
 * same idempotency key is safe. When the call may have reached the provider and its answer was lost, the subclass
 * {@link PaymentOutcomeUnknownException} says so: then something may have been charged.
 */
public class PaymentFailedException extends Exception {

    public PaymentFailedException(String message) {
        super(message);
    }

    public PaymentFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
