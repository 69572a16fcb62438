package io.flashorders.core.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void of_amountWithFewerDecimals_heldAtTheCurrencysScale() {
        assertEquals(new BigDecimal("19.90"), Money.of(new BigDecimal("19.9"), USD).amount());
        assertEquals(new BigDecimal("19.90"), Money.of(new BigDecimal("19.900"), USD).amount());
        assertEquals(new BigDecimal("1500"), Money.of(new BigDecimal("1500.0"), JPY).amount());
        assertEquals(Money.of(new BigDecimal("5"), USD), Money.of(new BigDecimal("5.00"), USD));
    }

    @Test
    void of_moreDecimalsThanTheCurrencyHas_refusedNotRounded() {
        assertThrows(IllegalArgumentException.class, () -> Money.of(new BigDecimal("0.005"), USD));
        assertThrows(IllegalArgumentException.class, () -> Money.of(new BigDecimal("1.5"), JPY));
        assertFalse(Money.fitsScale(new BigDecimal("1e-999999999"), USD));
        assertTrue(Money.fitsScale(new BigDecimal("1e999999999"), USD));
    }

    @Test
    void timesAndPlus_exactInTheSameCurrency() {
        Money line = Money.of(new BigDecimal("19.99"), USD).times(3);

        assertEquals(Money.of(new BigDecimal("60.01"), USD), line.plus(Money.of(new BigDecimal("0.04"), USD)));
        assertEquals("59.97 USD", line.toString());
    }

    @Test
    void plus_anotherCurrency_refused() {
        assertThrows(IllegalArgumentException.class, () -> Money.of(BigDecimal.ONE, USD).plus(Money.of(BigDecimal.ONE, EUR)));
    }

    @Test
    void fractionDigits_codeWithoutMinorUnits_refused() {
        assertThrows(IllegalArgumentException.class, () -> Money.fractionDigits(Currency.getInstance("XXX")));
        assertThrows(IllegalArgumentException.class, () -> OrderLimits.defaults().withCurrency(Currency.getInstance("XAU")));
    }
}
