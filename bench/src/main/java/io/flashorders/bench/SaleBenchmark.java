package io.flashorders.bench;

import io.flashorders.core.sale.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sale benchmark's driver, started by bench/sale-bench once the local services and the order API are up. Three
 * parts, one run: the engine (reservation decisions a second on one product through the Lettuce adapter, against a
 * raw EVALSHA baseline), the HTTP paths (reserve and availability at saturation against the no-op endpoint, then
 * their p95 at 80 % of that saturation) and a whole sale (conservation sampled throughout). Writes the report.
 */
public final class SaleBenchmark {

    /** Reference document 003's figures. */
    static final double ENGINE_TARGET_PER_SECOND = 25_000;
    static final double RESERVE_RATIO_TARGET = 0.5;
    static final double AVAILABILITY_RATIO_TARGET = 0.7;
    static final double RESERVE_P95_TARGET_MS = 120;
    static final double AVAILABILITY_P95_TARGET_MS = 150;
    static final double PACED_SHARE = 0.8;
    static final String RESERVE_BODY = "{\"customer_id\": 42}";

    private final DriverOptions options;
    private final long serverPid;
    private final Path work;
    private final StringBuilder log = new StringBuilder();

    private SaleBenchmark(DriverOptions options) throws Exception {
        this.options = options;
        this.serverPid = Long.parseLong(options.text("server-pid"));
        this.work = Files.createDirectories(Path.of(options.text("work")));
    }

    public static void main(String[] args) throws Exception {
        new SaleBenchmark(DriverOptions.parse(args)).run();
    }

    /** A phase with the CPU each process spent in it and how busy the whole machine was. */
    record Measured(LoadResult load, double serverCpu, double redisCpu, double machineBusy) {

        double perSecond() {
            return load.perSecond();
        }

        /** CPU microseconds per successful call, of one process's seconds. */
        double micros(double cpuSeconds) {
            return load.ok() == 0 ? Double.NaN : cpuSeconds / load.ok() * 1e6;
        }
    }

    @FunctionalInterface
    interface Phase {
        LoadResult run() throws Exception;
    }

    private Measured measure(String name, long redisPid, Phase phase) throws Exception {
        long server = ProcessCpu.ticks(serverPid);
        long redis = ProcessCpu.ticks(redisPid);
        long[] machine = ProcessCpu.machine();
        LoadResult load = phase.run();
        long[] machineAfter = ProcessCpu.machine();
        Measured measured = new Measured(load, (ProcessCpu.ticks(serverPid) - server) / (double) ProcessCpu.TICKS_PER_SECOND,
                (ProcessCpu.ticks(redisPid) - redis) / (double) ProcessCpu.TICKS_PER_SECOND,
                (machineAfter[0] - machine[0]) / (double) Math.max(1, machineAfter[1] - machine[1]));
        String line = String.format(Locale.ROOT, "%-28s %,10.0f/s  p50 %7.2f ms  p95 %7.2f ms  errors %,d  server %.1f s  redis %.1f s  load %.1f s  machine %.0f %%",
                name, load.perSecond(), load.latencies().millis(50), load.latencies().millis(95), load.errors(),
                measured.serverCpu(), measured.redisCpu(), load.loadCpuSeconds(), measured.machineBusy() * 100);
        System.out.println("[sale-bench] " + line);
        log.append(line).append('\n');
        return measured;
    }

