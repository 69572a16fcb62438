package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an audit entry records. Each one except {@link #SALE_OPENED}, {@link #SALE_CLOSED} and {@link #REFUSED} moves
 * exactly one unit between the {@link StockCounts}; {@link AuditReplay} relies on that.
 */
public enum AuditType {
    SALE_OPENED, SALE_CLOSED,
    /** A reserve that was refused (sold out, limit reached, not open, ended): a decision, but no change. */
    REFUSED,
    RESERVED, CANCELLED, EXPIRED, CHECKOUT_STARTED, PURCHASED, RELEASED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditType fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
