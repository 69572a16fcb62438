package io.flashorders.core.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flashorders.core.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/**
 * One charge in the provider's ledger: its id, the idempotency key it was made under, which order, how much in which
 * currency, when.
 */
public record Charge(String chargeId, String idempotencyKey, String orderId, BigDecimal amount, Currency currency,
                     Instant createdAt) {

    public Charge(String chargeId, String idempotencyKey, String orderId, Money amount, Instant createdAt) {
        this(chargeId, idempotencyKey, orderId, amount.amount(), amount.currency(), createdAt);
    }

    @JsonIgnore
    public Money money() {
        return Money.of(amount, currency);
    }
}
