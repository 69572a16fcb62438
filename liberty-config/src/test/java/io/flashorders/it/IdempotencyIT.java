package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.store.OrderStore;
import io.flashorders.it.support.Metrics;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on both endpoints: a repeat gets the first answer, never a second order, message or payment. */
class IdempotencyIT {

    /** As many requests at once as the endpoint admits: more would be refused with 503 overloaded (AdmissionIT). */
    private static final int CONCURRENT = TestSystem.ADMISSION_MAX_IN_FLIGHT;

    private final OrderApi api = TestSystem.api();
    private final OrderStore store = TestSystem.orderStore();

    /** Each test counts payments and messages: nothing of an earlier test may still be on its way. */
    @BeforeEach
    void systemUpAndIdle() {
        TestSystem.awaitReadyAndIdle();
    }

    @Test
    void postAsync_concurrentRequestsOneKey_oneOrderOneMessageOnePayment() throws Exception {
        Metrics before = api.metrics();
        String key = UUID.randomUUID().toString();
        String body = SampleOrders.valid();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            futures.add(clients.submit(() -> {
                go.await();
                return api.postWithKey("/orders/async", body, key);
            }));
        }
        go.countDown();
        Set<String> bodies = new HashSet<>();
        Set<String> locations = new HashSet<>();
        for (Future<HttpResponse<String>> future : futures) {
            HttpResponse<String> response = future.get();
            assertEquals(202, response.statusCode(), response.body());
            bodies.add(response.body());
            locations.add(response.headers().firstValue("Location").orElseThrow());
        }
        clients.shutdown();

        assertEquals(1, bodies.size(), "every request answered with the same pending order: " + bodies);
        assertEquals(1, locations.size());
        String orderId = OrderJsonReader.orderId(bodies.iterator().next());
        Waits.until("the order paid", Duration.ofSeconds(30), () -> api.metrics().processorPayments() == before.processorPayments() + 1);
        // Room for a second message to be paid, had there been one.
        Waits.holdsFor("paid once", TestSystem.PAYMENT_LATENCY.multipliedBy(2), Duration.ofMillis(200),
                () -> api.metrics().processorPayments() == before.processorPayments() + 1);
        Metrics after = api.metrics();
        assertEquals(1, after.accepted("async") - before.accepted("async"), "one order accepted, so one message published");
        assertEquals(CONCURRENT - 1, after.replayed("async") - before.replayed("async"), "the others replayed it");
        assertEquals(1, after.processorPayments() - before.processorPayments(), "paid once");
        assertEquals(before.processorRepeats(), after.processorRepeats(), "no second message reached the payment step");
        assertEquals(before.redeliveries("completed"), after.redeliveries("completed"), "no second message at all");
        assertEquals(before.republished(), after.republished(), "nothing left for the reconciler");
        assertEquals(orderId, store.findKey(key).orElseThrow().orderId());
        assertEquals("completed", OrderJsonReader.read(api.order(orderId).body()).get("status").asText());
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total());
    }

    @Test
    void postAsync_sameKeyOtherOrder_422AndNothingChanged() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = api.postWithKey("/orders/async", "{\"customer_id\":7,\"items\":[{\"product_id\":\"a\",\"quantity\":1,\"price\":5}]}", key);
        assertEquals(202, first.statusCode(), first.body());
        String orderId = OrderJsonReader.orderId(first.body());
        Waits.until("the first order completed", Duration.ofSeconds(30),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));
        Metrics before = api.metrics();

        HttpResponse<String> other = api.postWithKey("/orders/async", "{\"customer_id\":7,\"items\":[{\"product_id\":\"a\",\"quantity\":2,\"price\":5}]}", key);

        assertEquals(422, other.statusCode(), other.body());
        assertTrue(other.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("idempotency_key_reused", OrderJsonReader.read(other.body()).get("error").asText());
        // Anything queued by mistake would be paid within a payment latency or two.
        Waits.holdsFor("nothing accepted or paid since", TestSystem.PAYMENT_LATENCY.multipliedBy(2), Duration.ofMillis(200),
                () -> unchanged(before, api.metrics()));
        Metrics after = api.metrics();
        assertEquals(before.accepted("async"), after.accepted("async"));
        assertEquals(before.processorPayments(), after.processorPayments(), "the first order was paid before; nothing since");
        assertEquals(orderId, store.findKey(key).orElseThrow().orderId(), "the key still names the first order");
        assertEquals(1, after.rejected("idempotency_key_reused") - before.rejected("idempotency_key_reused"));
    }

    @Test
    void postAsync_sameKeyAfterItCompleted_replaysTheOriginal202WithoutQueueingAgain() {
        String key = UUID.randomUUID().toString();
        String body = SampleOrders.valid();
        HttpResponse<String> first = api.postWithKey("/orders/async", body, key);
        String orderId = OrderJsonReader.orderId(first.body());
        Waits.until("the order completed", Duration.ofSeconds(30),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));
        Metrics before = api.metrics();

        HttpResponse<String> again = api.postWithKey("/orders/async", body, key);

        assertEquals(202, again.statusCode(), again.body());
        assertEquals(first.body(), again.body(), "the original answer, the pending order as it was accepted");
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        Waits.holdsFor("nothing accepted or paid since", TestSystem.PAYMENT_LATENCY.multipliedBy(2), Duration.ofMillis(200),
                () -> unchanged(before, api.metrics()));
        Metrics after = api.metrics();
        assertEquals(before.accepted("async"), after.accepted("async"));
        assertEquals(before.processorPayments(), after.processorPayments());
        assertEquals(before.redeliveries("completed"), after.redeliveries("completed"), "nothing queued again");
    }

    @Test
    void postSync_sameKeyTwice_paidOnceAndAnsweredTheSameTwice() {
        String key = UUID.randomUUID().toString();
        String body = SampleOrders.valid();
        Metrics before = api.metrics();

        HttpResponse<String> first = api.postWithKey("/orders/sync", body, key);
        HttpResponse<String> again = api.postWithKey("/orders/sync", body, key);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(first.body(), again.body());
        assertEquals(1, api.metrics().syncPayments() - before.syncPayments(), "paid once");
        String orderId = OrderJsonReader.orderId(first.body());
        assertEquals(List.of("pending", "processing", "completed"), OrderJsonReader.transitionStatuses(OrderJsonReader.read(api.order(orderId).body())));
    }

    @Test
    void post_keyNotVisibleAscii_400AndNothingRecorded() {
        Metrics before = api.metrics();

        HttpResponse<String> response = api.postWithKey("/orders/async", SampleOrders.valid(), "has a space");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_idempotency_key", OrderJsonReader.read(response.body()).get("error").asText());
        assertEquals(before.accepted("async"), api.metrics().accepted("async"));
        assertTrue(store.findKey("has a space").isEmpty());
    }

    private static boolean unchanged(Metrics before, Metrics now) {
        return now.accepted("async") == before.accepted("async") && now.processorPayments() == before.processorPayments();
    }
}
