package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SaleApi;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalRedis;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While redis-server is down: reserve and checkout answer 503 inventory_unavailable with Retry-After, availability the
 * figures last read marked stale (503 for a sale never read), and readiness reports the store down. It is back once
 * the server is.
 */
class SaleOutageIT {

    private static final OrderApi ORDERS = TestSystem.api();
    private static final SaleApi SALES = TestSystem.sales();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    @AfterAll
    static void storeBack() {
        TestSystem.redis();
        Waits.until("server ready again", Duration.ofSeconds(30), () -> ORDERS.readiness().statusCode() == 200);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("inventory_unavailable", OrderJsonReader.read(response.body()).get("error").asText());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void aDownStoreRefusesFastAndAvailabilityIsMarkedStale() {
        String sale = SALES.open("outage-" + UUID.randomUUID(), 4, 2, 1);
        HttpResponse<String> reserved = SALES.reserve(sale, 1);
        assertEquals(201, reserved.statusCode(), reserved.body());
        String reservation = OrderJsonReader.read(reserved.body()).get("reservation_id").asText();
        assertEquals(3, OrderJsonReader.read(SALES.availabilityAfterWrites(sale).body()).get("available").asInt());

        LocalRedis redis = TestSystem.redis();
        redis.close();
        assertUnavailable(SALES.reserve(sale, 2));
        assertUnavailable(SALES.checkout(sale, reservation));
        assertUnavailable(SALES.availability("never-read-" + UUID.randomUUID()));
        // Within the availability cache's time the last read is still answered as current; after it, marked stale.
        HttpResponse<String> stale = SALES.availabilityAfterWrites(sale);
        assertEquals(200, stale.statusCode(), stale.body());
        JsonNode view = OrderJsonReader.read(stale.body());
        assertTrue(view.get("stale").asBoolean(), view.toString());
        assertEquals(3, view.get("available").asInt(), "the figures last read, never a made-up one");
        HttpResponse<String> readiness = ORDERS.readiness();
        assertEquals(503, readiness.statusCode());
        assertTrue(readiness.body().contains("inventory-store"), readiness.body());

        redis.restart();
        Waits.until("server ready again", Duration.ofSeconds(30), () -> ORDERS.readiness().statusCode() == 200);
        String next = SALES.open("after-outage-" + UUID.randomUUID(), 1, 2, 1);
        assertEquals(201, SALES.reserve(next, 1).statusCode());
    }
}
