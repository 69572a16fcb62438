package io.flashorders.core.processing;

import io.flashorders.core.concurrent.Uninterrupted;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payer;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.payment.PaymentOutcomeUnknownException;
import io.flashorders.core.processing.ProcessingOutcome.AlreadyFinished;
import io.flashorders.core.processing.ProcessingOutcome.CompletionFailed;
import io.flashorders.core.processing.ProcessingOutcome.Declined;
import io.flashorders.core.processing.ProcessingOutcome.Paid;
import io.flashorders.core.processing.ProcessingOutcome.Poison;
import io.flashorders.core.processing.ProcessingOutcome.RetryLater;
import io.flashorders.core.progress.CompletionFailedException;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.store.StoreException;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Processes one order message, the same for the queue processor and the Lambda: reads the order, claims it (pending
 * to processing), pays for it and completes it, or fails it when the provider declines. A message for an order that
 * finished already is done with, without paying; a payment that did not go through gives the claim up again, so the
 * order's next delivery may claim it at once. Every failure comes back as a {@link ProcessingOutcome}, never thrown.
 *
 * <p>Without {@link OrderProgress} (the Lambda with no order table) it only pays.
 */
public final class OrderProcessing {

    private static final Logger LOG = Logger.getLogger(OrderProcessing.class.getName());

    private final Payer payer;
    private final Optional<OrderProgress> progress;
    private final Optional<QueueWait> waits;

    public OrderProcessing(Payer payer, Optional<OrderProgress> progress) {
        this(payer, progress, Optional.empty());
    }

    /** @param waits where each order read is noted with the time it was accepted (the processor's queue-wait gauge) */
    public OrderProcessing(Payer payer, Optional<OrderProgress> progress, Optional<QueueWait> waits) {
        this.payer = Objects.requireNonNull(payer, "payer");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    /**
     * @param body  the message's body: an order's wire JSON
     * @param claim this delivery's claim: its owner token, and where the claim's renewal is registered once taken
     */
    public ProcessingOutcome process(String body, DeliveryClaim claim) {
        Order order;
        try {
            order = OrderJson.readOrder(body);
        } catch (InvalidOrderException e) {
            return new Poison(e.code(), e.getMessage());
        }
        waits.ifPresent(w -> w.taken(order.createdAt()));
        try {
            return progress.isPresent() ? claimAndPay(order, progress.get(), claim) : pay(payer, order.withStatus(OrderStatus.PROCESSING));
        } catch (StoreException e) {
            return new RetryLater(order.orderId(), Reason.STORE_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            return new RetryLater(order.orderId(), Reason.UNEXPECTED, e.toString());
        }
    }

    private ProcessingOutcome claimAndPay(Order order, OrderProgress progress, DeliveryClaim claim) {
        String id = order.orderId();
        OrderProgress.Begin begin = progress.begin(order, claim.owner());
        if (begin instanceof OrderProgress.Begin.Busy) {
            return new RetryLater(id, Reason.ORDER_BUSY, "another processor is paying order " + id + " right now",
                    Optional.of(progress.lease()));
        }
        if (begin instanceof OrderProgress.Begin.StoreBusy busy) {
            return new RetryLater(id, Reason.STORE_BUSY, "this processor's order-store calls were at their bound ("
                    + progress.storeCalls().limit() + ") for " + busy.waited().toMillis() + " ms; nothing written", Optional.of(busy.waited()));
        }
        if (begin instanceof OrderProgress.Begin.Finished finished) {
            return finished.eventSent() ? new AlreadyFinished(id, finished.status())
                    : new RetryLater(id, Reason.STATUS_EVENT_NOT_SENT, "order " + id + " finished; the redelivery sends its event");
        }
        claim.renewWith(() -> progress.renew(id, claim.owner()));
        ProcessingOutcome.OfPayment paid = pay(payer, order.withStatus(OrderStatus.PROCESSING));
        if (paid instanceof Paid done) {
            try {
                return progress.completed(order, done.payment()) ? done
                        : new RetryLater(id, Reason.STATUS_EVENT_NOT_SENT, "order " + id + " completed; the redelivery sends its event");
            } catch (CompletionFailedException e) {
                // Not retried by its message: the claim is kept, so a redelivery would only wait it out.
                return new CompletionFailed(id, e.getMessage());
            }
        }
        if (paid instanceof Declined declined) {
            // An answer, not a failure: the order fails and its message is done with; a redelivery gets the same decline.
            return progress.failed(order, declined.code()) ? declined
                    : new RetryLater(id, Reason.STATUS_EVENT_NOT_SENT, "order " + id + " failed; the redelivery sends its event");
        }
        try {
            // Also when interrupted (a stop, or a lease at its maximum age): the SDK would refuse the call.
            Uninterrupted.run(() -> progress.release(order, claim.owner()));
        } catch (StoreException e) {
            LOG.fine(() -> "claim on order " + id + " not given up; it runs out by itself: " + e.getMessage());
        }
        return paid;
    }

    /**
     * Pays for an order, with each way a payment can fail turned into its outcome; for the sync endpoint, which pays
     * for an order it has just recorded, and for {@link #process}.
     */
    public static ProcessingOutcome.OfPayment pay(Payer payer, Order order) {
        String id = order.orderId();
        try {
            return new Paid(payer.pay(order));
        } catch (PaymentDeclinedException e) {
            return new Declined(id, e.code());
        } catch (GateBusyException e) {
            return new RetryLater(id, Reason.PAYMENT_BUSY, e.getMessage());
        } catch (PaymentInProgressException e) {
            // Another delivery of the same order is being paid; this one comes back once that has ended.
            return new RetryLater(id, Reason.PAYMENT_IN_PROGRESS, e.getMessage());
        } catch (PaymentOutcomeUnknownException e) {
            // Perhaps charged: paying again under the order id is answered with that charge, if there is one.
            return new RetryLater(id, Reason.PAYMENT_UNKNOWN, e.getMessage());
        } catch (PaymentFailedException e) {
            return new RetryLater(id, Reason.PAYMENT_FAILED, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RetryLater(id, Reason.SHUTTING_DOWN, "the server is stopping");
        }
    }
}
