package io.flashorders.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The sale benchmark's Markdown: the verdicts against reference document 003 (each computed from this run), then the
 * tables of the engine, the whole sale and the HTTP paths, with the CPU each decision or request cost each process.
 */
final class SaleReport {

    private final String command;
    private final String serverConfig;
    private final Instant started;
    private final String loadBefore;
    private final String loadAfter;
    private final int warmup;
    private final int seconds;
    private final int repeat;
    private final int engineConcurrency;
    private final int httpConcurrency;

    SaleReport(String command, String serverConfig, Instant started, String loadBefore, String loadAfter, int warmup,
               int seconds, int repeat, int engineConcurrency, int httpConcurrency) {
        this.command = command;
        this.serverConfig = serverConfig;
        this.started = started;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.warmup = warmup;
        this.seconds = seconds;
        this.repeat = repeat;
        this.engineConcurrency = engineConcurrency;
        this.httpConcurrency = httpConcurrency;
    }

    String render(SaleBenchmark.Measured baseline, SaleBenchmark.Measured reserved, SaleBenchmark.Measured refused,
                  double reserveBytes, double refusalBytes, WholeSale.Result sale, SaleBenchmark.Measured saleCpu, SaleBenchmark.Measured noopPost,
                  SaleBenchmark.Measured reserve, SaleBenchmark.Measured noopGet, SaleBenchmark.Measured read,
                  SaleBenchmark.Measured reservePaced, int reserveRate, SaleBenchmark.Measured readPaced, int readRate,
                  long holdMs, String log) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("# The sale benchmark: one run\n\n");
        out.append("Written by `").append(command).append("` (bench/sale-bench; what it measures and how: the comment at its top and "
                + "[docs/benchmark.md](../benchmark.md)). The figures below are this one run's; the verdicts are computed from them.\n\n");
        out.append(f("- Run: %s, %s; %d s warm-up per path, %d round(s) of %d s phases (engine and HTTP saturation; each "
                + "table shows the round with the median rate, every round is in the log at the end); the whole sale and the "
                + "paced phases once.%n", started, machine(), warmup, repeat, seconds));
        out.append(f("- Load average (1, 5, 15 min and run queue) before: `%s`; after: `%s`. The machine is shared: "
                + "the **machine busy** column is the whole machine's CPU in each phase, this run's processes included.%n",
                loadBefore, loadAfter));
        out.append("- Server: ").append(serverConfig).append(".\n");
        out.append(f("- Engine and whole sale: %d threads sharing one Lettuce connection (as the API does); HTTP: hey with %d "
                + "connections at saturation, then the paced open-loop driver (bench's PacedLoad) at 80 %% of that rate.%n%n",
                engineConcurrency, httpConcurrency));

