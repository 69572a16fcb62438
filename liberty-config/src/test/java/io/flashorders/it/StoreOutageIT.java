package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalDynamoDb;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without its order store the API accepts, queues and pays nothing it would have to record first, says so in readiness,
 * and recovers.
 */
class StoreOutageIT {

    private final OrderApi api = TestSystem.api();
    private LocalDynamoDb dynamoDb;

    @BeforeEach
    void systemUp() {
        TestSystem.awaitReadyAndIdle();
        dynamoDb = TestSystem.dynamoDb();
    }

    @AfterEach
    void storeBack() {
        TestSystem.dynamoDb();
    }

    @Test
    void post_orderStoreStopped_503StoreUnavailableNothingQueuedOrPaidThenRecovers() throws Exception {
        Metrics before = api.metrics();
        dynamoDb.close();

        // Each waits out aws.call-timeout.ms against the stopped store: asked at once.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        // With a key, an async order is recorded (with its key) before anything is published.
        Future<HttpResponse<String>> asyncLater = clients.submit(() -> api.postWithKey("/orders/async", SampleOrders.valid(),
                UUID.randomUUID().toString()));
        Future<HttpResponse<String>> syncLater = clients.submit(() -> api.postSync(SampleOrders.valid()));
        Future<HttpResponse<String>> statusLater = clients.submit(() -> api.order(UUID.randomUUID().toString()));
        Future<HttpResponse<String>> readinessLater = clients.submit(api::readiness);
        HttpResponse<String> async = asyncLater.get();
        HttpResponse<String> sync = syncLater.get();
        HttpResponse<String> status = statusLater.get();
        HttpResponse<String> readiness = readinessLater.get();
        clients.shutdown();

        for (HttpResponse<String> refused : List.of(async, sync, status)) {
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("store_unavailable", OrderJsonReader.read(refused.body()).get("error").asText());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        }
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("\"name\":\"order-store\",\"status\":\"DOWN\""), readiness.body());
        // Anything queued or paid by mistake would show within a payment latency or two.
        Waits.holdsFor("nothing queued or paid", TestSystem.PAYMENT_LATENCY.multipliedBy(2), Duration.ofMillis(200), () -> {
            Metrics now = api.metrics();
            return TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total() == 0
                    && now.accepted("async") == before.accepted("async") && now.syncPayments() == before.syncPayments();
        });
        Metrics during = api.metrics();
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total(), "nothing queued");
        assertEquals(before.accepted("async"), during.accepted("async"));
        assertEquals(before.syncPayments(), during.syncPayments(), "nothing paid");
        assertEquals(2, during.rejected("store_unavailable") - before.rejected("store_unavailable"), "the two orders refused");

        dynamoDb.restart();
        Waits.until("ready again", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        HttpResponse<String> accepted = api.postAsync(SampleOrders.valid());

        assertEquals(202, accepted.statusCode(), accepted.body());
        String orderId = OrderJsonReader.orderId(accepted.body());
        Waits.until("the order after the outage completed", Duration.ofSeconds(60),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));
    }

    /**
     * Without a key, an async order is published before it is recorded (ADR 0007): the first one while the store is down
     * is queued and answered 202 (its processor records it from the message once the store is back); the ones right
     * after it are refused before anything is published.
     */
    @Test
    void postAsync_noKey_orderStoreStopped_firstQueuedAnd202ThenRefusedUntilTheStoreIsBack() {
        Metrics before = api.metrics();
        dynamoDb.close();

        HttpResponse<String> queued = api.postAsync(SampleOrders.valid());
        HttpResponse<String> refused = api.postAsync(SampleOrders.valid());
        dynamoDb.restart();

        assertEquals(202, queued.statusCode(), queued.body());
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("store_unavailable", OrderJsonReader.read(refused.body()).get("error").asText());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertEquals(1, api.metrics().accepted("async") - before.accepted("async"));
        String orderId = OrderJsonReader.orderId(queued.body());
        // The restarted table is empty: the processor records the order from its message, and pays it once.
        Waits.until("the order queued during the outage completed", Duration.ofSeconds(60), () -> {
            HttpResponse<String> status = api.order(orderId);
            return status.statusCode() == 200 && OrderJsonReader.read(status.body()).get("status").asText().equals("completed");
        });
        assertEquals(1, TestSystem.paymentProvider().charges().stream().filter(c -> c.orderId().equals(orderId)).count());
    }
}
