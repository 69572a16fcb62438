package io.flashorders.core.sale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.Problem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SaleRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static Sale parse(String json) {
        return SaleRules.parseSale(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void defaultsHoldTimeLimitStartAndScale() {
        Sale sale = parse("{\"sale_id\":\"s1\",\"product_id\":\"p\",\"stock\":10,\"price\":9.5,\"currency\":\"EUR\","
                + "\"ends_at\":\"2026-12-03T11:00:00Z\"}");
        assertEquals(Duration.ofSeconds(120), sale.holdTime());
        assertEquals(1, sale.perCustomerLimit());
        assertEquals(NOW, sale.startsAt());
        assertEquals(new BigDecimal("9.50"), sale.price());
    }

    @Test
    void reportsEveryProblemAgainstItsField() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(
                "{\"sale_id\":\"a b\",\"stock\":0,\"price\":1.234,\"currency\":\"EUR\",\"starts_at\":\"2026-12-03T12:00:00Z\","
                        + "\"ends_at\":\"2026-12-03T11:00:00Z\",\"hold_seconds\":-1,\"per_customer_limit\":1000}"));
        assertEquals(SaleRules.INVALID_SALE, e.code());
        assertEquals(java.util.List.of("sale_id", "product_id", "stock", "price", "hold_seconds", "per_customer_limit",
                "ends_at"), e.problems().stream().map(Problem::field).toList());
    }

    @Test
    void refusesUnknownCurrencyAndPastEnd() {
        InvalidOrderException e = assertThrows(InvalidOrderException.class, () -> parse(
                "{\"product_id\":\"p\",\"stock\":1,\"price\":1,\"currency\":\"XXY\",\"ends_at\":\"2026-12-03T09:00:00Z\"}"));
        assertEquals(java.util.List.of("currency", "ends_at"), e.problems().stream().map(Problem::field).toList());
    }

    @Test
    void malformedJsonIsItsOwnCode() {
        assertEquals(InvalidOrderException.MALFORMED_JSON, assertThrows(InvalidOrderException.class,
                () -> parse("{\"stock\":")).code());
        assertEquals(InvalidOrderException.MALFORMED_JSON, assertThrows(InvalidOrderException.class,
                () -> SaleRules.parseCustomer(new byte[0])).code());
    }

    @Test
    void customerMustBeAPositiveInteger() {
        assertEquals(42, SaleRules.parseCustomer("{\"customer_id\":42}".getBytes(StandardCharsets.UTF_8)));
        for (String bad : new String[] {"{}", "{\"customer_id\":0}", "{\"customer_id\":\"42\"}", "[]",
                "{\"customer_id\":1.5}", "{\"customer_id\":99999999999999999999}"}) {
            InvalidOrderException e = assertThrows(InvalidOrderException.class,
                    () -> SaleRules.parseCustomer(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertEquals(SaleRules.INVALID_RESERVATION, e.code(), bad);
        }
        assertTrue(SaleRules.isId("sale-1.a_b"));
        assertTrue(!SaleRules.isId("a/b") && !SaleRules.isId("") && !SaleRules.isId("x".repeat(65)));
    }
}
