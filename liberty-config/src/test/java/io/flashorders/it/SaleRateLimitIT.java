package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SaleApi;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sale's rate limits on the real server, which trusts one proxy (this test plays it with X-Forwarded-For): 429
 * rate_limited with Retry-After per customer and per address on reserve, per customer on checkout, per address on
 * availability; the bucket refills; and a limited request changes nothing: no hold, no order, no audit entry.
 */
class SaleRateLimitIT {

    private static final OrderApi ORDERS = TestSystem.api();
    private static final SaleApi SALES = TestSystem.sales();
    private static final Rate RESERVE_PER_CUSTOMER = Rate.parse(System.getProperty("it.sales.rate-limit.reserve.per-customer"));
    private static final Rate RESERVE_PER_IP = Rate.parse(System.getProperty("it.sales.rate-limit.reserve.per-ip"));
    private static final Rate CHECKOUT_PER_CUSTOMER = Rate.parse(System.getProperty("it.sales.rate-limit.checkout.per-customer"));
    private static final Rate AVAILABILITY_PER_IP = Rate.parse(System.getProperty("it.sales.rate-limit.availability.per-ip"));

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    /** An address of its own for each test (TEST-NET-2), so that no other test has drawn on its buckets. */
    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(100, 256) + "." + r.nextInt(1, 255);
    }

    private static HttpResponse<String> reserve(String sale, long customer, String forwardedFor) {
        return SALES.customer("POST", "/sales/" + sale + "/reservations", "application/json",
                "{\"customer_id\":" + customer + "}", "X-Forwarded-For", forwardedFor);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return OrderJsonReader.read(r.body());
    }

    private static long assertRateLimited(HttpResponse<String> r, String who) {
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals("rate_limited", json(r).get("error").asText(), r.body());
        assertTrue(json(r).get("message").asText().contains(who), r.body());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        return retryAfter;
    }

    /** Requests sent one after the other until the first 429: how many were answered before it, and the 429. */
    private record Burst(int answered, HttpResponse<String> limited) {
    }

    /** Sends request(i) for i = 0, 1, ... until a 429 or {@code most} requests; every other answer must be allowed. */
    private static Burst untilLimited(long most, IntFunction<HttpResponse<String>> request,
                                      Predicate<HttpResponse<String>> allowed) {
        for (int i = 0; i < most; i++) {
            HttpResponse<String> r = request.apply(i);
            if (r.statusCode() == 429) {
                return new Burst(i, r);
            }
            assertTrue(allowed.test(r), r.statusCode() + " " + r.body());
        }
        return new Burst((int) most, null);
    }

    private static List<String> auditTypes(String sale) {
        List<String> types = new ArrayList<>();
        json(SALES.audit(sale)).get("events").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void aCustomerOverTheLimitGets429NothingHeldNothingAuditedThenTheBucketRefills() {
        String sale = SALES.open("rl-" + UUID.randomUUID(), 5, 60, 1);
        String ip = address();
        Metrics before = ORDERS.metrics();

        assertEquals(201, reserve(sale, 71, ip).statusCode());
        for (int i = 1; i < RESERVE_PER_CUSTOMER.tokens(); i++) {
            HttpResponse<String> again = reserve(sale, 71, ip);
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("limit_reached", json(again).get("error").asText());
        }
        // The customer's bucket is empty; a fresh address does not help, the customer is counted apart.
        long retryAfter = assertRateLimited(reserve(sale, 71, address()), "this customer");
        assertTrue(retryAfter <= Math.max(1, RESERVE_PER_CUSTOMER.period().toSeconds()), "Retry-After " + retryAfter);

        JsonNode counts = json(SALES.availabilityAfterWrites(sale));
        assertEquals(List.of(5, 4, 1), List.of(counts.get("total").asInt(), counts.get("available").asInt(),
                counts.get("reserved").asInt()), "the limited request held nothing: " + counts);
        List<String> expected = new ArrayList<>(List.of("sale_opened", "reserved"));
        for (int i = 1; i < RESERVE_PER_CUSTOMER.tokens(); i++) {
            expected.add("refused");
        }
        assertEquals(expected, auditTypes(sale), "the limited request reached no decision, so it has no audit entry");
        assertTrue(json(SALES.replayCheck(sale)).get("consistent").asBoolean());
        assertTrue(ORDERS.metrics().value("sale_rate_limited_total", "endpoint=\"reserve\"", "identity=\"customer\"")
                > before.value("sale_rate_limited_total", "endpoint=\"reserve\"", "identity=\"customer\""));

        // Within Retry-After the bucket has a token again: the request reaches the sale (which says limit_reached).
        long limitedAt = System.nanoTime();
        AtomicReference<HttpResponse<String>> through = new AtomicReference<>();
        Waits.until("the customer's bucket refilled", Duration.ofSeconds(retryAfter + 5), Duration.ofMillis(100),
                () -> {
                    HttpResponse<String> r = reserve(sale, 71, ip);
                    through.set(r);
                    return r.statusCode() != 429;
                });
        assertTrue(System.nanoTime() - limitedAt <= Duration.ofSeconds(retryAfter + 1).toNanos(), "refilled within Retry-After");
        assertEquals("limit_reached", json(through.get()).get("error").asText(), through.get().body());
    }

    @Test
    void anAddressIsLimitedWhateverCustomersItClaimsAndWhateverItWritesAtTheLeft() {
        String sale = SALES.open("rl-" + UUID.randomUUID(), 2, 60, 1);
        String ip = address();
        // The left part is the client's own claim, different every time; the load balancer's entry is the last.
        Burst burst = untilLimited(RESERVE_PER_IP.tokens() * 20,
                i -> reserve(sale, 1000 + i, address() + ", " + ip), r -> r.statusCode() == 201 || r.statusCode() == 409);
        HttpResponse<String> limited = burst.limited();
        int answered = burst.answered();
        assertTrue(limited != null, "no 429 after " + answered + " reserves from one address");
        assertRateLimited(limited, "this address");
        assertTrue(answered >= RESERVE_PER_IP.tokens(), "the bucket's " + RESERVE_PER_IP.tokens() + " tokens first: " + answered);
        assertEquals(1 + answered, auditTypes(sale).size(), "one audit entry per answered reserve, none for the 429");
        JsonNode counts = json(SALES.availabilityAfterWrites(sale));
        assertEquals(0, counts.get("available").asInt(), counts.toString());
        assertEquals(2, counts.get("reserved").asInt(), counts.toString());
        HttpResponse<String> elsewhere = reserve(sale, 999, address());
        assertEquals("sold_out", json(elsewhere).get("error").asText(), "another address reaches the sale: " + elsewhere.body());
    }

    @Test
    void checkoutIsLimitedPerCustomerAndALimitedCheckoutQueuesNothing() {
        String sale = SALES.open("rl-" + UUID.randomUUID(), 2, 60, 1);
        String ip = address();
        HttpResponse<String> held = reserve(sale, 81, ip);
        assertEquals(201, held.statusCode(), held.body());
        String reservation = json(held).get("reservation_id").asText();
        String path = "/sales/" + sale + "/reservations/" + reservation + "/checkout";
        String order = null;
        for (int i = 0; i < CHECKOUT_PER_CUSTOMER.tokens(); i++) {
            HttpResponse<String> r = SALES.customer("POST", path, null, null, "X-Forwarded-For", ip);
            assertEquals(202, r.statusCode(), r.body());
            order = order == null ? json(r).get("order_id").asText() : order;
            assertEquals(order, json(r).get("order_id").asText(), "a repeated checkout answers the same order");
        }
        assertRateLimited(SALES.customer("POST", path, null, null, "X-Forwarded-For", address()), "this customer");
        long checkouts = auditTypes(sale).stream().filter("checkout_started"::equals).count();
        assertEquals(1, checkouts, "one checkout, whatever was repeated or limited");
    }

    @Test
    void availabilityIsLimitedPerAddressMoreLooselyThanReserve() {
        String sale = SALES.open("rl-" + UUID.randomUUID(), 2, 60, 1);
        String ip = address();
        Burst burst = untilLimited(AVAILABILITY_PER_IP.tokens() * 20,
                i -> SALES.customer("GET", "/sales/" + sale, null, null, "X-Forwarded-For", ip), r -> r.statusCode() == 200);
        HttpResponse<String> limited = burst.limited();
        int served = burst.answered();
        assertTrue(limited != null, "no 429 after " + served + " reads from one address");
        assertRateLimited(limited, "this address");
        assertTrue(served >= AVAILABILITY_PER_IP.tokens() && AVAILABILITY_PER_IP.tokens() > RESERVE_PER_IP.tokens(),
                "served " + served);
        assertEquals(200, SALES.customer("GET", "/sales/" + sale, null, null, "X-Forwarded-For", address()).statusCode(),
                "another address is served");
    }
}
