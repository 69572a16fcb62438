"""The sale phase's figures, verdicts and chart (locust/experiment.py --phases sale).

Every verdict is computed from what was measured, with the model's figure beside it:
    oversell            sold <= total in every sample and at the end, sale_oversell_count 0, the audit replay consistent
    latency             p95 per endpoint against reference document 003's targets (availability 150 ms, reserve
                        120 ms, checkout 450 ms); Locust's round trips, not scaled
    time to sold out    measured against the customers' pace: each customer takes one unit per visit
    bots                units won against what the per-customer limit lets the bots' identities win, and the share of
                        their reserves refused with 429 against what their identities' token buckets let through over the run
"""

import os

# Reference document 003's p95 targets, in ms.
P95_TARGETS_MS = {"/sales/[sale]": 150.0, "/sales/[sale]/reservations": 120.0,
                  "/sales/[sale]/reservations/[id]/checkout": 450.0}
RESERVE = "/sales/[sale]/reservations"
ENDPOINT_NAMES = {"/sales/[sale]": "availability", "/sales/[sale]/reservations": "reserve",
                  "/sales/[sale]/reservations/[id]/checkout": "checkout", "/orders/[id]": "order status"}
# The machine counts as the limit when its cores were this busy on average.
CPU_BOUND_SHARE = 0.85
# Customers' ids are below this, bots' from it: the audit trail says who won each unit.
BOT_CUSTOMER_BASE = 900_000_000
# The pace of locust/salefile.py's users, full scale: a customer looks before reserving, decides before checking out,
# looks at the order every FOLLOW_EVERY_S for at most FOLLOW_FOR_S; a bot pauses BOT_PAUSE_S between attempts.
LOOK_S = (0.5, 2.0)
DECIDE_S = (2.0, 10.0)
FOLLOW_EVERY_S = 1.0
FOLLOW_FOR_S = 60.0
BOT_PAUSE_S = 0.02


def customer_cycle_s(payment_latency_s):
    """A customer's visit on average: looking, deciding, and following the order until it is paid (polled each
    FOLLOW_EVERY_S, so half a poll late on average)."""
    return sum(LOOK_S) / 2 + sum(DECIDE_S) / 2 + payment_latency_s + FOLLOW_EVERY_S / 2


def kind_of_customer(customer_id):
    return "bot" if int(customer_id) >= BOT_CUSTOMER_BASE else "customer"


def audit_counts(events):
    """The audit trail's entries by type, and the reserved and purchased units by kind of client."""
    types, reserved, purchased = {}, {"customer": 0, "bot": 0}, {"customer": 0, "bot": 0}
    for event in events:
        kind = event.get("type", "")
        types[kind] = types.get(kind, 0) + 1
        customer = event.get("customer_id")
        if customer in (None, "", 0, "0"):
            continue
        if kind == "reserved":
            reserved[kind_of_customer(customer)] += 1
        elif kind == "purchased":
            purchased[kind_of_customer(customer)] += 1
    return {"types": types, "reserved_by_kind": reserved, "purchased_by_kind": purchased}


def conservation_breaks(rows):
    """Samples where available + reserved + sold != total, or sold > total."""
    return [row for row in rows
            if row["available"] + row["reserved"] + row["sold"] != row["total"] or row["sold"] > row["total"]]


def time_to_sold_out(rows):
    """Seconds from the first sample to the first with nothing available (None if it never happened)."""
    if not rows:
        return None
    for row in rows:
        if row["available"] == 0:
            return row["t"] - rows[0]["t"]
    return None


def selling_rate(rows):
    """Units sold a second, from the first sample to the one where the last unit sold was first seen."""
    if not rows:
        return None
    final = rows[-1]["sold"]
    if final == 0:
        return 0.0
    for row in rows:
        if row["sold"] == final:
            span = row["t"] - rows[0]["t"]
            return final / span if span > 0 else None
    return None


def answers_of(tally, kind, endpoint=None):
    """Answers to one kind of client (all endpoints, or one), by status."""
    total = {}
    for name, statuses in tally.get("answers", {}).get(kind, {}).items():
        if endpoint is None or name == endpoint:
            for status, count in statuses.items():
                total[status] = total.get(status, 0) + count
    return total


