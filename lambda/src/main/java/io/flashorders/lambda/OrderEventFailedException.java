package io.flashorders.lambda;

import java.util.List;

/**
 * At least one order of an SNS event was not paid. Thrown by the handler so that the invocation fails and Lambda
 * retries the event; its type and message are what the runtime reports as the invocation's error.
 */
public final class OrderEventFailedException extends RuntimeException {

    private final int records;
    private final List<String> errors;

    OrderEventFailedException(int records, List<OrderEventHandler.Failure> failures) {
        super(failures.size() + " of " + records + " orders in the event were not paid, so the event fails and is"
                + " retried (orders already paid are not charged again): " + failures);
        this.records = records;
        this.errors = failures.stream().map(OrderEventHandler.Failure::error).toList();
    }

    /** How many records the event held. */
    public int records() {
        return records;
    }

    /** Why each unpaid order failed, in record order: {@code malformed_json}, {@code payment_busy}, ... */
    public List<String> errors() {
        return errors;
    }
}
