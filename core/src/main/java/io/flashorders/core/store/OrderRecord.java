package io.flashorders.core.store;

import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An order as the order store keeps it: the order with its current status, the time of each status it reached, and
 * what the receiver and the processors learnt on the way.
 *
 * @param order                  the order; its status is the current one
 * @param orderJson              the order's wire form as accepted (status pending): the message body, published again
 *                               unchanged by the reconciler, and the body of a replayed {@code 202}
 * @param transitions            when the order reached each status it has reached
 * @param queuedAt               when the order API (or the reconciler) had the order durably queued
 * @param awaitingQueueSince     set while an async order is recorded but not known to be queued: the reconciler
 *                               publishes orders that stay so past a bound (their receiver died before publishing)
 * @param claimedAt              when a processor last claimed the order for payment; the claim runs out after a lease
 * @param reason                 why the order was rejected or failed
 * @param queueDepthAtAcceptance messages waiting on the queue when the order was accepted, for the queue position
 * @param republished            how often the reconciler published the order again
 * @param settleAt               set while someone holds the order to pay it (a sync request, a processor's claim, the
 *                               reconciler settling it): the latest time that holder can still be at work. Once it has
 *                               passed, the holder is presumed dead and the reconciler settles the order from the
 *                               payment provider's ledger ({@link io.flashorders.core.intake.Settlement})
 */
public record OrderRecord(Order order, String orderJson, Channel channel, Map<OrderStatus, Instant> transitions,
                          Optional<Instant> queuedAt, Optional<Instant> awaitingQueueSince, Optional<Instant> claimedAt,
                          Optional<PaymentOutcome> payment, Optional<String> reason, Optional<String> idempotencyKey,
                          OptionalLong queueDepthAtAcceptance, int republished, Optional<Instant> settleAt) {

    public OrderRecord {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(orderJson, "orderJson");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(awaitingQueueSince, "awaitingQueueSince");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(queueDepthAtAcceptance, "queueDepthAtAcceptance");
        Objects.requireNonNull(settleAt, "settleAt");
        EnumMap<OrderStatus, Instant> copy = new EnumMap<>(OrderStatus.class);
        copy.putAll(transitions);
        transitions = Collections.unmodifiableMap(copy);
    }

    /**
     * A newly accepted order, pending since it was created. An async order also awaits its queueing from then on.
     *
     * @param orderJson the pending order's wire form
     */
    public static OrderRecord pending(Order order, String orderJson, Channel channel, Optional<String> idempotencyKey,
                                      OptionalLong queueDepthAtAcceptance) {
        if (order.status() != OrderStatus.PENDING) {
            throw new IllegalArgumentException("a new order is pending, not " + order.status());
        }
        return new OrderRecord(order, orderJson, channel, Map.of(OrderStatus.PENDING, order.createdAt()), Optional.empty(),
                channel == Channel.ASYNC ? Optional.of(order.createdAt()) : Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), idempotencyKey, queueDepthAtAcceptance, 0, Optional.empty());
    }

    public String orderId() {
        return order.orderId();
    }

    public OrderStatus status() {
        return order.status();
    }

    /** Pending and not yet confirmed as queued: its receiver is still publishing, or died before it could. */
    public boolean awaitingQueue() {
        return awaitingQueueSince.isPresent();
    }

    /**
     * Moves the order to {@code next} at {@code at}, keeping the time it first reached each status.
     *
     * @throws IllegalStateException when the move would go back or sideways
     */
    public OrderRecord moveTo(OrderStatus next, Instant at) {
        if (!status().canMoveTo(next)) {
            throw new IllegalStateException("order " + orderId() + " cannot move from " + status() + " to " + next);
        }
        EnumMap<OrderStatus, Instant> reached = new EnumMap<>(OrderStatus.class);
        reached.putAll(transitions);
        reached.putIfAbsent(next, at);
        return new OrderRecord(order.withStatus(next), orderJson, channel, reached, queuedAt, Optional.empty(), claimedAt,
                payment, reason, idempotencyKey, queueDepthAtAcceptance, republished, settleAt);
    }

    public OrderRecord withQueuedAt(Instant at) {
        return new OrderRecord(order, orderJson, channel, transitions, Optional.of(at), Optional.empty(), claimedAt,
                payment, reason, idempotencyKey, queueDepthAtAcceptance, republished, settleAt);
    }

    public OrderRecord withAwaitingQueueSince(Instant since, int timesRepublished) {
        return new OrderRecord(order, orderJson, channel, transitions, queuedAt, Optional.of(since), claimedAt,
                payment, reason, idempotencyKey, queueDepthAtAcceptance, timesRepublished, settleAt);
    }

    public OrderRecord withClaimedAt(Optional<Instant> at) {
        return new OrderRecord(order, orderJson, channel, transitions, queuedAt, awaitingQueueSince, at,
                payment, reason, idempotencyKey, queueDepthAtAcceptance, republished, settleAt);
    }

    public OrderRecord withPayment(PaymentOutcome outcome) {
        return new OrderRecord(order, orderJson, channel, transitions, queuedAt, awaitingQueueSince, claimedAt,
                Optional.of(outcome), reason, idempotencyKey, queueDepthAtAcceptance, republished, settleAt);
    }

    public OrderRecord withReason(String why) {
        return new OrderRecord(order, orderJson, channel, transitions, queuedAt, awaitingQueueSince, claimedAt,
                payment, Optional.of(why), idempotencyKey, queueDepthAtAcceptance, republished, settleAt);
    }

    public OrderRecord withSettleAt(Optional<Instant> at) {
        return new OrderRecord(order, orderJson, channel, transitions, queuedAt, awaitingQueueSince, claimedAt,
                payment, reason, idempotencyKey, queueDepthAtAcceptance, republished, at);
    }
}
