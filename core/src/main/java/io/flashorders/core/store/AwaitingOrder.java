package io.flashorders.core.store;

import java.time.Instant;

/** An order recorded as pending that no one has confirmed as queued since {@code since}. */
public record AwaitingOrder(String orderId, Instant since) {
}
