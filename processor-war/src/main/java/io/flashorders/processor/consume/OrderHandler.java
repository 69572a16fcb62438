package io.flashorders.processor.consume;

import io.flashorders.cdi.Payments;
import io.flashorders.core.json.InvalidOrderException;
import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.Order;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.payment.GateBusyException;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.payment.PaymentInProgressException;
import io.flashorders.core.progress.OrderProgress;
import io.flashorders.core.store.StoreException;
import io.flashorders.processor.progress.ProcessorProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a worker does with one message: read the order, claim it (pending to processing), pay for it, complete it, say
 * whether it may be acknowledged. A message for an order that finished already is acknowledged without paying.
 */
@ApplicationScoped
public class OrderHandler {

    private static final Logger LOG = Logger.getLogger(OrderHandler.class.getName());

    @Inject
    Payments payments;

    @Inject
    ProcessorProgress progress;

    /** @return true when the order was paid and its message can be deleted */
    public boolean handle(Message message) {
        try {
            Order order = OrderJson.readOrder(((TextMessage) message).getText());
            OrderProgress.Begin begin = progress.begin(order);
            if (!begin.pay()) {
                return begin.acknowledge();
            }
            Payment payment = payments.pay(order.withStatus(OrderStatus.PROCESSING));
            LOG.fine(() -> (payment.alreadyPaid() ? "already paid, acknowledged again: order " : "paid order ") + order.orderId());
            return progress.completed(order, payment);
        } catch (InvalidOrderException | ClassCastException e) {
            // Left unacknowledged: after the redrive policy's receive count it lands in the dead-letter queue.
            LOG.warning(() -> "unreadable order message " + messageId(message) + ": " + e.getMessage());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "order store unavailable for message " + messageId(message) + "; it will be redelivered", e);
        } catch (GateBusyException | PaymentInProgressException | JMSException e) {
            LOG.log(Level.WARNING, "payment not made for message " + messageId(message) + "; it will be redelivered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(unknown id)";
        }
    }
}
