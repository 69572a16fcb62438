package io.flashorders.core.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flashorders.core.money.Money;
import io.flashorders.core.payment.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * What the payment of an order came to, as the order's record keeps it.
 *
 * @param alreadyPaid the payment provider answered from its ledger: the order had been charged before (a redelivered
 *                    message after a processor died between paying and recording), and was not charged again
 */
public record PaymentOutcome(BigDecimal amount, Currency currency, Instant paidAt, boolean alreadyPaid) {

    public PaymentOutcome {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(paidAt, "paidAt");
        amount = Money.of(amount, currency).amount(); // DynamoDB drops trailing zeros: 59.70 is read back as 59.7
    }

    public PaymentOutcome(Money amount, Instant paidAt, boolean alreadyPaid) {
        this(amount.amount(), amount.currency(), paidAt, alreadyPaid);
    }

    public static PaymentOutcome of(Payment payment) {
        return new PaymentOutcome(payment.charge().money(), payment.charge().createdAt(), payment.alreadyPaid());
    }

    @JsonIgnore
    public Money money() {
        return Money.of(amount, currency);
    }
}
