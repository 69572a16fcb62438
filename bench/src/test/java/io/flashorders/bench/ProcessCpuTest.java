package io.flashorders.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.bench.ProcessCpu.ThreadTicks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void groupDelta_poolChurns_eachThreadFromItsOwnStartAndEndedThreadsLeftOut() {
        Map<String, ThreadTicks> before = Map.of(
                "10", new ThreadTicks("Default Executor-thread-#", 5_000),
                "11", new ThreadTicks("Default Executor-thread-#", 3_000),
                "20", new ThreadTicks("GC Thread#", 100));
        Map<String, ThreadTicks> after = Map.of(
                "10", new ThreadTicks("Default Executor-thread-#", 5_200),
                "12", new ThreadTicks("Default Executor-thread-#", 50),
                "20", new ThreadTicks("GC Thread#", 100));

        Map<String, Double> delta = ProcessCpu.groupDelta(before, after);

        // Thread 11 ended: summing the group before and after would have made it 5,250 - 8,000, less than nothing.
        assertEquals(Map.of("Default Executor-thread-#", 2.5), delta);
    }

    @Test
    void ticks_thisProcess_countsSomething() {
        assertTrue(ProcessCpu.ticks(ProcessHandle.current().pid()) > 0);
        assertTrue(ProcessCpu.threads(ProcessHandle.current().pid()).size() > 1);
    }
}
