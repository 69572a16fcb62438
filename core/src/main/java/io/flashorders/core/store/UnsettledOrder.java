package io.flashorders.core.store;

import java.time.Instant;

/** An order held for payment whose holder's time ran out at {@code settleAt}: the reconciler settles it. */
public record UnsettledOrder(String orderId, Instant settleAt) {
}
