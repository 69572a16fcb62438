package io.flashorders.core.payment;

import java.math.BigDecimal;
import java.time.Instant;

/** One charge in the provider's ledger: its id, the idempotency key it was made under, which order, how much, when. */
public record Charge(String chargeId, String idempotencyKey, String orderId, BigDecimal amount, Instant createdAt) {
}
