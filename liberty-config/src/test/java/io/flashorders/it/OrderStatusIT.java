package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.Queues;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import io.flashorders.local.LocalPaymentProvider;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /orders/{id}: an order's status as it moves, never backwards, its payment, its place in the queue; 404 else. */
class OrderStatusIT {

    private static final List<String> LIFE = List.of("pending", "processing", "completed");
    private static final String ORDER = "{\"customer_id\":321,\"items\":[{\"product_id\":\"sku-9\",\"quantity\":3,\"price\":2.50}]}";

    private final OrderApi api = TestSystem.api();
    private final Queues queues = TestSystem.queues();

    /** Each test counts payments and messages: nothing of an earlier test may still be on its way. */
    @BeforeEach
    void systemUpAndIdle() {
        TestSystem.awaitReadyAndIdle();
    }

    @Test
    void getOrder_unknownId_404WithJsonError() {
        for (String id : List.of(UUID.randomUUID().toString(), "x".repeat(200))) {
            HttpResponse<String> response = api.order(id);

            assertEquals(404, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("order_not_found", OrderJsonReader.read(response.body()).get("error").asText());
        }
    }

    @Test
    void getOrder_asyncOrderFollowedToTheEnd_everyTransitionInOrderWithThePaymentAndOneEvent() {
        queues.drain(TestSystem.STATUS_EVENTS_QUEUE);
        HttpResponse<String> accepted = api.postAsync(ORDER);
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("pending", OrderJsonReader.read(accepted.body()).get("status").asText(), "accepted as pending");
        String orderId = OrderJsonReader.orderId(accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/orders/" + orderId), location);

        List<String> seen = follow(orderId, Duration.ofSeconds(30));

        assertInLifeOrder(seen);
        JsonNode order = OrderJsonReader.read(api.order(orderId).body());
        assertEquals(LIFE, OrderJsonReader.transitionStatuses(order));
        assertTimesIncrease(order);
        assertEquals(0, new BigDecimal("7.50").compareTo(order.get("payment").get("amount").decimalValue()), order.toString());
        assertEquals("USD", order.get("payment").get("currency").asText(), order.toString());
        assertEquals("USD", order.get("currency").asText(), order.toString());
        assertEquals(0, new BigDecimal("7.50").compareTo(order.get("total").decimalValue()), order.toString());
        assertFalse(order.get("payment").get("already_paid").asBoolean());
        assertFalse(order.has("queue"), "no queue position once paid");
        List<JsonNode> events = eventsFor(orderId, 1);
        assertEquals("order_completed", events.get(0).get("event").asText());
        assertEquals(0, new BigDecimal("7.50").compareTo(events.get(0).get("payment").get("amount").decimalValue()), events.toString());
        assertEquals("USD", events.get(0).get("payment").get("currency").asText(), events.toString());
    }

    @Test
    void getOrder_messageDeliveredTwice_neverStepsBackAndIsPaidOnce() {
        queues.drain(TestSystem.STATUS_EVENTS_QUEUE);
        HttpResponse<String> accepted = api.postAsync(ORDER);
        String orderId = OrderJsonReader.orderId(accepted.body());
        follow(orderId, Duration.ofSeconds(30));
        JsonNode completed = OrderJsonReader.read(api.order(orderId).body());
        Metrics before = api.metrics();

        queues.send(TestSystem.ORDER_QUEUE, accepted.body());
        List<String> seen = new ArrayList<>();
        Waits.until("the duplicate acknowledged", Duration.ofSeconds(30), Duration.ofMillis(20), () -> {
            seen.add(OrderJsonReader.read(api.order(orderId).body()).get("status").asText());
            return api.metrics().redeliveries("completed") == before.redeliveries("completed") + 1;
        });

        assertTrue(seen.stream().allMatch("completed"::equals), "never a step backwards: " + seen);
        assertEquals(completed, OrderJsonReader.read(api.order(orderId).body()), "the order is exactly as it was");
        Metrics after = api.metrics();
        assertEquals(before.processorPayments(), after.processorPayments(), "not paid again");
        Waits.until("both deliveries acknowledged", Duration.ofSeconds(5), () -> queues.depth(TestSystem.ORDER_QUEUE).total() == 0);
        List<JsonNode> events = eventsFor(orderId, 2);
        assertTrue(events.stream().allMatch(e -> e.equals(events.get(0))), "the same event, sent again: " + events);
    }

    @Test
    void getOrder_paymentDeclined_failedWithTheReasonNothingChargedAndTheMessageDoneWith() {
        queues.drain(TestSystem.STATUS_EVENTS_QUEUE);
        LocalPaymentProvider provider = TestSystem.paymentProvider();
        long dead = queues.depth(TestSystem.DEAD_LETTER_QUEUE).total();
        provider.simulate(new ProviderSimulation(TestSystem.PAYMENT_LATENCY, Duration.ZERO, 0, 1.0));
        String asyncId;
        HttpResponse<String> sync;
        HttpResponse<String> syncAgain;
        try {
            HttpResponse<String> accepted = api.postAsync(ORDER);
            assertEquals(202, accepted.statusCode(), accepted.body());
            asyncId = OrderJsonReader.orderId(accepted.body());
            Waits.until("order " + asyncId + " failed", Duration.ofSeconds(30), Duration.ofMillis(50),
                    () -> OrderJsonReader.read(api.order(asyncId).body()).get("status").asText().equals("failed"));
            String key = UUID.randomUUID().toString();
            sync = api.postWithKey("/orders/sync", ORDER, key);
            syncAgain = api.postWithKey("/orders/sync", ORDER, key);
        } finally {
            provider.simulate(TestSystem.PAYMENT);
        }

        JsonNode failed = OrderJsonReader.read(api.order(asyncId).body());
        assertEquals(List.of("pending", "processing", "failed"), OrderJsonReader.transitionStatuses(failed), failed.toString());
        assertEquals("card_declined", failed.get("reason").asText(), failed.toString());
        assertTrue(failed.path("payment").isMissingNode() || failed.get("payment").isNull(), "no payment: " + failed);
        List<JsonNode> events = eventsFor(asyncId, 1);
        assertEquals("order_failed", events.get(0).get("event").asText());
        assertEquals("card_declined", events.get(0).get("reason").asText());
        for (HttpResponse<String> response : List.of(sync, syncAgain)) {
            assertEquals(402, response.statusCode(), response.body());
            assertEquals("payment_declined", OrderJsonReader.read(response.body()).get("error").asText());
        }
        assertTrue(provider.charges().stream().noneMatch(charge -> charge.orderId().equals(asyncId)), "nothing charged");
        Waits.until("the declined order's message deleted", Duration.ofSeconds(10), () -> queues.depth(TestSystem.ORDER_QUEUE).total() == 0);
        assertEquals(dead, queues.depth(TestSystem.DEAD_LETTER_QUEUE).total(), "a decline is an answer, not a dead letter");
    }

    @Test
    void getOrder_pendingBehindABacklog_estimatesItsPositionAndCompletionFromDepthAndRate() {
        // A backlog of about 14 s at workers / latency, put on the queue directly (faster than any client could).
        double limit = TestSystem.WORKERS * 1000.0 / TestSystem.PAYMENT_LATENCY.toMillis();
        queues.sendOrders(TestSystem.ORDER_QUEUE, (int) (limit * 14));
        Waits.sleep(Duration.ofSeconds(1)); // the API reads the queue's depth at most once a second

        JsonNode early = OrderJsonReader.read(api.order(OrderJsonReader.orderId(api.postAsync(ORDER).body())).body());
        assertEquals("pending", early.get("status").asText(), early.toString());
        assertTrue(early.get("queue").get("position").asLong() > TestSystem.WORKERS, "behind the backlog: " + early);

        // The rate comes from the throughput log's whole 5 s buckets: measured once the processors have filled one.
        String earlyId = early.get("order_id").asText();
        Waits.until("a processing rate measured", Duration.ofSeconds(30), Duration.ofMillis(500), () -> OrderJsonReader
                .read(api.order(earlyId).body()).path("queue").path("processing_rate_per_second").asDouble() > 0);
        HttpResponse<String> accepted = api.postAsync(ORDER);
        String orderId = OrderJsonReader.orderId(accepted.body());
        Instant before = Instant.now();
        JsonNode pending = OrderJsonReader.read(api.order(orderId).body());
        Instant asked = Instant.now();

        assertEquals("pending", pending.get("status").asText(), pending.toString());
        JsonNode queue = pending.get("queue");
        long position = queue.get("position").asLong();
        double rate = queue.get("processing_rate_per_second").asDouble();
        assertTrue(position > 1 && position <= Math.max(1, queue.get("depth").asLong()), "behind the backlog: " + queue);
        assertTrue(rate > 0, "a rate measured: " + queue);
        // The estimate is the position at the measured rate plus one payment, from when the server answered. How close
        // it comes to the real completion depends on the machine's load: a figure for a benchmark, not a test.
        Instant estimate = Instant.parse(queue.get("estimated_completion_at").asText());
        Duration ahead = Duration.ofMillis(Math.round((position - 1) / rate * 1000)).plus(TestSystem.PAYMENT_LATENCY);
        Duration rounding = Duration.ofMillis(Math.round((position - 1) * 1000 * 0.005 / (rate * rate)) + 1);
        assertTrue(!estimate.isBefore(before.plus(ahead).minus(rounding)) && !estimate.isAfter(asked.plus(ahead).plus(rounding)),
                "estimated " + estimate + ": not position / rate + one payment (" + ahead + ") after " + before + " .. " + asked);
    }

    /** Polls the order until it is completed, and returns each status seen, in order, without repeats. */
    private List<String> follow(String orderId, Duration timeout) {
        List<String> seen = new ArrayList<>();
        Waits.until("order " + orderId + " completed", timeout, Duration.ofMillis(20), () -> {
            String status = OrderJsonReader.read(api.order(orderId).body()).get("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("completed");
        });
        return seen;
    }

    private static void assertInLifeOrder(List<String> seen) {
        int last = -1;
        for (String status : seen) {
            int rank = LIFE.indexOf(status);
            assertTrue(rank > last, "statuses only move forward: " + seen);
            last = rank;
        }
    }

    private static void assertTimesIncrease(JsonNode order) {
        Instant previous = Instant.MIN;
        for (JsonNode transition : order.get("transitions")) {
            Instant at = Instant.parse(transition.get("at").asText());
            assertFalse(at.isBefore(previous), "transition times in order: " + order.get("transitions"));
            previous = at;
        }
    }

    /** Waits for at least {@code atLeast} status events about the order on the events queue, and returns them. */
    private List<JsonNode> eventsFor(String orderId, int atLeast) {
        List<JsonNode> events = new ArrayList<>();
        Waits.until(atLeast + " status event(s) for " + orderId, Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            for (String body : queues.drainBodies(TestSystem.STATUS_EVENTS_QUEUE)) {
                JsonNode event = OrderJsonReader.read(body);
                if (event.get("order_id").asText().equals(orderId)) {
                    events.add(event);
                }
            }
            return events.size() >= atLeast;
        });
        return events;
    }
}
