package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.store.AwaitingOrder;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalQueueServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent async orders share SendMessageBatch calls (orders.publish.batch.max, orders.publish.linger.ms), and a
 * batch the queue does not take answers 503 for every order in it: none is acknowledged that is not on the queue.
 */
class BatchedPublishIT {

    private static final int ORDERS = 20;

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

    private List<HttpResponse<String>> postAllAtOnce() {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            pending.add(api.postAsyncLater(SampleOrders.valid()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static double batchCalls(Metrics metrics) {
        return metrics.value("aws_requests_total", "app=\"order-api\"", "operation=\"SendMessageBatch\"");
    }

    @Test
    void postAsync_twentyAtOnce_sharedBatchCallsAndEveryAcceptedOrderPaid() {
        double callsBefore = batchCalls(api.metrics());

        List<HttpResponse<String>> answers = postAllAtOnce();

        List<String> orderIds = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            assertEquals(202, answer.statusCode(), answer.body());
            orderIds.add(OrderJsonReader.orderId(answer.body()));
        }
        double calls = batchCalls(api.metrics()) - callsBefore;
        assertTrue(calls >= ORDERS / 10.0, "at most 10 orders in a call: " + calls + " calls");
        assertTrue(calls < ORDERS, "concurrent orders shared calls: " + calls + " calls for " + ORDERS + " orders");
        // Paid means it was on the queue: the processor takes orders from nowhere else.
        Waits.until("every accepted order paid", Duration.ofSeconds(90), () -> orderIds.stream()
                .allMatch(id -> OrderJsonReader.read(api.order(id).body()).get("status").asText().equals("completed")));
    }

    @Test
    void postAsync_twentyAtOnceWhileTheQueueIsDown_noneAcceptedEachRejectedNoneLeftToQueue() {
        Metrics before = api.metrics();
        Instant start = Instant.now();
        queueServer.stop();

        List<HttpResponse<String>> answers = postAllAtOnce();

        for (HttpResponse<String> answer : answers) {
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"error\":\"queue_unavailable\""), answer.body());
        }
        Metrics after = api.metrics();
        assertEquals(before.accepted("async"), after.accepted("async"), "no order acknowledged");
        assertEquals(before.rejected("queue_unavailable") + ORDERS, after.rejected("queue_unavailable"), "each order refused");
        // Rejected, not awaiting the queue: the reconciler will not publish any of them later.
        List<AwaitingOrder> awaiting = TestSystem.orderStore().awaitingQueue(Instant.now().plusSeconds(1), 1_000).stream()
                .filter(order -> !order.since().isBefore(start)).toList();
        assertEquals(List.of(), awaiting);
    }
}
