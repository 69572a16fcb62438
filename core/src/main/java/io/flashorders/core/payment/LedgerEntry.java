package io.flashorders.core.payment;

import java.math.BigDecimal;
import java.time.Instant;

/** One payment in the ledger: under which idempotency key (the order id), how much, when. */
public record LedgerEntry(String idempotencyKey, BigDecimal amount, Instant paidAt) {
}
