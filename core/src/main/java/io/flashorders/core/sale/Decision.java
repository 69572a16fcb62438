package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the inventory decided about one request, written in lower case on the wire (it is the API's error code for
 * the refusals). Counted per outcome in the {@code sale.decisions} metric.
 */
public enum Decision {
    /** A unit is now held for the customer. */
    RESERVED,
    /** The request repeats an earlier one (same Idempotency-Key, or a checkout already started): its outcome again. */
    REPLAYED,
    SOLD_OUT,
    LIMIT_REACHED,
    /** The sale has not started yet. */
    NOT_OPEN,
    /** The sale is over (its end passed, or an admin closed it). */
    ENDED,
    UNKNOWN_SALE,
    /** The Idempotency-Key was used for another customer's reservation. */
    KEY_REUSED,
    CANCELLED,
    CHECKOUT_STARTED,
    /** The hold ended before the request came: the unit went back to the sale. */
    RESERVATION_EXPIRED,
    UNKNOWN_RESERVATION,
    /** The reservation is in a state the request cannot apply to (e.g. cancel after checkout). */
    WRONG_STATE,
    PURCHASED,
    RELEASED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Decision fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