        double engineRatio = reserved.perSecond() / baseline.perSecond();
        double reserveRatio = reserve.perSecond() / noopPost.perSecond();
        double readRatio = read.perSecond() / noopGet.perSecond();
        out.append("## Verdicts\n\n| figure | measured | target (003 / issue 17) | verdict |\n| --- | ---: | ---: | --- |\n");
        out.append(row("engine: reservation decisions/s on one product (units left)", f("%,.0f", reserved.perSecond()),
                f(">= %,.0f", SaleBenchmark.ENGINE_TARGET_PER_SECOND), reserved.perSecond() >= SaleBenchmark.ENGINE_TARGET_PER_SECOND));
        out.append(row("engine: refusals/s on the sold-out product", f("%,.0f", refused.perSecond()),
                f(">= %,.0f", SaleBenchmark.ENGINE_TARGET_PER_SECOND), refused.perSecond() >= SaleBenchmark.ENGINE_TARGET_PER_SECOND));
        out.append(row("engine: p95 of a reservation", f("%.2f ms", reserved.load().latencies().millis(95)),
                f("<= %.0f ms", SaleBenchmark.RESERVE_P95_TARGET_MS),
                reserved.load().latencies().millis(95) <= SaleBenchmark.RESERVE_P95_TARGET_MS));
        out.append(row("HTTP reserve / no-op POST at saturation", f("%.2f", reserveRatio),
                f(">= %.1f", SaleBenchmark.RESERVE_RATIO_TARGET), reserveRatio >= SaleBenchmark.RESERVE_RATIO_TARGET));
        out.append(row("HTTP availability / no-op GET at saturation", f("%.2f", readRatio),
                f(">= %.1f", SaleBenchmark.AVAILABILITY_RATIO_TARGET), readRatio >= SaleBenchmark.AVAILABILITY_RATIO_TARGET));
        out.append(row(f("HTTP reserve p95 at %,d/s (80 %% of saturation)", reserveRate),
                f("%.1f ms", reservePaced.load().latencies().millis(95)), f("<= %.0f ms", SaleBenchmark.RESERVE_P95_TARGET_MS),
                reservePaced.load().latencies().millis(95) <= SaleBenchmark.RESERVE_P95_TARGET_MS && reservePaced.load().errors() == 0));
        out.append(row(f("HTTP availability p95 at %,d/s (80 %% of saturation)", readRate),
                f("%.1f ms", readPaced.load().latencies().millis(95)), f("<= %.0f ms", SaleBenchmark.AVAILABILITY_P95_TARGET_MS),
                readPaced.load().latencies().millis(95) <= SaleBenchmark.AVAILABILITY_P95_TARGET_MS && readPaced.load().errors() == 0));
        out.append(row(f("whole sale: sold of %,d units, %,d attempts", sale.units(), sale.attempts()),
                f("%,d (max sampled %,d)", sale.end().sold(), sale.maxSold()), f("<= %,d", sale.units()),
                sale.end().sold() <= sale.units() && sale.maxSold() <= sale.units()));
        out.append(row("whole sale: samples where total = available + reserved + checking out + sold",
                f("%,d of %,d", sale.samples() - sale.violations(), sale.samples()), "all", sale.violations() == 0 && sale.samples() > 0));
        out.append(row("whole sale: the audit trail replays to the final counts", f("%,d entries", sale.auditEntries()),
                "equal", sale.end().equals(sale.replayed())));
        out.append('\n');

