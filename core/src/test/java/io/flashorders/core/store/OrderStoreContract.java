package io.flashorders.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderItem;
import io.flashorders.core.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderStore} does, run against each implementation (memory here, DynamoDB Local in order-aws), so
 * that the unit tests of the code above the store prove something about the real one too. Times are whole
 * milliseconds, as the DynamoDB store keeps its awaiting times.
 */
public abstract class OrderStoreContract {

    protected static final Instant T0 = Instant.parse("2026-11-21T13:00:00.123Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String OWNER = "delivery-1";
    private static final String OTHER = "delivery-2";
    private static final PaymentOutcome PAID = new PaymentOutcome(Money.of(new BigDecimal("39.98"), OrderLimits.DEFAULT_CURRENCY), T0.plusSeconds(3), false);

    private OrderStore store;

    /** A store to test, empty or at least without the random order ids and keys these tests use. */
    protected abstract OrderStore newStore();

    @BeforeEach
    void freshStore() {
        store = newStore();
    }

    @Test
    void createAll_freshOrders_allRecorded() {
        List<OrderRecord> orders = List.of(asyncOrder(), asyncOrder(), asyncOrder(), asyncOrder(), asyncOrder());

        Map<Integer, Exception> failed = store.createAll(orders);

        assertEquals(Map.of(), failed);
        for (OrderRecord order : orders) {
            assertEquals(order.order(), store.find(order.orderId()).orElseThrow().order());
        }
    }

    @Test
    void createAll_oneRecordedAlready_thatOneRefusedTheOthersRecorded() {
        OrderRecord present = asyncOrder().moveTo(OrderStatus.PROCESSING, T0.plusSeconds(1));
        store.create(present);
        OrderRecord first = asyncOrder();
        Order clash = new Order(present.orderId(), 7, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY, present.order().items(), T0);
        OrderRecord again = OrderRecord.pending(clash, OrderJson.write(clash), Channel.ASYNC, Optional.empty(), OptionalLong.empty());
        OrderRecord last = asyncOrder();

        Map<Integer, Exception> failed = store.createAll(List.of(first, again, last));

        assertEquals(List.of(1), List.copyOf(failed.keySet()));
        assertTrue(failed.get(1) instanceof OrderStore.RecordedAlready, "refused as recorded already: " + failed.get(1));
        assertEquals(OrderStatus.PROCESSING, store.find(present.orderId()).orElseThrow().status(), "the recorded one is untouched");
        assertTrue(store.find(first.orderId()).isPresent());
        assertTrue(store.find(last.orderId()).isPresent());
    }

    @Test
    void create_newAsyncOrder_isFoundPendingAndAwaitingItsQueueing() {
        OrderRecord order = asyncOrder();

        store.create(order);

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(order.order(), found.order());
        assertEquals(order.orderJson(), found.orderJson());
        assertEquals(Channel.ASYNC, found.channel());
        assertEquals(Map.of(OrderStatus.PENDING, order.order().createdAt()), found.transitions());
        assertEquals(Optional.of(T0), found.awaitingQueueSince());
        assertEquals(OptionalLong.of(7), found.queueDepthAtAcceptance());
        assertEquals(Optional.empty(), found.queuedAt());
        assertTrue(store.find(UUID.randomUUID().toString()).isEmpty());
    }

    @Test
    void create_newSyncOrder_isNotAwaitingAQueue() {
        OrderRecord order = syncOrder();

        store.create(order);

        assertFalse(store.find(order.orderId()).orElseThrow().awaitingQueue());
        assertTrue(store.awaitingQueue(T0.plusSeconds(3600), 100).stream().noneMatch(a -> a.orderId().equals(order.orderId())));
    }

    @Test
    void createWithKey_keyFree_recordsOrderAndKeyTogether() {
        OrderRecord order = asyncOrderWithKey(key());
        IdempotencyRecord claim = claim(order, "hash-1", T0);

        assertEquals(Optional.empty(), store.create(order, claim));

        assertEquals(Optional.of(claim), store.findKey(claim.key()));
        assertEquals(order.idempotencyKey(), store.find(order.orderId()).orElseThrow().idempotencyKey());
    }

    @Test
    void createWithKey_keyTaken_recordsNothingAndReturnsTheClaim() {
        String key = key();
        OrderRecord first = asyncOrderWithKey(key);
        IdempotencyRecord claim = claim(first, "hash-1", T0);
        store.create(first, claim);
        OrderRecord second = asyncOrderWithKey(key);

        Optional<IdempotencyRecord> taken = store.create(second, claim(second, "hash-2", T0.plusSeconds(1)));

        assertEquals(Optional.of(claim), taken);
        assertTrue(store.find(second.orderId()).isEmpty(), "the second order was not recorded");
        assertEquals(Optional.of(claim), store.findKey(key));
    }

    @Test
    void createWithKey_keyExpired_claimsItAgain() {
        String key = key();
        OrderRecord first = asyncOrderWithKey(key);
        Instant expiry = T0.plusSeconds(10).truncatedTo(ChronoUnit.SECONDS); // kept to the second, as DynamoDB's TTL
        store.create(first, new IdempotencyRecord(key, "hash-1", first.orderId(), T0, expiry));
        OrderRecord second = asyncOrderWithKey(key);
        IdempotencyRecord again = new IdempotencyRecord(key, "hash-2", second.orderId(), expiry, expiry.plusSeconds(10));

        assertEquals(Optional.empty(), store.create(second, again));

        assertEquals(Optional.of(again), store.findKey(key));
        assertTrue(store.find(second.orderId()).isPresent());
    }

    @Test
    void markQueued_awaitingOrder_notesTheTimeAndStopsAwaiting() {
        OrderRecord order = asyncOrder();
        store.create(order);

        assertTrue(store.markQueued(order.orderId(), T0.plusMillis(20)));
        assertFalse(store.markQueued(order.orderId(), T0.plusMillis(30)), "queued once");

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(Optional.of(T0.plusMillis(20)), found.queuedAt());
        assertEquals(OrderStatus.PENDING, found.status());
        assertFalse(found.awaitingQueue());
    }

    @Test
    void reject_pendingNeverQueued_rejectsWithReasonAndReleasesTheKey() {
        String key = key();
        OrderRecord order = asyncOrderWithKey(key);
        store.create(order, claim(order, "hash-1", T0));

        assertTrue(store.reject(order.orderId(), Optional.of(key), "queue_unavailable", T0.plusSeconds(5)));

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.REJECTED, found.status());
        assertEquals(Optional.of("queue_unavailable"), found.reason());
        assertEquals(T0.plusSeconds(5), found.transitions().get(OrderStatus.REJECTED));
        assertFalse(found.awaitingQueue(), "a rejected order is never published again");
        assertEquals(Optional.empty(), store.findKey(key), "a retry under the key starts afresh");
    }

