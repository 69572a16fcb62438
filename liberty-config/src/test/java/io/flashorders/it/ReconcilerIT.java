package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashorders.core.intake.Admission;
import io.flashorders.core.intake.OrderIntake;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receiver that dies between recording an order and publishing it leaves the order pending and unqueued; the
 * server's reconciler publishes it again once it has waited orders.reconciler.stale-after.ms, and it is paid once.
 */
class ReconcilerIT {

    private final OrderApi api = TestSystem.api();

    @BeforeAll
    static void systemUp() {
        TestSystem.awaitReadyAndIdle();
    }

    /** The process dies inside publish: nothing is sent, nothing after it runs. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the receiver's process died before its publish reached the queue");
        }
    }

    @Test
    void reconciler_receiverDiedBetweenStoreAndPublish_pendingUntilRepublishedThenCompletedOnce() {
        Metrics before = api.metrics();
        OrderIntake dying = new OrderIntake(TestSystem.orderStore(), new DyingPublisher(), Clock.systemUTC(),
                new OrderIntake.Settings(Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(1)));
        Admission admission = dying.admit(new OrderIntake.Request(Channel.ASYNC,
                OrderJson.parseSubmission(SampleOrders.valid().getBytes(StandardCharsets.UTF_8), OrderLimits.defaults()), Optional.empty(), OptionalLong.of(0)));
        OrderRecord recorded = assertInstanceOf(Admission.Fresh.class, admission).order();
        assertThrows(ProcessDied.class, () -> dying.publish(recorded));
        String orderId = recorded.orderId();

        // Before the reconciler may republish it (stale-after), nothing else queues the order.
        Waits.holdsFor("the order unqueued", TestSystem.RECONCILER_STALE_AFTER.dividedBy(2), Duration.ofMillis(200),
                () -> TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total() == 0);
        JsonNode stranded = OrderJsonReader.read(api.order(orderId).body());
        assertEquals("pending", stranded.get("status").asText(), "recorded, never queued: " + stranded);
        assertFalse(stranded.has("queued_at"), stranded.toString());
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total(), "nothing was queued");
        assertEquals(before.republished(), api.metrics().republished(), "not before the bound");

        Waits.until("the stranded order completed", TestSystem.RECONCILER_STALE_AFTER.plusSeconds(30), Duration.ofMillis(100),
                () -> OrderJsonReader.read(api.order(orderId).body()).get("status").asText().equals("completed"));

        JsonNode completed = OrderJsonReader.read(api.order(orderId).body());
        assertEquals(List.of("pending", "processing", "completed"), OrderJsonReader.transitionStatuses(completed));
        // Not queued_at: the reconciler notes the order as queued after its publish, and a processor that claims it
        // first wins (the store notes only a pending order), so it is there or not by a race. The republish count is the proof.
        Waits.holdsFor("published again once, paid once", TestSystem.PAYMENT_LATENCY.multipliedBy(3), Duration.ofMillis(200), () -> {
            Metrics now = api.metrics();
            return now.republished() - before.republished() <= 1 && now.processorPayments() - before.processorPayments() <= 1;
        });
        Metrics after = api.metrics();
        assertEquals(1, after.republished() - before.republished(), "published again once");
        assertEquals(1, after.processorPayments() - before.processorPayments(), "paid once");
        assertEquals(0, TestSystem.queues().depth(TestSystem.ORDER_QUEUE).total());
    }

    private static final class DyingPublisher implements OrderPublisher {

        @Override
        public void publish(String orderId, String orderJson) {
            throw new ProcessDied();
        }

        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public String destination() {
            return "nowhere";
        }
    }
}
