package io.flashorders.core.order;

import io.flashorders.core.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/** One line of an order: what, how many, at what unit price (in the order's currency). */
public record OrderItem(String productId, int quantity, BigDecimal price) {

    public OrderItem {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(price, "price");
    }

    /** Price times quantity. */
    public Money lineTotal(Currency currency) {
        return Money.of(price, currency).times(quantity);
    }

    static Money total(List<OrderItem> items, Currency currency) {
        Money total = Money.zero(currency);
        for (OrderItem item : items) {
            total = total.plus(item.lineTotal(currency));
        }
        return total;
    }
}
