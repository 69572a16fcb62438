package io.flashorders.core.payment;

/** The provider's answer: the charge, and whether it was made now or replayed from an earlier request with the same key. */
public record ChargeResult(Charge charge, boolean replayed) {
}
