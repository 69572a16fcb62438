package io.flashorders.core.order;

import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** What a customer submits: validated, but not yet an order (no id, no status, no time). */
public record NewOrder(long customerId, Currency currency, List<OrderItem> items) {

    public NewOrder {
        Objects.requireNonNull(currency, "currency");
        items = List.copyOf(items);
    }

    /** Accepts the submission as a pending order with a server-generated id. */
    public Order accept(Clock clock) {
        return new Order(UUID.randomUUID().toString(), customerId, OrderStatus.PENDING, currency, items, clock.instant());
    }
}
