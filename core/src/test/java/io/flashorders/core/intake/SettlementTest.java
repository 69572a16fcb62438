package io.flashorders.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.ChargeRequest;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.core.payment.PaymentStep;
import io.flashorders.core.payment.ProviderSimulation;
import io.flashorders.core.payment.SimulatedPaymentProvider;
import io.flashorders.core.processing.Reason;
import io.flashorders.core.progress.CompletionFailedException;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.progress.StatusEvents;
import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.testing.FlakyOrderStore;
import io.flashorders.core.testing.MutableClock;
import io.flashorders.core.testing.RecordingPublisher;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The one settling mechanism: sync orders whose request died or lost its answer, claims whose processor died, completions the store refused. */
class SettlementTest {

    private static final Duration SYNC_HOLD = Duration.ofSeconds(45);
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String OWNER = "delivery-1";
    private static final NewOrder SUBMISSION = new NewOrder(7, OrderLimits.DEFAULT_CURRENCY, List.of(new OrderItem("sku-1", 2, new BigDecimal("12.50"))));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final FlakyOrderStore store = new FlakyOrderStore();
    private final RecordingPublisher queue = new RecordingPublisher();
    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(ProviderSimulation.steady(Duration.ZERO));
    private final PaymentStep step = new PaymentStep(new PaymentGate(4, Duration.ZERO, Duration.ZERO), provider);
    private final OrderIntake intake = new OrderIntake(store, queue, clock,
            new OrderIntake.Settings(Duration.ofHours(24), Duration.ZERO, SYNC_HOLD, MARGIN));
    private final Reconciler reconciler = new Reconciler(store, queue,
            Optional.of(new Settlement(store, provider, queue, clock, SYNC_HOLD)), clock, Duration.ofSeconds(30), 100);
    private final OrderProgress progress = new OrderProgress(store, StatusEvents.via(new RecordingPublisher()),
            new ThroughputRecorder(), clock, LEASE);

    @Test
    void syncRequestDiedAfterTheCharge_settledAsCompletedWithThatChargeOnce_andTheRetryGetsIt() throws Exception {
        OrderRecord order = admitSync("key-1");
        chargeAsTheRequestDid(order);

        clock.advance(SYNC_HOLD.minusSeconds(1));
        assertEquals(Map.of(), reconciler.runOnce().settled(), "its request may still be running");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Map.of(Settlement.Result.COMPLETED, 1), reconciler.runOnce().settled());