def limited_by_kind(tally):
    """Per kind of client: requests, 429s, and the share refused."""
    out = {}
    for kind in ("customer", "bot"):
        answers = answers_of(tally, kind)
        requests = sum(answers.values())
        limited = answers.get("429", 0)
        out[kind] = {"requests": requests, "limited": limited, "share": limited / requests if requests else None}
    return out


def model(phase):
    """What the settings and the customers' pace predict (full-scale seconds and rates)."""
    k = phase["time_scale"]
    humans, bots, identities = phase["customers"], phase["bots"], phase["bot_identities"]
    stock, limit = phase["stock"], phase["per_customer_limit"]
    cycle_s = phase["customer_cycle_s"]
    # Each customer in the funnel takes one unit per visit; the bots at most their identities' limit.
    bot_units = min(stock, identities * limit)
    units_per_s = humans / cycle_s if cycle_s > 0 else None
    sold_out_s = (stock - bot_units) / units_per_s if units_per_s else None
    # The bots' reserves as sent, against what their identities' buckets let through over the run: each identity's
    # tighter bucket starts full and refills at its rate (the run's periods and run time are both divided by k).
    bot_attempts = sum(answers_of(phase["sale_answers"], "bot", RESERVE).values())
    run_time_s = phase["run_time_s"] * k
    buckets = [phase["rates"]["reserve_per_customer"], phase["rates"]["reserve_per_ip"]]
    allowed = identities * min(tokens_of(rate) + rate_per_s(rate) * run_time_s for rate in buckets)
    bot_limited_share = max(0.0, 1 - allowed / bot_attempts) if bot_attempts else None
    return {"customer_units_per_s": units_per_s, "time_to_sold_out_s": sold_out_s, "bot_units_max": bot_units,
            "bot_share_max": bot_units / stock if stock else None, "bot_attempts": bot_attempts,
            "bot_allowed": allowed, "bot_limited_share": bot_limited_share,
            "processor_units_per_s": phase["workers"] / phase["payment_latency_s"]}


