package io.flashorders.bench;

/** This JVM's CPU, in clock ticks, for the load it generates itself. */
final class SelfCpu {

    private SelfCpu() {
    }

    static long ticks() {
        return ProcessCpu.ticks(ProcessHandle.current().pid());
    }
}
