package io.flashorders.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The benchmark's tables, in Markdown: the figures of each phase (the median over its repeats) and their ratios. */
final class Report {

    private final Map<String, List<Phase>> phases;
    private final String queueBaseline;

    /** @param queueBaseline the raw SQS phase that matches how the application publishes (single or batches) */
    Report(List<Phase> all, String queueBaseline) {
        this.phases = new LinkedHashMap<>();
        for (Phase phase : all) {
            phases.computeIfAbsent(phase.name(), k -> new ArrayList<>()).add(phase);
        }
        this.queueBaseline = queueBaseline;
    }

    static double median(List<Phase> runs, ToDoubleFunction<Phase> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    double throughput(String name) {
        List<Phase> runs = phases.get(name);
        return runs == null ? Double.NaN : median(runs, p -> p.result().perSecond());
    }

    /** The lower of the two limits the async endpoint cannot beat: the HTTP stack's and the queue's. */
    double lowerBaseline() {
        return Math.min(throughput("noop"), throughput(queueBaseline));
    }

    String table() {
        double lower = lowerBaseline();
        double noop = throughput("noop");
        StringBuilder out = new StringBuilder();
        out.append("| phase | offered | achieved /s | vs lower baseline | vs no-op | p50 ms | p99 ms | p99.9 ms | errors "
                + "| server CPU % | services CPU % | load CPU % | others CPU % | server heap max MB |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        phases.forEach((name, runs) -> {
            double rate = median(runs, p -> p.result().perSecond());
            out.append(String.format("| %s | %s | %.0f | %s | %s | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    name, runs.get(0).offered(), rate, ratio(rate, lower), ratio(rate, noop),
                    median(runs, p -> p.result().latencies().millis(50)), median(runs, p -> p.result().latencies().millis(99)),
                    median(runs, p -> p.result().latencies().millis(99.9)), median(runs, p -> p.result().errors()),
                    median(runs, p -> p.cpuPercent("server")), median(runs, p -> p.cpuPercent("services")),
                    median(runs, p -> p.cpuPercent("load")), median(runs, p -> p.cpuPercent("others")),
                    median(runs, Phase::heapMaxMb)));
        });
        return out.toString();
    }

    /** DynamoDB writes the order API sent per order it accepted in this run of a phase. */
    static double storeWritesPerOrder(Phase run) {
        double writes = run.awsRequests().entrySet().stream()
                .filter(e -> e.getKey().startsWith("order-api DynamoDb ") && STORE_WRITES.contains(e.getKey().substring("order-api DynamoDb ".length())))
                .mapToDouble(Map.Entry::getValue).sum();
        return run.orders() <= 0 ? Double.NaN : writes / run.orders();
    }

    private static final List<String> STORE_WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    /** Server CPU per accepted order (or per request, for the no-op), in ms: the median over the phase's runs. */
    double serverCpuMillisPerOrder(String name) {
        List<Phase> runs = phases.get(name);
        return runs == null ? Double.NaN
                : median(runs, p -> 1000 * p.cpu().get("server") / (p.orders() > 0 ? p.orders() : p.result().ok()));
    }

