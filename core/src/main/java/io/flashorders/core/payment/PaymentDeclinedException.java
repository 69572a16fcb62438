package io.flashorders.core.payment;

import java.util.Objects;

/**
 * The provider declined the charge for good (a card declined, insufficient funds): nothing was charged, and trying
 * again under the same idempotency key gets the same answer. Unlike {@link PaymentFailedException}, not worth a retry:
 * the order fails.
 */
public final class PaymentDeclinedException extends Exception {

    public static final String CARD_DECLINED = "card_declined";

    private final String code;

    public PaymentDeclinedException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The provider's reason, e.g. {@code card_declined}; the order's failure reason. */
    public String code() {
        return code;
    }
}
