package io.flashorders.core.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of a currency, held at the currency's scale ({@link Currency#getDefaultFractionDigits()}: 2 for USD and EUR,
 * 0 for JPY): 19.9 USD is held as 19.90, and an amount with more decimals than the currency has is refused, never
 * rounded. On the wire an amount travels as two fields side by side, {@code amount} and {@code currency}.
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = fractionDigits(currency);
        if (!fitsScale(amount, currency)) {
            throw new IllegalArgumentException(amount.toPlainString() + " has more than " + digits + " decimals, the most "
                    + currency.getCurrencyCode() + " has");
        }
        amount = amount.setScale(digits);
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * How many decimals the currency's amounts have.
     *
     * @throws IllegalArgumentException for a code without minor units (XXX, XAU): nothing to charge in
     */
    public static int fractionDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " is not a currency amounts can be charged in");
        }
        return digits;
    }

    /**
     * Whether the amount has no more decimals than the currency (trailing zeros aside: 19.900 is 19.90). Cheap for any
     * amount, even 1e-999999999, so it is safe on untrusted input; check bounds before {@link #Money} sets the scale.
     */
    public static boolean fitsScale(BigDecimal amount, Currency currency) {
        return amount.signum() == 0 || amount.stripTrailingZeros().scale() <= fractionDigits(currency);
    }

    /** This amount {@code quantity} times over. */
    public Money times(long quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    /** @throws IllegalArgumentException when the currencies differ: amounts in two currencies do not add up */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other + " to " + this);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public boolean isMoreThan(BigDecimal limit) {
        return amount.compareTo(limit) > 0;
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