    /**
     * The overload phase of each round against that round's saturation: offered twice what the endpoint took at
     * saturation, how much of it it still took (goodput), how fast it answered what it took and what it refused, and
     * whether every 202 named an order on the queue and in the store.
     *
     * @param checks per round: the 202s, the messages on the queue after the phase, the 202'd orders the store does not
     *               have as queued
     */
    String overload(List<long[]> checks) {
        List<Phase> saturation = phases.getOrDefault("async-saturation", List.of());
        List<Phase> overload = phases.getOrDefault("async-overload", List.of());
        StringBuilder out = new StringBuilder("| round | saturation /s | offered /s | goodput /s | goodput vs saturation | p99 accepted ms "
                + "| refused /s | p99 refused ms | other errors | 202s | messages on the queue | 202s not queued in the store |\n");
        out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < overload.size(); i++) {
            Phase o = overload.get(i);
            double sat = i < saturation.size() ? saturation.get(i).result().perSecond() : Double.NaN;
            long[] c = i < checks.size() ? checks.get(i) : new long[] {0, 0, 0};
            out.append(String.format("| %d | %.0f | %s | %.0f | %s | %.1f | %.0f | %.1f | %d | %d | %d | %d |%n", i + 1, sat, o.offered(),
                    o.result().perSecond(), ratio(o.result().perSecond(), sat), o.result().latencies().millis(99),
                    o.result().refused() / o.result().seconds(), o.result().refusals().millis(99), o.result().errors(), c[0], c[1], c[2]));
        }
        return out.toString();
    }

    /** The targets, each as measured in this run (medians over the rounds) beside its goal. */
    String targets(List<long[]> checks) {
        List<Phase> saturation = phases.getOrDefault("async-saturation", List.of());
        List<Phase> overload = phases.getOrDefault("async-overload", List.of());
        double[] goodput = new double[overload.size()];
        for (int i = 0; i < overload.size() && i < saturation.size(); i++) {
            goodput[i] = overload.get(i).result().perSecond() / saturation.get(i).result().perSecond();
        }
        java.util.Arrays.sort(goodput);
        double goodputRatio = goodput.length == 0 ? Double.NaN
                : goodput.length % 2 == 1 ? goodput[goodput.length / 2] : (goodput[goodput.length / 2 - 1] + goodput[goodput.length / 2]) / 2;
        long notQueued = checks.stream().mapToLong(c -> c[2]).sum();
        long short202 = checks.stream().mapToLong(c -> Math.max(0, c[0] - c[1])).sum();
        double cpu = serverCpuMillisPerOrder("async-saturation");
        double noopCpu = serverCpuMillisPerOrder("noop");
        StringBuilder out = new StringBuilder("| target | goal | measured | met |\n| --- | --- | ---: | --- |\n");
        out.append(String.format("| server CPU per accepted order, at saturation | <= 0.4 ms | %.3f ms (%.1f x the no-op's %.3f ms per request) | %s |%n",
                cpu, cpu / noopCpu, noopCpu, cpu <= 0.4 ? "yes" : "no"));
        out.append(String.format("| goodput offered twice the saturation rate | >= 90 %% of saturation | %.0f %% | %s |%n",
                100 * goodputRatio, goodputRatio >= 0.9 ? "yes" : "no"));
        double p99 = median(overload, p -> p.result().latencies().millis(99));
        double p99Refused = median(overload, p -> p.result().refusals().millis(99));
        out.append(String.format("| p99 of accepted requests under overload | <= 100 ms | %.1f ms | %s |%n", p99, p99 <= 100 ? "yes" : "no"));
        out.append(String.format("| p99 of refusals under overload | <= 20 ms | %s | %s |%n",
                Double.isNaN(p99Refused) ? "none refused" : String.format("%.1f ms", p99Refused), p99Refused <= 20 ? "yes" : Double.isNaN(p99Refused) ? "-" : "no"));
        out.append(String.format("| no 202 for an order not queued | 0 | %d not queued in the store; %d more 202s than messages on the queue | %s |%n",
                notQueued, short202, notQueued == 0 && short202 == 0 ? "yes" : "no"));
        double writes = median(saturation, Report::storeWritesPerOrder);
        // Each order is one item written once; concurrent orders may share a request (ADR 0010), so requests per
        // order are at most one.
        out.append(String.format("| order-store write requests per accepted order on the request path, at saturation (each order one item) | <= 1 | %.2f | %s |%n",
                writes, writes <= 1.01 ? "yes" : "no"));
        return out.toString();
    }

    /** Requests per accepted order, by application, service and operation, for the phases that accepted orders. */
    String requestsPerOrder() {
        TreeMap<String, Map<String, Double>> rows = new TreeMap<>();
        List<String> columns = new ArrayList<>();
        phases.forEach((name, runs) -> {
            if (median(runs, Phase::orders) <= 0) {
                return;
            }
            columns.add(name);
            for (Phase run : runs) {
                run.awsRequests().keySet().forEach(call -> rows.computeIfAbsent(call, k -> new LinkedHashMap<>()));
            }
            rows.forEach((call, byPhase) -> byPhase.put(name,
                    median(runs, p -> p.orders() <= 0 ? 0 : p.awsRequests().getOrDefault(call, 0.0) / p.orders())));
        });
        StringBuilder out = new StringBuilder("| app | service | operation |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n| --- | --- | --- |");
        columns.forEach(c -> out.append(" ---: |"));
        out.append('\n');
        rows.forEach((call, byPhase) -> {
            out.append("| ").append(call.replace(" ", " | ")).append(" |");
            columns.forEach(c -> out.append(String.format(" %.3f |", byPhase.getOrDefault(c, 0.0))));
            out.append('\n');
        });
        return out.toString();
    }

    /** Where the CPU went in one phase: milliseconds of CPU per order by thread group, the largest first. */
    String cpuPerOrder(String name, int top) {
        List<Phase> runs = phases.get(name);
        if (runs == null) {
            return "";
        }
        Phase run = runs.stream().sorted(Comparator.comparingDouble(p -> p.result().perSecond())).toList().get(runs.size() / 2);
        double orders = run.orders() > 0 ? run.orders() : run.result().ok();
        StringBuilder out = new StringBuilder("| process | thread group | CPU ms per request |\n| --- | --- | ---: |\n");
        appendTop(out, "server", run.cpu().get("server"), run.serverThreads(), orders, top);
        appendTop(out, "services", run.cpu().get("services"), run.servicesThreads(), orders, top);
        return out.toString();
    }

    /**
     * The process's total from /proc/pid/stat, which keeps the time of threads that have ended; the groups from the
     * threads alive at the end, so the time of threads that ended during the phase (a pool shrinking) shows only as
     * the difference.
     */
    private static void appendTop(StringBuilder out, String process, double processSeconds, Map<String, Double> groups,
            double orders, int top) {
        double alive = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        out.append(String.format("| %s | (the whole process) | %.3f |%n", process, 1000 * processSeconds / orders));
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("| %s | `%s` | %.3f |%n", process, e.getKey(), 1000 * e.getValue() / orders)));
        out.append(String.format("| %s | (threads that ended during the phase) | %.3f |%n", process,
                1000 * Math.max(0, processSeconds - alive) / orders));
    }

    private static String ratio(double value, double baseline) {
        return Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0 ? "" : String.format("%.0f %%", 100 * value / baseline);
    }
}
