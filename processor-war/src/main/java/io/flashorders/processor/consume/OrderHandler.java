package io.flashorders.processor.consume;

import io.flashorders.cdi.Payments;
import io.flashorders.core.concurrent.Uninterrupted;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentDeclinedException;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.store.StoreException;
import io.flashorders.processor.progress.ProcessorProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a worker does with one message's body: read the order, claim it (pending to processing), pay for it and
 * complete it, or fail it when the provider declines. A message for an order that finished already is done with,
 * without paying.
 */
@ApplicationScoped
public class OrderHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(OrderHandler.class.getName());

    @Inject
    Payments payments;

    @Inject
    ProcessorProgress progress;

    @Inject
    @ConfigProperty(name = "processor.claim-lease.ms")
    long claimLeaseMillis;

    @Override
    public Outcome handle(String body, DeliveryClaim claim) {
        Order order;
        try {
            order = OrderJson.readOrder(body);
        } catch (InvalidOrderException e) {
            return Outcome.poison(e.code(), e.getMessage());
        }
        try {
            OrderProgress.Begin begin = progress.begin(order, claim.owner());
            if (begin.acknowledge()) {
                return Outcome.done();
            }
            if (begin.finished().isPresent()) {
                return Outcome.retry("status_event_not_sent", "order " + order.orderId() + " finished; the redelivery sends its event");
            }
            if (!begin.pay()) {
                // Not a failure: without spending one of the message's attempts, come back when the other claim has run out.
                return Outcome.retryAfter("claimed_by_another_processor", "order " + order.orderId(), Duration.ofMillis(claimLeaseMillis));
            }
            claim.renewWith(() -> progress.renew(order.orderId(), claim.owner()));
            return pay(order, claim.owner());
        } catch (StoreException e) {
            return Outcome.retry("store_unavailable", e.getMessage());
        }
    }

    /** Pays for an order this processor has claimed; a payment that did not go through gives the claim up again. */
    private Outcome pay(Order order, String owner) {
        Outcome notPaid;
        try {
            Payment payment = payments.pay(order.withStatus(OrderStatus.PROCESSING));
            LOG.fine(() -> (payment.alreadyPaid() ? "already paid, acknowledged again: order " : "paid order ") + order.orderId());
            return progress.completed(order, payment) ? Outcome.done()
                    : Outcome.retry("status_event_not_sent", "order " + order.orderId() + " completed; the redelivery sends its event");
        } catch (PaymentDeclinedException e) {
            // An answer, not a failure: the order fails and its message is done with; a redelivery gets the same decline.
            return progress.failed(order, e.code()) ? Outcome.done()
                    : Outcome.retry("status_event_not_sent", "order " + order.orderId() + " failed; the redelivery sends its event");
        } catch (PaymentFailedException e) {
            notPaid = Outcome.retry("payment_failed", e.getMessage());
        } catch (PaymentInProgressException e) {
            // Another delivery of the same order is being paid; this one comes back once that has ended.
            notPaid = Outcome.retry("payment_in_progress", e.getMessage());
        } catch (GateBusyException e) {
            notPaid = Outcome.retry("payment_busy", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notPaid = Outcome.retry("interrupted", "the processor is stopping");
        }
        try {
            // Also when interrupted (a stop, or a lease at its maximum age): the SDK would refuse the call.
            Uninterrupted.run(() -> progress.release(order, owner));
        } catch (StoreException e) {
            LOG.fine(() -> "claim on order " + order.orderId() + " not given up; it runs out by itself: " + e.getMessage());
        }
        return notPaid;
    }
}
