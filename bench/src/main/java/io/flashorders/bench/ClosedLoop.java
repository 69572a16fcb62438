package io.flashorders.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load inside this JVM: {@code concurrency} threads, each calling the operation again as soon as it
 * returned, for a fixed time. An operation that returns false or throws counts as an error and its latency is not
 * kept; the rate is the successful calls over the phase.
 */
public final class ClosedLoop {

    /** One call of the measured operation; {@code sequence} numbers the calls of the whole phase from 0. */
    @FunctionalInterface
    public interface Operation {
        boolean call(long sequence) throws Exception;
    }

    private ClosedLoop() {
    }

    public static LoadResult run(int concurrency, int seconds, Operation operation) throws Exception {
        AtomicLong sequence = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long cpuBefore = SelfCpu.ticks();
        long started = System.nanoTime();
        long deadline = started + seconds * 1_000_000_000L;
        ExecutorService callers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "closed-loop");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            results.add(callers.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.call(sequence.getAndIncrement());
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (!ok) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        callers.shutdown();
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new LoadResult(latencies.length, errors.get(), elapsed, new Latencies(latencies),
                (SelfCpu.ticks() - cpuBefore) / (double) ProcessCpu.TICKS_PER_SECOND);
    }
}
