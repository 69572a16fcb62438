package io.flashorders.core.publish;

import io.flashorders.core.order.Order;

/**
 * Hands an accepted order to the processing side. {@link #publish} returns only once the order is
 * durably queued; anything less is a {@link PublishException}, and the caller must not acknowledge the order.
 */
public interface OrderPublisher {

    void publish(Order order) throws PublishException;

    /** Whether the destination answers right now; readiness reports it. */
    boolean reachable();

    /** Where orders go, for logs and health reports. */
    String destination();
}
