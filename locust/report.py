#!/usr/bin/python3
"""Writes the experiment's report (report.md and PNG charts) from a run's results.json and time series.

    /usr/bin/python3 locust/report.py target/experiment/<run>/results.json [--out docs/experiment]

locust/experiment.py calls it at the end of a run; run it by hand to re-render a report.
"""

import argparse
import csv
import math
import os
import shutil
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

import model  # noqa: E402

RATE_TOLERANCE = 0.10
PEAK_TOLERANCE = 0.15
BUSY_MACHINE_CPU_PCT = 25.0  # CPU (of one core) used by processes outside the experiment that makes a phase "busy"


def load_results(path):
    import json
    with open(path) as text:
        return json.load(text)


def read_series(folder, name):
    rows = []
    with open(os.path.join(folder, name), newline="") as text:
        for row in csv.DictReader(text):
            rows.append({key: float(value) if value not in ("", None) else None for key, value in row.items()})
    return rows


# ---- formatting ----------------------------------------------------------------------------------------


def number(value, digits=0):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float) and math.isinf(value):
        return "never"
    return "{:,.{}f}".format(value, digits)


def rate(value):
    if value is None:
        return "n/a"
    return number(value, 2 if value < 10 else 1)


def duration(seconds):
    if seconds is None:
        return "n/a"
    if math.isinf(seconds):
        return "never"
    if seconds < 120:
        return "{:.0f} s".format(seconds)
    if seconds < 2 * 3600:
        return "{:.1f} min".format(seconds / 60)
    return "{:.1f} h".format(seconds / 3600)


def ms(value):
    if value is None:
        return "n/a"
    return "{:,.0f} ms".format(value) if value >= 10 else "{:.1f} ms".format(value)


def percent(value, digits=1):
    return "n/a" if value is None else "{:.{}f} %".format(100 * value, digits)


def deviation(measured, predicted):
    if measured is None or predicted is None or predicted == 0:
        return None
    return measured / predicted - 1


def signed(value):
    return "n/a" if value is None else "{:+.1f} %".format(100 * value)


# ---- the figures of each phase ----------------------------------------------------------------------------


def customer_rows(results):
    k = results["time_scale"]
    rows = []
    for phase in results["phases"]:
        for endpoint, figures in sorted(phase["locust"]["endpoints"].items()):
            scenario = phase["scenario_settings"]
            if "orders-per-second" in scenario:
                load = "{} orders/s (constant)".format(number(float(scenario["orders-per-second"])))
            else:
                load = "{} users, +{}/s, {}".format(scenario["users"], scenario["spawn-rate"], scenario["run-time"])
            rows.append({
                "phase": phase["name"], "workers": phase.get("workers"), "endpoint": endpoint, "load": load,
                "requests": figures["requests"], "accepted": figures["accepted"], "failures": figures["failures"],
                "failure_ratio": figures["failure_ratio"], "statuses": figures["statuses"],
                "errors": figures["errors"], "p50": figures["response_ms"]["p50"], "p95": figures["response_ms"]["p95"],
                "p99": figures["response_ms"]["p99"], "accepted_per_s_full": figures["accepted_per_s"] / k,
                "window_full_s": figures["window_s"] * k, "payment_bound": endpoint.endswith("/sync"),
            })
    return rows


