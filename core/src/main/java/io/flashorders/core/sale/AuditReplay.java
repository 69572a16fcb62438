package io.flashorders.core.sale;

import java.util.List;

/**
 * Rebuilds a sale's counts from its audit trail alone. Because each decision and its entry are written in one atomic
 * step, the replayed counts must equal the live ones exactly; a difference means a decision went unrecorded.
 */
public final class AuditReplay {

    private AuditReplay() {
    }

    /**
     * @param trail the sale's whole trail, oldest first, starting with {@link AuditType#SALE_OPENED}
     * @throws IllegalArgumentException when the trail does not start with the sale's opening
     */
    public static StockCounts replay(List<AuditEvent> trail) {
        if (trail.isEmpty() || trail.get(0).type() != AuditType.SALE_OPENED || trail.get(0).stock() == null) {
            throw new IllegalArgumentException("an audit trail starts with sale_opened and its stock");
        }
        StockCounts counts = StockCounts.opened(trail.get(0).stock());
        for (AuditEvent event : trail.subList(1, trail.size())) {
            counts = counts.apply(event.type());
        }
        return counts;
    }
}