    @Test
    void reject_orderQueuedMeanwhile_isRefusedAndChangesNothing() {
        String key = key();
        OrderRecord order = asyncOrderWithKey(key);
        store.create(order, claim(order, "hash-1", T0));
        store.markQueued(order.orderId(), T0.plusMillis(5));

        assertFalse(store.reject(order.orderId(), Optional.of(key), "queue_unavailable", T0.plusSeconds(5)));

        assertEquals(OrderStatus.PENDING, store.find(order.orderId()).orElseThrow().status());
        assertTrue(store.findKey(key).isPresent());
    }

    @Test
    void startProcessing_pendingOrder_startsItAndStopsAwaitingTheQueue() {
        OrderRecord order = asyncOrder();
        store.create(order);

        ProcessingStart start = store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertEquals(ProcessingStart.Kind.STARTED, start.kind());
        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.PROCESSING, found.status());
        assertEquals(T0.plusSeconds(1), found.transitions().get(OrderStatus.PROCESSING));
        assertFalse(found.awaitingQueue());
        assertFalse(store.markQueued(order.orderId(), T0.plusSeconds(2)), "processing: past the queue already");
    }

    @Test
    void startProcessing_unknownOrder_recordsItAndStartsIt() {
        OrderRecord unknown = OrderRecord.pending(order(), OrderJson.write(order()), Channel.QUEUE, Optional.empty(), OptionalLong.empty());

        ProcessingStart start = store.startProcessing(unknown, OWNER, T0.plusSeconds(1), LEASE);

        assertEquals(ProcessingStart.Kind.STARTED, start.kind());
        OrderRecord found = store.find(unknown.orderId()).orElseThrow();
        assertEquals(OrderStatus.PROCESSING, found.status());
        assertEquals(Channel.QUEUE, found.channel());
        assertFalse(found.awaitingQueue());
    }

    @Test
    void releaseClaim_afterAFailedPayment_nextClaimTakesOverAtOnceAndStatusStaysProcessing() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertTrue(store.releaseClaim(order.orderId(), OWNER));

        assertEquals(ProcessingStart.Kind.TAKEN_OVER, store.startProcessing(order, OWNER, T0.plusSeconds(2), LEASE).kind());
        assertEquals(OrderStatus.PROCESSING, store.find(order.orderId()).orElseThrow().status());
        store.complete(order.orderId(), T0.plusSeconds(1), new PaymentOutcome(Money.of(BigDecimal.ONE, OrderLimits.DEFAULT_CURRENCY), T0.plusSeconds(3), false), T0.plusSeconds(3));
        assertFalse(store.releaseClaim(order.orderId(), OWNER), "a finished order has no claim to give up");
    }

    @Test
    void releaseClaim_anotherOwner_isRefusedAndTheClaimHolds() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertFalse(store.releaseClaim(order.orderId(), OTHER));
        assertEquals(ProcessingStart.Kind.BUSY, store.startProcessing(order, OTHER, T0.plusSeconds(2), LEASE).kind());
        assertTrue(store.releaseClaim(order.orderId(), OWNER));
    }

    @Test
    void renewClaim_byTheOwner_holdsTheClaimForAnotherLease() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertTrue(store.renewClaim(order.orderId(), OWNER, T0.plusSeconds(25), LEASE));
        assertTrue(store.renewClaim(order.orderId(), OWNER, T0.plusSeconds(50), LEASE));

        assertEquals(ProcessingStart.Kind.BUSY, store.startProcessing(order, OTHER, T0.plusSeconds(70), LEASE).kind(),
                "70 s after the claim, 20 s after its last renewal");
        assertEquals(ProcessingStart.Kind.TAKEN_OVER, store.startProcessing(order, OTHER, T0.plusSeconds(81), LEASE).kind());
    }

    @Test
    void renewClaim_takenOverOrReleasedOrFinished_isRefused() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);
        store.startProcessing(order, OTHER, T0.plusSeconds(40), LEASE);

        assertFalse(store.renewClaim(order.orderId(), OWNER, T0.plusSeconds(41), LEASE), "taken over: the old owner cannot renew");
        assertFalse(store.releaseClaim(order.orderId(), OWNER), "nor release the new owner's claim");
        assertTrue(store.releaseClaim(order.orderId(), OTHER));
        assertFalse(store.renewClaim(order.orderId(), OTHER, T0.plusSeconds(42), LEASE), "released: nothing to renew");
        store.complete(order.orderId(), T0.plusSeconds(1), PAID, T0.plusSeconds(43));
        assertFalse(store.renewClaim(order.orderId(), OTHER, T0.plusSeconds(44), LEASE));
    }

    @Test
    void startProcessing_claimStillLive_isBusyAndAfterTheLeaseIsTakenOver() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertEquals(ProcessingStart.Kind.BUSY, store.startProcessing(order, OWNER, T0.plusSeconds(10), LEASE).kind());
        assertEquals(ProcessingStart.Kind.TAKEN_OVER, store.startProcessing(order, OWNER, T0.plusSeconds(32), LEASE).kind());
        assertEquals(ProcessingStart.Kind.BUSY, store.startProcessing(order, OWNER, T0.plusSeconds(33), LEASE).kind(), "claimed anew");
        assertEquals(T0.plusSeconds(1), store.find(order.orderId()).orElseThrow().transitions().get(OrderStatus.PROCESSING),
                "the first processing time is kept");
    }

    @Test
    void startProcessing_finishedOrder_isFinishedWithTheRecordAndUnchanged() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);
        store.complete(order.orderId(), T0.plusSeconds(1), PAID, T0.plusSeconds(4));

        ProcessingStart again = store.startProcessing(order, OWNER, T0.plusSeconds(60), LEASE);

        assertEquals(ProcessingStart.Kind.FINISHED, again.kind());
        assertEquals(OrderStatus.COMPLETED, again.record().orElseThrow().status());
        assertEquals(Optional.of(PAID), again.record().orElseThrow().payment());
        assertEquals(OrderStatus.COMPLETED, store.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void complete_paymentWithTrailingZeros_readBackAtTheCurrencysScale() {
        OrderRecord order = asyncOrder();
        store.create(order);
        PaymentOutcome round = new PaymentOutcome(Money.of(new BigDecimal("40.00"), OrderLimits.DEFAULT_CURRENCY), T0.plusSeconds(3), false);

        assertTrue(store.complete(order.orderId(), T0.plusSeconds(1), round, T0.plusSeconds(3)));

        PaymentOutcome found = store.find(order.orderId()).orElseThrow().payment().orElseThrow();
        assertEquals(round, found);
        assertEquals("40.00 USD", found.money().toString());
    }

    @Test
    void complete_processingOrder_recordsPaymentAndEveryTransitionInOrder() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.markQueued(order.orderId(), T0.plusMillis(10));
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertTrue(store.complete(order.orderId(), T0.plusSeconds(2), PAID, T0.plusSeconds(4)));

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.COMPLETED, found.status());
        assertEquals(Optional.of(PAID), found.payment());
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.PROCESSING, OrderStatus.COMPLETED), List.copyOf(found.transitions().keySet()));
        assertEquals(T0.plusSeconds(1), found.transitions().get(OrderStatus.PROCESSING), "processing since the claim");
        assertEquals(T0.plusSeconds(4), found.transitions().get(OrderStatus.COMPLETED));
        assertEquals(Optional.of(T0.plusMillis(10)), found.queuedAt());
    }

    @Test
    void complete_pendingSyncOrder_recordsWhenPaymentBegan() {
        OrderRecord order = syncOrder();
        store.create(order);

        assertTrue(store.complete(order.orderId(), T0.plusMillis(5), PAID, T0.plusSeconds(3)));

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(Map.of(OrderStatus.PENDING, T0, OrderStatus.PROCESSING, T0.plusMillis(5), OrderStatus.COMPLETED, T0.plusSeconds(3)),
                found.transitions());
    }

    @Test
    void completeAndFail_finishedOrder_areRefusedAndNeverMoveItBack() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);
        store.complete(order.orderId(), T0.plusSeconds(1), PAID, T0.plusSeconds(4));
        OrderRecord completed = store.find(order.orderId()).orElseThrow();

        assertFalse(store.complete(order.orderId(), T0.plusSeconds(5), PAID, T0.plusSeconds(9)));
        assertFalse(store.fail(order.orderId(), "declined", T0.plusSeconds(9)));
        assertFalse(store.reject(order.orderId(), Optional.empty(), "queue_unavailable", T0.plusSeconds(9)));
        assertFalse(store.markQueued(order.orderId(), T0.plusSeconds(9)));

        assertEquals(completed, store.find(order.orderId()).orElseThrow());
    }

    @Test
    void fail_processingOrder_recordsReason() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertTrue(store.fail(order.orderId(), "card_declined", T0.plusSeconds(4)));

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.FAILED, found.status());
        assertEquals(Optional.of("card_declined"), found.reason());
        assertEquals(Optional.empty(), found.payment());
        assertFalse(store.complete(order.orderId(), T0.plusSeconds(5), PAID, T0.plusSeconds(6)), "failed is final");
    }

    @Test
    void completeAndFail_unknownOrder_areRefused() {
        assertFalse(store.complete(UUID.randomUUID().toString(), T0, PAID, T0));
        assertFalse(store.fail(UUID.randomUUID().toString(), "declined", T0));
    }

    @Test
    void awaitingQueue_ordersRecordedBeforeTheBound_foundUntilQueued() {
        Instant base = T0.plusSeconds(100_000 + (long) (Math.random() * 1_000_000)); // apart from other tests' orders
        OrderRecord old = asyncOrderAt(base);
        OrderRecord recent = asyncOrderAt(base.plusSeconds(50));
        OrderRecord queued = asyncOrderAt(base.plusSeconds(1));
        store.create(old);
        store.create(recent);
        store.create(queued);
        store.markQueued(queued.orderId(), base.plusSeconds(2));

        List<AwaitingOrder> stale = store.awaitingQueue(base.plusSeconds(30), 1000).stream()
                .filter(a -> !a.since().isBefore(base)).toList();

        assertEquals(List.of(new AwaitingOrder(old.orderId(), base)), stale);
    }

    @Test
    void claimRepublish_sameAwaitingTime_onlyTheFirstClaimWins() {
        OrderRecord order = asyncOrder();
        store.create(order);

        assertTrue(store.claimRepublish(order.orderId(), T0, T0.plusSeconds(40)));
        assertFalse(store.claimRepublish(order.orderId(), T0, T0.plusSeconds(40)), "another reconciler loses");

        OrderRecord found = store.find(order.orderId()).orElseThrow();
        assertEquals(Optional.of(T0.plusSeconds(40)), found.awaitingQueueSince(), "retried only after another bound");
        assertEquals(1, found.republished());
        assertEquals(OrderStatus.PENDING, found.status());
    }

    @Test
    void claimRepublish_orderProcessingMeanwhile_isRefused() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertFalse(store.claimRepublish(order.orderId(), T0, T0.plusSeconds(40)));
    }

    @Test
    void unsettled_heldOrdersPastTheirSettleTime_foundUntilFinishedOrReleased() {
        Instant base = T0.plusSeconds(100_000 + (long) (Math.random() * 1_000_000)); // apart from other tests' orders
        OrderRecord sync = syncOrder().withSettleAt(Optional.of(base));
        OrderRecord laterSync = syncOrder().withSettleAt(Optional.of(base.plusSeconds(60)));
        OrderRecord claimed = asyncOrder();
        OrderRecord completed = syncOrder().withSettleAt(Optional.of(base.plusSeconds(1)));
        OrderRecord released = asyncOrder();
        store.create(sync);
        store.create(laterSync);
        store.create(claimed);
        store.create(completed);
        store.create(released);
        store.startProcessing(claimed, OWNER, base.minus(LEASE).plusSeconds(2), LEASE);
        store.complete(completed.orderId(), base, PAID, base);
        store.startProcessing(released, OWNER, base.minus(LEASE), LEASE);
        store.releaseClaim(released.orderId(), OWNER);

        List<UnsettledOrder> due = store.unsettled(base.plusSeconds(30), 1000).stream()
                .filter(u -> !u.settleAt().isBefore(base)).toList();

        assertEquals(List.of(new UnsettledOrder(sync.orderId(), base), new UnsettledOrder(claimed.orderId(), base.plusSeconds(2))), due);
        assertEquals(Optional.of(base.plusSeconds(2)), store.find(claimed.orderId()).orElseThrow().settleAt());
    }

    @Test
    void holdForSettling_sameSettleTime_onlyTheFirstHolderWins_andAFinishedOrderIsRefused() {
        OrderRecord order = syncOrder().withSettleAt(Optional.of(T0.plusSeconds(45)));
        store.create(order);

        assertTrue(store.holdForSettling(order.orderId(), T0.plusSeconds(45), T0.plusSeconds(90)));
        assertFalse(store.holdForSettling(order.orderId(), T0.plusSeconds(45), T0.plusSeconds(90)), "another settler loses");
        assertEquals(Optional.of(T0.plusSeconds(90)), store.find(order.orderId()).orElseThrow().settleAt());

        assertTrue(store.reject(order.orderId(), Optional.empty(), "payment_interrupted", T0.plusSeconds(91)));
        OrderRecord rejected = store.find(order.orderId()).orElseThrow();
        assertEquals(Optional.empty(), rejected.settleAt(), "settled no more");
        assertFalse(store.holdForSettling(order.orderId(), T0.plusSeconds(90), T0.plusSeconds(120)));
    }

    @Test
    void renewClaim_movesTheSettleTime_soALiveClaimIsNeverSettled() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertTrue(store.renewClaim(order.orderId(), OWNER, T0.plusSeconds(25), LEASE));

        assertEquals(Optional.of(T0.plusSeconds(55)), store.find(order.orderId()).orElseThrow().settleAt());
        assertFalse(store.holdForSettling(order.orderId(), T0.plusSeconds(31), T0.plusSeconds(90)), "the first lease's settle time is gone");
    }

    @Test
    void releaseHeld_underTheSettlersHold_releasesTheRunOutClaim_andTheOldOwnerCanNoLongerRenewIt() {
        OrderRecord order = asyncOrder();
        store.create(order);
        store.startProcessing(order, OWNER, T0.plusSeconds(1), LEASE);

        assertFalse(store.releaseHeld(order.orderId(), T0.plusSeconds(90)), "not held yet: the claim is the owner's");
        assertTrue(store.holdForSettling(order.orderId(), T0.plusSeconds(31), T0.plusSeconds(90)));
        assertFalse(store.releaseHeld(order.orderId(), T0.plusSeconds(80)), "another hold's time");
        assertTrue(store.releaseHeld(order.orderId(), T0.plusSeconds(90)));

        OrderRecord released = store.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.PROCESSING, released.status());
        assertEquals(Optional.empty(), released.settleAt(), "settled no more");
        assertFalse(store.renewClaim(order.orderId(), OWNER, T0.plusSeconds(91), LEASE));
        assertFalse(store.releaseClaim(order.orderId(), OWNER));
        assertEquals(ProcessingStart.Kind.TAKEN_OVER, store.startProcessing(order, OTHER, T0.plusSeconds(92), LEASE).kind(), "claimed at once");
    }

    @Test
    void reachable_storeUp_isTrue() {
        assertTrue(store.reachable());
    }

    // --- fixtures ---

    protected static Order order() {
        return orderAt(T0);
    }

    protected static Order orderAt(Instant createdAt) {
        return new Order(UUID.randomUUID().toString(), 123, OrderStatus.PENDING, OrderLimits.DEFAULT_CURRENCY,
                List.of(new OrderItem("sku-42", 2, new BigDecimal("19.99"))), createdAt);
    }

    protected static OrderRecord asyncOrder() {
        return asyncOrderAt(T0);
    }

    private static OrderRecord asyncOrderAt(Instant createdAt) {
        Order order = orderAt(createdAt);
        return OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), OptionalLong.of(7));
    }

    private static OrderRecord asyncOrderWithKey(String key) {
        Order order = order();
        return OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.of(key), OptionalLong.empty());
    }

    private static OrderRecord syncOrder() {
        Order order = order();
        return OrderRecord.pending(order, OrderJson.write(order), Channel.SYNC, Optional.empty(), OptionalLong.empty());
    }

    private static IdempotencyRecord claim(OrderRecord order, String hash, Instant at) {
        return new IdempotencyRecord(order.idempotencyKey().orElseThrow(), hash, order.orderId(), at, at.plus(Duration.ofHours(24)));
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }
}
