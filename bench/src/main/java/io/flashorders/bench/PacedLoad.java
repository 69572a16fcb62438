package io.flashorders.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate: request i is due at {@code start + i / rate}, whether or not earlier ones have been
 * answered, and its latency is measured from when it was due, not from when it went out. A slow server therefore shows
 * in the percentiles instead of quietly lowering the rate (what a closed-loop tool such as hey does, whose workers also
 * tick in step and send in bursts). {@code connections} threads, each on its own kept-alive connection, take the due
 * requests in turn; when all are busy the next request goes late, and its lateness counts in its latency.
 */
public final class PacedLoad implements AutoCloseable {

    private final int connections;

    public PacedLoad(int connections) {
        this.connections = connections;
    }

    /** @param body the JSON to POST, or null to GET */
    public LoadResult run(String url, String body, int ratePerSecond, int seconds) throws Exception {
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        int total = ratePerSecond * seconds;
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
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
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + (long) (i * interval);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (post(url, payload)) {
                        latencies[i] = System.nanoTime() - due;
                    } else {
                        latencies[i] = -1;
                        errors.incrementAndGet();
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
        long[] okLatencies = java.util.Arrays.stream(latencies).filter(l -> l > 0).toArray();
        return new LoadResult(okLatencies.length, errors.get(), elapsed, new Latencies(okLatencies),
                (SelfCpu.ticks() - cpuBefore) / (double) ProcessCpu.TICKS_PER_SECOND);
    }

    /** One POST (a GET without payload) on this thread's kept-alive connection (HttpURLConnection pools them); true for a 2xx answer. */
    private static boolean post(String url, byte[] payload) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(20_000);
            if (payload != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(payload.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(payload);
                }
            }
            int status = connection.getResponseCode();
            // Read to the end, or the connection is not reused.
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status / 100 == 2;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // nothing held between runs: the connections live in HttpURLConnection's keep-alive cache
    }
}
