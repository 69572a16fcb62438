package io.flashorders.core.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flashorders.core.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An accepted order. Immutable: a change of status is a new value. Every price of its items is in its currency.
 *
 * @param currency the currency of every price; an order written without one (by a version that had no currencies,
 *                 still on the queue or in the store) was in {@link #UNSTATED_CURRENCY}, the only currency there was
 */
public record Order(String orderId, long customerId, OrderStatus status, Currency currency, List<OrderItem> items,
                    Instant createdAt) {

    public static final Currency UNSTATED_CURRENCY = Currency.getInstance("USD");

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        currency = currency == null ? UNSTATED_CURRENCY : currency;
        items = List.copyOf(items);
    }

    public Order withStatus(OrderStatus newStatus) {
        return new Order(orderId, customerId, newStatus, currency, items, createdAt);
    }

    /** What the order costs: the sum of its lines, the amount charged. */
    @JsonIgnore
    public Money total() {
        return OrderItem.total(items, currency);
    }
}
