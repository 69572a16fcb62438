package io.flashorders.processor.consume;

import io.flashorders.core.processing.DeliveryClaim;
import io.flashorders.core.processing.OrderProcessing;
import io.flashorders.core.processing.ProcessingOutcome;
import io.flashorders.core.processing.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What a worker does with one message's body: the core's {@link OrderProcessing}, counted.
 * processor.redeliveries{status} are messages for orders that had finished already, acknowledged without paying;
 * processor.claims.busy are messages left on the queue because another worker holds the order.
 */
@ApplicationScoped
public class OrderHandler implements MessageHandler {

    @Inject
    OrderProcessing processing;

    @Inject
    MetricRegistry metrics;

    @Override
    public ProcessingOutcome handle(String body, DeliveryClaim claim) {
        ProcessingOutcome outcome = processing.process(body, claim);
        if (outcome instanceof ProcessingOutcome.AlreadyFinished finished) {
            metrics.counter("processor.redeliveries", new Tag("status", finished.status().wireName())).inc();
        } else if (outcome instanceof ProcessingOutcome.RetryLater retry && retry.reason() == Reason.ORDER_BUSY) {
            metrics.counter("processor.claims.busy").inc();
        }
        return outcome;
    }
}
