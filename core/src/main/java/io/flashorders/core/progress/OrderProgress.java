package io.flashorders.core.progress;

import io.flashorders.core.concurrent.CallLimit;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.store.ProcessingStart;
import io.flashorders.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A processor's (or the Lambda's) side of an order's status, around the payment it makes: {@link #begin} claims the
 * order and moves it to processing, {@link #completed} (or {@link #failed}) finishes it and sends the status event.
 * Every move is a conditional write forward, so a message delivered twice never moves an order back, and a message
 * for an order already finished is acknowledged without paying again (its event is sent again, in case the first
 * attempt to send it was what failed).
 */
public final class OrderProgress {

    private static final Logger LOG = Logger.getLogger(OrderProgress.class.getName());

    /** Where an order stood when a message for it came: what {@link #begin} found. */
    public sealed interface Begin {

        /** The order was pending (or unknown), or its claim had run out (its processor died): claimed, pay for it now. */
        record Claimed(boolean takenOver) implements Begin {
        }

        /** Another processor holds a live claim on the order: leave the message for later. */
        record Busy() implements Begin {
        }

        /**
         * This processor's store calls were at their bound and no place came free within {@code waited}: nothing was
         * written; the message comes back later, without counting as a failed attempt (the store did not fail).
         */
        record StoreBusy(Duration waited) implements Begin {
        }

        /**
         * Completed, failed or rejected already: nothing to pay.
         *
         * @param eventSent whether its status event, sent again in case the first send was lost, went out (the
         *                  message may be deleted); always true for an order with no event
         */
        record Finished(OrderStatus status, boolean eventSent) implements Begin {
        }
    }

    static final int COMPLETION_ATTEMPTS = 3;
    static final long FIRST_COMPLETION_PAUSE_MS = 100;

    private final OrderStore store;
    private final StatusEvents events;
    private final ThroughputRecorder throughput;
    private final Clock clock;
    private final Duration lease;
    private final CallLimit storeCalls;

    /** With no bound on the store calls in flight (the Lambda: one order at a time). */
    public OrderProgress(OrderStore store, StatusEvents events, ThroughputRecorder throughput, Clock clock, Duration lease) {
        this(store, events, throughput, clock, lease, CallLimit.unbounded());
    }

    /**
     * @param lease      how long a processor's claim on an order holds; another processor takes over a claim older than
     *                   this (its holder died). Longer than any payment, about the queue's visibility timeout.
     * @param storeCalls the bound on this processor's store calls in flight: a claim ({@link #begin}) waits for a place
     *                   and, given none in time, is {@link Begin.StoreBusy} (nothing written); the calls
     *                   that finish a claimed order (complete, fail, renew, release) never wait, and claims yield to them
     */
    public OrderProgress(OrderStore store, StatusEvents events, ThroughputRecorder throughput, Clock clock, Duration lease,
                         CallLimit storeCalls) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.throughput = Objects.requireNonNull(throughput, "throughput");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.storeCalls = Objects.requireNonNull(storeCalls, "storeCalls");
    }

    /**
     * Claims the order for payment, unless it is finished or another processor holds it.
     *
     * @param owner a token unique to this attempt; {@link #renew} and {@link #release} need it
     */
    public Begin begin(Order order, String owner) {
        Order pending = order.withStatus(OrderStatus.PENDING);
        OrderRecord ifUnknown = OrderRecord.pending(pending, OrderJson.write(pending), Channel.QUEUE, Optional.empty(),
                OptionalLong.empty());
        if (!enterClaim()) {
            return new Begin.StoreBusy(storeCalls.maxWait());
        }
        ProcessingStart start;
        try {
            start = store.startProcessing(ifUnknown, owner, clock.instant(), lease);
        } finally {
            storeCalls.exit();
        }
        return switch (start.kind()) {
            case STARTED -> new Begin.Claimed(false);
            case TAKEN_OVER -> new Begin.Claimed(true);
            case BUSY -> new Begin.Busy();
            case FINISHED -> {
                OrderRecord finished = start.record().orElseThrow();
                boolean sent = StatusEvent.of(finished).map(events::send).orElse(true);
                yield new Begin.Finished(finished.status(), sent);
            }
        };
    }

    /** How long a claim holds: a busy order is free at the latest this long after it was claimed. */
    public Duration lease() {
        return lease;
    }

    /** Gives up the claim taken by {@link #begin} when the payment did not go through and will be retried. */
    public void release(Order order, String owner) {
        finishingCall(() -> store.releaseClaim(order.orderId(), owner));
    }

    /**
     * Keeps the claim taken by {@link #begin} for another lease, while its payment runs.
     *
     * @return false when the claim is no longer the owner's (it ran out and was taken over, or the order finished)
     */
    public boolean renew(String orderId, String owner) {
        return finishingCall(() -> store.renewClaim(orderId, owner, clock.instant(), lease));
    }

    /**
     * Records the payment and completes the order, then sends its event. The completion write is tried
     * {@value #COMPLETION_ATTEMPTS} times ({@value #FIRST_COMPLETION_PAUSE_MS} ms apart, doubling): it is conditional,
     * so a write that went through before its answer was lost is not applied twice.
     *
     * @return whether the message may be deleted: false when the event could not be sent (the redelivery sends it)
     * @throws CompletionFailedException the store refused every attempt; the order stays claimed, to be settled
     */
    public boolean completed(Order order, Payment payment) {
        Instant at = clock.instant();
        PaymentOutcome outcome = PaymentOutcome.of(payment);
        if (!complete(order.orderId(), at, outcome)) {
            LOG.fine(() -> "order " + order.orderId() + " had finished already; nothing recorded");
            return true;
        }
        throughput.completed(at);
        return events.send(StatusEvent.completed(order.orderId(), order.customerId(), at, outcome));
    }

    private boolean complete(String orderId, Instant at, PaymentOutcome outcome) {
        long pause = FIRST_COMPLETION_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return finishingCall(() -> store.complete(orderId, at, outcome, at));
            } catch (StoreException e) {
                if (attempt == COMPLETION_ATTEMPTS) {
                    throw new CompletionFailedException(orderId, attempt, e);
                }
                LOG.fine(() -> "completion of paid order " + orderId + " refused, trying again: " + e.getMessage());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionFailedException(orderId, attempt, new StoreException("interrupted between attempts", e));
            }
            pause *= 2;
        }
    }

    /**
     * Fails the order for good (a payment the provider declined), then sends its event.
     *
     * @return whether the message may be deleted
     */
    public boolean failed(Order order, String reason) {
        Instant at = clock.instant();
        if (!finishingCall(() -> store.fail(order.orderId(), reason, at))) {
            return true;
        }
        return events.send(StatusEvent.failed(order.orderId(), order.customerId(), at, reason));
    }

    /** @return false when no place among the store calls in flight came free in time */
    private boolean enterClaim() {
        try {
            return storeCalls.tryEnter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a place among the order store calls", e);
        }
    }

    /** The bound on this processor's store calls in flight. */
    public CallLimit storeCalls() {
        return storeCalls;
    }

    private <T> T finishingCall(Supplier<T> call) {
        storeCalls.enter();
        try {
            return call.get();
        } finally {
            storeCalls.exit();
        }
    }
}
