package io.flashorders.processor.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.aws.QueueDepth;
import io.flashorders.core.payment.PaymentGate;
import io.flashorders.processor.ProcessorSettings;
import io.flashorders.processor.ProcessorSettings.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolSizerTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "processor.workers", "4",
            "processor.workers.mode", "fixed",
            "processor.workers.min", "2",
            "processor.workers.target-age.ms", "10000",
            "processor.workers.scale-down-window.ms", "0",
            "processor.workers.headroom", "0"));
    private long backlog;
    private WorkerPool pool;
    private PaymentGate gate;
    private PoolSizer sizer;
    private Instant now = Instant.parse("2026-11-21T12:00:00Z");

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void adjust_fixedModeWorkersChanged_resizesThePoolAndTheGate() {
        start();

        settings.put("processor.workers", "12");
        sizer.adjust(tick());
        assertEquals(12, pool.size());
        assertEquals(12, gate.permits());

        settings.put("processor.workers", "3");
        sizer.adjust(tick());
        assertEquals(3, pool.size());
        assertEquals(3, gate.permits());
        assertEquals(3, sizer.target());
        assertFalse(sizer.auto());
    }

    @Test
    void adjust_poolCutWhileItsWorkersAreClaimed_gateKeepsAPermitForEachUntilTheyAreDone() throws Exception {
        start();
        for (int i = 0; i < 4; i++) {
            assertTrue(pool.claim(10));
        }

        settings.put("processor.workers", "2");
        sizer.adjust(tick());
        assertEquals(2, pool.size());
        assertEquals(4, gate.permits(), "four claimed workers will each want a permit");
        for (int i = 0; i < 4; i++) {
            gate.acquire("order-" + i); // none turned away as payment_busy
        }

        pool.unclaim();
        pool.unclaim();
        sizer.adjust(tick());
        assertEquals(2, gate.permits(), "cut once the claimed workers are within the new size");
    }

    @Test
    void adjust_autoModeWithABacklog_growsThePoolUpToProcessorWorkers() {
        settings.put("processor.workers.mode", "auto");
        settings.put("processor.workers", "50");
        start();
        assertTrue(sizer.auto());

        backlog = 0;
        sizer.adjust(tick());
        assertEquals(2, pool.size(), "nothing arriving: the minimum");

        backlog = 1000;
        sizer.adjust(tick());
        assertEquals(50, pool.size(), "a backlog no pool within the limits clears in time: the maximum");
        assertEquals(50, gate.permits());
    }

    @Test
    void adjust_modeSwitchedToAutoAtRunTime_takesEffectAtTheNextEvaluation() {
        start();

        settings.put("processor.workers.mode", "auto");
        backlog = 0;
        sizer.adjust(tick());

        assertTrue(sizer.auto());
        assertEquals(2, pool.size());
    }

    @Test
    void adjust_invalidSetting_leavesTheSizeAlone() {
        start();

        settings.put("processor.workers", "0");
        sizer.adjust(tick());
        assertEquals(4, pool.size());

        settings.put("processor.workers", "6");
        settings.put("processor.workers.mode", "sometimes");
        sizer.adjust(tick());
        assertEquals(4, pool.size());
    }

    /** The pool, its gate and the sizer, as the consumer starts them from the current settings. */
    private void start() {
        pool = new WorkerPool(settings().initialSize(), executor);
        gate = new PaymentGate(pool.size(), Duration.ofSeconds(1), Duration.ofSeconds(1));
        sizer = new PoolSizer(this::settings, pool, gate, () -> new QueueDepth(backlog, 0, 0), Duration.ofSeconds(1));
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    /** The settings as {@link ProcessorSettings#workers()} reads them, from the map as it is now. */
    private WorkerSettings settings() {
        return new WorkerSettings(WorkerSettings.isAuto(settings.get("processor.workers.mode")), number("processor.workers"), number("processor.workers.min"),
                Duration.ofMillis(number("processor.workers.target-age.ms")),
                Duration.ofMillis(number("processor.workers.scale-down-window.ms")),
                Double.parseDouble(settings.get("processor.workers.headroom")));
    }

    private int number(String key) {
        return Integer.parseInt(settings.get(key));
    }
}
