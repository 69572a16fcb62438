package io.flashorders.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The acceptance benchmark's driver, started by bench/run once the local services and the server are up: warms the
 * server up, then measures, {@code --repeat} times over, the no-op endpoint and raw SQS sends (the baselines) and
 * {@code POST /orders/async} at fixed rates and at saturation, and writes the tables.
 */
public final class AcceptanceBenchmark {

    /** An order's body as a customer sends it; the message on the queue is this plus the server's fields. */
    static final String ORDER = "{\"customer_id\": 123, \"items\": [{\"product_id\": \"sku-42\", \"quantity\": 2, \"price\": 19.99}]}";
    /** What the application puts on the queue for it (its wire form), for the raw SQS baseline. */
    static final String MESSAGE = "{\"order_id\":\"0b4c6c1e-9a3e-4a57-8f0e-3c1a2b9d7e11\",\"customer_id\":123,\"status\":\"pending\","
            + "\"items\":[{\"product_id\":\"sku-42\",\"quantity\":2,\"price\":19.99}],\"created_at\":\"2026-11-21T13:00:00.123Z\"}";

    private final DriverOptions options;
    private final String url;
    private final long serverPid;
    private final long servicesPid;
    private final Path work;

    private AcceptanceBenchmark(DriverOptions options) throws Exception {
        this.options = options;
        this.url = options.text("url");
        this.serverPid = Long.parseLong(options.text("server-pid"));
        this.servicesPid = Long.parseLong(options.text("services-pid"));
        this.work = Files.createDirectories(Path.of(options.text("work")));
    }

    public static void main(String[] args) throws Exception {
        new AcceptanceBenchmark(DriverOptions.parse(args)).run();
    }

