package io.flashorders.it.support;

/** A scrape of /metrics (Prometheus text), read by metric name and label values. */
public final class Metrics {

    private final String text;

    Metrics(String text) {
        this.text = text;
    }

    /**
     * The value of the first sample named {@code name} whose labels include every {@code label="value"} pair given,
     * or 0 when there is none yet (counters appear on first use).
     */
    public double value(String name, String... labels) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Payments the processor made (the order API's sync payments are counted apart). */
    public long processorPayments() {
        return (long) value("payments_completed_total", "owner=\"processor\"");
    }

    /** Payments asked for again under an order id already paid, answered from the ledger. */
    public long processorRepeats() {
        return (long) value("payments_repeated_total", "owner=\"processor\"");
    }

    public long syncPayments() {
        return (long) value("payments_completed_total", "owner=\"sync\"");
    }

    public long accepted(String endpoint) {
        return (long) value("orders_accepted_total", "endpoint=\"" + endpoint + "\"");
    }

    /** Requests answered with an earlier request's outcome (same Idempotency-Key, same order). */
    public long replayed(String endpoint) {
        return (long) value("orders_replayed_total", "endpoint=\"" + endpoint + "\"");
    }

    /** Orders the reconciler published again. */
    public long republished() {
        return (long) value("orders_republished_total");
    }

    /** Messages for orders already finished, acknowledged by the processor without paying. */
    public long redeliveries(String status) {
        return (long) value("processor_redeliveries_total", "status=\"" + status + "\"");
    }

    public long rejected(String reason) {
        return (long) value("orders_rejected_total", "reason=\"" + reason + "\"");
    }

    /** Orders the reconciler settled from the provider's ledger with this result ({@code completed}, {@code rejected}, ...). */
    public long settled(String result) {
        return (long) value("orders_settled_total", "result=\"" + result + "\"");
    }
}
