package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.store.OrderStore;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission control: an endpoint runs at most orders.admission.max-in-flight requests; one more is refused at once,
 * before its body is read, with 503 overloaded and Retry-After, and nothing of it is recorded, queued or charged.
 */
class AdmissionIT {

    /**
     * Longer than it takes to fill the bound; shorter than a repeat waits for the first request's outcome (10 s) and
     * than the provider's timeout (it.payment.timeout.ms, 10 s).
     */
    private static final Duration SLOW_PAYMENT = Duration.ofSeconds(8);
    private static final String IN_FLIGHT = "admission_in_flight";
    private static final String SYNC = "endpoint=\"sync\"";

    private final OrderApi api = TestSystem.api();
    private final OrderStore store = TestSystem.orderStore();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    @AfterEach
    void steadyProvider() {
        TestSystem.paymentProvider().simulate(TestSystem.PAYMENT);
    }

    @Test
    void postSync_boundFull_oneMoreGets503OverloadedWithRetryAfterAtOnceAndNothingRecorded() throws Exception {
        int bound = TestSystem.ADMISSION_MAX_IN_FLIGHT;
        // The sync path warmed up, so that the bound fills well within one slow payment.
        assertEquals(200, api.postSync(SampleOrders.valid()).statusCode());
        TestSystem.paymentProvider().simulate(ProviderSimulation.steady(SLOW_PAYMENT));
        for (int attempt = 1; ; attempt++) {
            String key = UUID.randomUUID().toString();
            String body = SampleOrders.valid();
            // The bound filled: one request paying slowly, and its repeats (same key, same order) waiting for its outcome.
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            inFlight.add(api.postWithKeyLater("/orders/sync", body, key));
            Waits.until("the first request paying", Duration.ofSeconds(60), () -> store.findKey(key).isPresent());
            for (int i = 1; i < bound; i++) {
                inFlight.add(api.postWithKeyLater("/orders/sync", body, key));
            }
            try {
                Waits.until("the bound full", SLOW_PAYMENT.dividedBy(2), Duration.ofMillis(50),
                        () -> api.metrics().value(IN_FLIGHT, SYNC) == bound);
            } catch (AssertionError tooSlow) {
                // Too slow a machine to fill the bound within the payment: let these finish, and fill it again.
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
                assertTrue(attempt < 3, "the bound of " + bound + " never filled within half a slow payment");
                continue;
            }

            String refusedKey = UUID.randomUUID().toString();
            HttpResponse<String> refused = api.postWithKey("/orders/sync", SampleOrders.valid(), refusedKey);
            // Refused before its body is read: even an unreadable one gets the 503, not a 400.
            HttpResponse<String> unread = api.postWithKey("/orders/sync", "{not json", UUID.randomUUID().toString());
            boolean boundStillFull = !inFlight.get(0).isDone();

            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode error = OrderJsonReader.read(refused.body());
            assertEquals("overloaded", error.get("error").asText(), refused.body());
            assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertFalse(refused.headers().firstValue("Location").isPresent());
            assertEquals(503, unread.statusCode(), unread.body());
            assertEquals("overloaded", OrderJsonReader.read(unread.body()).get("error").asText(), unread.body());
            assertTrue(boundStillFull, "refused while the bound was full, without waiting for a place");
            assertTrue(store.findKey(refusedKey).isEmpty(), "the refused request recorded nothing");

            // The admitted ones are unharmed: one order, paid once, the same answer to each.
            Set<String> orders = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> answer = request.get();
                assertEquals(200, answer.statusCode(), answer.body());
                orders.add(OrderJsonReader.orderId(answer.body()));
            }
            assertEquals(1, orders.size(), "every admitted request answered with the one order: " + orders);
            String orderId = orders.iterator().next();
            assertEquals(1, TestSystem.paymentProvider().charges().stream().filter(c -> c.orderId().equals(orderId)).count(),
                    "the order paid once");
            return;
        }
    }
}