    private void run() throws Exception {
        int warmup = options.number("warmup");
        int seconds = options.number("seconds");
        int repeat = options.number("repeat");
        int concurrency = options.number("concurrency");
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.text("rates").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        boolean batching = Integer.parseInt(options.text("batch-max")) > 1;
        String queueBaseline = batching ? "sqs-batch-10" : "sqs-single";
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        HeyLoad hey = new HeyLoad(work);
        List<Phase> phases = new ArrayList<>();
        List<long[]> overloadChecks = new ArrayList<>();
        // Overload comes from many more clients than the server takes at once, each waiting for its own answer.
        try (PacedLoad paced = new PacedLoad(concurrency * 2); PacedLoad crowd = new PacedLoad(concurrency * 8); SqsBaseline sqs = new SqsBaseline(URI.create(options.text("sqs")), options.text("queue"));
                StoreBaseline store = new StoreBaseline(URI.create(options.text("dynamodb")))) {
            log("warming up for " + warmup + " s: async and no-op at saturation, the SQS client, the paced client");
            hey.run(url + "/orders/async", ORDER, concurrency, Math.max(1, warmup * 2 / 3));
            hey.run(url + "/bench/noop", ORDER, concurrency, Math.max(1, warmup / 3));
            sqs.run(MESSAGE, 1, concurrency, Math.max(1, warmup / 10));
            sqs.run(MESSAGE, 10, concurrency, Math.max(1, warmup / 10));
            store.run(concurrency, Math.max(1, warmup / 10));
            paced.run(url + "/bench/noop", ORDER, rates.get(rates.size() - 1), Math.max(1, warmup / 10));
            sqs.purge();
            for (int round = 1; round <= repeat; round++) {
                log("round " + round + " of " + repeat);
                phases.add(measure("noop", "saturation c" + concurrency, () -> hey.run(url + "/bench/noop", ORDER, concurrency, seconds)));
                phases.add(measure("sqs-single", "saturation c" + concurrency, () -> sqs.run(MESSAGE, 1, concurrency, seconds)));
                sqs.purge();
                phases.add(measure("sqs-batch-10", "saturation c" + concurrency, () -> sqs.run(MESSAGE, 10, concurrency, seconds)));
                sqs.purge();
                phases.add(measure("store-writes", "saturation c" + concurrency, () -> store.run(concurrency, seconds)));
                for (int rate : rates) {
                    phases.add(measure("async@" + rate, rate + "/s", () -> paced.run(url + "/orders/async", ORDER, rate, seconds)));
                    sqs.purge();
                }
                Phase saturation = measure("async-saturation", "saturation c" + concurrency,
                        () -> hey.run(url + "/orders/async", ORDER, concurrency, seconds));
                phases.add(saturation);
                sqs.purge();
                int twice = (int) Math.max(1, Math.round(2 * saturation.result().perSecond()));
                Phase overload = measure("async-overload", twice + "/s (2 x saturation)",
                        () -> crowd.overload(url + "/orders/async", ORDER, twice, seconds));
                phases.add(overload);
                overloadChecks.add(new long[] {overload.result().ok(), sqs.messages(), store.notQueued(overload.result().acceptedIds())});
                log(String.format("async-overload: %d accepted, %d messages on the queue, %d of them not queued in the store",
                        overloadChecks.get(overloadChecks.size() - 1)[0], overloadChecks.get(overloadChecks.size() - 1)[1],
                        overloadChecks.get(overloadChecks.size() - 1)[2]));
                sqs.purge();
            }
        }
        Report report = new Report(phases, queueBaseline);
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String markdown = document(report, overloadChecks, started, loadBefore, loadAfter, queueBaseline, concurrency, warmup, seconds, repeat);
        System.out.println();
        System.out.println(markdown);
        Path out = Path.of(options.text("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        log("written to " + out);
    }

    private Phase measure(String name, String offered, Callable<LoadResult> load) throws Exception {
        ServerMetrics before = ServerMetrics.read(url);
        long serverBefore = ProcessCpu.ticks(serverPid);
        long servicesBefore = ProcessCpu.ticks(servicesPid);
        long[] machineBefore = ProcessCpu.machine();
        Map<String, ProcessCpu.ThreadTicks> serverThreadsBefore = ProcessCpu.threads(serverPid);
        Map<String, ProcessCpu.ThreadTicks> servicesThreadsBefore = ProcessCpu.threads(servicesPid);
        AtomicReference<Double> heapMax = new AtomicReference<>(0.0);
        Thread heapSampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    double heap = ServerMetrics.read(url).sum("memory_usedHeap_bytes", Map.of()) / 1e6;
                    heapMax.accumulateAndGet(heap, Math::max);
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        }, "heap-sampler");
        heapSampler.setDaemon(true);
        heapSampler.start();
        long started = System.nanoTime();
        LoadResult result = load.call();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        heapSampler.interrupt();
        heapSampler.join();
        long[] machineAfter = ProcessCpu.machine();
        double server = seconds(ProcessCpu.ticks(serverPid) - serverBefore);
        double services = seconds(ProcessCpu.ticks(servicesPid) - servicesBefore);
        // The machine's busy time over the same wall time, less ours: what others ran meanwhile.
        double machineSeconds = (machineAfter[0] - machineBefore[0]) / (double) ProcessCpu.TICKS_PER_SECOND;
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("server", server);
        cpu.put("services", services);
        cpu.put("load", result.loadCpuSeconds());
        cpu.put("others", Math.max(0, machineSeconds - server - services - result.loadCpuSeconds()));
        ServerMetrics after = ServerMetrics.read(url);
        Map<String, Double> requests = new LinkedHashMap<>();
        Map<String, Double> requestsBefore = before.awsRequests();
        after.awsRequests().forEach((call, count) -> {
            double delta = count - requestsBefore.getOrDefault(call, 0.0);
            if (delta > 0) {
                requests.put(call, delta);
            }
        });
        double orders = after.sum("orders_accepted_total", Map.of("endpoint", "async"))
                - before.sum("orders_accepted_total", Map.of("endpoint", "async"));
        Phase phase = new Phase(name, offered, result, wallSeconds, cpu,
                ProcessCpu.groupDelta(serverThreadsBefore, ProcessCpu.threads(serverPid)),
                ProcessCpu.groupDelta(servicesThreadsBefore, ProcessCpu.threads(servicesPid)), heapMax.get(), requests, orders);
        log(String.format("%-16s %8.0f/s  p50 %6.1f  p99 %6.1f  p99.9 %6.1f ms  errors %d  CPU server %.0f%% services %.0f%% load %.0f%% others %.0f%%",
                name, result.perSecond(), result.latencies().millis(50), result.latencies().millis(99), result.latencies().millis(99.9),
                result.errors(), phase.cpuPercent("server"), phase.cpuPercent("services"), phase.cpuPercent("load"),
                phase.cpuPercent("others")));
        return phase;
    }

