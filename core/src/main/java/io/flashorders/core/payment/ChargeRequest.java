package io.flashorders.core.payment;

import io.flashorders.core.money.Money;
import java.util.Objects;

/**
 * What is sent to the payment provider. The idempotency key makes a repeat of the same request safe: the provider
 * answers it with the charge it already made instead of charging again.
 */
public record ChargeRequest(String idempotencyKey, String orderId, Money amount) {

    public ChargeRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(amount, "amount");
        if (idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("the idempotency key must not be blank");
        }
    }

    /** Same order and same amount in the same currency: what a provider compares before it replays an earlier answer for a key. */
    boolean sameAs(Charge charge) {
        return sameAs(charge.orderId(), charge.money());
    }

    boolean sameAs(PaymentLedger.Decline decline) {
        return sameAs(decline.orderId(), decline.money());
    }

    private boolean sameAs(String otherOrderId, Money otherAmount) {
        return orderId.equals(otherOrderId) && amount.equals(otherAmount);
    }
}
