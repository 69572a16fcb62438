package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalQueueServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Without its queue the API refuses orders instead of acknowledging them, says so in readiness, and recovers. */
class QueueOutageIT {

    private final OrderApi api = TestSystem.api();
    private LocalQueueServer queueServer;

    @BeforeEach
    void systemUp() {
        TestSystem.awaitReadyAndIdle();
        queueServer = TestSystem.queueServer();
    }

    @AfterEach
    void queueBack() {
        TestSystem.queueServer();
    }

    @Test
    void postAsync_queueServerStoppedWithKey_orderRecordedThenRejectedAndTheKeyFreeForARetry() {
        String key = UUID.randomUUID().toString();
        String body = SampleOrders.valid();
        queueServer.stop();

        HttpResponse<String> refused = api.postWithKey("/orders/async", body, key);

        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"error\":\"queue_unavailable\""), refused.body());
        List<Map<String, AttributeValue>> recorded = ordersWithKey(key);
        assertEquals(1, recorded.size(), "recorded before publishing: " + recorded);
        assertEquals("rejected", recorded.get(0).get("status").s());
        assertEquals("queue_unavailable", recorded.get(0).get("reason").s());
        assertTrue(TestSystem.orderStore().findKey(key).isEmpty(), "the key was released");

        queueServer.restart();
        Waits.until("ready again", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        HttpResponse<String> retried = api.postWithKey("/orders/async", body, key);

        assertEquals(202, retried.statusCode(), retried.body());
        assertEquals(2, ordersWithKey(key).size(), "the retry is a new order; the rejected one stays rejected");
        String orderId = OrderJsonReader.orderId(retried.body());
        Waits.until("the retried order completed", Duration.ofSeconds(60),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));
    }

    private static List<Map<String, AttributeValue>> ordersWithKey(String key) {
        try (DynamoDbClient table = TestSystem.orderTable()) {
            return table.scanPaginator(r -> r.tableName(TestSystem.dynamoDb().table().name())
                    .filterExpression("idempotency_key = :key AND begins_with(pk, :order)")
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key), ":order", AttributeValue.fromS("order#"))))
                    .items().stream().toList();
        }
    }

    @Test
    void postAsync_queueServerStopped_503AndReadinessDownThenRecovers() {
        long acceptedBefore = api.metrics().accepted("async");
        queueServer.stop();

        HttpResponse<String> refused = api.postAsync(SampleOrders.valid());
        HttpResponse<String> readiness = api.readiness();

        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"error\":\"queue_unavailable\""), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("\"name\":\"order-publisher\",\"status\":\"DOWN\""), readiness.body());
        assertTrue(readiness.body().contains("\"name\":\"order-queue\",\"status\":\"DOWN\""), readiness.body());
        assertEquals(acceptedBefore, api.metrics().accepted("async"), "no order acknowledged during the outage");

        queueServer.restart();
        Waits.until("ready again", Duration.ofSeconds(60), () -> api.readiness().statusCode() == 200);
        long paidBefore = api.metrics().processorPayments();
        HttpResponse<String> accepted = api.postAsync(SampleOrders.valid());

        assertEquals(202, accepted.statusCode(), accepted.body());
        Waits.until("the order after the outage paid", Duration.ofSeconds(60),
                () -> api.metrics().processorPayments() == paidBefore + 1);
    }
}
