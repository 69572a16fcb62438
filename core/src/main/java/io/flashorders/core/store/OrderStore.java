package io.flashorders.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where orders and their statuses live (DynamoDB in AWS, DynamoDB Local on a laptop, memory in unit tests), shared by
 * the order API, the processors and the Lambda. Every change of status is a conditional write that only moves an order
 * forward ({@link io.flashorders.core.order.OrderStatus#canMoveTo}); a {@code false} answer means the order was no
 * longer where the caller expected it, and nothing was written.
 *
 * <p>Every method may throw {@link StoreException} when the store cannot be reached; then the write may or may not
 * have happened, and the caller must not answer as if it had.
 */
public interface OrderStore extends OrderRecorder {

    /** The most orders one {@link #createAll} call takes (a DynamoDB transaction's limit). */
    int MAX_BATCH = 100;

    /** An order of a {@link #createAll} call that was recorded already: nothing was written for it. */
    final class RecordedAlready extends Exception {

        public RecordedAlready(String orderId) {
            super("order " + orderId + " is recorded already", null, false, false);
        }
    }

    /**
     * Records a new order, unless an order with its id is recorded already (a processor records an order it takes
     * before the order API has, from its message).
     *
     * @return false when the order was recorded already; nothing was written
     */
    @Override
    boolean create(OrderRecord order);

    /**
     * Records up to {@link #MAX_BATCH} new orders as {@link #create} would record each, each on its own condition; a
     * store that can write them in one call does (DynamoDB: one TransactWriteItems). This default records them one by
     * one.
     *
     * @return the orders not recorded, by their index in {@code orders}: {@link RecordedAlready}, or the
     *         {@link StoreException} a lone {@link #create} of it threw; every other one is recorded
     * @throws StoreException when the call as a whole failed: any of them may or may not be recorded
     */
    default Map<Integer, Exception> createAll(List<OrderRecord> orders) {
        Map<Integer, Exception> failed = new HashMap<>();
        for (int i = 0; i < orders.size(); i++) {
            try {
                if (!create(orders.get(i))) {
                    failed.put(i, new RecordedAlready(orders.get(i).orderId()));
                }
            } catch (StoreException e) {
                failed.put(i, e);
            }
        }
        return failed;
    }

    /**
     * Records a new order together with the idempotency key of the request that made it: both or neither. A key whose
     * claim has expired is claimed again.
     *
     * @return empty when both were recorded; else the key's live claim, and nothing was recorded
     */
    Optional<IdempotencyRecord> create(OrderRecord order, IdempotencyRecord key);

    /** The key's claim, expired or not; a strongly consistent read. */
    Optional<IdempotencyRecord> findKey(String key);

    /** The order; a strongly consistent read. */
    Optional<OrderRecord> find(String orderId);

    /**
     * Notes that an order awaiting its queueing is queued.
     *
     * @return false when it was not awaiting it any more (queued already, processing, or rejected)
     */
    boolean markQueued(String orderId, Instant at);

    /**
     * Rejects a pending order that was never queued (and is settled no more), and releases its idempotency key (when given and still the
     * order's) in the same write, so that a retry with that key starts afresh.
     *
     * @return false when the order was queued or had moved on meanwhile: it was accepted after all
     */
    boolean reject(String orderId, Optional<String> idempotencyKey, String reason, Instant at);

    /**
     * Claims an order for payment: pending (or processing under a claim older than {@code lease}) becomes processing,
     * claimed at {@code now} by {@code owner}, to be settled by the reconciler after {@code now + lease} unless renewed or
     * finished by then. An order the store does not know is recorded from {@code ifUnknown} and claimed.
     *
     * @param owner a token unique to this attempt (one delivery of one message): only it can renew or release the claim
     */
    ProcessingStart startProcessing(OrderRecord ifUnknown, String owner, Instant now, Duration lease);

    /**
     * Moves the claim's time to {@code now}, and the time the reconciler would settle the order to {@code now + lease},
     * so that it holds for another lease: done with each extension of the message's visibility while the payment runs,
     * so that a payment slower than one lease is never taken over nor settled.
     *
     * @return false when the order is no longer processing under this owner's claim (released, taken over, finished)
     */
    boolean renewClaim(String orderId, String owner, Instant now, Duration lease);

    /**
     * Gives up the owner's claim on an order whose payment did not go through (it will be retried), so that the
     * order's next message claims it at once instead of waiting out the lease; the order is settled no more. The status
     * stays {@code processing}: statuses only move forward. Another owner's claim is left alone.
     *
     * @return false when the order is not being processed under this owner's claim
     * @throws StoreException when the store cannot be reached
     */
    boolean releaseClaim(String orderId, String owner);

    /**
     * Gives up the claim on an order the reconciler holds for settling ({@link #holdForSettling} up to
     * {@code heldUntil}), whoever took it: the settler's hold is its ownership. Only an order whose claim's lease ran
     * out unrenewed is ever held, so no live claim is released; a renewal meanwhile moves the settle time, and the
     * release is refused. The order is settled no more, and its next message claims it at once.
     *
     * @return false when the order is no longer processing under this hold
     * @throws StoreException when the store cannot be reached
     */
    boolean releaseHeld(String orderId, Instant heldUntil);

    /**
     * Pending or processing becomes completed, with the payment's outcome; it is settled no more.
     *
     * @param processingSince when payment began, kept as the processing time unless one was recorded already
     * @return false when the order had finished already
     */
    boolean complete(String orderId, Instant processingSince, PaymentOutcome payment, Instant at);

    /**
     * Pending or processing becomes failed; it is settled no more.
     *
     * @return false when the order had finished already
     */
    boolean fail(String orderId, String reason, Instant at);

    /** Orders awaiting their queueing since before {@code before}, at most {@code limit} of them. */
    List<AwaitingOrder> awaitingQueue(Instant before, int limit);

    /**
     * Takes an order awaiting its queueing for publishing again: moves its awaiting time from {@code since} to
     * {@code now}, so that no other reconciler takes it, and a failed attempt is retried only after another bound.
     *
     * @return false when another reconciler took it, or it stopped awaiting its queueing
     */
    boolean claimRepublish(String orderId, Instant since, Instant now);

    /**
     * Unfinished orders whose {@link OrderRecord#settleAt} is before {@code before}: their holder died or gave up, and
     * the reconciler settles them. At most {@code limit}, the longest overdue first.
     */
    List<UnsettledOrder> unsettled(Instant before, int limit);

    /**
     * Takes an unfinished order for settling (or paying again) until {@code until}: moves its settle time from
     * {@code settleAt} to {@code until}, so that no one else takes it meanwhile. A holder that gives up early passes
     * its own settle time and an earlier {@code until}.
     *
     * @return false when someone else took it, or it finished
     */
    boolean holdForSettling(String orderId, Instant settleAt, Instant until);

    /** Whether the store answers right now; readiness reports it. */
    boolean reachable();

    /** Where the orders are kept, for logs and health reports. */
    String location();
}
