package io.flashorders.core.progress;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Where completion events go: nowhere (the local default), or a queue or topic through an {@link OrderPublisher}. */
@FunctionalInterface
public interface StatusEvents {

    /** Events are off. */
    StatusEvents NONE = event -> true;

    /** @return true when the event was handed over durably (or events are off); false when it could not be */
    boolean send(StatusEvent event);

    /** Sends each event's JSON through the publisher (the same SQS and SNS publishers the orders use). */
    static StatusEvents via(OrderPublisher publisher) {
        Logger log = Logger.getLogger(StatusEvents.class.getName());
        return event -> {
            try {
                publisher.publish(event.orderId(), OrderJson.write(event));
                return true;
            } catch (PublishException e) {
                log.log(Level.WARNING, "status event " + event.event() + " for order " + event.orderId() + " not sent: "
                        + e.getMessage(), e.getCause());
                return false;
            }
        };
    }
}
