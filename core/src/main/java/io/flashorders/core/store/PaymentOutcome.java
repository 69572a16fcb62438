package io.flashorders.core.store;

import io.flashorders.core.payment.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the payment of an order came to, as the order's record keeps it.
 *
 * @param alreadyPaid the payment provider answered from its ledger: the order had been charged before (a redelivered
 *                    message after a processor died between paying and recording), and was not charged again
 */
public record PaymentOutcome(BigDecimal amount, Instant paidAt, boolean alreadyPaid) {

    public PaymentOutcome {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
    }

    public static PaymentOutcome of(Payment payment) {
        return new PaymentOutcome(payment.charge().amount(), payment.charge().createdAt(), payment.alreadyPaid());
    }
}
