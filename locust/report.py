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
import sale_report  # noqa: E402

RATE_TOLERANCE = 0.10
PEAK_TOLERANCE = 0.15
BUSY_MACHINE_CPU_PCT = 25.0  # CPU (of one core) used by processes outside the experiment that makes a phase "busy"
# The one-hour sale the assignment announces, and SQS's default retention (the queue in terraform/ keeps it).
SALE_HOURS = 1.0
QUEUE_RETENTION_S = 4 * 24 * 3600.0
# The assignment's own premise for the sync endpoint: one payment at a time, against its flash-sale demand.
PREMISE_PERMITS = 1
PREMISE_DEMAND_PER_S = (20.0, 60.0)
# Locust's think time between a customer's orders (locustfile.py), full scale: its mean.
THINK_TIME_MEAN_S = (0.1 + 0.5) / 2


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
    if seconds < 2 * 86400:
        return "{:.1f} h".format(seconds / 3600)
    return "{:.1f} days".format(seconds / 86400)


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
                "p99": figures["response_ms"]["p99"], "mean": figures["response_ms"].get("mean"),
                "users": int(scenario["users"]) if "orders-per-second" not in scenario else None,
                "permits": phase.get("sync_permits", results["full_scale"]["sync_permits"]),
                "accepted_per_s_full": figures["accepted_per_s"] / k,
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
        series = read_series(folder, phase["series"]) if folder else None
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
        row["drain_cpu_pct"], row["cpu_ms_per_payment"] = drain_cpu(series, phase) if series else (None, None)
        row["rate_deviation"] = deviation(row["measured_rate"], row["model_rate"])
        row["peak_deviation"] = deviation(row["measured_peak"], row["model_peak"])
        # The measured verdict, from the series: the visible queue's slope while orders arrived and what waited when
        # they stopped. Without the series, the slope is arrival - measured rate.
        growth = (model.visible_growth(series, phase["send_start"], phase["send_end"], inputs["latency_s"])
                  if series else None)
        row["visible_growth"] = growth / k if growth is not None else row["measured_growth"]
        row["visible_at_end"] = measured["visible_at_send_end"]
        row["payment_worth"] = row["arrival"] * inputs["latency_s"] * k
        row["kept_up"] = model.kept_up(row["visible_at_end"], row["visible_growth"], row["arrival"],
                                       inputs["latency_s"] * k)
        row["extra_in_flight"] = (row["peak_in_flight"] - row["workers"]) if row["peak_in_flight"] is not None else None
        row["full_scale_rate"] = model.full_scale_rate(measured_rate, phase["workers"], inputs["latency_s"] * k, k)
        row["full_scale_deviation"] = deviation(row["full_scale_rate"], row["model_rate"])
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
    """The acceptance checks, for every worker count whose pool was saturated (a measured rate exists): rate within
    10 % of workers / latency, and peak within 15 % of the model's, or, where the model has no peak, at most one
    payment's worth of orders (arrival x latency)."""
    results = []
    for row in rows:
        if row["measured_rate"] is None:
            continue
        results.append((row["workers"], rate_within(row), peak_within(row)))
    return results


def rate_within(row):
    return row["rate_deviation"] is not None and abs(row["rate_deviation"]) <= RATE_TOLERANCE


def peak_within(row):
    if row["measured_peak"] is None:
        return False
    if row["model_peak"] > 0:
        return abs(row["peak_deviation"]) <= PEAK_TOLERANCE
    return row["measured_peak"] <= row["payment_worth"]