def worker_rows(results, folder=None):
    """Per worker count, measured beside the model, everything converted to full scale (rates / k, times x k).
    With the run's folder, also the processor's CPU while draining, from the time series."""
    k = results["time_scale"]
    rows = []
    for phase in results["phases"]:
        if phase["kind"] != "workers":
            continue
        inputs, predicted, measured = phase["model_inputs"], phase["model"], phase["measured"]
        keeps_up = predicted["keeps_up"]
        measured_rate = measured["processing_rate_per_s"]
        drained = phase["drain"] == "drained"
        machine = phase["machine"]
        row = {
            "workers": phase["workers"], "keeps_up": keeps_up,
            "arrival": inputs["arrival_per_s"] / k, "sent_for_s": inputs["duration_s"] * k,
            "accepted": phase["locust"]["endpoints"]["/orders/async"]["accepted"],
            "failures": phase["locust"]["endpoints"]["/orders/async"]["failures"],
            "model_rate": predicted["rate_per_s"] / k,
            "measured_rate": measured_rate / k if measured_rate is not None else None,
            "model_growth": predicted["growth_per_s"] / k,
            "measured_growth": (inputs["arrival_per_s"] - measured_rate) / k if measured_rate is not None else None,
            "model_peak": predicted["peak_visible"], "measured_peak": measured["peak_visible"],
            "peak_in_flight": measured["peak_in_flight"], "peak_dlq": measured["peak_dlq"],
            "busy_workers": measured.get("mean_workers_busy_with_backlog"),
            "model_drain_s": predicted["drain_s"] * k,
            "measured_drain_s": measured["time_to_drain_s"] * k if drained and measured["time_to_drain_s"] is not None else None,
            "drain": phase["drain"],
            "drain_rate": measured["drain_rate_per_s"] / k if measured["drain_rate_per_s"] is not None else None,
            "observed_s": measured["observed_after_send_s"] * k if measured["observed_after_send_s"] else None,
            "backlog_at_end": (measured["visible_at_send_end"] or 0) + (measured["in_flight_at_send_end"] or 0),
            "liberty_cpu_pct": machine.get("liberty_cpu_pct"), "liberty_rss_mb": machine.get("liberty_rss_mb_peak"),
            "services_cpu_pct": machine.get("services_cpu_pct"), "locust_cpu_pct": machine.get("locust_cpu_pct"),
            "other_cpu_pct": machine.get("other_cpu_pct"), "load_average": machine.get("load_average_end"),
        }
        row["drain_cpu_pct"], row["cpu_ms_per_payment"] = (
            drain_cpu(read_series(folder, phase["series"]), phase) if folder else (None, None))
        row["rate_deviation"] = deviation(row["measured_rate"], row["model_rate"])
        row["peak_deviation"] = deviation(row["measured_peak"], row["model_peak"])
        if row["drain"] != "drained" and row["drain_rate"]:
            # The full drain was not waited out: what the measured drain rate says it would take.
            row["drain_at_measured_rate_s"] = row["backlog_at_end"] / row["drain_rate"]
        rows.append(row)
    return rows


def drain_cpu(rows, phase):
    """Liberty's CPU (% of a core) and CPU milliseconds per payment while the backlog drained and no orders arrived:
    the processor's own cost. (None, None) when fewer than 20 payments were made then."""
    start = phase["send_end"] + phase["model_inputs"]["latency_s"]
    window = [row for row in rows if row["unix_time"] >= start and row["visible"] > 0
              and row.get("liberty_cpu_s") is not None and (row.get("payments") or -1) >= 0]
    if len(window) < 3:
        return None, None
    first, last = window[0], window[-1]
    payments = last["payments"] - first["payments"]
    seconds = last["unix_time"] - first["unix_time"]
    if payments < 20 or seconds <= 0:
        return None, None
    cpu = last["liberty_cpu_s"] - first["liberty_cpu_s"]
    return 100 * cpu / seconds, 1000 * cpu / payments


def checks(rows):
    """The acceptance checks: for every worker count that cannot keep up, rate within 10 % and peak within 15 %."""
    results = []
    for row in rows:
        if row["keeps_up"]:
            continue
        rate_ok = row["rate_deviation"] is not None and abs(row["rate_deviation"]) <= RATE_TOLERANCE
        peak_ok = row["peak_deviation"] is not None and abs(row["peak_deviation"]) <= PEAK_TOLERANCE
        results.append((row["workers"], rate_ok, peak_ok))
    return results


def busy_phases(results):
    return [phase["name"] for phase in results["phases"]
            if phase["machine"].get("other_cpu_pct", 0) > BUSY_MACHINE_CPU_PCT]


# ---- charts -------------------------------------------------------------------------------------------


def model_trajectory(phase, k):
    """The model's visible depth over full-scale time: growing while orders arrive, then falling at the rate."""
    inputs, predicted = phase["model_inputs"], phase["model"]
    growth = max(0.0, predicted["growth_per_s"]) / k
    rate_full = predicted["rate_per_s"] / k
    sent = inputs["duration_s"] * k
    peak = growth * sent
    points = [(0, 0), (sent, peak)]
    if peak > 0:
        points.append((sent + peak / rate_full, 0))
    return points


