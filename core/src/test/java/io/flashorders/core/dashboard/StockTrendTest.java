package io.flashorders.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StockTrendTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void thePaceOverTheWindowGivesTheSoldOutTime() {
        StockTrend trend = new StockTrend(Duration.ofSeconds(10));
        trend.add(T0.minusSeconds(60), 1000); // outside the window by the end
        for (int s = 0; s <= 10; s++) {
            trend.add(T0.plusSeconds(s), 100 - 2L * s);
        }
        assertEquals(2.0, trend.depletionPerSecond(), 1e-9);
        assertEquals(T0.plusSeconds(10 + 40), trend.soldOutAt().orElseThrow());
    }

    @Test
    void stockComingBackIsNoDepletionAndSoldOutIsNow() {
        StockTrend trend = new StockTrend(Duration.ofSeconds(10));
        trend.add(T0, 5);
        trend.add(T0.plusSeconds(1), 6);
        assertTrue(trend.depletionPerSecond() < 0);
        assertTrue(trend.soldOutAt().isEmpty());
        trend.add(T0.plusSeconds(2), 0);
        assertEquals(T0.plusSeconds(2), trend.soldOutAt().orElseThrow());
    }
}