    /** The round whose rate is the median (the lower middle one of an even count). */
    static Measured median(List<Measured> rounds) {
        List<Measured> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingDouble(Measured::perSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    private void run() throws Exception {
        int warmup = options.number("warmup");
        int repeat = options.number("repeat");
        int seconds = options.number("seconds");
        int engineConcurrency = options.number("engine-concurrency");
        int httpConcurrency = options.number("http-concurrency");
        String url = options.text("url");
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        HeyLoad hey = new HeyLoad(work);
        try (SaleEngine engine = new SaleEngine(options.text("redis"))) {
            long redisPid = engine.serverPid();

            // --- The engine -------------------------------------------------------------------------------------
            String warm = "bench-warm-" + stamp;
            engine.open(warm, SaleEngine.ENGINE_STOCK, 1, Duration.ofHours(1));
            measure("engine warm-up", redisPid, () -> engine.reserve(warm, Decision.RESERVED, engineConcurrency, warmup));
            engine.drop(warm);
            measure("engine warm-up baseline", redisPid, () -> engine.baseline(engineConcurrency, Math.max(1, warmup / 2)));
            // Rounds, each phase in turn, so that a burst of the machine's other work lands on one round, not one phase.
            List<Measured> baselines = new ArrayList<>();
            List<Measured> reservations = new ArrayList<>();
            List<Measured> refusals = new ArrayList<>();
            // The store's bytes per decision: what a reservation and a refusal (its audit entry) leave behind.
            List<Double> reserveBytes = new ArrayList<>();
            List<Double> refusalBytes = new ArrayList<>();
            for (int round = 1; round <= repeat; round++) {
                baselines.add(measure("engine baseline (return 1) #" + round, redisPid, () -> engine.baseline(engineConcurrency, seconds)));
                String units = "bench-units-" + stamp + "-" + round;
                engine.open(units, SaleEngine.ENGINE_STOCK, 1, Duration.ofHours(1));
                long before = engine.usedMemory();
                Measured units_ = measure("engine reserve (units left) #" + round, redisPid,
                        () -> engine.reserve(units, Decision.RESERVED, engineConcurrency, seconds));
                reservations.add(units_);
                reserveBytes.add((engine.usedMemory() - before) / (double) units_.load().ok());
                engine.drop(units);
                String soldOut = "bench-soldout-" + stamp + "-" + round;
                engine.openSoldOut(soldOut);
                long beforeRefusals = engine.usedMemory();
                Measured refused_ = measure("engine reserve (sold out) #" + round, redisPid,
                        () -> engine.reserve(soldOut, Decision.SOLD_OUT, engineConcurrency, seconds));
                refusals.add(refused_);
                refusalBytes.add((engine.usedMemory() - beforeRefusals) / (double) refused_.load().ok());
                engine.drop(soldOut);
            }
            Measured baseline = median(baselines);
            Measured reserved = median(reservations);
            Measured refused = median(refusals);

            // --- A whole sale -----------------------------------------------------------------------------------
            long saleUnits = options.number("sale-units");
            long attempts = options.number("sale-attempts");
            String whole = "bench-sale-" + stamp;
            engine.open(whole, saleUnits, 1, Duration.ofMillis(options.number("sale-hold-ms")));
            WholeSale.Result[] sale = new WholeSale.Result[1];
            Measured saleCpu = measure("whole sale", redisPid, () -> {
                sale[0] = WholeSale.run(engine.inventory(), whole, saleUnits, attempts, attempts * 2 / 3,
                        engineConcurrency, 0.2, 0.2, 0.2);
                return new LoadResult(sale[0].attempts(), 0, sale[0].seconds(), new Latencies(new long[0]), Double.NaN);
            });
            engine.drop(whole);

            // --- The HTTP paths ---------------------------------------------------------------------------------
            // One customer reserves again and again (hey sends one body): the sale's limit is above any phase's count.
            String httpSale = "bench-http-" + stamp;
            engine.open(httpSale, SaleEngine.ENGINE_STOCK, Integer.MAX_VALUE, Duration.ofHours(1));
            String noopUrl = url + "/bench/noop";
            String reserveUrl = url + "/sales/" + httpSale + "/reservations";
            String readUrl = url + "/sales/" + httpSale;
            measure("http warm-up noop", redisPid, () -> hey.run(noopUrl, "{}", httpConcurrency, warmup));
            measure("http warm-up reserve", redisPid, () -> hey.run(reserveUrl, RESERVE_BODY, httpConcurrency, warmup));
            measure("http warm-up availability", redisPid, () -> hey.run(readUrl, null, httpConcurrency, warmup));
            measure("http warm-up noop GET", redisPid, () -> hey.run(noopUrl, null, httpConcurrency, warmup));
            List<Measured> noopPosts = new ArrayList<>();
            List<Measured> reserves = new ArrayList<>();
            List<Measured> noopGets = new ArrayList<>();
            List<Measured> reads = new ArrayList<>();
            for (int round = 1; round <= repeat; round++) {
                noopPosts.add(measure("http noop POST #" + round, redisPid, () -> hey.run(noopUrl, RESERVE_BODY, httpConcurrency, seconds)));
                reserves.add(measure("http reserve #" + round, redisPid, () -> hey.run(reserveUrl, RESERVE_BODY, httpConcurrency, seconds)));
                noopGets.add(measure("http noop GET #" + round, redisPid, () -> hey.run(noopUrl, null, httpConcurrency, seconds)));
                reads.add(measure("http availability #" + round, redisPid, () -> hey.run(readUrl, null, httpConcurrency, seconds)));
            }
            Measured noopPost = median(noopPosts);
            Measured reserve = median(reserves);
            Measured noopGet = median(noopGets);
            Measured read = median(reads);
            int reserveRate = (int) (reserve.perSecond() * PACED_SHARE);
            int readRate = (int) (read.perSecond() * PACED_SHARE);
            Measured reservePaced;
            Measured readPaced;
            try (PacedLoad paced = new PacedLoad(httpConcurrency)) {
                reservePaced = measure("http reserve at 80 %", redisPid, () -> paced.run(reserveUrl, RESERVE_BODY, reserveRate, seconds));
                readPaced = measure("http availability at 80 %", redisPid, () -> paced.run(readUrl, null, readRate, seconds));
            }
            engine.drop(httpSale);
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

            SaleReport report = new SaleReport(options.text("command"), options.text("server-config"), started, loadBefore, loadAfter,
                    warmup, seconds, repeat, engineConcurrency, httpConcurrency);
            String markdown = report.render(baseline, reserved, refused, medianOf(reserveBytes), medianOf(refusalBytes), sale[0], saleCpu, noopPost, reserve,
                    noopGet, read, reservePaced, reserveRate, readPaced, readRate, options.number("sale-hold-ms"), log.toString());
            Path out = Path.of(options.text("out"));
            Files.writeString(out, markdown);
            System.out.println("[sale-bench] wrote " + out);
        }
    }
}
