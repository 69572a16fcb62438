package io.flashorders.core.sale;

import java.util.Objects;

/** A sale with its counts as read in one step. */
public record SaleSnapshot(Sale sale, StockCounts counts) {

    public SaleSnapshot {
        Objects.requireNonNull(sale, "sale");
        Objects.requireNonNull(counts, "counts");
    }
}
