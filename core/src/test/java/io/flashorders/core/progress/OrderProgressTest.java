package io.flashorders.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.RecordingPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderProgressTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final RecordingPublisher eventQueue = new RecordingPublisher();
    private final ThroughputRecorder throughput = new ThroughputRecorder();
    private final OrderProgress progress = new OrderProgress(store, StatusEvents.via(eventQueue), throughput, clock, LEASE);

    @Test
    void begin_pendingOrder_claimsItForPayment() {
        Order order = recorded();

        OrderProgress.Begin begin = progress.begin(order, "worker-1");

        assertEquals(new OrderProgress.Begin.Claimed(false), begin);
        assertEquals(OrderStatus.PROCESSING, store.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void completed_afterPayment_recordsItCountsItAndSendsOneEvent() {
        Order order = recorded();
        progress.begin(order, "worker-1");
        clock.advance(Duration.ofSeconds(3));

        assertTrue(progress.completed(order, payment(order, false)));

        OrderRecord stored = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, stored.status());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PROCESSING, OrderStatus.COMPLETED), List.copyOf(stored.transitions().keySet()));
        assertEquals(1, throughput.unflushed());
        assertEquals(1, eventQueue.published().size());
        String event = eventQueue.published().get(0).body();
        assertTrue(event.contains("\"event\":\"order_completed\""), event);
        assertTrue(event.contains("\"order_id\":\"" + order.orderId() + "\""), event);
        assertTrue(event.contains("\"status\":\"completed\""), event);
        assertTrue(event.contains("\"payment\":{\"amount\":39.98"), event);
    }

    @Test
    void begin_messageForFinishedOrder_acknowledgedWithoutPayingAndEventSentAgain() {
        Order order = recorded();
        progress.begin(order, "worker-1");
        progress.completed(order, payment(order, false));
        OrderRecord completed = store.find(order.orderId()).orElseThrow();

        OrderProgress.Begin again = progress.begin(order, "worker-1");

        assertEquals(new OrderProgress.Begin.Finished(OrderStatus.COMPLETED, true), again);
        assertEquals(completed, store.find(order.orderId()).orElseThrow(), "never a step backwards");
        assertEquals(2, eventQueue.published().size(), "the event again, in case the first send was lost");
        assertEquals(eventQueue.published().get(0), eventQueue.published().get(1));
    }

    @Test
    void begin_orderAnotherProcessorHolds_leftForLaterUntilItsClaimRunsOut() {
        Order order = recorded();
        progress.begin(order, "worker-1");

        assertEquals(new OrderProgress.Begin.Busy(), progress.begin(order, "worker-2"), "the message comes back later");

        clock.advance(LEASE.plusSeconds(1));
        assertEquals(new OrderProgress.Begin.Claimed(true), progress.begin(order, "worker-2"));
    }

    @Test
    void renew_slowPaymentRenewsItsClaim_noTakeoverWhileItRuns() {
        Order order = recorded();
        assertEquals(new OrderProgress.Begin.Claimed(false), progress.begin(order, "worker-1"));

        for (int i = 0; i < 3; i++) {
            clock.advance(LEASE.dividedBy(2));
            assertTrue(progress.renew(order.orderId(), "worker-1"));
        }
        clock.advance(LEASE.dividedBy(2));

        assertEquals(new OrderProgress.Begin.Busy(), progress.begin(order, "worker-2"), "two leases after the claim, but renewed");
        assertFalse(progress.renew(order.orderId(), "worker-2"), "only the owner renews");
    }

    @Test
    void completed_eventQueueDown_keepsTheMessageAndTheRedeliverySendsIt() {
        Order order = recorded();
        progress.begin(order, "worker-1");
        eventQueue.failing(true);

        assertFalse(progress.completed(order, payment(order, false)), "left on the queue");
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());

        assertEquals(new OrderProgress.Begin.Finished(OrderStatus.COMPLETED, false), progress.begin(order, "worker-1"), "still unsent");
        eventQueue.failing(false);
        assertEquals(new OrderProgress.Begin.Finished(OrderStatus.COMPLETED, true), progress.begin(order, "worker-1"));
        assertEquals(1, eventQueue.published().size());
    }

    @Test
    void begin_rejectedOrder_acknowledgedWithoutPayingOrEvent() {
        Order order = recorded();
        store.reject(order.orderId(), Optional.empty(), "queue_unavailable", clock.instant());

        OrderProgress.Begin begin = progress.begin(order, "worker-1");

        assertEquals(new OrderProgress.Begin.Finished(OrderStatus.REJECTED, true), begin);
        assertEquals(List.of(), eventQueue.published());
    }

    @Test
    void begin_unknownOrder_recordsAndClaimsIt() {
        Order order = new Order(UUID.randomUUID().toString(), 9, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku", 1, BigDecimal.ONE)), clock.instant());

        assertEquals(new OrderProgress.Begin.Claimed(false), progress.begin(order, "worker-1"));

        assertEquals(Channel.QUEUE, store.find(order.orderId()).orElseThrow().channel());
    }

    @Test
    void failed_processingOrder_failsItAndSendsTheFailedEvent() {
        Order order = recorded();
        progress.begin(order, "worker-1");

        assertTrue(progress.failed(order, "card_declined"));

        assertEquals(OrderStatus.FAILED, store.find(order.orderId()).orElseThrow().status());
        String event = eventQueue.published().get(0).body();
        assertTrue(event.contains("\"event\":\"order_failed\"") && event.contains("\"reason\":\"card_declined\""), event);
        assertFalse(event.contains("payment"), event);
        assertEquals(0, throughput.unflushed(), "a failure is not a completed payment");
    }

    @Test
    void completed_eventsOff_acknowledges() {
        OrderProgress quiet = new OrderProgress(store, StatusEvents.NONE, throughput, clock, LEASE);
        Order order = recorded();
        quiet.begin(order, "worker-1");

        assertTrue(quiet.completed(order, payment(order, true)));
        assertTrue(store.find(order.orderId()).orElseThrow().payment().orElseThrow().alreadyPaid());
    }

    private Order recorded() {
        Order order = new Order(UUID.randomUUID().toString(), 42, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), clock.instant());
        store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
        return order;
    }

    private Payment payment(Order order, boolean alreadyPaid) {
        return new Payment(order.withStatus(OrderStatus.COMPLETED),
                new Charge("ch_1", order.orderId(), order.orderId(), Money.of(new BigDecimal("39.98"), OrderLimits.DEFAULT_CURRENCY), clock.instant()), alreadyPaid);
    }
}