def rate_period_s(text):
    """The period of tokens/period (units ms, s, m, h), in seconds."""
    period = text.split("/")[1].strip()
    for unit, factor in (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if period.endswith(unit) and period[:-len(unit)].isdigit():
            return float(period[:-len(unit)]) * factor
    raise ValueError("not a rate: " + text)


def tokens_of(text):
    """The bucket's size: tokens of tokens/period."""
    return float(text.split("/")[0])


def rate_per_s(text):
    """tokens/period (as in the configuration) as tokens a second."""
    return tokens_of(text) / rate_period_s(text)


def machine_limit(usage, cpus):
    """What limited the run, in a sentence, from the phase's CPU figures."""
    capacity = 100.0 * cpus
    busy = usage.get("machine_cpu_pct", 0.0)
    parts = ", ".join("{} {:.0f} %".format(label, usage[key]) for label, key in (
        ("Liberty", "liberty_cpu_pct"), ("local services (redis-server, ElasticMQ, DynamoDB Local, payments)",
                                         "services_cpu_pct"), ("Locust", "locust_cpu_pct"),
        ("other engineers' processes", "other_cpu_pct")) if key in usage)
    if busy >= CPU_BOUND_SHARE * capacity:
        return ("**CPU-bound**: the machine's {} cores were {:.0f} % busy of {:.0f} % ({}); the figures are this "
                "machine's, not the design's.".format(cpus, busy, capacity, parts))
    return ("Not CPU-bound: the cores were {:.0f} % busy of {:.0f} % ({}); the pace was set by the customers' think "
            "times and the sale's stock.".format(busy, capacity, parts))


def summarise(phase, rows):
    """Every figure of the sale phase, full scale (times x k, rates / k) where the time scale bends it."""
    k = phase["time_scale"]
    audit = phase["audit"]
    purchased = audit["purchased_by_kind"]
    units = sum(purchased.values())
    sold_out = time_to_sold_out(rows)
    rate = selling_rate(rows)
    p95 = {}
    for endpoint, figures in phase["locust"]["endpoints"].items():
        p95[endpoint] = {"p95_ms": figures["response_ms"]["p95"], "requests": figures["requests"],
                         "target_ms": P95_TARGETS_MS.get(endpoint)}
    final = rows[-1] if rows else {"sold": 0, "total": phase["stock"], "available": None, "reserved": None}
    breaks = conservation_breaks(rows)
    oversold = max([row["sold"] - row["total"] for row in rows] + [0])
    return {
        "stock": phase["stock"], "sold": final["sold"], "final": final,
        "time_to_sold_out_s": sold_out * k if sold_out is not None else None,
        "units_sold_per_s": rate / k if rate is not None else None,
        "holds_expired": audit["types"].get("expired", 0), "holds_cancelled": audit["types"].get("cancelled", 0),
        "checkouts_started": audit["types"].get("checkout_started", 0),
        "checkouts_completed": audit["types"].get("purchased", 0),
        "checkouts_released": audit["types"].get("released", 0),
        "purchased_by_kind": purchased,
        "bot_share": purchased["bot"] / units if units else None,
        "reserved_by_kind": audit["reserved_by_kind"],
        "limited_by_kind": limited_by_kind(phase["sale_answers"]),
        "limited_by_identity": phase.get("rate_limited_by_identity", {}),
        "answers_by_kind": {kind: answers_of(phase["sale_answers"], kind) for kind in ("customer", "bot")},
        "bot_identities": phase["bot_identities"],
        "p95": p95,
        "oversold": oversold, "conservation_breaks": len(breaks), "samples": len(rows),
        "oversell_metric": phase.get("oversell_count"),
        "replay_consistent": phase.get("replay", {}).get("consistent"),
        "model": model(phase),
    }


def verdicts(figures):
    """(what, measured, expected, held) for each verdict."""
    out = []
    out.append(("zero oversell", "oversold {} in {} samples, {} conservation breaks, sale_oversell_count {}, replay {}"
                .format(figures["oversold"], figures["samples"], figures["conservation_breaks"],
                        figures["oversell_metric"], "consistent" if figures["replay_consistent"] else "INCONSISTENT"),
                "0, 0, 0, consistent",
                figures["oversold"] == 0 and figures["conservation_breaks"] == 0 and figures["oversell_metric"] == 0
                and bool(figures["replay_consistent"]) and figures["sold"] <= figures["stock"]))
    for endpoint, entry in sorted(figures["p95"].items()):
        if entry["target_ms"] is None or entry["p95_ms"] is None:
            continue
        out.append(("p95 " + ENDPOINT_NAMES.get(endpoint, endpoint), "{:.1f} ms ({} requests)".format(
            entry["p95_ms"], entry["requests"]), "<= {:.0f} ms (003)".format(entry["target_ms"]),
            entry["p95_ms"] <= entry["target_ms"]))
    m = figures["model"]
    bot_units = figures["purchased_by_kind"]["bot"]
    out.append(("bots' units", "{} of {} sold ({})".format(bot_units, figures["sold"], percent(figures["bot_share"])),
                "<= {} (their identities x the per-customer limit)".format(m["bot_units_max"]),
                bot_units <= m["bot_units_max"]))
    bots = figures["limited_by_kind"]["bot"]
    if bots["share"] is not None and m["bot_limited_share"] is not None:
        # The buckets refill continuously, so slightly more gets through than the steady rate: 10 points of slack.
        out.append(("bots' reserves refused with 429", "{} ({} of {})".format(percent(bots["share"]), bots["limited"],
                                                                           bots["requests"]),
                    "about {} (model: of {} attempts, their {} identities' buckets let {:.0f} through)".format(
                        percent(m["bot_limited_share"]), m["bot_attempts"], figures["bot_identities"], m["bot_allowed"]),
                    bots["share"] >= m["bot_limited_share"] - 0.10))
    sold_out = figures["time_to_sold_out_s"]
    predicted = m["time_to_sold_out_s"]
    out.append(("time to sold out", "{}".format(seconds(sold_out) if sold_out is not None else "not sold out"),
                "about {} (customers' pace: {:.1f} units/s)".format(seconds(predicted), m["customer_units_per_s"] or 0)
                if predicted is not None else "n/a",
                sold_out is not None and predicted is not None and sold_out <= 2 * predicted))
    return out


def percent(value):
    return "n/a" if value is None else "{:.1f} %".format(100 * value)


def seconds(value):
    return "n/a" if value is None else "{:.1f} s".format(value)


def chart_stock(rows, k, path):
    """Available, reserved and sold over (full-scale) time; False when there is nothing to draw."""
    if not rows:
        return False
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    t0 = rows[0]["t"]
    times = [(row["t"] - t0) * k for row in rows]
    figure, axes = plt.subplots(figsize=(9, 4.5))
    for column, colour in (("available", "tab:green"), ("reserved", "tab:orange"), ("sold", "tab:blue")):
        axes.plot(times, [row[column] for row in rows], label=column, color=colour)
    axes.axhline(rows[0]["total"], color="grey", linestyle=":", label="stock")
    axes.set_xlabel("seconds since the sale opened (full scale)")
    axes.set_ylabel("units")
    axes.set_title("The sale's stock over time")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def section(add, phase, rows, cpus, chart_name=None):
    """The sale's part of the report, as Markdown lines."""
    figures = summarise(phase, rows)
    k = phase["time_scale"]
    m = figures["model"]
    add("## The limited-stock sale")
    add("")
    add("{} units at a {} s hold (full scale), {} customers at a time (each a new customer id and address per "
        "visit) and {} bots sharing {} identities, for {} (full scale; {} as run, k = {:g}). The server trusted one "
        "proxy and Locust played it (`X-Forwarded-For`). Rate limits (full scale): {}.".format(
            phase["stock"], phase["hold_s"], phase["customers"], phase["bots"], phase["bot_identities"],
            seconds(phase["run_time_s"] * k), seconds(phase["run_time_s"]), k,
            ", ".join("{} `{}`".format(key.replace("_", " "), value) for key, value in sorted(phase["rates"].items()))))
    add("")
    add(machine_limit(phase["machine"], cpus))
    add("")
    add("| verdict | measured | expected (model or target) | held |")
    add("| --- | --- | --- | --- |")
    for what, measured, expected, held in verdicts(figures):
        add("| {} | {} | {} | {} |".format(what, measured, expected, "yes" if held else "**no**"))
    add("")
    add("| figure | value |")
    add("| --- | --- |")
    final = figures["final"]
    add("| sold / stock | {} / {} (at the end: available {}, held {}) |".format(
        figures["sold"], figures["stock"], final.get("available"), final.get("reserved")))
    add("| units sold a second | {} (the processor could pay {:.1f}/s) |".format(
        "n/a" if figures["units_sold_per_s"] is None else "{:.2f}".format(figures["units_sold_per_s"]),
        m["processor_units_per_s"]))
    add("| time to sold out | {} |".format(seconds(figures["time_to_sold_out_s"])))
    add("| holds expired and returned | {} (cancelled {}) |".format(figures["holds_expired"], figures["holds_cancelled"]))
    add("| checkouts started / completed / released | {} / {} / {} |".format(
        figures["checkouts_started"], figures["checkouts_completed"], figures["checkouts_released"]))
    add("| units won: customers / bots | {} / {} (holds: {} / {}) |".format(
        figures["purchased_by_kind"]["customer"], figures["purchased_by_kind"]["bot"],
        figures["reserved_by_kind"]["customer"], figures["reserved_by_kind"]["bot"]))
    for kind, entry in figures["limited_by_kind"].items():
        add("| 429s to {}s | {} of {} requests ({}) |".format(kind, entry["limited"], entry["requests"],
                                                          percent(entry["share"])))
    for kind, answers in figures["answers_by_kind"].items():
        add("| answers to {}s by status | {} |".format(kind, ", ".join(
            "{} x {}".format(status, count) for status, count in sorted(answers.items())) or "none"))
    if figures["limited_by_identity"]:
        add("| 429s by bucket (server) | {} |".format(", ".join(
            "{} {}".format(key, int(value)) for key, value in sorted(figures["limited_by_identity"].items()))))
    add("")
    unavailable = sum(count for answers in figures["answers_by_kind"].values()
                      for status, count in answers.items() if status.startswith("5"))
    if unavailable:
        add("{} requests answered 503 (`inventory_unavailable` or `store_unavailable`: a store command outlasted its "
            "timeout on the busy machine); each changed nothing, and a checkout refused so gave its unit back "
            "(`released`).".format(unavailable))
        add("")
    add("| endpoint | requests | p95 (as measured) | 003's target |")
    add("| --- | --- | --- | --- |")
    for endpoint, entry in sorted(figures["p95"].items()):
        add("| {} `{}` | {} | {} | {} |".format(ENDPOINT_NAMES.get(endpoint, ""), endpoint, entry["requests"],
                                               "n/a" if entry["p95_ms"] is None else "{:.1f} ms".format(entry["p95_ms"]),
                                               "-" if entry["target_ms"] is None else "{:.0f} ms".format(entry["target_ms"])))
    add("")
    if chart_name:
        add("![available, reserved and sold over time]({})".format(chart_name))
        add("")
    add("Latencies are Locust's round trips on loopback and are not scaled; durations are converted to full scale (x k) and rates "
        "back (/ k). The model: each customer in the funnel takes one unit per visit of about {:.1f} s (looking, "
        "reserving, deciding, following the order), so {} customers take about {:.1f} units/s; the bots win at most "
        "their identities times the per-customer limit. 003 asks for 25,000 reserves/s and 250,000 reads/s on one "
        "product: this machine (2 cores shared with other work) is a functional check of the design at a small "
        "scale, and the sale benchmark (docs/benchmark/) measures the rates.".format(
            phase["customer_cycle_s"], phase["customers"], m["customer_units_per_s"] or 0))
    add("")
    return figures


def read_rows(path):
    """The sale sampler's CSV: numbers as numbers (counts as int), the sale's state as text."""
    import csv
    rows = []
    with open(path, newline="") as text:
        for row in csv.DictReader(text):
            parsed = {}
            for key, value in row.items():
                if key == "state" or value in ("", None):
                    parsed[key] = value or None
                elif key in ("total", "available", "reserved", "sold"):
                    parsed[key] = int(float(value))
                else:
                    parsed[key] = float(value)
            rows.append(parsed)
    return rows


def sale_sections(add, results, folder, out):
    """Every sale phase's section, each with its chart in out; the figures by phase name."""
    figures = {}
    for phase in results["phases"]:
        if phase["kind"] != "sale":
            continue
        rows = read_rows(os.path.join(folder, phase["series"]))
        chart = phase["name"] + "-stock.png"
        drawn = chart_stock(rows, phase["time_scale"], os.path.join(out, chart))
        figures[phase["name"]] = section(add, phase, rows, results["machine"]["cpus"], chart if drawn else None)
    return figures


def write_sale_only_report(results, folder, out):
    """The report of a run with only the sale phase (--phases sale)."""
    lines = []
    add = lines.append
    add("# Limited-stock sale: experiment report")
    add("")
    machine = results["machine"]
    add("Generated by `locust/experiment.py --phases sale` (run `{}`, started {}, against the {} system, {} CPUs, {} "
        "GB). Time scale k = {:g}: payments, holds and the rate limits' periods were divided by k. The whole run "
        "took {:.0f} s.".format(results["run_id"], results["started"], results["target"], machine["cpus"],
                                 machine["memory_gb"], results["time_scale"], results["duration_s"]))
    add("")
    sale_sections(add, results, folder, out)
    add("### Machine load")
    add("")
    add("| phase | wall time | machine CPU (of {} %) | Liberty | local services | Locust | other processes | load "
        "average start / end |".format(100 * machine["cpus"]))
    add("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for phase in results["phases"]:
        usage = phase["machine"]
        add("| {} | {:.0f} s | {:.0f} % | {} | {} | {} | {:.0f} % | {:.2f} / {:.2f} |".format(
            phase["name"], usage["wall_s"], usage["machine_cpu_pct"],
            *["{:.0f} %".format(usage[key]) if key in usage else "n/a"
              for key in ("liberty_cpu_pct", "services_cpu_pct", "locust_cpu_pct")],
            usage["other_cpu_pct"], usage["load_average_start"], usage["load_average_end"]))
    add("")
    add("Raw data: [data/results.json](data/results.json) (with the answers by kind of client) and the stock series in "
        "`data/`.")
    add("")
    path = os.path.join(out, "report.md")
    with open(path, "w") as text:
        text.write("\n".join(lines))
    return path
