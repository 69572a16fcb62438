package io.flashorders.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.concurrent.CallLimit;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Charge;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payer;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentOutcomeUnknownException;
import io.flashorders.core.processing.ProcessingOutcome.AlreadyFinished;
import io.flashorders.core.processing.ProcessingOutcome.CompletionFailed;
import io.flashorders.core.processing.ProcessingOutcome.Declined;
import io.flashorders.core.processing.ProcessingOutcome.Paid;
import io.flashorders.core.processing.ProcessingOutcome.Poison;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.InMemoryOrderStore;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.testing.FlakyOrderStore;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.RecordingPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderProcessingTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final RecordingPublisher eventQueue = new RecordingPublisher();
    private final OrderProgress progress = new OrderProgress(store, StatusEvents.via(eventQueue), new ThroughputRecorder(), clock, LEASE);
    private final AtomicInteger charges = new AtomicInteger();
    private final Payer paying = order -> {
        charges.incrementAndGet();
        return new Payment(order.withStatus(OrderStatus.COMPLETED),
                new Charge("ch_" + charges.get(), order.orderId(), order.orderId(), order.total(), clock.instant()), false);
    };

    @Test
    void process_pendingOrder_paidAndCompleted() {
        Order order = recorded();

        ProcessingOutcome outcome = tracking(paying).process(OrderJson.write(order), new DeliveryClaim());

        Paid paid = assertInstanceOf(Paid.class, outcome);
        assertEquals(order.orderId(), paid.orderId());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
        assertEquals(1, eventQueue.published().size());
    }

    @Test
    void process_finishedOrder_alreadyFinishedWithoutPaying() {
        Order order = recorded();
        tracking(paying).process(OrderJson.write(order), new DeliveryClaim());

        ProcessingOutcome again = tracking(paying).process(OrderJson.write(order), new DeliveryClaim());

        assertEquals(new AlreadyFinished(order.orderId(), OrderStatus.COMPLETED), again);
        assertEquals(1, charges.get());
    }

    @Test
    void process_orderAnotherProcessorHolds_retryWhenItsClaimRunsOut() {
        Order order = recorded();
        progress.begin(order, "worker-1");

        ProcessingOutcome outcome = tracking(paying).process(OrderJson.write(order), new DeliveryClaim());

        RetryLater retry = assertInstanceOf(RetryLater.class, outcome);
        assertEquals(Reason.ORDER_BUSY, retry.reason());
        assertEquals(Optional.of(LEASE), retry.after());
        assertEquals(0, charges.get());
    }

    @Test
    void process_declined_failsTheOrderForGood() {
        Order order = recorded();

        ProcessingOutcome outcome = tracking(o -> {
            throw new PaymentDeclinedException(PaymentDeclinedException.CARD_DECLINED, "no");
        }).process(OrderJson.write(order), new DeliveryClaim());

        assertEquals(new Declined(order.orderId(), "card_declined"), outcome);
        assertEquals(OrderStatus.FAILED, store.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void process_paymentFailed_retriesAndGivesTheClaimUpSoTheNextDeliveryPaysAtOnce() {
        Order order = recorded();

        ProcessingOutcome failed = tracking(o -> {
            throw new PaymentFailedException("provider down");
        }).process(OrderJson.write(order), new DeliveryClaim());

        RetryLater retry = assertInstanceOf(RetryLater.class, failed);
        assertEquals(Reason.PAYMENT_FAILED, retry.reason());
        assertEquals("provider down", retry.detail());
        assertEquals(Optional.empty(), retry.after(), "the transport's back-off decides");
        assertInstanceOf(Paid.class, tracking(paying).process(OrderJson.write(order), new DeliveryClaim()), "claimed again without waiting out the lease");
    }

    @Test
    void process_paymentOutcomeUnknown_retryLaterPaymentUnknown() {
        Order order = recorded();

        ProcessingOutcome unknown = tracking(o -> {
            throw new PaymentOutcomeUnknownException("answer lost", new java.io.IOException("connection reset"));
        }).process(OrderJson.write(order), new DeliveryClaim());

        assertEquals(Reason.PAYMENT_UNKNOWN, assertInstanceOf(RetryLater.class, unknown).reason());
    }

    @Test
    void process_completionRefusedEveryTime_completionFailedDeadLetter_orderStaysClaimedForTheReconciler() {
        FlakyOrderStore refusing = new FlakyOrderStore();
        OrderProgress refused = new OrderProgress(refusing, StatusEvents.via(eventQueue), new ThroughputRecorder(), clock, LEASE);
        Order order = new Order(UUID.randomUUID().toString(), 42, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), clock.instant());
        refusing.failCompletes(Integer.MAX_VALUE);

        ProcessingOutcome outcome = new OrderProcessing(paying, Optional.of(refused)).process(OrderJson.write(order), new DeliveryClaim());

        CompletionFailed failed = assertInstanceOf(CompletionFailed.class, outcome);
        assertEquals("completion_failed", failed.code());
        assertEquals(order.orderId(), failed.orderId());
        assertEquals(1, charges.get());
        OrderRecord claimed = refusing.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.PROCESSING, claimed.status());
        assertEquals(Optional.of(clock.instant().plus(LEASE)), claimed.settleAt(), "settled once its claim runs out");
    }

    @Test
    void process_eventNotSent_retriedSoTheRedeliverySendsIt() {
        Order order = recorded();
        eventQueue.failing(true);

        RetryLater retry = assertInstanceOf(RetryLater.class, tracking(paying).process(OrderJson.write(order), new DeliveryClaim()));

        assertEquals(Reason.STATUS_EVENT_NOT_SENT, retry.reason());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
        eventQueue.failing(false);
        assertEquals(new AlreadyFinished(order.orderId(), OrderStatus.COMPLETED), tracking(paying).process(OrderJson.write(order), new DeliveryClaim()));
        assertEquals(1, charges.get());
    }

    @Test
    void process_unreadableBody_poisonWithTheParsersCode() {
        Poison poison = assertInstanceOf(Poison.class, tracking(paying).process("{not json", new DeliveryClaim()));

        assertEquals("malformed_json", poison.code());
        assertNull(poison.orderId());
        assertEquals(0, charges.get());
    }

    @Test
    void process_unforeseenFailure_retryLaterUnexpected() {
        Order order = recorded();

        RetryLater retry = assertInstanceOf(RetryLater.class, tracking(o -> {
            throw new IllegalStateException("bug");
        }).process(OrderJson.write(order), new DeliveryClaim()));

        assertEquals(Reason.UNEXPECTED, retry.reason());
        assertTrue(retry.detail().contains("bug"), retry.detail());
    }

    @Test
    void process_withoutProgress_onlyPays() {
        Order order = recorded();

        assertInstanceOf(Paid.class, new OrderProcessing(paying, Optional.empty()).process(OrderJson.write(order), new DeliveryClaim()));

        assertEquals(OrderStatus.PENDING, store.find(order.orderId()).orElseThrow().status(), "no status tracked");
    }

    @Test
    void process_notesHowLongTheOrderWaitedSinceItWasAccepted() {
        Order order = recorded();
        clock.advance(Duration.ofMillis(4_200));
        QueueWait waits = new QueueWait(clock, Duration.ofSeconds(2));

        assertInstanceOf(Paid.class, new OrderProcessing(paying, Optional.of(progress), Optional.of(waits))
                .process(OrderJson.write(order), new DeliveryClaim()));

        assertEquals(4.2, waits.oldestSeconds().getAsDouble());
    }

    @Test
    void pay_gateBusyOrInterrupted_retryLaterWithItsReason() {
        Order order = recorded();

        RetryLater busy = (RetryLater) OrderProcessing.pay(o -> {
            throw new GateBusyException(o.orderId(), 2, Duration.ofMillis(5), Duration.ofSeconds(3));
        }, order);
        RetryLater stopping = (RetryLater) OrderProcessing.pay(o -> {
            throw new InterruptedException();
        }, order);

        assertEquals(Reason.PAYMENT_BUSY, busy.reason());
        assertEquals(Reason.SHUTTING_DOWN, stopping.reason());
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }

    @Test
    void process_storeCallsAtTheirBound_claimRefusedWithoutAWriteAndRetriedLaterWithoutAnAttempt() throws InterruptedException {
        CallLimit storeCalls = new CallLimit(1, Duration.ofMillis(50));
        OrderProcessing bounded = new OrderProcessing(paying, Optional.of(
                new OrderProgress(store, StatusEvents.via(eventQueue), new ThroughputRecorder(), clock, LEASE, storeCalls)));
        Order order = recorded();
        storeCalls.enter(); // another order's completion in flight

        ProcessingOutcome refused = bounded.process(OrderJson.write(order), new DeliveryClaim());

        RetryLater retry = assertInstanceOf(RetryLater.class, refused);
        assertEquals(Reason.STORE_BUSY, retry.reason());
        assertEquals(Optional.of(Duration.ofMillis(50)), retry.after(), "back after the wait, costing no attempt");
        assertEquals(OrderStatus.PENDING, store.find(order.orderId()).orElseThrow().status(), "nothing written");
        assertEquals(0, charges.get());

        storeCalls.exit();
        assertInstanceOf(Paid.class, bounded.process(OrderJson.write(order), new DeliveryClaim()));
        assertEquals(0, storeCalls.inFlight());
    }

    @Test
    void process_storeCallsAtTheirBoundWhilePaying_completionGoesThroughWithoutWaiting() {
        CallLimit storeCalls = new CallLimit(1, Duration.ofDays(1));
        Payer payingWhileAnotherClaims = order -> {
            try {
                // Another order's claim takes the only place while this one is being paid.
                assertTrue(storeCalls.tryEnter());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return paying.pay(order);
        };
        OrderProcessing bounded = new OrderProcessing(payingWhileAnotherClaims, Optional.of(
                new OrderProgress(store, StatusEvents.via(eventQueue), new ThroughputRecorder(), clock, LEASE, storeCalls)));
        Order order = recorded();

        ProcessingOutcome outcome = bounded.process(OrderJson.write(order), new DeliveryClaim());

        assertInstanceOf(Paid.class, outcome);
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
        assertEquals(1, storeCalls.inFlight(), "the other claim's place, still held");
    }

    private OrderProcessing tracking(Payer payer) {
        return new OrderProcessing(payer, Optional.of(progress));
    }

    private Order recorded() {
        Order order = new Order(UUID.randomUUID().toString(), 42, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), clock.instant());
        store.create(OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.empty()));
        return order;
    }
}
