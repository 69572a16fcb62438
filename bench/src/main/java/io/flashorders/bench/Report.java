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
