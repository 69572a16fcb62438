package io.flashorders.core.order;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An accepted order. Immutable: a change of status is a new value. */
public record Order(String orderId, long customerId, OrderStatus status, List<OrderItem> items, Instant createdAt) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        items = List.copyOf(items);
    }

    public Order withStatus(OrderStatus newStatus) {
        return new Order(orderId, customerId, newStatus, items, createdAt);
    }
}
