package io.flashorders.core.sale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReplayTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static AuditEvent event(AuditType type) {
        return new AuditEvent("0-1", T, type, "r", 1L, "", type == AuditType.SALE_OPENED ? 5L : null);
    }

    @Test
    void everyUnitMoveKeepsTheCountsConserved() {
        List<AuditEvent> trail = new ArrayList<>(List.of(event(AuditType.SALE_OPENED)));
        for (AuditType type : List.of(AuditType.RESERVED, AuditType.RESERVED, AuditType.RESERVED, AuditType.RESERVED,
                AuditType.CANCELLED, AuditType.EXPIRED, AuditType.CHECKOUT_STARTED, AuditType.CHECKOUT_STARTED,
                AuditType.PURCHASED, AuditType.RELEASED, AuditType.REFUSED, AuditType.RESERVED, AuditType.SALE_CLOSED)) {
            trail.add(event(type));
            assertTrue(AuditReplay.replay(trail).conserved(), "after " + type);
        }
        assertEquals(new StockCounts(5, 3, 1, 0, 1), AuditReplay.replay(trail));
    }

    @Test
    void brokenCountsAreNotConserved() {
        assertFalse(new StockCounts(5, 0, 0, 0, 6).conserved());
        assertEquals(1, new StockCounts(5, -1, 0, 0, 6).oversold());
        assertFalse(new StockCounts(5, 2, 2, 0, 0).conserved());
    }

    @Test
    void aTrailStartsWithTheOpening() {
        assertThrows(IllegalArgumentException.class, () -> AuditReplay.replay(List.of(event(AuditType.RESERVED))));
        assertThrows(IllegalArgumentException.class, () -> AuditReplay.replay(List.of()));
    }

    @Test
    void stateFollowsTimeCountsAndClosing() {
        Sale sale = new Sale("s", "p", 5, BigDecimal.ONE, "EUR", T, T.plusSeconds(60), Duration.ofSeconds(2), 1, null);
        StockCounts some = new StockCounts(5, 1, 4, 0, 0);
        StockCounts none = new StockCounts(5, 0, 4, 0, 1);
        assertEquals(SaleState.UPCOMING, sale.state(some, T.minusMillis(1)));
        assertEquals(SaleState.OPEN, sale.state(some, T));
        assertEquals(SaleState.SOLD_OUT, sale.state(none, T));
        assertEquals(SaleState.ENDED, sale.state(some, T.plusSeconds(60)));
        Sale closed = new Sale("s", "p", 5, BigDecimal.ONE, "EUR", T, T.plusSeconds(60), Duration.ofSeconds(2), 1, T);
        assertEquals(SaleState.ENDED, closed.state(some, T.plusSeconds(1)));
        assertFalse(closed.runs(T.plusSeconds(1)));
    }
}
