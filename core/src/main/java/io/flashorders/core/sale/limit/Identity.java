package io.flashorders.core.sale.limit;

/** What a bucket counts: a client address (see {@link ClientAddress}) or a customer id. */
public enum Identity {
    IP, CUSTOMER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
