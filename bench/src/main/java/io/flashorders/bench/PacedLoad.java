package io.flashorders.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate: request i is due at {@code start + i / rate}, whether or not earlier ones have been
 * answered, and its latency is measured from when it was due, not from when it went out. A slow server therefore shows
 * in the percentiles instead of quietly lowering the rate (what a closed-loop tool such as hey does, whose workers also
 * tick in step and send in bursts). Requests still unanswered when too many are outstanding count as errors.
 */
public final class PacedLoad implements AutoCloseable {

    private static final int MAX_OUTSTANDING = 2_000;

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "paced-load-callback");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public LoadResult run(String url, String body, int ratePerSecond, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int total = ratePerSecond * seconds;
        long[] latencies = new long[total];
        AtomicInteger answered = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger outstanding = new AtomicInteger();
        long cpuBefore = SelfCpu.ticks();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        double interval = 1e9 / ratePerSecond;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (outstanding.get() >= MAX_OUTSTANDING) {
                errors.incrementAndGet();
                latencies[i] = -1;
                answered.incrementAndGet();
                continue;
            }
            outstanding.incrementAndGet();
            int index = i;
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long took = System.nanoTime() - due;
                if (failure == null && response.statusCode() / 100 == 2) {
                    latencies[index] = took;
                    ok.incrementAndGet();
                } else {
                    latencies[index] = -1;
                    errors.incrementAndGet();
                }
                outstanding.decrementAndGet();
                answered.incrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (answered.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // Answers that come after the last request was due lengthen the phase: the rate is what the server kept up.
        double elapsed = Math.max(seconds, (System.nanoTime() - start) / 1e9);
        long unanswered = total - answered.get();
        long[] okLatencies = java.util.Arrays.stream(latencies).filter(l -> l > 0).toArray();
        return new LoadResult(ok.get(), errors.get() + unanswered, elapsed, new Latencies(okLatencies),
                (SelfCpu.ticks() - cpuBefore) / (double) ProcessCpu.TICKS_PER_SECOND);
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
