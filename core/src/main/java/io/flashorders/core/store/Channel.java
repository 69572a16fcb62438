package io.flashorders.core.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an order came in: which endpoint accepted it, or the queue when a processor met it first. */
public enum Channel {
    /** {@code POST /orders/async}: recorded, then queued; a processor pays for it. */
    ASYNC,
    /** {@code POST /orders/sync}: recorded, then paid while the customer waits. Never queued. */
    SYNC,
    /**
     * Met first by a processor: nothing recorded the order before its message was queued (a message sent to the queue
     * by hand or by another producer), so the processor records it as it claims it.
     */
    QUEUE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