def disagreements(rows, latency_s):
    """Worker counts where the measured verdict differs from the model's, each with the reason the data give."""
    found = []
    for row in rows:
        if row["kept_up"] is None or row["kept_up"] == row["keeps_up"]:
            continue
        if row["keeps_up"]:
            why = ("the model says {} workers >= arrival x latency ({} x {:.0f} s) keep up, but the visible queue grew by {}/s through the sale "
                   "and {} orders waited when sending stopped (one payment's worth is {}): the pool paid {} orders/s "
                   "({} of the model), below the {} arriving").format(
                row["workers"], rate(row["arrival"]), latency_s, rate(row["visible_growth"]),
                number(row["visible_at_end"]), number(row["payment_worth"]), rate(row["measured_rate"]),
                signed(row["rate_deviation"]), rate(row["arrival"]))
        else:
            why = ("the model says {} workers fall short, but the visible queue stayed flat ({}/s) with {} waiting at "
                   "the end").format(row["workers"], rate(row["visible_growth"]), number(row["visible_at_end"]))
        found.append((row["workers"], why))
    return found


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
    # Re-rendering a committed report reads its own data folder: nothing to copy then.
    if os.path.abspath(data) != folder:
        shutil.copy(results_path, os.path.join(data, "results.json"))
        for phase in results["phases"]:
            shutil.copy(os.path.join(folder, phase["series"]), os.path.join(data, phase["series"]))
    # The sale phase has a section of its own, after the order phases' (or a report of its own when alone).
    if results["phases"] and all(phase["kind"] == "sale" for phase in results["phases"]):
        return sale_report.write_sale_only_report(results, data, out)
    sale_results = dict(results)
    results = dict(results, phases=[phase for phase in results["phases"] if phase["kind"] != "sale"])

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
    if k == 1:
        scale = ("Time scale k = 1, full scale: payments took {:.0f} ms, and rates and durations are the sale's own, "
                 "as measured.".format(latency * 1000))
    else:
        scale = ("Time scale k = {:g}: payments took {:.0f} ms instead of {:.0f} ms, every duration was divided by {:g} "
                 "and every rate multiplied by {:g}, so queue depths are those of the full-scale sale. **Rates and "
                 "times below are converted back to full scale** (measured rate / k, measured time x k) unless marked "
                 "\"as measured\".".format(k, latency * 1000 / k, latency * 1000, k, k))
    add("Generated by `locust/experiment.py` (run `{}`, started {}, run against the {} system). {} The whole run took "
        "{}.".format(results["run_id"], results["started"], results["target"], scale, duration(results["duration_s"])))
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
            "endpoint **{}**: **{:.0f} times as many**{}. {}".format(
                number(async_flash["accepted"]), number(sync_flash["accepted"]),
                async_flash["accepted"] / sync_flash["accepted"],
                " (about {:.0f} times at full scale: the time scale shortened think times but not response times, "
                "see \"How the time scale bends these figures\")".format(
                    full_scale_ratio(async_flash, sync_flash, latency, k))
                if k != 1 and async_flash["users"] and sync_flash["users"] else "", sync_outcome(sync_flash, k)))
    verdicts = checks(workers)
    if verdicts:
        outside = [w for w, rate_ok, peak_ok in verdicts if not (rate_ok and peak_ok)]
        worst_rate = max(abs(r["rate_deviation"]) for r in workers if r["measured_rate"] is not None)
        add("- Worker counts whose pool was saturated ({}): the measured processing rate against workers / latency "
            "(tolerance {}, largest gap {}) and the peak depth against the model (tolerance {}): {}.".format(
                ", ".join(str(w) for w, _, _ in verdicts), percent(RATE_TOLERANCE, 0), percent(worst_rate),
                percent(PEAK_TOLERANCE, 0),
                "all within tolerance" if not outside else "**outside tolerance for {}** (see the table)".format(
                    ", ".join(workers_phrase(w) + (" (a busy phase)" if "async-w{}".format(w) in busy else "")
                              for w in outside))))
    premise = by_phase.get("sync-premise")
    if premise:
        add("- " + premise_headline(premise, workers, latency, k))
    for workers_count, why in disagreements(workers, latency):
        add("- **{}: the measurement and the model disagree.** Measured: did not keep up. Why: {}.".format(
            workers_phrase(workers_count), why))
    agreeing = [row for row in workers if row["kept_up"] and row["keeps_up"]]
    for row in agreeing:
        add("- {} kept up, as the model says: the visible queue grew by {}/s and {} waited when sending stopped "
            "(peak {}).".format(workers_phrase(row["workers"]), rate(row["visible_growth"]),
                                number(row["visible_at_end"]), number(row["measured_peak"])))
    add("")

    # -- customers
    add("## What customers saw")
    add("")
    add("Figures from Locust's request events (every request, not its periodic CSV files). A request is accepted "
        "when it gets 200 (sync) or 202 (async); anything else counts as failed.")
    add("")
    bent = k != 1
    add("| phase | endpoint | load | requests | accepted | failure rate | p50 | p95 | p99 | accepted / s |{}".format(
        " how the time scale bends them |" if bent else ""))
    add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |{}".format(" --- |" if bent else ""))
    for row in customers:
        factor = k if row["payment_bound"] else 1
        add("| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} |{}".format(
            row["phase"], row["endpoint"], row["load"], number(row["requests"]), number(row["accepted"]),
            percent(row["failure_ratio"]), ms(row["p50"] * factor if row["p50"] is not None else None),
            ms(row["p95"] * factor if row["p95"] is not None else None),
            ms(row["p99"] * factor if row["p99"] is not None else None), rate(row["accepted_per_s_full"]),
            " {} |".format(scale_note(row, latency, k)) if bent else ""))
    add("")
    add("Sync response times are payment-bound, so they are shown at full scale (as measured x {:g}); async response "
        "times are as measured (they do not wait for the payment). Statuses seen: {}.".format(
            k, "; ".join("{} {}".format(row["phase"], ", ".join("{} x{}".format(code, count)
                                                                 for code, count in sorted(row["statuses"].items())))
                         for row in customers)))
    add("")
    capacity = model.sync_capacity(full["sync_permits"], latency)
    permit_counts = sorted({row["permits"] for row in customers if row["payment_bound"]}) or [full["sync_permits"]]
    add("Model for the sync endpoint: with {} of {:.0f} s each, it pays at most {} orders/s, however many customers "
        "wait; a customer who cannot get a permit within {:.0f} s gets 503 `payment_busy`.".format(
            " or ".join("{} payment permit{}".format(n, "" if n == 1 else "s") for n in permit_counts), latency,
            " or ".join(rate(model.sync_capacity(n, latency)) for n in permit_counts), full["sync_max_wait_s"]))
    add("")
    for name in ("sync-normal", "sync-flash", "sync-premise"):
        row = by_phase.get(name)
        if row:
            add("- {}: {} accepted/s measured against the cap of {}{}.".format(
                name, rate(row["accepted_per_s_full"]), rate(model.sync_capacity(row["permits"], latency)),
                "" if row["permits"] == full["sync_permits"] else " ({} permit{})".format(
                    row["permits"], "" if row["permits"] == 1 else "s")))
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
        add("| workers | arrival | keeps up: model | measured | processing rate: model | measured | gap "
            "| measured, per-payment overhead counted once (time scale) "
            "| queue growth: model | measured (visible, while sending) | peak depth: model | measured | gap "
            "| time to drain: model | measured |")
        add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in workers:
            if row["drain"] == "drained":
                drained = duration(row["measured_drain_s"])
            elif row.get("drain_at_measured_rate_s"):
                drained = "not waited; {} at the measured drain rate".format(duration(row["drain_at_measured_rate_s"]))
            else:
                drained = "not waited"
            verdict = "n/a" if row["kept_up"] is None else ("yes" if row["kept_up"] else "**no**")
            if row["kept_up"] is not None and row["kept_up"] != row["keeps_up"]:
                verdict += " (disagrees)"
            add("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                row["workers"], rate(row["arrival"]), "yes" if row["keeps_up"] else "no", verdict,
                rate(row["model_rate"]), rate(row["measured_rate"]), signed(row["rate_deviation"]),
                "{} ({})".format(rate(row["full_scale_rate"]), signed(row["full_scale_deviation"]))
                if row["full_scale_rate"] and k != 1 else "n/a",
                rate(row["model_growth"]), rate(row["visible_growth"]),
                number(row["model_peak"]), number(row["measured_peak"]),
                signed(row["peak_deviation"]) if row["model_peak"] > 0 else "n/a (model 0)",
                duration(row["model_drain_s"]), drained))
        add("")
        add("\"Keeps up\", model: workers >= arrival x latency. Measured: when sending stopped, at most one payment's "
            "worth of orders (arrival x latency) was visible and the visible queue had not grown by more than 1 % of "
            "the arrival rate (least-squares slope of the visible count from one payment after the first order to "
            "the last). The model's verdict is arithmetic; the measured one is what the queue did. Where they "
            "disagree, the headline says why.")
        add("")
        add("Peak depth is the largest count of visible messages (waiting for a worker). In flight are the messages "
            "received and not yet deleted: one per busy worker, plus those the SQS JMS client fetched ahead for "
            "workers about to free up (prefetch) and those paid but not yet deleted, so the peak in flight exceeded "
            "the worker count by {} (table below). Time to drain runs from the last order sent until the "
            "queue is empty (nothing visible or in flight); the model's is backlog / rate, the backlog being the peak "
            "plus the orders in flight (every worker, or arrival x latency for a pool that keeps up). "
            "A drain the model puts above {} (full scale) was not waited out: the queue was watched for {} after the "
            "last order, its drain rate measured, then purged.".format(
                ", ".join("{} ({})".format(number(row["extra_in_flight"]), workers_phrase(row["workers"]))
                          for row in workers if row["extra_in_flight"] is not None and row["extra_in_flight"] > 0)
                or "nothing (no pool was ever full)",
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

    premise_section(add, results, by_phase, workers)
    long_sale_section(add, results, workers)
    time_scale_section(add, results, by_phase, workers)

    # -- method
    add("## How it was measured")
    add("")
    add("- One machine ran everything: ElasticMQ (the local-services jar), one Liberty server with the order API and "
        "the processor, Locust (`FastHttpUser`) and the sampler. Ports: {}.".format(
            ", ".join("{} {}".format(name, port) for name, port in results.get("ports", {}).items()) or "n/a"))
    add("- Settings of the run (environment of every process; `PROCESSOR_WORKERS` is the count at the start, each "
        "worker phase set its own): {}.".format(
            ", ".join("`{}={}`".format(key, value) for key, value in sorted(results.get("settings", {}).items()))))
    if workers:
        add("- The constant-rate sale: 60 Locust users, each on its own schedule of {:g} order{} a second, so "
            "together 60 x k orders/s; a user that falls behind catches up.".format(k, "" if k == 1 else "s"))
    if by_phase.get("sync-premise") and results["target"] == "local":
        add("- The premise: the order API application alone restarted with `orders.sync.permits={}` (a server.xml "
            "variable in `configDropins`, read through MicroProfile Config) and warmed up (async orders, then one "
            "sync order) before the phase; afterwards restarted with its usual permits and warmed up again.".format(
                by_phase["sync-premise"]["permits"]))
    add("- The queue (visible, in flight, dead-letter) was sampled every {:g} s, i.e. once a full-scale second, "
        "with GetQueueAttributes; the processor's `payments_completed_total` and each process's CPU and memory in "
        "the same sample.".format(1 / k))
    if workers:
        add("- Measured processing rate: least-squares slope of `payments_completed_total{owner=\"processor\"}` "
            "while the queue held a backlog (every worker busy), from one payment after the first order on.")
    if workers and results["target"] == "local":
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

    sale_report.sale_sections(add, sale_results, data, out)
    path = os.path.join(out, "report.md")
    with open(path, "w") as text:
        text.write("\n".join(lines))
    return path


def sync_outcome(row, k):
    """What the flash sale did to sync customers, in one sentence."""
    waited = "at the median {} and at p95 {} (full scale)".format(ms(row["p50"] * k), ms(row["p95"] * k))
    if row["failures"]:
        return "Sync refused or failed {} of its {} requests ({}); its customers waited {}, refusals included.".format(
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
        add("{:.0f} times as measured{}: {} against {} in the same 60 s flash sale with 20 customers. "
            "Sync is capped by the payment provider at {} orders/s ({} permits / {:.0f} s) and measured {} accepted/s. {} Async answered 202 to {} "
            "of its requests, in {} at the median and {} at p99, {} accepted/s: the customers' think time, not the "
            "payments, set its pace.".format(
                async_flash["accepted"] / sync_flash["accepted"],
                " (about {:.0f} at full scale)".format(full_scale_ratio(async_flash, sync_flash, latency,
                                                                         results["time_scale"]))
                if results["time_scale"] != 1 and async_flash["users"] and sync_flash["users"] else "",
                number(async_flash["accepted"]),
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
        slow = [row for row in workers if not row["keeps_up"] or row["kept_up"] is False]
        parts = ["{} paid {} orders/s, so the queue grew by {}/s (model {}/s) to a peak of {} (model {})".format(
            workers_phrase(row["workers"]), rate(row["measured_rate"]), rate(row["visible_growth"]),
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
                           "flight; measured, the pool {}.".format(
                               minimum[0]["workers"], number(minimum[0]["measured_peak"]),
                               number(minimum[0]["model_peak"]), number(minimum[0]["peak_in_flight"]),
                               "kept up" if minimum[0]["kept_up"] else
                               "did not keep up (the queue grew by {}/s): the minimum leaves no headroom for the time "
                               "a worker spends between payments".format(rate(minimum[0]["visible_growth"])))
                           if minimum else ""))
    else:
        add("Not measured in this run (the async worker phases were left out).")
    add("")
    add("**When to choose sync or async?**")
    add("")
    normal = by_phase.get("sync-normal")
    if not (normal or sync_flash or async_flash):
        add("Not measured in this run (the sync phases were left out); the premise below measures sync's ceiling "
            "with one payment at a time." if by_phase.get("sync-premise") else
            "Not measured in this run (the sync phases were left out).")
        add("")
        return
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


def premise_section(add, results, by_phase, workers):
    """The assignment's own bottleneck: one payment at a time, its "do the math" questions, measured where run."""
    full = results["full_scale"]
    latency, k = full["payment_latency_s"], results["time_scale"]
    capacity = model.sync_capacity(PREMISE_PERMITS, latency)
    add("## The assignment's premise: one payment at a time")
    add("")
    add("The assignment's payment processor pays one order per {:.0f} s. The project's sync endpoint has {} "
        "permits (its setting, used by the other sync phases); here is the assignment's own premise, {} permit.".format(
            latency, full["sync_permits"], PREMISE_PERMITS))
    add("")
    add("| question | model | measured |")
    add("| --- | --- | --- |")
    row = by_phase.get("sync-premise")
    measured_rate = rate(row["accepted_per_s_full"]) if row else "not run"
    add("| maximum throughput (orders/s) | {} | {} |".format(rate(capacity), measured_rate))
    for demand in PREMISE_DEMAND_PER_S:
        lost = model.sync_premise(PREMISE_PERMITS, latency, demand)
        add("| orders lost per second at {:g} orders/s of demand | {} of {:g} ({}) | {} |".format(
            demand, rate(lost["lost_per_s"]), demand, percent(lost["lost_share"]),
            "{} of {:g} (demand less accepted)".format(rate(demand - row["accepted_per_s_full"]), demand)
            if row else "not run"))
    if row:
        window = row["window_full_s"]
        add("| customers refused (503) or failed, per second of the phase | n/a: the model counts "
            "demand, not customers | {} of {} sent a second ({} of {} requests) |".format(
                rate(row["failures"] / window), rate(row["requests"] / window), percent(row["failure_ratio"]),
                number(row["requests"])))
        add("| response time p50 / p95 (full scale, as measured x k) | {:.0f} s payment + up to {:.0f} s wait | "
            "{} / {} |".format(latency, full["sync_max_wait_s"], ms(row["p50"] * k), ms(row["p95"] * k)))
    one = [r for r in workers if r["workers"] == 1]
    growth = full["flash_rate_per_s"] - capacity
    sent = growth * 60
    if one:
        r1 = one[0]
        add("| async with one worker: queue growth (orders/s) | {} | {} |".format(
            rate(growth), rate(r1["visible_growth"])))
        add("| time to clear a 60 s sale's backlog (model {} orders; measured {}) | {} | {} at the measured drain "
            "rate |".format(number(sent), number(r1["backlog_at_end"]), duration(sent / capacity),
            duration(r1["backlog_at_end"] / r1["drain_rate"]) if r1["drain_rate"] else "n/a"))
    else:
        add("| async with one worker: queue growth (orders/s) | {} | not run |".format(rate(growth)))
        add("| time to clear a 60 s sale's backlog ({} orders) | {} | not run |".format(
            number(sent), duration(sent / capacity)))
    add("")
    if not row:
        add("The measured column's sync figures need the `sync-premise` phase (`locust/experiment.py --phases "
            "premise`), which this run did not have.")
    else:
        add("Measured with the flash scenario's {} customers and the sync endpoint restarted with `orders.sync.permits"
            "={}`. Closed-loop customers do not send the demand the model assumes: each waits for its answer "
            "before the next order, so \"lost\" here is demand less accepted.".format(row["users"], PREMISE_PERMITS))
    if one:
        add("A one-hour sale at this premise is in the next section's 1-worker row.")
    add("")


def premise_headline(row, workers, latency_s, k):
    """The premise in one sentence: what one payment at a time did to the flash sale, measured against the model."""
    capacity = model.sync_capacity(row["permits"], latency_s)
    gap = deviation(row["accepted_per_s_full"], capacity)
    verdict = ("as the model says" if gap is not None and abs(gap) <= RATE_TOLERANCE else
               "{} the model's".format("below" if gap is not None and gap < 0 else "off"))
    sentence = ("The assignment's premise, one payment at a time, with the flash sale's {} customers: the sync endpoint "
                "accepted **{} orders/s** (model {}, {}: {}), {} of the orders the customers sent were refused or "
                "failed ({} a second), and its customers waited {} at the median for an answer, refusals included "
                "(full scale).").format(
        row["users"], rate(row["accepted_per_s_full"]), rate(capacity), verdict, signed(gap),
        percent(row["failure_ratio"]), rate(row["failures"] / row["window_full_s"]), ms(row["p50"] * k))
    one = [r for r in workers if r["workers"] == 1]
    if one and one[0]["drain_rate"]:
        sentence += (" Async with its single worker: the queue grew by {}/s and the 60 s sale's {} orders would take "
                     "{} to clear at the measured drain rate.").format(
            rate(one[0]["visible_growth"]), number(one[0]["backlog_at_end"]),
            duration(one[0]["backlog_at_end"] / one[0]["drain_rate"]))
    return sentence


def long_sale_section(add, results, workers):
    """The announced sale: an hour at the flash rate, per worker count, from the measured rates."""
    if not workers:
        return
    full = results["full_scale"]
    arrival, hours = full["flash_rate_per_s"], SALE_HOURS
    add("## The one-hour sale")
    add("")
    add("Marketing's sale lasts {:g} hour at {:g} orders/s ({} orders). Per worker count, at the processing rate "
        "measured above (model in brackets): the backlog when the sale ends, the time to drain it, and the orders "
        "that would wait past the queue's {:.0f}-day retention and be deleted unpaid (backlog - rate x retention, "
        "taking the oldest first; SQS standard queues keep only roughly that order).".format(
            hours, arrival, number(arrival * 3600 * hours), QUEUE_RETENTION_S / 86400))
    add("")
    add("| workers | processing rate | backlog after the hour | time to drain it (if none expired) "
        "| orders expired unpaid | longest wait |")
    add("| --- | --- | --- | --- | --- | --- |")
    for row in workers:
        cells = []
        # A pool that kept up never had a backlog to measure its rate by: it paid what arrived.
        kept_pace = row["arrival"] if row["measured_rate"] is None and row["kept_up"] else None
        for value in (row["measured_rate"] or kept_pace, row["model_rate"]):
            cells.append(model.long_sale(arrival, value, hours * 3600, QUEUE_RETENTION_S) if value else None)
        measured, predicted = cells

        def both(key, shape):
            left = shape(measured[key]) if measured else "n/a"
            return "{} ({})".format(left, shape(predicted[key]))

        add("| {} | {} ({}) | {} | {} | {} | {} |".format(
            row["workers"], rate(row["measured_rate"]) if not kept_pace else "kept up", rate(row["model_rate"]),
            both("backlog", number),
            both("drain_s", duration), both("expired", number), both("oldest_wait_s", duration)))
    add("")
    short = [row for row in workers if row["measured_rate"] and row["measured_rate"] < arrival]
    expiring = [row for row in short
                if model.long_sale(arrival, row["measured_rate"], hours * 3600, QUEUE_RETENTION_S)["expired"] > 0]
    if expiring:
        add("The queue does not make every accepted order safe: with {} the backlog outlives the retention and the "
            "oldest orders are deleted unpaid. An hour's sale needs a pool whose backlog drains within the retention "
            "(rate x {:.0f} days >= backlog), and an alarm on the oldest message's age long before that.".format(
                " or ".join(workers_phrase(row["workers"]) for row in expiring), QUEUE_RETENTION_S / 86400))
        add("")


def corrected_sync_ms(measured_ms, latency_s, k):
    """A payment-bound response time at full scale without doubling what is not payment: the whole payments it
    waited (measured // scaled latency) scale by k, the rest stays as measured."""
    if measured_ms is None:
        return None
    scaled = 1000 * latency_s / k
    return measured_ms + (k - 1) * (measured_ms // scaled) * scaled


def think_paced_rate(row, latency_s, k):
    """Accepted orders/s a think-time scenario would reach at full scale: users / (full-scale response + think time),
    capped at the sync endpoint's capacity when payment-bound. None for constant-rate phases."""
    if not row["users"] or row["mean"] is None:
        return None
    response_s = (corrected_sync_ms(row["mean"], latency_s, k) if row["payment_bound"] else row["mean"]) / 1000
    paced = row["users"] / (response_s + THINK_TIME_MEAN_S)
    return min(paced, model.sync_capacity(row["permits"], latency_s)) if row["payment_bound"] else paced


def scale_note(row, latency_s, k):
    """One customer row's time-scale bias, in a table cell."""
    notes = []
    if row["payment_bound"] and row["p50"] is not None:
        notes.append("x k multiplies the part that is not payment too: p50 about {}".format(
            ms(corrected_sync_ms(row["p50"], latency_s, k))))
    paced = think_paced_rate(row, latency_s, k)
    if paced:
        notes.append("think time / k, response time not: about {} accepted/s at full scale".format(rate(paced)))
    return "; ".join(notes) or "arrivals not bent; response times as measured, under k x the full-scale request rate"


def full_scale_ratio(async_row, sync_row, latency_s, k):
    """Async's accepted orders over sync's in the same scenario, both corrected for the time scale."""
    return (think_paced_rate(async_row, latency_s, k) * async_row["window_full_s"]
            / (think_paced_rate(sync_row, latency_s, k) * sync_row["window_full_s"]))


def time_scale_section(add, results, by_phase, workers):
    """Which figures the time scale bends, how, and by how much, next to each."""
    k = results["time_scale"]
    if k == 1:
        return
    latency = results["full_scale"]["payment_latency_s"]
    add("## How the time scale bends these figures")
    add("")
    add("The run divided payments, think times and durations by k = {:g}, but not what the machine adds: response "
        "times outside the payment, and each payment's overhead (receive, delete, hand-over). Converting back (rates "
        "/ k, times x k) multiplies that unscaled part by k. Queue depths and the constant-rate phases' arrivals are "
        "not bent. The figures that are:".format(k))
    add("")
    if any(row["full_scale_rate"] for row in workers):
        add("- **Processing rates** (and the drain times and growth that follow from them): measured / k counts the "
            "per-payment overhead k times. Taking the overhead as fixed (measured time per payment less the scaled "
            "latency) and counting it once: {}.".format("; ".join(
                "{}: {} rather than {} (gap {} rather than {})".format(
                    workers_phrase(row["workers"]), rate(row["full_scale_rate"]), rate(row["measured_rate"]),
                    signed(row["full_scale_deviation"]), signed(row["rate_deviation"]))
                for row in workers if row["full_scale_rate"])))
    sync_rows = [row for row in by_phase.values() if row["payment_bound"]]
    if sync_rows:
        add("- **Sync response times** (shown as measured x k): the part that is not the payment is multiplied by k "
            "too. Counting only the whole payments waited as scaled: {}.".format("; ".join(
                "{} p50 {} rather than {}".format(row["phase"], ms(corrected_sync_ms(row["p50"], latency, k)),
                                                  ms(row["p50"] * k)) for row in sync_rows)))
    paced = [row for row in by_phase.values() if think_paced_rate(row, latency, k)]
    if paced:
        add("- **Orders accepted in the think-time scenarios**: think time was divided by k, the response time not, "
            "so each customer's cycle at full scale reads as k x response + think: async accepted fewer orders than "
            "a full-scale run would. Users / (full-scale response + {:.0f} ms mean think time): {}.".format(
                THINK_TIME_MEAN_S * 1000, "; ".join(
                    "{} {} accepted/s rather than {} ({} orders in the window rather than {})".format(
                        row["phase"], rate(think_paced_rate(row, latency, k)), rate(row["accepted_per_s_full"]),
                        number(think_paced_rate(row, latency, k) * row["window_full_s"]), number(row["accepted"]))
                    for row in paced)))
        sync_flash, async_flash = by_phase.get("sync-flash"), by_phase.get("async-flash")
        if sync_flash in paced and async_flash in paced:
            add("  Async against sync in the flash sale: {:.0f} times as measured, about {:.0f} times at full "
                "scale.".format(async_flash["accepted"] / sync_flash["accepted"], full_scale_ratio(
                    async_flash, sync_flash, latency, k)))
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
