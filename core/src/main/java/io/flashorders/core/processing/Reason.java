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
    /** The provider refused before charging, or could not be reached; paying again is safe, the order id is the idempotency key. */
    PAYMENT_FAILED("payment_failed"),
    /**
     * The payment may have gone through (a timeout, a lost answer, an interrupted call): paying again under the order
     * id is safe, and a sync order stays with its key until a retry pays it or the reconciler settles it.
     */
    PAYMENT_UNKNOWN("payment_unknown"),
    /** A sync order whose request died before anything was charged, settled from the provider's ledger: rejected. */
    PAYMENT_INTERRUPTED("payment_interrupted"),
    /** Paid, but the store refused the completion write every time: dead-lettered, completed later from the ledger. */
    COMPLETION_FAILED("completion_failed"),
    /** The provider declined for good; the order failed and paying again gets the same answer. */
    PAYMENT_DECLINED("payment_declined"),
    /** Another processor holds a live claim on the order; it is free at the latest when that claim runs out. */
    ORDER_BUSY("order_busy"),
    /** The order moved on, but its status event could not be sent; the message's redelivery sends it. */
    STATUS_EVENT_NOT_SENT("status_event_not_sent"),
    /** The order store could not be reached. */
    STORE_UNAVAILABLE("store_unavailable"),
    /**
     * This processor's order-store calls were at their bound ({@code processor.store.concurrency}) and no place came
     * free in time; nothing was written. Not a failure: it costs the message no attempt.
     */
    STORE_BUSY("store_busy"),
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