def chart_queue_depth(results, folder, out):
    k = results["time_scale"]
    phases = [p for p in results["phases"] if p["kind"] == "workers"]
    figure, axis = plt.subplots(figsize=(10, 5.5))
    longest = 0
    for index, phase in enumerate(phases):
        rows = read_series(folder, phase["series"])
        colour = "C{}".format(index)
        xs = [(row["unix_time"] - phase["send_start"]) * k for row in rows]
        axis.plot(xs, [row["visible"] for row in rows], color=colour, linewidth=1.8,
                  label="{} (measured)".format(workers_phrase(phase["workers"])))
        trajectory = model_trajectory(phase, k)
        axis.plot([x for x, _ in trajectory], [y for _, y in trajectory], color=colour, linestyle="--", linewidth=1,
                  alpha=0.8)
        longest = max(longest, xs[-1] if xs else 0)
    axis.plot([], [], color="grey", linestyle="--", linewidth=1, label="model (dashed)")
    axis.set_xlim(left=-2 * k, right=longest + 5 * k)
    axis.set_ylim(bottom=0)
    axis.set_xlabel("seconds since the flash sale started (full scale)")
    axis.set_ylabel("orders waiting in the queue (visible)")
    axis.set_title("Queue depth during a 60 orders/s flash sale, by worker count (time scale {:g})".format(k))
    axis.grid(alpha=0.3)
    axis.legend(loc="upper right", fontsize=9)
    figure.tight_layout()
    figure.savefig(os.path.join(out, "queue-depth.png"), dpi=110)
    plt.close(figure)


def chart_processing_rate(rows, out, k):
    figure, axis = plt.subplots(figsize=(8, 4.5))
    labels = [str(row["workers"]) for row in rows]
    positions = range(len(rows))
    axis.bar([p - 0.2 for p in positions], [row["model_rate"] for row in rows], width=0.4, label="model: workers / latency",
             color="#9db4d0")
    axis.bar([p + 0.2 for p in positions], [row["measured_rate"] or 0 for row in rows], width=0.4, label="measured",
             color="#2b5d8a")
    axis.axhline(rows[0]["arrival"] if rows else 60, color="#c0392b", linestyle=":", label="arrival rate")
    axis.set_yscale("log")
    axis.set_xticks(list(positions))
    axis.set_xticklabels(labels)
    axis.set_xlabel("workers")
    axis.set_ylabel("orders paid per second (full scale, log)")
    axis.set_title("Processing rate: model and measured (time scale {:g})".format(k))
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=9)
    figure.tight_layout()
    figure.savefig(os.path.join(out, "processing-rate.png"), dpi=110)
    plt.close(figure)


def chart_customers(rows, out, k):
    chosen = [row for row in rows if row["phase"] in ("sync-normal", "sync-flash", "async-flash")]
    if not chosen:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    names = [row["phase"] for row in chosen]
    left.bar(names, [row["accepted"] for row in chosen], color=["#7f8c8d", "#c0392b", "#27ae60"][:len(chosen)],
             label="accepted")
    left.bar(names, [row["failures"] for row in chosen], bottom=[row["accepted"] for row in chosen], color="#f1948a",
             label="refused or failed")
    left.set_ylabel("orders")
    left.set_yscale("log")
    left.set_ylim(bottom=1, top=max(row["requests"] for row in chosen) * 3)
    left.set_title("Orders accepted (log)")
    left.legend(fontsize=9)
    for index, row in enumerate(chosen):
        left.annotate(number(row["accepted"]), (index, row["accepted"]), ha="center", va="bottom", fontsize=9)
    widths = 0.25
    for offset, key in ((-widths, "p50"), (0, "p95"), (widths, "p99")):
        values = [(row[key] or 0) * (k if row["payment_bound"] else 1) for row in chosen]
        right.bar([i + offset for i in range(len(chosen))], values, width=widths, label=key)
    right.set_xticks(range(len(chosen)))
    right.set_xticklabels(names)
    right.set_yscale("log")
    right.set_ylabel("response time, ms (log; sync at full scale)")
    right.set_title("Response times")
    right.legend(fontsize=9)
    figure.tight_layout()
    figure.savefig(os.path.join(out, "customers.png"), dpi=110)
    plt.close(figure)
    return True


# ---- the report -----------------------------------------------------------------------------------------


