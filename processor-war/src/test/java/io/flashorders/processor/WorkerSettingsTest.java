package io.flashorders.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.processor.ProcessorSettings.WorkerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    @Test
    void constructor_noWorkers_isRejectedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(false, 0, 1));

        assertTrue(e.getMessage().contains("processor.workers must be at least 1"), e.getMessage());
    }

    @Test
    void isAuto_fixedOrAutoWithSpaces_isRead() {
        assertTrue(WorkerSettings.isAuto(" auto"));
        assertFalse(WorkerSettings.isAuto("fixed "));
    }

    @Test
    void isAuto_anotherMode_isRejectedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerSettings.isAuto("sometimes"));

        assertTrue(e.getMessage().contains("processor.workers.mode"), e.getMessage());
    }

    @Test
    void initialSize_fixedMode_isProcessorWorkersAndAutoModeItsMinimum() {
        assertEquals(12, settings(false, 12, 3).initialSize());
        assertEquals(3, settings(true, 12, 3).initialSize());
    }

    private static WorkerSettings settings(boolean auto, int workers, int min) {
        return new WorkerSettings(auto, workers, min, Duration.ofSeconds(20), Duration.ofSeconds(15), 0.1);
    }
}
