package io.flashorders.order.sale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.Sale;
import io.flashorders.core.sale.SaleSnapshot;
import io.flashorders.core.sale.StockCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Availability's cache: a read is answered again only while it is younger than the cache's time. */
class LastKnownSalesTest {

    private static final Instant READ = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration CACHE = Duration.ofMillis(250);

    private static SaleSnapshot snapshot(long available) {
        Sale sale = new Sale("s", "p", 5, BigDecimal.ONE, "EUR", READ.minusSeconds(60), READ.plusSeconds(60),
                Duration.ofSeconds(2), 1, null);
        return new SaleSnapshot(sale, new StockCounts(5, available, 5 - available, 0, 0));
    }

    @Test
    void aReadIsFreshUntilTheCachesTimeHasPassedSinceIt() {
        LastKnownSales known = new LastKnownSales();
        assertTrue(known.fresh("s", READ, CACHE).isEmpty(), "nothing read yet");
        known.update(snapshot(4), READ);
        assertEquals(4, known.fresh("s", READ.plusMillis(249), CACHE).orElseThrow().snapshot().counts().available());
        assertEquals(READ, known.fresh("s", READ.plusMillis(249), CACHE).orElseThrow().readAt());
        assertTrue(known.fresh("s", READ.plus(CACHE), CACHE).isEmpty(), "as old as the cache's time: read again");
        assertTrue(known.fresh("other", READ, CACHE).isEmpty(), "per sale");
        assertTrue(known.get("s").isPresent(), "still the last figures for a stale answer");
    }

    @Test
    void aNewerReadReplacesTheOldAndZeroMeansNoCache() {
        LastKnownSales known = new LastKnownSales();
        known.update(snapshot(4), READ);
        known.update(snapshot(3), READ.plusMillis(300));
        assertEquals(3, known.fresh("s", READ.plusMillis(400), CACHE).orElseThrow().snapshot().counts().available());
        assertTrue(known.fresh("s", READ.plusMillis(300), Duration.ZERO).isEmpty());
    }
}