def write_report(results_path, out):
    results = load_results(results_path)
    folder = os.path.dirname(os.path.abspath(results_path))
    os.makedirs(out, exist_ok=True)
    data = os.path.join(out, "data")
    os.makedirs(data, exist_ok=True)
    shutil.copy(results_path, os.path.join(data, "results.json"))
    for phase in results["phases"]:
        shutil.copy(os.path.join(folder, phase["series"]), os.path.join(data, phase["series"]))

    k = results["time_scale"]
    customers = customer_rows(results)
    workers = worker_rows(results, folder)
    if workers:
        chart_queue_depth(results, folder, out)
        chart_processing_rate(workers, out, k)
    has_customer_chart = chart_customers(customers, out, k)

    lines = []
    add = lines.append
    full = results["full_scale"]
    latency = full["payment_latency_s"]
    add("# Flash-sale experiment report")
    add("")
    add("Generated by `locust/experiment.py` (run `{}`, started {}, {} against the {} system). Time scale k = {:g}: "
        "payments took {:.0f} ms instead of {:.0f} ms, every duration was divided by {:g} and every rate multiplied "
        "by {:g}, so queue depths are those of the full-scale sale. **Rates and times below are converted back to "
        "full scale** (measured rate / k, measured time x k) unless marked \"as measured\". The whole run took {}."
        .format(results["run_id"], results["started"], "run", results["target"], k, latency * 1000 / k, latency * 1000,
                k, k, duration(results["duration_s"])))
    add("")
    busy = busy_phases(results)
    machine = results["machine"]
    if busy:
        add("Machine: {} CPUs, {} GB. **Busy** during {}: other processes used more than {:.0f} % of a core "
            "(see \"Machine load\" below), so those phases' rates may read low.".format(
                machine["cpus"], machine["memory_gb"], ", ".join(busy), BUSY_MACHINE_CPU_PCT))
    else:
        add("Machine: {} CPUs, {} GB, quiet: no phase saw more than {:.0f} % of a core used by processes outside the "
            "experiment.".format(machine["cpus"], machine["memory_gb"], BUSY_MACHINE_CPU_PCT))
    add("")

    # -- headline
    by_phase = {row["phase"]: row for row in customers}
    add("## Headline")
    add("")
    sync_flash, async_flash = by_phase.get("sync-flash"), by_phase.get("async-flash")
    if sync_flash and async_flash and sync_flash["accepted"]:
        add("- In the same flash sale (20 customers, 60 s), the async endpoint accepted **{} orders** and the sync "
            "endpoint **{}**: **{:.0f} times as many**. {}".format(
                number(async_flash["accepted"]), number(sync_flash["accepted"]),
                async_flash["accepted"] / sync_flash["accepted"], sync_outcome(sync_flash, k)))
    verdicts = checks(workers)
    if verdicts:
        worst_rate = max(abs(r["rate_deviation"]) for r in workers if not r["keeps_up"] and r["rate_deviation"] is not None)
        worst_peak = max(abs(r["peak_deviation"]) for r in workers if not r["keeps_up"] and r["peak_deviation"] is not None)
        add("- For every worker count that cannot keep up ({}), the measured processing rate is within {} of "
            "workers / latency (largest gap {}) and the peak queue depth within {} of the model (largest gap {}): "
            "{}.".format(", ".join(str(w) for w, _, _ in verdicts), percent(RATE_TOLERANCE, 0), percent(worst_rate),
                         percent(PEAK_TOLERANCE, 0), percent(worst_peak),
                         "all within tolerance" if all(a and b for _, a, b in verdicts) else
                         "**not all within tolerance** (see the table)"))
    minimum = [row for row in workers if row["workers"] == full["min_workers"]]
    if minimum:
        row = minimum[0]
        add("- {} workers, the model's minimum for 60 orders/s at {:.0f} s a payment (ceil(60 x {:.0f})), kept the "
            "queue at a peak of {} visible orders while {} orders arrived.".format(
                row["workers"], latency, latency, number(row["measured_peak"]), number(row["accepted"])))
    add("")

    # -- customers
    add("## What customers saw")
    add("")
    add("Figures from Locust's request events (every request, not its periodic CSV files). A request is accepted "
        "when it gets 200 (sync) or 202 (async); anything else counts as failed.")
    add("")
    add("| phase | endpoint | load | requests | accepted | failure rate | p50 | p95 | p99 | accepted / s |")
    add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in customers:
        factor = k if row["payment_bound"] else 1
        add("| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            row["phase"], row["endpoint"], row["load"], number(row["requests"]), number(row["accepted"]),
            percent(row["failure_ratio"]), ms(row["p50"] * factor if row["p50"] is not None else None),
            ms(row["p95"] * factor if row["p95"] is not None else None),
            ms(row["p99"] * factor if row["p99"] is not None else None), rate(row["accepted_per_s_full"])))
    add("")
    add("Sync response times are payment-bound, so they are shown at full scale (as measured x {:g}); async response "
        "times are as measured (they do not wait for the payment). Statuses seen: {}.".format(
            k, "; ".join("{} {}".format(row["phase"], ", ".join("{} x{}".format(code, count)
                                                                 for code, count in sorted(row["statuses"].items())))
                         for row in customers)))
    add("")
    capacity = model.sync_capacity(full["sync_permits"], latency)
    add("Model for the sync endpoint: {} payment permits of {:.0f} s each pay at most {} orders/s, however many "
        "customers wait; a customer who cannot get a permit within {:.0f} s gets 503 `payment_busy`.".format(
            full["sync_permits"], latency, rate(capacity), full["sync_max_wait_s"]))
    add("")
    for name in ("sync-normal", "sync-flash"):
        row = by_phase.get(name)
        if row:
            add("- {}: {} accepted/s measured against the cap of {}.".format(name, rate(row["accepted_per_s_full"]),
                                                                             rate(capacity)))
    add("")
    if has_customer_chart:
        add("![Orders accepted and response times per phase](customers.png)")
        add("")

    # -- workers
    if workers:
        add("## The queue and the workers")
        add("")
        how = ("the processor restarted with each count (MicroProfile Config key `processor.workers`)"
               if results["target"] == "local" else "the deployed processor, with the worker count it runs")
        add("Async orders at a constant 60 orders/s for 60 s, one phase per worker count; {}. The model is fed the "
            "measured arrival rate. Rates in orders/s, full scale; \"gap\" is measured / model - 1. The measured "
            "processing rate is {}.".format(how, rate_method(results)))
        add("")
        add("| workers | arrival | processing rate: model | measured | gap | queue growth: model | measured "
            "| peak depth: model | measured | gap | time to drain: model | measured |")
        add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in workers:
            if row["drain"] == "drained":
                drained = duration(row["measured_drain_s"])
            elif row.get("drain_at_measured_rate_s"):
                drained = "not waited; {} at the measured drain rate".format(duration(row["drain_at_measured_rate_s"]))
            else:
                drained = "not waited"
            add("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                row["workers"], rate(row["arrival"]), rate(row["model_rate"]),
                rate(row["measured_rate"]) if not row["keeps_up"] else "{} (keeps up)".format(rate(row["measured_rate"])),
                signed(row["rate_deviation"]) if not row["keeps_up"] else "n/a",
                rate(row["model_growth"]), rate(row["measured_growth"]) if not row["keeps_up"] else "n/a",
                number(row["model_peak"]), number(row["measured_peak"]),
                signed(row["peak_deviation"]) if not row["keeps_up"] else "n/a",
                duration(row["model_drain_s"]), drained))
        add("")
        add("Peak depth is the largest count of visible messages (waiting for a worker); besides them, up to one "
            "message per worker is in flight (being paid). Time to drain runs from the last order sent until the "
            "queue is empty (nothing visible or in flight); the model's is backlog / rate, the backlog being the peak "
            "plus the orders in flight (every worker, or arrival x latency for a pool that keeps up). "
            "A drain the model puts above {} (full scale) was not waited out: the queue was watched for {} after the "
            "last order, its drain rate measured, then purged.".format(
                duration(full["max_drain_wait_s"]), duration(full["drain_window_s"])))
        add("")
        add("![Queue depth over time, one line per worker count](queue-depth.png)")
        add("")
        add("![Processing rate per worker count, model and measured](processing-rate.png)")
        add("")
        add("Resources during each phase (CPU in % of one core, averaged from the first order to the end of the "
            "observation, as measured, i.e. at k times the full-scale rates; memory is the peak resident set). The "
            "order API and the processor share one Liberty JVM here, so its CPU is both; \"while draining\" is the "
            "stretch after the last order, when only the processor worked, with its CPU time per payment.")
        add("")
        add("| workers | orders | failed | busy workers with a backlog (mean) | peak in flight | dead letters "
            "| drain rate measured (/s) | Liberty CPU | Liberty CPU while draining (per payment) | Liberty memory "
            "| ElasticMQ CPU | Locust CPU | other processes' CPU | load average |")
        add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in workers:
            draining = ("{} ({:.1f} ms)".format(pct(row["drain_cpu_pct"]), row["cpu_ms_per_payment"])
                        if row["cpu_ms_per_payment"] is not None else "n/a")
            add("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                row["workers"], number(row["accepted"]), number(row["failures"]), number(row["busy_workers"], 1),
                number(row["peak_in_flight"]),
                number(row["peak_dlq"]), rate(row["drain_rate"]), pct(row["liberty_cpu_pct"]), draining,
                "{} MB".format(number(row["liberty_rss_mb"])) if row["liberty_rss_mb"] else "n/a",
                pct(row["services_cpu_pct"]), pct(row["locust_cpu_pct"]), pct(row["other_cpu_pct"]),
                number(row["load_average"], 1)))
        add("")

    # -- answers
    add("## Answers to the assignment's questions")
    add("")
    answers(add, results, by_phase, workers, capacity)

    # -- method
    add("## How it was measured")
    add("")
    add("- One machine ran everything: ElasticMQ (the local-services jar), one Liberty server with the order API and "
        "the processor, Locust (`FastHttpUser`) and the sampler. Ports: {}.".format(
            ", ".join("{} {}".format(name, port) for name, port in results.get("ports", {}).items()) or "n/a"))
    add("- Settings of the run (environment of every process; `PROCESSOR_WORKERS` is the count at the start, each "
        "worker phase set its own): {}.".format(
            ", ".join("`{}={}`".format(key, value) for key, value in sorted(results.get("settings", {}).items()))))
    add("- The constant-rate sale: 60 Locust users, each on its own schedule of {:g} orders a second, so together "
        "60 x k orders/s; a user that falls behind catches up.".format(k))
    add("- The queue (visible, in flight, dead-letter) was sampled every {:g} s, i.e. once a full-scale second, "
        "with GetQueueAttributes; the processor's `payments_completed_total` and each process's CPU and memory in "
        "the same sample.".format(1 / k))
    add("- Measured processing rate: least-squares slope of `payments_completed_total{owner=\"processor\"}` while "
        "the queue held a backlog (every worker busy), from one payment after the first order on.")
    if results["target"] == "local":
        add("- Before each worker phase the queue was purged and the processor application restarted with the phase's "
            "`processor.workers` (a server.xml variable in `configDropins`, read through MicroProfile Config; the "
            "server's executor sized for the largest count). The server was warmed up with async orders after it "
            "started, and a restarted processor that pays 20 or more orders a second (run time) with orders at 90 % "
            "of what it can pay.")
    add("- Raw data: [data/results.json](data/results.json) and one time series per phase in `data/`.")
    add("")
    if busy or workers:
        add("### Machine load")
        add("")
        add("| phase | wall time (as measured) | machine CPU | other processes | load average at the end |")
        add("| --- | --- | --- | --- | --- |")
        for phase in results["phases"]:
            usage = phase["machine"]
            add("| {} | {} | {} | {} | {} |".format(phase["name"], duration(usage["wall_s"]), pct(usage["machine_cpu_pct"]),
                                                   pct(usage["other_cpu_pct"]), number(usage["load_average_end"], 1)))
        add("")

    path = os.path.join(out, "report.md")
    with open(path, "w") as text:
        text.write("\n".join(lines))
    return path


