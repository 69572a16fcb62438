package io.flashorders.core.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What one deployment takes orders in and how large an order may be. Every maximum is checked before an order is
 * recorded, queued or charged, so that no amount reaches the payment provider or the order store that either cannot
 * take. The default maxima are what a card provider accepts in one charge (999,999.99 USD); the amounts are in the
 * deployment's currency, so a deployment that changes the currency sets its maxima too.
 *
 * @param currency      every order's currency (default USD); an order that names another is refused
 * @param maxUnitPrice  the highest price of one unit (default 999,999.99)
 * @param maxQuantity   the most units of one line (default 10,000)
 * @param maxLineTotal  the highest price x quantity of one line (default 999,999.99)
 * @param maxOrderTotal the highest sum of an order's lines, the amount charged (default 999,999.99)
 */
public record OrderLimits(Currency currency, BigDecimal maxUnitPrice, long maxQuantity, BigDecimal maxLineTotal,
                          BigDecimal maxOrderTotal) {

    public static final Currency DEFAULT_CURRENCY = Currency.getInstance("USD");
    public static final BigDecimal CARD_CHARGE_MAX = new BigDecimal("999999.99");
    public static final long DEFAULT_MAX_QUANTITY = 10_000;
    /** Fixed bounds, the same for every deployment. */
    public static final int MAX_ITEMS = 100;
    public static final int MAX_PRODUCT_ID_LENGTH = 64;

    public OrderLimits {
        Objects.requireNonNull(currency, "currency");
        Money.fractionDigits(currency);
        positive("maxUnitPrice", maxUnitPrice);
        positive("maxLineTotal", maxLineTotal);
        positive("maxOrderTotal", maxOrderTotal);
        if (maxQuantity <= 0) {
            throw new IllegalArgumentException("maxQuantity must be greater than 0: " + maxQuantity);
        }
    }

    public static OrderLimits defaults() {
        return new OrderLimits(DEFAULT_CURRENCY, CARD_CHARGE_MAX, DEFAULT_MAX_QUANTITY, CARD_CHARGE_MAX, CARD_CHARGE_MAX);
    }

    public OrderLimits withCurrency(Currency other) {
        return new OrderLimits(other, maxUnitPrice, maxQuantity, maxLineTotal, maxOrderTotal);
    }

    private static void positive(String name, BigDecimal value) {
        if (Objects.requireNonNull(value, name).signum() <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0: " + value);
        }
    }
}
