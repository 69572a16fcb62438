package io.flashorders.core.intake;

import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.ChargeLookup;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentProvider;
import io.flashorders.core.processing.Reason;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.store.UnsettledOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Settles an order whose payer is gone from the payment provider's ledger, which is the truth about what was
 * charged: a sync request that died or lost the provider's answer, a processor or Lambda that died between its claim
 * and its completion write, a completion write the store kept refusing. The order id is the payment's idempotency
 * key, so the ledger is asked for the charge under it:
 *
 * <ul>
 * <li>charged: the order is completed with that charge (nothing is charged again);</li>
 * <li>declined: the order fails with the provider's reason;</li>
 * <li>a charge still running: left held, and looked at again once the hold runs out;</li>
 * <li>nothing: a sync order is rejected ({@code payment_interrupted}) and its idempotency key released, so the
 *     customer's retry is a new attempt; an async order's message is published again, for a processor to pay it
 *     (paying is idempotent, so a copy still on the queue costs nothing), and its claim released under the settler's
 *     hold ({@link OrderStore#releaseHeld}), whichever processor took it: its lease ran out, so it is no one's.</li>
 * </ul>
 *
 * The order is first held in the store ({@link OrderStore#holdForSettling}), a conditional write: of several order
 * API instances one settles it, and no retry of its key pays it meanwhile.
 */
public final class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class.getName());

    /** What became of one order. */
    public enum Result {
        /** Charged at the provider: completed with that charge. */
        COMPLETED,
        /** Declined at the provider: failed. */
        FAILED,
        /** A sync order nothing was charged for: rejected, its key released. */
        REJECTED,
        /** An async order nothing was charged for: handed back to the processors. */
        RETURNED,
        /** Still running at the provider, or the provider or queue could not be asked: settled on a later pass. */
        WAITING,
        /** Another instance (or the key's retry) took it, or it finished meanwhile. */
        SKIPPED
    }

    private final OrderStore store;
    private final PaymentProvider provider;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration hold;

    /**
     * @param hold how long the settler holds an order: longer than a lookup at the provider can take (its call
     *             timeout); an order that could not be settled is looked at again after it
     */
    public Settlement(OrderStore store, PaymentProvider provider, OrderPublisher publisher, Clock clock, Duration hold) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hold = Objects.requireNonNull(hold, "hold");
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("the hold must be positive");
        }
    }

    /**
     * Settles one order that its holder left. Store failures are thrown ({@link io.flashorders.core.store.StoreException}).
     *
     * @throws InterruptedException the settling was interrupted; the order is settled once its hold runs out
     */
    public Result settle(UnsettledOrder due) throws InterruptedException {
        Instant heldUntil = clock.instant().plus(hold);
        if (!store.holdForSettling(due.orderId(), due.settleAt(), heldUntil)) {
            return Result.SKIPPED;
        }
        Optional<OrderRecord> found = store.find(due.orderId());
        if (found.isEmpty() || found.get().status().isFinal()) {
            return Result.SKIPPED;
        }
        OrderRecord order = found.get();
        ChargeLookup ledger;
        try {
            ledger = provider.lookup(order.orderId());
        } catch (PaymentFailedException e) {
            LOG.log(Level.WARNING, "cannot settle order " + order.orderId() + " now, the payment provider did not answer; again in "
                    + hold.toMillis() + " ms: " + e.getMessage());
            return Result.WAITING;
        }
        Instant at = clock.instant();
        if (ledger instanceof ChargeLookup.Charged charged) {
            PaymentOutcome payment = new PaymentOutcome(charged.charge().amount(), charged.charge().currency(), charged.charge().createdAt(), true);
            Instant since = order.transitions().getOrDefault(OrderStatus.PROCESSING, charged.charge().createdAt());
            if (!store.complete(order.orderId(), since, payment, at)) {
                return Result.SKIPPED;
            }
            LOG.info(() -> "settled order " + order.orderId() + " from the provider's ledger: charged " + charged.charge().chargeId());
            return Result.COMPLETED;
        }
        if (ledger instanceof ChargeLookup.Declined declined) {
            return store.fail(order.orderId(), declined.code(), at) ? Result.FAILED : Result.SKIPPED;
        }
        if (ledger instanceof ChargeLookup.Running) {
            return Result.WAITING;
        }
        return nothingCharged(order, heldUntil, at);
    }

    private Result nothingCharged(OrderRecord order, Instant heldUntil, Instant at) {
        if (order.channel() == Channel.SYNC) {
            boolean rejected = store.reject(order.orderId(), order.idempotencyKey(), Reason.PAYMENT_INTERRUPTED.code(), at);
            LOG.info(() -> "settled order " + order.orderId() + ": nothing was charged, rejected (" + Reason.PAYMENT_INTERRUPTED.code() + ")");
            return rejected ? Result.REJECTED : Result.SKIPPED;
        }
        try {
            publisher.publish(order.orderId(), order.orderJson());
        } catch (PublishException e) {
            LOG.log(Level.WARNING, "cannot hand order " + order.orderId() + " back to the processors now; again in "
                    + hold.toMillis() + " ms", e.getCause());
            return Result.WAITING;
        }
        store.releaseHeld(order.orderId(), heldUntil);
        return Result.RETURNED;
    }
}
