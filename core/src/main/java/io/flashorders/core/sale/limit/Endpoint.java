package io.flashorders.core.sale.limit;

/** The sale requests that are rate limited, each with buckets of its own. */
public enum Endpoint {
    RESERVE, CHECKOUT, AVAILABILITY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
