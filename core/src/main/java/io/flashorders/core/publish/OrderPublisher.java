package io.flashorders.core.publish;

/**
 * Hands an accepted order to the processing side. {@link #publish} returns only once the order is
 * durably queued; anything less is a {@link PublishException}, and the caller must not acknowledge the order.
 */
public interface OrderPublisher {

    /**
     * @param orderId   names the order in errors
     * @param orderJson the order's wire form ({@code OrderJson.write}), sent as the message body unchanged; the
     *                  caller renders it once and answers the customer with the same text
     */
    void publish(String orderId, String orderJson) throws PublishException;

    /** Whether the destination answers right now; readiness reports it. */
    boolean reachable();

    /** Where orders go, for logs and health reports. */
    String destination();
}
