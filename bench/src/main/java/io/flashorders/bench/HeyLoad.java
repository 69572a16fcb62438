package io.flashorders.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Closed-loop saturation with {@code hey} (Debian's package): {@code concurrency} workers, each sending the next request
 * as soon as the last one is answered, for a fixed time. {@code -o csv} lists every answered request, so any percentile
 * can be read, and a status other than 2xx counts as an error. Requests that got no answer at all (a refused or reset
 * connection, a 20 s timeout) appear only in hey's summary, which csv mode drops: they are not counted here, and show
 * only as a lower rate.
 */
public final class HeyLoad {

    private final Path workDir;

    public HeyLoad(Path workDir) {
        this.workDir = workDir;
    }

    /** @param body the JSON to POST, or null to GET */
    public LoadResult run(String url, String body, int concurrency, int seconds) throws IOException, InterruptedException {
        String request = "-m GET";
        if (body != null) {
            Path bodyFile = workDir.resolve("body.json");
            Files.writeString(bodyFile, body);
            request = "-m POST -T application/json -D " + bodyFile;
        }
        Path csv = workDir.resolve("hey.csv");
        Path times = workDir.resolve("hey.times");
        // sh's `times` prints the CPU of its children (hey) once it has exited: the load generator's own cost.
        String command = String.format("hey -z %ds -c %d %s -o csv %s > %s; times > %s",
                seconds, concurrency, request, url, csv, times);
        Process hey = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("hey.log").toFile()).start();
        long started = System.nanoTime();
        if (hey.waitFor() != 0) {
            throw new IOException("hey failed: " + Files.readString(workDir.resolve("hey.log")));
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long ok = 0;
        long errors = 0;
        long[] latencies = new long[1024];
        int n = 0;
        try (BufferedReader lines = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = lines.readLine();
            if (header == null || !header.startsWith("response-time")) {
                throw new IOException("hey wrote no csv: " + Files.readString(workDir.resolve("hey.log")));
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split(",");
                int status = Integer.parseInt(fields[6].trim());
                if (status / 100 != 2) {
                    errors++;
                    continue;
                }
                ok++;
                if (n == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = (long) (Double.parseDouble(fields[0]) * 1e9);
            }
        }
        return new LoadResult(ok, errors, Math.min(elapsed, seconds), new Latencies(java.util.Arrays.copyOf(latencies, n)),
                childrenCpu(Files.readAllLines(times)));
    }

    /** The second line of `times`: children's user and system time, e.g. {@code 0m1.23s 0m0.45s}. */
    static double childrenCpu(List<String> times) {
        if (times.size() < 2) {
            return Double.NaN;
        }
        double total = 0;
        for (String part : times.get(1).trim().split("\\s+")) {
            String[] minutesSeconds = part.replace("s", "").split("m");
            total += Double.parseDouble(minutesSeconds[0]) * 60 + Double.parseDouble(minutesSeconds[1]);
        }
        return total;
    }
}
