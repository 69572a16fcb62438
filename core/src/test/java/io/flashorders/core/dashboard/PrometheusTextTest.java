package io.flashorders.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP payments_completed_total Payments that went through
            # TYPE payments_completed_total counter
            payments_completed_total{mp_scope="application",owner="processor",} 12.0
            payments_completed_total{mp_scope="application",owner="sync",} 3.0
            processor_workers{mp_scope="application",} 20.0
            queue_depth{mp_scope="application",state="in_flight"} 4.0
            odd line without a value
            weird{label="a \\"quoted\\" one"} 1e3
            """;

    @Test
    void samplesAreReadByNameAndLabels() {
        PrometheusText text = PrometheusText.parse(SCRAPE);
        assertEquals(12.0, text.sum("payments_completed_total", "owner", "processor").orElseThrow());
        assertEquals(15.0, text.sum("payments_completed_total").orElseThrow());
        assertEquals(20.0, text.sum("processor_workers").orElseThrow());
        assertEquals(4.0, text.sum("queue_depth", "state", "in_flight").orElseThrow());
        assertEquals(1000.0, text.sum("weird", "label", "a \"quoted\" one").orElseThrow());
        assertTrue(text.sum("processor_workers_busy").isEmpty());
        assertTrue(text.sum("payments_completed_total", "owner", "lambda").isEmpty());
    }
}
