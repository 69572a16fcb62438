package io.flashorders.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Open-loop load at a fixed rate: request i is due at {@code start + i / rate}, whether or not earlier ones have been
 * answered, and its latency is measured from when it was due, not from when it went out. A slow server therefore shows
 * in the percentiles instead of quietly lowering the rate (what a closed-loop tool such as hey does, whose workers also
 * tick in step and send in bursts). {@code connections} threads, each on its own kept-alive connection, take the due
 * requests in turn; when all are busy the next request goes late, and its lateness counts in its latency.
 */
public final class PacedLoad implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 20_000;

    private final int connections;

    public PacedLoad(int connections) {
        this.connections = connections;
    }
    /** @param body the JSON to POST, or null to GET */
    public LoadResult run(String url, String body, int ratePerSecond, int seconds) throws Exception {
        return run(url, body, ratePerSecond, seconds, false);
    }

    /**
     * The same, where a 503 is a refusal, counted with its latency apart from the errors, and each 202's order id is
     * kept: for the overload phase, offered more than the server can take.
     */
    public LoadResult overload(String url, String body, int ratePerSecond, int seconds) throws Exception {
        return run(url, body, ratePerSecond, seconds, true);
    }

    private LoadResult run(String url, String body, int ratePerSecond, int seconds, boolean refusals) throws Exception {
        URI target = URI.create(url);
        int total = ratePerSecond * seconds;
        long[] latencies = new long[total];
        int[] statuses = new int[total];
        String[] ids = refusals ? new String[total] : null;
        AtomicInteger next = new AtomicInteger();
        long cpuBefore = SelfCpu.ticks();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        double interval = 1e9 / ratePerSecond;
        ExecutorService senders = Executors.newFixedThreadPool(connections, r -> {
            Thread thread = new Thread(r, "paced-load");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(senders.submit(() -> {
                try (KeptAliveConnection connection = new KeptAliveConnection(target, body, TIMEOUT_MILLIS)) {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long due = start + (long) (i * interval);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        String[] answer = new String[1];
                        statuses[i] = connection.send(ids == null ? null : answer);
                        latencies[i] = System.nanoTime() - due;
                        if (ids != null && statuses[i] == 202) {
                            ids[i] = orderId(answer[0]);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> sender : done) {
            sender.get();
        }
        senders.shutdown();
        // Answers that come after the last request was due lengthen the phase: the rate is what the server kept up.
        double elapsed = Math.max(seconds, (System.nanoTime() - start) / 1e9);
        double cpu = (SelfCpu.ticks() - cpuBefore) / (double) ProcessCpu.TICKS_PER_SECOND;
        long[] ok = IntStream.range(0, total).filter(i -> statuses[i] / 100 == 2).mapToLong(i -> Math.max(1, latencies[i])).toArray();
        if (!refusals) {
            return new LoadResult(ok.length, total - ok.length, elapsed, new Latencies(ok), cpu);
        }
        long[] refused = IntStream.range(0, total).filter(i -> statuses[i] == 503).mapToLong(i -> Math.max(1, latencies[i])).toArray();
        List<String> accepted = Arrays.stream(ids).filter(Objects::nonNull).toList();
        return new LoadResult(ok.length, total - ok.length - refused.length, elapsed, new Latencies(ok), cpu, refused.length,
                new Latencies(refused), accepted);
    }

    private static String orderId(String body) {
        int at = body.indexOf("\"order_id\":\"");
        return at < 0 ? null : body.substring(at + 12, body.indexOf('"', at + 12));
    }

    @Override
    public void close() {
        // nothing held between runs: each run's senders close their connections
    }
}
