package io.flashorders.core.processing;

/**
 * Why an order was not paid, each with the code the transports carry: the order API's error body and
 * {@code orders_rejected_total{reason}}, the processor's log line, the Lambda's failure report and log line, and the
 * reason an order is recorded as rejected under.
 */
public enum Reason {

    /** No payment permit came free in time; nothing was charged. */
    PAYMENT_BUSY("payment_busy"),
    /** The same order is being paid right now (another delivery of its message); nothing was charged again. */
    PAYMENT_IN_PROGRESS("payment_in_progress"),
    /** The provider failed or its answer was lost; paying again is safe, the order id is the idempotency key. */
    PAYMENT_FAILED("payment_failed"),
    /** The provider declined for good; the order failed and paying again gets the same answer. */
    PAYMENT_DECLINED("payment_declined"),
    /** Another processor holds a live claim on the order; it is free at the latest when that claim runs out. */
    ORDER_BUSY("order_busy"),
    /** The order moved on, but its status event could not be sent; the message's redelivery sends it. */
    STATUS_EVENT_NOT_SENT("status_event_not_sent"),
    /** The order store could not be reached. */
    STORE_UNAVAILABLE("store_unavailable"),
    /** The server (or the Lambda's environment) is stopping. */
    SHUTTING_DOWN("shutting_down"),
    /** A failure nothing foresaw; the message is tried again. */
    UNEXPECTED("unexpected");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The wire code, e.g. {@code payment_busy}. */
    public String code() {
        return code;
    }
}
