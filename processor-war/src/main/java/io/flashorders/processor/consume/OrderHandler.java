package io.flashorders.processor.consume;

import io.flashorders.cdi.Payments;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentFailedException;
import io.flashorders.core.payment.PaymentInProgressException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** What a worker does with one message's body: read the order and pay for it. */
@ApplicationScoped
public class OrderHandler {

    private static final Logger LOG = Logger.getLogger(OrderHandler.class.getName());

    @Inject
    Payments payments;

    public Outcome handle(String body) {
        Order order;
        try {
            order = OrderJson.readOrder(body);
        } catch (InvalidOrderException e) {
            return Outcome.poison(e.code(), e.getMessage());
        }
        try {
            Payment payment = payments.pay(order.withStatus(OrderStatus.PROCESSING));
            LOG.fine(() -> (payment.alreadyPaid() ? "already paid, acknowledged again: order " : "paid order ") + order.orderId());
            return Outcome.paid();
        } catch (PaymentFailedException e) {
            return Outcome.retry("payment_failed", e.getMessage());
        } catch (PaymentInProgressException e) {
            // Another delivery of the same order is being paid; this one comes back once that has ended.
            return Outcome.retry("payment_in_progress", e.getMessage());
        } catch (GateBusyException e) {
            return Outcome.retry("payment_busy", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted", "the processor is stopping");
        }
    }
}
