package io.flashorders.processor.progress;

import io.flashorders.core.order.Order;
import io.flashorders.core.payment.Payment;
import io.flashorders.core.progress.OrderProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@link OrderProgress} for the queue processor, counted: processor.redeliveries{status} are messages for orders that
 * had finished already, acknowledged without paying; processor.claims.busy are messages left on the queue because
 * another worker holds the order.
 */
@ApplicationScoped
public class ProcessorProgress {

    @Inject
    OrderProgress progress;

    @Inject
    MetricRegistry metrics;

    /** @param owner the delivery's claim token */
    public OrderProgress.Begin begin(Order order, String owner) {
        OrderProgress.Begin begin = progress.begin(order, owner);
        begin.finished().ifPresent(status -> metrics.counter("processor.redeliveries", new Tag("status", status.wireName())).inc());
        if (!begin.pay() && begin.finished().isEmpty()) {
            metrics.counter("processor.claims.busy").inc();
        }
        return begin;
    }

    /** The payment did not go through: the order's next message may claim it at once. */
    public void release(Order order, String owner) {
        progress.release(order, owner);
    }

    /** Keeps the owner's claim for another lease while its payment runs; false when it is no longer the owner's. */
    public boolean renew(String orderId, String owner) {
        boolean renewed = progress.renew(orderId, owner);
        if (!renewed) {
            metrics.counter("processor.claims.lost").inc();
        }
        return renewed;
    }

    /** @return whether the message may be deleted */
    public boolean completed(Order order, Payment payment) {
        return progress.completed(order, payment);
    }

    /**
     * For a payment the provider declined for good: the order fails, and its event is sent.
     *
     * @return whether the message may be deleted
     */
    public boolean failed(Order order, String reason) {
        return progress.failed(order, reason);
    }
}