    private static double seconds(long ticks) {
        return ticks / (double) ProcessCpu.TICKS_PER_SECOND;
    }

    private String document(Report report, List<long[]> overloadChecks, Instant started, String loadBefore, String loadAfter, String queueBaseline,
            int concurrency, int warmup, int seconds, int repeat) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Acceptance benchmark: POST /orders/async against its baselines\n\n");
        md.append("Generated by `").append(options.text("command")).append("` on ").append(started).append(" (UTC).\n\n");
        md.append("- Machine: ").append(machine()).append("\n");
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append("\n");
        md.append("- Load average (1, 5, 15 min) before: ").append(loadBefore.substring(0, loadBefore.lastIndexOf(' ', loadBefore.lastIndexOf(' ') - 1)))
                .append("; after: ").append(loadAfter.substring(0, loadAfter.lastIndexOf(' ', loadAfter.lastIndexOf(' ') - 1))).append("\n");
        md.append("- Server: ").append(options.text("server-config")).append("\n");
        md.append(String.format("- Warm-up %d s; each phase %d s; %d round(s), the median of each figure shown; saturation at %d "
                + "concurrent connections (hey) or senders (SQS)%n", warmup, seconds, repeat, concurrency));
        md.append(String.format("- Lower baseline: the lower of `noop` (%.0f/s) and `%s` (%.0f/s), matching how the server publishes: "
                + "**%.0f/s**; async at saturation reaches **%s** of it (target: 80 %%)%n",
                report.throughput("noop"), queueBaseline, report.throughput(queueBaseline), report.lowerBaseline(),
                String.format("%.0f %%", 100 * report.throughput("async-saturation") / report.lowerBaseline())));
        md.append(String.format("- The order store's limit for this path, `store-writes` (an order recorded as pending and queued, "
                + "one DynamoDB Local write, through the application's store): %.0f orders/s; async at saturation reaches %.0f %% of it%n%n",
                report.throughput("store-writes"), 100 * report.throughput("async-saturation") / report.throughput("store-writes")));
        md.append("## Targets\n\n");
        md.append(report.targets(overloadChecks)).append('\n');
        md.append("## Throughput, latency, CPU\n\n");
        md.append(report.table()).append('\n');
        md.append("CPU % is of one core over the phase (200 % is the whole machine): `server` is Liberty, `services` the "
                + "local-services process (ElasticMQ, DynamoDB Local and the payment provider together), `load` the load "
                + "generator (hey, or this driver for the paced phases and the SQS baselines), `others` everything else the "
                + "machine ran meanwhile. Latency of the paced phases is measured from when each request was due.\n\n");
        md.append("## Overload: twice the saturation rate\n\n");
        md.append("`async-overload` offers, open loop from up to " + concurrency * 8 + " connections, twice the orders per second "
                + "`async-saturation` took in the same round. Goodput is the 202s per second; a refusal is a 503 (`overloaded` "
                + "when the endpoint's bulkhead is full); latencies count from when each request was due. After the phase the "
                + "queue's messages are counted (nothing receives them) and every order a 202 named is looked up in the store.\n\n");
        md.append(report.overload(overloadChecks)).append('\n');
        md.append("## AWS requests per accepted order\n\n");
        md.append("From the server's `aws_requests_total{app,service,operation}` before and after each phase, divided by the "
                + "orders it accepted (`orders_accepted_total{endpoint=\"async\"}`).\n\n");
        md.append(report.requestsPerOrder()).append('\n');
        md.append("## Where the CPU goes at saturation\n\n");
        md.append("CPU per accepted order by thread group (from /proc/<pid>/task), async at saturation:\n\n");
        md.append(report.cpuPerOrder("async-saturation", 6)).append('\n');
        md.append("The same for the no-op endpoint, per request:\n\n");
        md.append(report.cpuPerOrder("noop", 4)).append('\n');
        return md.toString();
    }

    private static String machine() throws Exception {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + model + "), " + memory;
    }

    private static void log(String line) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }
}
