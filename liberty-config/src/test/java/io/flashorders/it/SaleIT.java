package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SaleApi;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalPaymentProvider;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sale end to end on the real server, redis-server, queue, processor and payment provider, with 2-second holds:
 * availability, reserve within the limit and the stock, an idempotent reserve, cancel, expiry by the sweeper, checkout
 * into an order that the processor pays (the unit sold) or that is declined (the unit released), and the audit trail.
 */
class SaleIT {

    private static final OrderApi ORDERS = TestSystem.api();
    private static final SaleApi SALES = TestSystem.sales();
    private static final int HOLD_SECONDS = 2;

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return OrderJsonReader.read(response.body());
    }

    private static String reserved(String saleId, long customer) {
        HttpResponse<String> r = SALES.reserve(saleId, customer);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("reservation_id").asText();
    }

    private static String state(String saleId, String reservationId) {
        return json(SALES.reservation(saleId, reservationId)).get("state").asText();
    }

    private static void assertError(HttpResponse<String> r, int status, String error) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals(error, json(r).get("error").asText(), r.body());
    }

    @Test
    void aSaleHoldsSellsReleasesAndAuditsEveryUnit() {
        String sale = SALES.open("it-" + UUID.randomUUID(), 3, HOLD_SECONDS, 1);
        Metrics before = ORDERS.metrics();

        HttpResponse<String> first = SALES.availability(sale);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("open", json(first).get("state").asText());
        assertEquals(3, json(first).get("available").asInt());
        assertEquals("max-age=1", first.headers().firstValue("Cache-Control").orElse(""));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, SALES.customer("GET", "/sales/" + sale, null, null, "If-None-Match", etag).statusCode());

        // Reserve: the hold, the customer's limit, an idempotent repeat, sold out.
        HttpResponse<String> a = SALES.reserve(sale, 1);
        assertEquals(201, a.statusCode(), a.body());
        JsonNode held = json(a);
        String resA = held.get("reservation_id").asText();
        assertEquals("reserved", held.get("state").asText());
        assertTrue(held.get("expires_in_seconds").asInt() >= 1 && held.get("expires_in_seconds").asInt() <= HOLD_SECONDS, a.body());
        assertTrue(a.headers().firstValue("Location").orElse("").endsWith("/sales/" + sale + "/reservations/" + resA));
        assertError(SALES.reserve(sale, 1), 409, "limit_reached");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> b = SALES.customer("POST", "/sales/" + sale + "/reservations", "application/json",
                "{\"customer_id\":2}", "Idempotency-Key", key);
        HttpResponse<String> bAgain = SALES.customer("POST", "/sales/" + sale + "/reservations", "application/json",
                "{\"customer_id\":2}", "Idempotency-Key", key);
        assertEquals(201, bAgain.statusCode(), bAgain.body());
        String resB = json(b).get("reservation_id").asText();
        assertEquals(resB, json(bAgain).get("reservation_id").asText(), "the repeat answers the first reservation");
        String resC = reserved(sale, 3);
        assertError(SALES.reserve(sale, 4), 409, "sold_out");
        assertEquals("sold_out", json(SALES.availabilityAfterWrites(sale)).get("state").asText());

        // Cancel gives the unit back at once.
        HttpResponse<String> cancelled = SALES.cancel(sale, resB);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("cancelled", json(cancelled).get("state").asText());
        assertEquals(1, json(SALES.availabilityAfterWrites(sale)).get("available").asInt());

        // Holds left alone expire: the sweeper gives their units back, and they can no longer be checked out.
        String resD = reserved(sale, 4);
        Waits.until("hold " + resD + " expired", Duration.ofSeconds(HOLD_SECONDS + 10), Duration.ofMillis(100),
                () -> state(sale, resD).equals("expired"));
        assertEquals(List.of("expired", "expired"), List.of(state(sale, resA), state(sale, resC)), "reserved earlier, they expired too");
        assertEquals(3, json(SALES.availabilityAfterWrites(sale)).get("available").asInt());
        assertError(SALES.checkout(sale, resD), 410, "reservation_expired");

        // Checkout within the hold: an order for one unit at the sale price; the unit is sold when it is paid.
        String resE = reserved(sale, 5);
        HttpResponse<String> checkout = SALES.checkout(sale, resE);
        assertEquals(202, checkout.statusCode(), checkout.body());
        String orderE = json(checkout).get("order_id").asText();
        assertTrue(checkout.headers().firstValue("Location").orElse("").endsWith("/orders/" + orderE));
        JsonNode item = json(checkout).get("items").get(0);
        assertEquals(1, item.get("quantity").asInt());
        assertEquals(0, new BigDecimal("299.99").compareTo(item.get("price").decimalValue()));
        assertEquals(orderE, json(SALES.checkout(sale, resE)).get("order_id").asText(), "a repeat answers the same order");
        HttpResponse<String> notCancelled = SALES.cancel(sale, resE);
        assertEquals(409, notCancelled.statusCode(), notCancelled.body());
        Waits.until("reservation " + resE + " purchased", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> state(sale, resE).equals("purchased"));
        assertEquals("completed", json(ORDERS.order(orderE)).get("status").asText());

        // A declined payment releases the unit.
        LocalPaymentProvider provider = TestSystem.paymentProvider();
        String orderF;
        provider.simulate(new ProviderSimulation(TestSystem.PAYMENT_LATENCY, Duration.ZERO, 0, 1.0));
        try {
            String resF = reserved(sale, 6);
            HttpResponse<String> declined = SALES.checkout(sale, resF);
            assertEquals(202, declined.statusCode(), declined.body());
            orderF = json(declined).get("order_id").asText();
            Waits.until("reservation " + resF + " released", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> state(sale, resF).equals("released"));
        } finally {
            provider.simulate(TestSystem.PAYMENT);
        }

        JsonNode end = json(SALES.availabilityAfterWrites(sale));
        assertEquals(List.of(3, 2, 0, 1), List.of(end.get("total").asInt(), end.get("available").asInt(),
                end.get("reserved").asInt(), end.get("sold").asInt()), end.toString());
        List<String> charged = provider.charges().stream().map(Charge::orderId).toList();
        assertEquals(1, charged.stream().filter(orderE::equals).count(), "one charge for the sold unit");
        assertTrue(!charged.contains(orderF), "none for the released one");

        // The audit trail: every decision in order, and its replay reproduces the counts.
        JsonNode check = json(SALES.replayCheck(sale));
        assertTrue(check.get("consistent").asBoolean(), check.toString());
        List<String> types = new ArrayList<>();
        json(SALES.audit(sale)).get("events").forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("sale_opened", "reserved", "refused", "reserved", "reserved", "refused", "cancelled", "reserved",
                "expired", "expired", "expired", "reserved", "checkout_started", "purchased", "reserved", "checkout_started",
                "released"), types);

        Metrics after = ORDERS.metrics();
        assertEquals(0, after.value("sale_oversell_count"));
        assertTrue(after.value("sale_decisions_total", "outcome=\"sold_out\"")
                > before.value("sale_decisions_total", "outcome=\"sold_out\""));
        assertTrue(after.value("sale_expiries_total") > before.value("sale_expiries_total"));
        Waits.until("the sold gauge", Duration.ofSeconds(5), () -> ORDERS.metrics()
                .value("sale_units", "sale=\"" + sale + "\"", "state=\"sold\"") == 1);
        assertTrue(after.value("sale_reservation_latency_seconds_count")
                >= before.value("sale_reservation_latency_seconds_count") + 5, "every reserve timed");
    }
}