        out.append("## The engine: decisions on one product through the Lettuce adapter\n\n");
        out.append("| phase | decisions/s | vs raw baseline | p50 ms | p95 ms | p99 ms | errors | redis-server CPU µs/decision "
                + "| client CPU µs/decision | redis-server busy (of one core) | redis-server's ceiling (one core / its CPU per decision) | machine busy |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        engineRow(out, "raw baseline: EVALSHA `return 1`", baseline, baseline);
        engineRow(out, "reserve, units left (`reserved`)", reserved, baseline);
        engineRow(out, "reserve, sold out (`sold_out`, audited)", refused, baseline);
        out.append(f("%nThe reservation is %.0f %% of the raw baseline's rate. The store's memory grew by %.0f bytes per "
                + "reservation (its JSON, its hold, its customer's count, its audit entry) and %.0f bytes per refusal (its audit "
                + "entry), medians over the rounds (INFO used_memory).%n%n", 100 * engineRatio, reserveBytes, refusalBytes));

        long decisions = sale.attempts() + sale.cancelled() + 2 * sale.checkoutsStarted() + sale.expiredBySweeper();
        out.append("## A whole sale\n\n");
        out.append(f("%,d units, %,d reserve attempts from %,d customers (limit 1 each), %d threads. Of the holds won: 20 %% "
                + "cancelled, 20 %% left to expire (hold %s), the rest checked out, of which 20 %% released (a declined payment) and "
                + "the rest purchased. A sampler read the counts %,d times while it ran.%n%n",
                sale.units(), sale.attempts(), sale.attempts() * 2 / 3, engineConcurrency, holdMs + " ms", sale.samples()));
        out.append("| figure | value |\n| --- | ---: |\n");
        out.append(f("| reserve outcomes | %s |%n", sale.reserveOutcomes().toString().replace('{', ' ').replace('}', ' ').trim()));
        out.append(f("| cancelled / left to expire / expired by the sweeper | %,d / %,d / %,d |%n", sale.cancelled(),
                sale.leftToExpire(), sale.expiredBySweeper()));
        out.append(f("| checkouts started / purchased / released | %,d / %,d / %,d |%n", sale.checkoutsStarted(), sale.purchased(),
                sale.released()));
        out.append(f("| final counts (total, available, reserved, checking out, sold) | %d, %d, %d, %d, %d |%n", sale.end().total(),
                sale.end().available(), sale.end().reserved(), sale.end().checkingOut(), sale.end().sold()));
        out.append(f("| replayed from the audit trail | %d, %d, %d, %d, %d |%n", sale.replayed().total(), sale.replayed().available(),
                sale.replayed().reserved(), sale.replayed().checkingOut(), sale.replayed().sold()));
        out.append(f("| samples / samples breaking the invariant | %,d / %,d |%n", sale.samples(), sale.violations()));
        out.append(f("| wall time (until every hold settled) | %.1f s |%n", sale.seconds()));
        out.append(f("| decisions (reserve, cancel, checkout, settle, expire) | %,d |%n", decisions));
        out.append(f("| redis-server CPU per decision | %.1f µs |%n%n", saleCpu.redisCpu() / decisions * 1e6));

        out.append("## The HTTP paths at saturation (hey, closed loop)\n\n");
        out.append("| phase | requests/s | vs its no-op | p50 ms | p95 ms | p99 ms | errors | server CPU µs/request "
                + "| redis-server CPU µs/request | hey CPU µs/request | machine busy |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        httpRow(out, "no-op POST `/bench/noop`", noopPost, noopPost);
        httpRow(out, "reserve `POST /sales/{id}/reservations`", reserve, noopPost);
        httpRow(out, "no-op GET `/bench/noop`", noopGet, noopGet);
        httpRow(out, "availability `GET /sales/{id}`", read, noopGet);
        out.append("\n## The HTTP paths at 80 % of their saturation (paced, open loop: latency counted from when each request was due)\n\n");
        out.append("| phase | offered/s | achieved/s | p50 ms | p95 ms | p99 ms | errors | server CPU µs/request | machine busy |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        pacedRow(out, "reserve", reserveRate, reservePaced);
        pacedRow(out, "availability", readRate, readPaced);
        out.append("\n## Every phase as it ran\n\n```\n").append(log).append("```\n");
        return out.toString();
    }

    private static void engineRow(StringBuilder out, String name, SaleBenchmark.Measured m, SaleBenchmark.Measured baseline) {
        out.append(f("| %s | %,.0f | %.0f %% | %.2f | %.2f | %.2f | %,d | %.1f | %.1f | %.0f %% | %,.0f/s | %.0f %% |%n", name,
                m.perSecond(), 100 * m.perSecond() / baseline.perSecond(), m.load().latencies().millis(50),
                m.load().latencies().millis(95), m.load().latencies().millis(99), m.load().errors(), m.micros(m.redisCpu()),
                m.micros(m.load().loadCpuSeconds()), 100 * m.redisCpu() / m.load().seconds(), 1e6 / m.micros(m.redisCpu()),
                100 * m.machineBusy()));
    }

    private static void httpRow(StringBuilder out, String name, SaleBenchmark.Measured m, SaleBenchmark.Measured noop) {
        out.append(f("| %s | %,.0f | %.2f | %.1f | %.1f | %.1f | %,d | %.0f | %.1f | %.0f | %.0f %% |%n", name, m.perSecond(),
                m.perSecond() / noop.perSecond(), m.load().latencies().millis(50), m.load().latencies().millis(95),
                m.load().latencies().millis(99), m.load().errors(), m.micros(m.serverCpu()), m.micros(m.redisCpu()),
                m.micros(m.load().loadCpuSeconds()), 100 * m.machineBusy()));
    }

    private static void pacedRow(StringBuilder out, String name, int offered, SaleBenchmark.Measured m) {
        out.append(f("| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %,d | %.0f | %.0f %% |%n", name, offered, m.perSecond(),
                m.load().latencies().millis(50), m.load().latencies().millis(95), m.load().latencies().millis(99),
                m.load().errors(), m.micros(m.serverCpu()), 100 * m.machineBusy()));
    }

    private static String row(String figure, String measured, String target, boolean met) {
        return "| " + figure + " | " + measured + " | " + target + " | " + (met ? "met" : "**not met**") + " |\n";
    }

    private static String machine() throws Exception {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        return f("%d cores (%s), Java %s", Runtime.getRuntime().availableProcessors(), model,
                System.getProperty("java.version"));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
