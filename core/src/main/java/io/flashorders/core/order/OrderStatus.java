package io.flashorders.core.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an order is in its life; written in lower case on the wire. An order only moves forward:
 * pending, then processing, then completed or failed; or, when it was never accepted (the queue or the payment
 * provider refused it), from pending straight to rejected. Completed, failed and rejected are final.
 */
public enum OrderStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OrderStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Completed, failed or rejected: nothing more happens to the order. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == REJECTED;
    }

    /** Whether an order may move from this status to {@code next}: forward only, never back, never sideways. */
    public boolean canMoveTo(OrderStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == COMPLETED || next == FAILED || next == REJECTED;
            case PROCESSING -> next == COMPLETED || next == FAILED;
            case COMPLETED, FAILED, REJECTED -> false;
        };
    }
}
