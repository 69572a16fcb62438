package io.flashorders.core.order;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order: what, how many, at what unit price. */
public record OrderItem(String productId, int quantity, BigDecimal price) {

    public OrderItem {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(price, "price");
    }
}