        OrderRecord settled = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, settled.status());
        assertEquals(0, new BigDecimal("25.00").compareTo(settled.payment().orElseThrow().amount()));
        assertTrue(settled.payment().orElseThrow().alreadyPaid());
        assertEquals(1, provider.ledger().charges().size());
        Admission retry = intake.admit(sync("key-1"));
        assertEquals(order.orderId(), assertInstanceOf(Admission.Replay.class, retry).original().orderId());
        assertEquals(Map.of(), reconciler.runOnce().settled(), "settled once");
    }

    @Test
    void syncRequestDiedBeforeCharging_rejectedAsInterrupted_andItsKeyReleasedForANewAttempt() {
        OrderRecord order = admitSync("key-2");

        clock.advance(SYNC_HOLD.plusSeconds(1));
        assertEquals(Map.of(Settlement.Result.REJECTED, 1), reconciler.runOnce().settled());

        OrderRecord settled = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.REJECTED, settled.status());
        assertEquals(Optional.of(Reason.PAYMENT_INTERRUPTED.code()), settled.reason());
        assertEquals(List.of(), provider.ledger().charges());
        OrderRecord again = assertInstanceOf(Admission.Fresh.class, intake.admit(sync("key-2"))).order();
        assertNotEquals(order.orderId(), again.orderId());
    }

    @Test
    void unknownOutcome_retryWithTheKeyResumesTheSameOrder_andTheProviderReplaysTheCharge() throws Exception {
        OrderRecord order = admitSync("key-3");
        chargeAsTheRequestDid(order); // charged, then the answer was lost: the request answers 503
        Duration retryAfter = intake.outcomeUnknown(order);
        assertEquals(MARGIN, retryAfter);

        Admission early = intake.admit(sync("key-3"));
        assertEquals(MARGIN, assertInstanceOf(Admission.KeyBusy.class, early).retryAfter(), "409 says when it will be settled");

        clock.advance(MARGIN);
        OrderRecord resumed = assertInstanceOf(Admission.Resume.class, intake.admit(sync("key-3"))).order();
        assertEquals(order.orderId(), resumed.orderId());
        Payment payment = step.pay(resumed.order());
        intake.paid(resumed, clock.instant(), payment);

        assertTrue(payment.alreadyPaid(), "replayed, not charged again");
        assertEquals(1, provider.ledger().charges().size());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
        clock.advance(SYNC_HOLD.multipliedBy(2));
        assertEquals(Map.of(), reconciler.runOnce().settled(), "nothing left to settle");
    }

    @Test
    void unknownOutcome_noRetry_settledAfterTheMargin() throws Exception {
        OrderRecord order = admitSync("key-4");
        chargeAsTheRequestDid(order);
        intake.outcomeUnknown(order);

        clock.advance(MARGIN.plusMillis(1));
        assertEquals(Map.of(Settlement.Result.COMPLETED, 1), reconciler.runOnce().settled());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void whileTheSettlerHoldsAnOrder_aRetryIsToldToComeBackWhenItWillBeSettled() {
        OrderRecord order = admitSync("key-5");
        clock.advance(SYNC_HOLD.plusSeconds(1));
        OrderRecord stored = store.find(order.orderId()).orElseThrow();
        assertTrue(store.holdForSettling(order.orderId(), stored.settleAt().orElseThrow(), clock.instant().plus(Duration.ofSeconds(12))));

        assertFalse(store.holdForSettling(order.orderId(), stored.settleAt().orElseThrow(), clock.instant().plus(SYNC_HOLD)),
                "one holder at a time");
        Admission retry = intake.admit(sync("key-5"));
        assertEquals(Duration.ofSeconds(12), assertInstanceOf(Admission.KeyBusy.class, retry).retryAfter());
    }

    @Test
    void processorDiedBetweenClaimAndCompletion_completedFromTheLedgerOnceItsLeaseRunsOut() throws Exception {
        Order order = queuedOrder();
        assertInstanceOf(OrderProgress.Begin.Claimed.class, progress.begin(order, OWNER));
        step.pay(order.withStatus(OrderStatus.PROCESSING)); // charged; then the processor was killed

        clock.advance(LEASE.minusSeconds(1));
        assertEquals(Map.of(), reconciler.runOnce().settled(), "the processor may still be at work");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Map.of(Settlement.Result.COMPLETED, 1), reconciler.runOnce().settled());

        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
        assertEquals(1, provider.ledger().charges().size());
        assertInstanceOf(OrderProgress.Begin.Finished.class, progress.begin(order, "delivery-2"), "its redelivered message finds it finished");
    }

    @Test
    void processorDiedBeforeCharging_orderHandedBackToTheProcessors() {
        Order order = queuedOrder();
        assertInstanceOf(OrderProgress.Begin.Claimed.class, progress.begin(order, OWNER));

        clock.advance(LEASE.plusSeconds(1));
        assertEquals(Map.of(Settlement.Result.RETURNED, 1), reconciler.runOnce().settled());

        OrderRecord returned = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.PROCESSING, returned.status());
        assertEquals(Optional.empty(), returned.claimedAt(), "the next message claims it at once");
        assertEquals(List.of(new RecordingPublisher.Published(order.orderId(), returned.orderJson())), queue.published());
        assertEquals(List.of(), provider.ledger().charges());
        assertFalse(progress.renew(order.orderId(), OWNER), "the run-out claim is no longer the dead processor's");
    }

    @Test
    void slowPaymentRenewingItsClaim_neverSettled_untilItsRenewalsStop() {
        Order order = queuedOrder();
        assertInstanceOf(OrderProgress.Begin.Claimed.class, progress.begin(order, OWNER));

        clock.advance(LEASE.minusSeconds(1));
        assertTrue(progress.renew(order.orderId(), OWNER));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Map.of(), reconciler.runOnce().settled(), "renewed: the claim is live");

        clock.advance(LEASE);
        assertEquals(Map.of(Settlement.Result.RETURNED, 1), reconciler.runOnce().settled());
    }

    @Test
    void completionWriteFailsOnce_retriedAndCompleted() throws Exception {
        Order order = queuedOrder();
        progress.begin(order, OWNER);
        Payment payment = step.pay(order.withStatus(OrderStatus.PROCESSING));
        store.failCompletes(1);

        assertTrue(progress.completed(order, payment));

        assertEquals(2, store.completeCalls());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void completionWriteAlwaysRefused_completionFailed_thenSettledFromTheLedgerOnceTheStoreAcceptsIt() throws Exception {
        Order order = queuedOrder();
        progress.begin(order, OWNER);
        Payment payment = step.pay(order.withStatus(OrderStatus.PROCESSING));
        store.failCompletes(Integer.MAX_VALUE);

        assertThrows(CompletionFailedException.class, () -> progress.completed(order, payment));
        assertEquals(OrderStatus.PROCESSING, store.find(order.orderId()).orElseThrow().status(), "still claimed");

        clock.advance(LEASE.plusSeconds(1));
        Map<Settlement.Result, Integer> stillDown = Map.of();
        try {
            stillDown = reconciler.runOnce().settled();
        } catch (RuntimeException storeDown) {
            // the store refuses the settling's completion too: the next pass tries again
        }
        assertEquals(Map.of(), stillDown);
        store.failCompletes(0);
        clock.advance(SYNC_HOLD.plusSeconds(1));
        assertEquals(Map.of(Settlement.Result.COMPLETED, 1), reconciler.runOnce().settled());

        OrderRecord completed = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, completed.status());
        assertEquals(1, provider.ledger().charges().size(), "exactly one charge");
        assertEquals(0, payment.charge().amount().compareTo(completed.payment().orElseThrow().amount()));
    }

    private OrderRecord admitSync(String key) {
        return assertInstanceOf(Admission.Fresh.class, intake.admit(sync(key))).order();
    }

    private void chargeAsTheRequestDid(OrderRecord order) throws Exception {
        provider.charge(new ChargeRequest(order.orderId(), order.orderId(), Money.of(new BigDecimal("25.00"), OrderLimits.DEFAULT_CURRENCY)));
    }

    private Order queuedOrder() {
        return SUBMISSION.accept(clock);
    }

    private static OrderIntake.Request sync(String key) {
        return new OrderIntake.Request(Channel.SYNC, SUBMISSION, Optional.of(key), OptionalLong.empty());
    }
}
