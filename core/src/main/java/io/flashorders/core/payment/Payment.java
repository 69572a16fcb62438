package io.flashorders.core.payment;

import io.flashorders.core.order.Order;

/**
 * The outcome of paying for an order: the order, now completed, its charge, and whether this call charged it or
 * found it already charged under the same idempotency key (a redelivered message, a retried event).
 */
public record Payment(Order order, Charge charge, boolean alreadyPaid) {
}