def sync_outcome(row, k):
    """What the flash sale did to sync customers, in one sentence."""
    waited = "at the median {} and at p95 {} (full scale)".format(ms(row["p50"] * k), ms(row["p95"] * k))
    if row["failures"]:
        return "Sync refused or failed {} of its {} requests ({}); those it served waited {}.".format(
            number(row["failures"]), number(row["requests"]), percent(row["failure_ratio"]), waited)
    return "Sync refused none of its {} requests, but its customers waited {} for their answer.".format(
        number(row["requests"]), waited)


def rate_method(results):
    methods = {phase["measured"].get("processing_rate_method", "payments counter")
               for phase in results["phases"] if phase["kind"] == "workers"}
    if methods == {"queue drain"}:
        return "the rate at which the backlog fell after the sale (no processor metrics were reachable)"
    return "the slope of the processor's payments counter while every worker was busy"


def workers_phrase(workers):
    return "1 worker" if workers == 1 else "{} workers".format(workers)


def pct(value):
    return "n/a" if value is None else "{:.0f} %".format(value)


def answers(add, results, by_phase, workers, capacity):
    full = results["full_scale"]
    latency = full["payment_latency_s"]
    sync_flash, async_flash = by_phase.get("sync-flash"), by_phase.get("async-flash")
    add("**How many times more orders did async accept than sync?**")
    add("")
    if sync_flash and async_flash and sync_flash["accepted"]:
        add("{:.0f} times: {} against {} in the same 60 s flash sale with 20 customers. Sync is capped by the payment "
            "provider at {} orders/s ({} permits / {:.0f} s) and measured {} accepted/s. {} Async answered 202 to {} "
            "of its requests, in {} at the median and {} at p99, {} accepted/s: the customers' think time, not the "
            "payments, set its pace.".format(
                async_flash["accepted"] / sync_flash["accepted"], number(async_flash["accepted"]),
                number(sync_flash["accepted"]), rate(capacity), full["sync_permits"], latency,
                rate(sync_flash["accepted_per_s_full"]), sync_outcome(sync_flash, results["time_scale"]),
                percent(1 - async_flash["failure_ratio"]), ms(async_flash["p50"]), ms(async_flash["p99"]),
                rate(async_flash["accepted_per_s_full"])))
    else:
        add("Not measured in this run (the sync phases were left out).")
    add("")
    add("**What causes queue buildup, and how is it prevented?**")
    add("")
    if workers:
        slow = [row for row in workers if not row["keeps_up"]]
        parts = ["{} paid {} orders/s, so the queue grew by {}/s (model {}/s) to a peak of {} (model {})".format(
            workers_phrase(row["workers"]), rate(row["measured_rate"]), rate(row["measured_growth"]),
            rate(row["model_growth"]), number(row["measured_peak"]), number(row["model_peak"])) for row in slow]
        add("Orders arrive faster than the workers pay for them. Each worker pays one order per {:.0f} s, so W "
            "workers pay W / {:.0f} orders/s, and while {} orders/s arrive the queue grows by the difference: {}. "
            "Once the sale ends the backlog drains at the processing rate, which is why small pools take hours "
            "(model: {}).".format(
                latency, latency, rate(workers[0]["arrival"]), "; ".join(parts),
                "; ".join("{} {}".format(workers_phrase(row["workers"]), duration(row["model_drain_s"])) for row in slow)))
        add("")
        minimum = [row for row in workers if row["workers"] == full["min_workers"]]
        add("Prevention: size the pool for the peak arrival rate, workers >= arrival x latency = 60 x {:.0f} = {}.{} "
            "The provider must also accept that many payments at once; if it cannot, the queue is the right place "
            "for the excess, and what matters is that it drains before customers wait too long: alarm on the "
            "oldest message's age and scale workers (or tasks) on backlog per worker, as `terraform/autoscaling.tf` "
            "does.".format(latency, full["min_workers"],
                           " With {} workers the measured peak was {} visible orders (model {}), with up to {} in "
                           "flight.".format(minimum[0]["workers"], number(minimum[0]["measured_peak"]),
                                            number(minimum[0]["model_peak"]), number(minimum[0]["peak_in_flight"]))
                           if minimum else ""))
    else:
        add("Not measured in this run (the async worker phases were left out).")
    add("")
    add("**When to choose sync or async?**")
    add("")
    normal = by_phase.get("sync-normal")
    add("Sync while demand stays under what the slow dependency can do at once: in normal trading {}"
        "the customer gets the final answer in one call, which is what they want when the answer decides what "
        "happens next (a declined card). Its ceiling is hard: {} orders/s here, and above it customers queue in "
        "their browsers{}. Async when load can spike past that ceiling or the work is slow and the customer does not "
        "need to wait for it: it accepted every order of the sale in milliseconds, at the price of a queue to watch, "
        "a worker pool to size, an order status to report later, and payments that can fail after the order was "
        "accepted.".format(
            "({} accepted, {} failed, p50 {} at full scale) ".format(
                number(normal["accepted"]), percent(normal["failure_ratio"]), ms(normal["p50"] * results["time_scale"]))
            if normal else "", rate(capacity),
            " (in the flash sale: {} refused, p50 {} at full scale)".format(
                percent(sync_flash["failure_ratio"]), ms(sync_flash["p50"] * results["time_scale"]))
            if sync_flash else ""))
    add("")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Writes the experiment report from results.json.")
    parser.add_argument("results", help="results.json of a run (target/experiment/<run>/results.json)")
    parser.add_argument("--out", default=None, help="Report folder (default: <run>/report)")
    options = parser.parse_args(argv)
    out = options.out or os.path.join(os.path.dirname(os.path.abspath(options.results)), "report")
    print(write_report(options.results, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
