package io.flashorders.core.intake;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import io.flashorders.core.store.Channel;
import io.flashorders.core.store.IdempotencyRecord;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.core.store.OrderRecorder;
import io.flashorders.core.store.OrderStore;
import io.flashorders.core.store.PaymentOutcome;
import io.flashorders.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the order API takes an order in. An async order without an {@code Idempotency-Key} is queued, then recorded, in
 * one store write ({@link #queue}). Any other order (sync, or with a key) is recorded as pending before anything else
 * happens to it ({@link #admit}), and a request that repeats an earlier one (same key, same order) is answered with that
 * request's outcome.
 *
 * <ul>
 * <li>A new order and its key are recorded in one write, so a key always names a recorded order, and of any number
 *     of concurrent requests with one key exactly one records an order.</li>
 * <li>The others wait (up to {@code replayWait}) until that order's outcome is known: for {@code /orders/async}
 *     until it is queued (or was rejected), for {@code /orders/sync} until it is paid (or was rejected). None of
 *     them is told more than the first request was.</li>
 * <li>{@link #publish} queues an async order and notes it as queued; when the queue refuses it, the order is rejected
 *     and its key released, so that a retry with the same key starts afresh. The note is written before the answer
 *     for an order with a key (the repeats wait for it), and after it for an order without one, so that the 202 waits
 *     for one store write, not two: a process that dies in between leaves an order the reconciler publishes once more,
 *     and the processors acknowledge the second message without paying.</li>
 * </ul>
 */
public final class OrderIntake {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class.getName());
    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration MAX_POLL = Duration.ofMillis(200);
    /**
     * After a record that failed behind a publish, how long {@link #queue} refuses orders before publishing them (503
     * store_unavailable, as the Retry-After of that answer says), so that an outage of the store queues one order, not
     * every order, to wait for its processors there.
     */
    static final Duration STORE_PAUSE = Duration.ofSeconds(5);

    /** What a client is told about an async order it submitted. */
    public enum Publication {
        /** Durably queued (by this request, or by the reconciler meanwhile): answer 202. */
        QUEUED,
        /** The queue refused it and it is rejected: answer 503. */
        REJECTED
    }

    /**
     * @param keyLifetime  how long a key is honoured; at least a day
     * @param replayWait   how long a repeated request waits for the first one's outcome
     * @param syncHold     how long a sync request may still be paying its order: the payment gate's longest wait, the
     *                     payment provider's call timeout and {@code settleMargin}; past it, the order is settled
     * @param settleMargin how long after a payment with an unknown outcome its order is settled (or resumed by a
     *                     repeat): covers a charge still on its way to the provider
     */
    public record Settings(Duration keyLifetime, Duration replayWait, Duration syncHold, Duration settleMargin) {

        public static final Duration MIN_KEY_LIFETIME = Duration.ofHours(24);

        public Settings {
            if (keyLifetime.compareTo(MIN_KEY_LIFETIME) < 0) {
                throw new IllegalArgumentException("idempotency keys must live at least 24 hours, not " + keyLifetime);
            }
            if (replayWait.isNegative() || settleMargin.isNegative()) {
                throw new IllegalArgumentException("the replay wait and the settle margin must not be negative");
            }
            if (syncHold.compareTo(settleMargin) <= 0) {
                throw new IllegalArgumentException("the sync hold must be longer than the settle margin");
            }
        }
    }

    /** An order submitted to an endpoint, with the request's key and the queue's depth when it came (if known). */
    public record Request(Channel channel, NewOrder submission, Optional<String> idempotencyKey, OptionalLong queueDepth) {
    }

    private final OrderStore store;
    private final OrderRecorder recorder;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Settings settings;
    private final Executor afterAnswer;
    /** When a record after a publish last failed (System.nanoTime); far in the past at first. */
    private volatile long storeFailedAt = System.nanoTime() - STORE_PAUSE.toNanos() - 1;

    /** Notes orders as queued before answering, every one. */
    public OrderIntake(OrderStore store, OrderPublisher publisher, Clock clock, Settings settings) {
        this(store, publisher, clock, settings, Runnable::run);
    }

    /** @param afterAnswer runs the note that an order without a key is queued, after the answer */
    public OrderIntake(OrderStore store, OrderPublisher publisher, Clock clock, Settings settings, Executor afterAnswer) {
        this(store, store, publisher, clock, settings, afterAnswer);
    }

    /**
     * @param recorder    writes {@link #queue}'s record (a {@link io.flashorders.core.store.BatchedOrderRecorder} shares
     *                    one store call among concurrent orders); every other write goes to {@code store}
     * @param afterAnswer runs the note that an order without a key is queued, after the answer
     */
    public OrderIntake(OrderStore store, OrderRecorder recorder, OrderPublisher publisher, Clock clock, Settings settings,
            Executor afterAnswer) {
        this.store = Objects.requireNonNull(store, "store");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.afterAnswer = Objects.requireNonNull(afterAnswer, "afterAnswer");
    }

    /** Records the request's order as pending, or finds the earlier request with the same key. */
    public Admission admit(Request request) {
        Order order = request.submission().accept(clock);
        Instant now = clock.instant();
        OrderRecord pending = OrderRecord.pending(order, OrderJson.write(order), request.channel(), request.idempotencyKey(),
                request.queueDepth());
        if (request.channel() == Channel.SYNC) {
            pending = pending.withSettleAt(Optional.of(now.plus(settings.syncHold())));
        }
        if (request.idempotencyKey().isEmpty()) {
            store.create(pending);
            return new Admission.Fresh(pending);
        }
        String hash = RequestFingerprint.of(request.channel(), request.submission());
        IdempotencyRecord claim = new IdempotencyRecord(request.idempotencyKey().get(), hash, order.orderId(), now,
                now.plus(settings.keyLifetime()));
        Optional<IdempotencyRecord> taken = store.create(pending, claim);
        if (taken.isEmpty()) {
            return new Admission.Fresh(pending);
        }
        if (!taken.get().requestHash().equals(hash)) {
            return new Admission.KeyReused(taken.get());
        }
        return awaitOutcome(taken.get(), request.channel());
    }

    /** An async order taken in by {@link #queue}, and what its client is told. */
    public record Queued(OrderRecord order, Publication publication) {
    }

    /**
     * Takes in an async order that has no {@code Idempotency-Key} with one store write: publishes it, then records it
     * as pending and queued. Nothing is written before the publish, so no order is ever recorded and left unqueued, and
     * the reconciler has nothing to republish. The message carries the whole order: a processor that takes it before
     * its record is written (or after that write failed) records it from the message, which is why the record is
     * written only where no order with its id is yet.
     *
     * <ul>
     * <li>Published, recorded: QUEUED (202). Published and the record refused or unanswered: QUEUED all the same,
     *     since it is durably queued; until a processor takes it, {@code GET /orders/{id}} does not find it.</li>
     * <li>Not published (the queue refused, or its answer was lost): the order is recorded as rejected, so that a
     *     message that went through after all is acknowledged without paying: REJECTED (503). If a processor recorded it
     *     first, it was queued after all: QUEUED. If the store refuses the rejection too, REJECTED, and a message that
     *     went through is paid: the double fault of {@link #reject}.</li>
     * <li>For {@link #STORE_PAUSE} after a record failed, nothing is published: {@link StoreException} (503).</li>
     * </ul>
     */
    public Queued queue(Request request) {
        if (request.channel() != Channel.ASYNC || request.idempotencyKey().isPresent()) {
            throw new IllegalArgumentException("only async orders without an idempotency key are queued before they are recorded");
        }
        long sinceFailure = System.nanoTime() - storeFailedAt;
        if (sinceFailure >= 0 && sinceFailure < STORE_PAUSE.toNanos()) {
            // Not queued while the store is known to be failing: its processors could not take the order either.
            throw new StoreException("the order store failed " + sinceFailure / 1_000_000 + " ms ago", null);
        }
        Order order = request.submission().accept(clock);
        OrderRecord pending = OrderRecord.pending(order, OrderJson.write(order), Channel.ASYNC, Optional.empty(), request.queueDepth());
        try {
            publisher.publish(pending.orderId(), pending.orderJson());
        } catch (PublishException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            return new Queued(pending, recordRejected(pending, "queue_unavailable") ? Publication.REJECTED : Publication.QUEUED);
        }
        OrderRecord queued = pending.withQueuedAt(clock.instant());
        try {
            if (!recorder.create(queued)) {
                LOG.fine(() -> "order " + queued.orderId() + " was recorded by its processor first");
            }
        } catch (StoreException e) {
            storeFailedAt = System.nanoTime();
            LOG.log(Level.WARNING, "order " + queued.orderId() + " is queued but could not be recorded; its processor records it", e);
        }
        return new Queued(queued, Publication.QUEUED);
    }

    /** @return false when a processor had recorded the order first (it was queued after all) */
    private boolean recordRejected(OrderRecord pending, String reason) {
        try {
            return store.create(pending.moveTo(OrderStatus.REJECTED, clock.instant()).withReason(reason));
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "order " + pending.orderId() + " was not accepted and could not be recorded as rejected", e);
            return true;
        }
    }

    /** Publishes a fresh async order, then notes it as queued; rejects it when the queue refuses it. */
    public Publication publish(OrderRecord fresh) {
        try {
            publisher.publish(fresh.orderId(), fresh.orderJson());
        } catch (PublishException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            return reject(fresh, "queue_unavailable") ? Publication.REJECTED : Publication.QUEUED;
        }
        Instant queuedAt = clock.instant();
        if (fresh.idempotencyKey().isPresent()) {
            markQueued(fresh.orderId(), queuedAt);
        } else {
            try {
                afterAnswer.execute(() -> markQueued(fresh.orderId(), queuedAt));
            } catch (RejectedExecutionException e) {
                markQueued(fresh.orderId(), queuedAt);
            }
        }
        return Publication.QUEUED;
    }

    private void markQueued(String orderId, Instant at) {
        try {
            store.markQueued(orderId, at);
        } catch (StoreException e) {
            // Queued all the same. Until it is marked, the reconciler may publish it once more; processing is idempotent.
            LOG.log(Level.WARNING, "order " + orderId + " is queued but could not be marked so", e);
        }
    }

    /**
     * Rejects a fresh order that was not accepted (queue or payment provider unavailable) and releases its key.
     *
     * @return false when the order was queued meanwhile and so was accepted after all
     */
    public boolean reject(OrderRecord fresh, String reason) {
        try {
            return store.reject(fresh.orderId(), fresh.idempotencyKey(), reason, clock.instant());
        } catch (StoreException e) {
            // The client is told no. The record stays pending, so the reconciler may still publish it later: the same
            // uncertainty as a client whose connection broke. A retry under the same key finds that order.
            LOG.log(Level.WARNING, "order " + fresh.orderId() + " was not accepted and could not be marked rejected", e);
            return true;
        }
    }

    /**
     * Gives up a sync order whose payment may or may not have gone through: its key stays taken and the order pending,
     * to be resumed by a repeat of the key or settled from the provider's ledger after the settle margin.
     *
     * @return when a repeat of the request may come back
     */
    public Duration outcomeUnknown(OrderRecord held) {
        try {
            held.settleAt().ifPresent(at -> store.holdForSettling(held.orderId(), at, clock.instant().plus(settings.settleMargin())));
        } catch (StoreException e) {
            // Settled all the same, once the hold taken when the order was recorded or resumed runs out.
            LOG.log(Level.WARNING, "order " + held.orderId() + " has an unknown payment outcome and could not be given up early", e);
        }
        return retryAfter(settings.settleMargin());
    }

    /** Records that a sync order was paid. The payment stands even when the store cannot be written: it is settled. */
    public void paid(OrderRecord fresh, Instant paymentStarted, Payment payment) {
        try {
            store.complete(fresh.orderId(), paymentStarted, PaymentOutcome.of(payment), clock.instant());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "order " + fresh.orderId() + " was paid but could not be marked completed", e);
        }
    }

    /** Records that the provider declined a sync order's payment: the order failed. Nothing was charged either way. */
    public void declined(OrderRecord fresh, String reason) {
        try {
            store.fail(fresh.orderId(), reason, clock.instant());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "order " + fresh.orderId() + " was declined but could not be marked failed", e);
        }
    }

    private Admission awaitOutcome(IdempotencyRecord claim, Channel channel) {
        long deadline = System.nanoTime() + settings.replayWait().toNanos();
        Duration pause = FIRST_POLL;
        Optional<OrderRecord> original;
        while (true) {
            original = store.find(claim.orderId());
            if (original.isPresent() && answered(original.get(), channel)) {
                return new Admission.Replay(original.get());
            }
            Optional<Admission> resumed = original.flatMap(this::resume);
            if (resumed.isPresent()) {
                return resumed.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
        // A sync order is answered once settled at the latest; anything else once its request has had its time.
        Duration untilSettled = original.flatMap(OrderRecord::settleAt).map(at -> Duration.between(clock.instant(), at))
                .orElse(Duration.ZERO);
        return new Admission.KeyBusy(claim, retryAfter(untilSettled));
    }

    /** A pending sync order whose request is gone (its hold ran out) is taken by this repeat to be paid again. */
    private Optional<Admission> resume(OrderRecord order) {
        if (order.channel() != Channel.SYNC || order.status() != OrderStatus.PENDING || order.settleAt().isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant heldUntil = order.settleAt().get();
        if (heldUntil.isAfter(now)) {
            return Optional.empty();
        }
        Instant until = now.plus(settings.syncHold());
        return store.holdForSettling(order.orderId(), heldUntil, until)
                ? Optional.of(new Admission.Resume(order.withSettleAt(Optional.of(until))))
                : Optional.empty();
    }

    /** Whole seconds, rounded up, at least one: how HTTP's Retry-After counts. */
    private static Duration retryAfter(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    /** Whether the first request has its answer: async once queued or beyond, sync once final. */
    static boolean answered(OrderRecord order, Channel channel) {
        if (order.status() == OrderStatus.REJECTED) {
            return true;
        }
        return channel == Channel.SYNC ? order.status().isFinal() : order.status() != OrderStatus.PENDING || order.queuedAt().isPresent();
    }
}
