package io.flashorders.core.sale;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A sale's units at one instant. Every decision moves one unit between these counts, so that at every instant
 * {@code total = available + reserved + checkingOut + sold} (the conservation invariant) and {@code sold <= total}.
 */
public record StockCounts(long total, long available, long reserved, long checkingOut, long sold) {

    /** A sale just opened: every unit available. */
    public static StockCounts opened(long total) {
        return new StockCounts(total, total, 0, 0, 0);
    }

    /** Units held by a reservation, reserved or checking out. */
    @JsonIgnore
    public long held() {
        return reserved + checkingOut;
    }

    /** The invariant: every unit counted exactly once, none negative, none sold beyond the stock. */
    @JsonIgnore
    public boolean conserved() {
        return total == available + reserved + checkingOut + sold
                && available >= 0 && reserved >= 0 && checkingOut >= 0 && sold >= 0 && sold <= total;
    }

    /** Units sold beyond the stock: 0 unless the invariant was broken. */
    @JsonIgnore
    public long oversold() {
        return Math.max(0, sold - total);
    }

    StockCounts apply(AuditType type) {
        return switch (type) {
            case RESERVED -> new StockCounts(total, available - 1, reserved + 1, checkingOut, sold);
            case CANCELLED, EXPIRED -> new StockCounts(total, available + 1, reserved - 1, checkingOut, sold);
            case CHECKOUT_STARTED -> new StockCounts(total, available, reserved - 1, checkingOut + 1, sold);
            case PURCHASED -> new StockCounts(total, available, reserved, checkingOut - 1, sold + 1);
            case RELEASED -> new StockCounts(total, available + 1, reserved, checkingOut - 1, sold);
            case SALE_OPENED, SALE_CLOSED, REFUSED -> this;
        };
    }
}
