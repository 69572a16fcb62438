"""Flash-sale load for flash-orders: customers placing orders on the sync and the async endpoint.

Run with Debian's Locust (2.12, /usr/bin/locust), for example the assignment's flash sale against the async
endpoint:

    locust -f locust/locustfile.py --config locust/scenarios/flash.conf AsyncOrderUser --host http://localhost:9480

User classes:
    SyncOrderUser   POST /orders/sync, success = 200 (the customer waited for the payment)
    AsyncOrderUser  POST /orders/async, success = 202 (the order is on the queue)

Between orders a customer thinks for a random 100-500 ms. With --orders-per-second R the users instead pace
themselves so that together they send R orders a second (the constant-rate flash sale).

Options added here (also usable as keys in a --config file):
    --orders-per-second R   constant total arrival rate instead of think time (0 = think time)
    --time-scale K          divide think time and the customer's timeout by K (the experiment's time scale;
                            scale users' rate and the run time yourself, or let locust/experiment.py do it)
    --summary-json PATH     write the final figures, taken from Locust's request events, to PATH
    --target-failure-ratio F  exit 1 when more than F of the requests failed (0 = any failure fails the run)
    --target-p95-ms MS      exit 1 when the 95th percentile response time is above MS
    --target-min-requests N exit 1 when fewer than N requests were made

The summary's figures are computed from every request event, not from Locust's CSV files (which are written
every 10 s and miss the end of a short run).
"""

import json
import logging
import math
import random
import time
from collections import Counter, defaultdict

from locust import FastHttpUser, events, task
import gevent

THINK_TIME_MIN_S = 0.1
THINK_TIME_MAX_S = 0.5
# A customer gives up on a checkout after 30 s (full scale).
CUSTOMER_TIMEOUT_S = 30.0

# A small catalogue, so that prices and product ids look like a shop's.
CATALOGUE = [("sku-{:03d}".format(n), random.Random(n).randint(1, 249) + 0.99) for n in range(1, 501)]


def random_order():
    """An order as a checkout sends it: one customer, 1-4 distinct products, 1-3 of each."""
    items = []
    for product_id, price in random.sample(CATALOGUE, random.randint(1, 4)):
        items.append({"product_id": product_id, "quantity": random.randint(1, 3), "price": price})
    return {"customer_id": random.randint(1, 100_000), "items": items}


@events.init_command_line_parser.add_listener
def add_options(parser):
    parser.add_argument("--orders-per-second", type=float, default=0.0, env_var="LOCUST_ORDERS_PER_SECOND",
                        help="Constant total arrival rate across all users (0: think time of 100-500 ms)")
    parser.add_argument("--time-scale", type=float, default=1.0, env_var="LOCUST_TIME_SCALE",
                        help="Divide think time and the customer's timeout by this factor")
    parser.add_argument("--summary-json", default="", env_var="LOCUST_SUMMARY_JSON",
                        help="Write the final figures (from request events) to this JSON file")
    parser.add_argument("--target-failure-ratio", type=float, default=-1.0,
                        help="Exit 1 when the failure ratio is above this (0: no failure allowed; -1: no target)")
    parser.add_argument("--target-p95-ms", type=float, default=-1.0,
                        help="Exit 1 when p95 response time is above this many ms (-1: no target)")
    parser.add_argument("--target-min-requests", type=int, default=0,
                        help="Exit 1 when fewer requests than this were made")


class OrderUser(FastHttpUser):
    """A customer who places orders one after the other on one endpoint."""

    abstract = True
    endpoint = ""
    accepted_status = 0

    def on_start(self):
        options = self.environment.parsed_options
        scale = options.time_scale if options and options.time_scale > 0 else 1.0
        self.scale = scale
        self.client.network_timeout = CUSTOMER_TIMEOUT_S / scale
        self.client.connection_timeout = CUSTOMER_TIMEOUT_S / scale
        total_rate = options.orders_per_second if options else 0.0
        users = max(1, options.num_users or 1) if options else 1
        # Constant rate: each user keeps its own schedule of start times, one every `interval` seconds,
        # beginning at a random phase so that the users do not fire together. A user that fell behind
        # (a slow response) catches up, so the total stays at the rate.
        self.interval = users / total_rate if total_rate > 0 else 0.0
        if self.interval:
            gevent.sleep(random.uniform(0, self.interval))
        self.next_start = time.monotonic()

    def wait_time(self):
        if not self.interval:
            return random.uniform(THINK_TIME_MIN_S, THINK_TIME_MAX_S) / self.scale
        self.next_start += self.interval
        return max(0.0, self.next_start - time.monotonic())

    @task
    def place_order(self):
        started = time.perf_counter()
        with self.client.post(self.endpoint, json=random_order(), name=self.endpoint, catch_response=True) as response:
            # Locust's fast client rounds response times down to whole milliseconds; keep the precise figure.
            response.request_meta["response_time"] = (time.perf_counter() - started) * 1000
            if response.status_code != self.accepted_status:
                response.failure("{} {}".format(response.status_code, error_code(response)))


def error_code(response):
    try:
        return json.loads(response.text).get("error", "")
    except (ValueError, TypeError, AttributeError):
        return "" if response.status_code else str(response.error)


class SyncOrderUser(OrderUser):
    """Pays while waiting: success is 200 with the completed order."""

    endpoint = "/orders/sync"
    accepted_status = 200


class AsyncOrderUser(OrderUser):
    """Queues the order: success is 202 with the pending order."""

    endpoint = "/orders/async"
    accepted_status = 202


class RequestLog:
    """Every request's outcome, from Locust's request event: the source of the final figures."""

    def __init__(self):
        self.by_name = defaultdict(lambda: {"times_ms": [], "statuses": Counter(), "errors": Counter(),
                                            "failures": 0, "first_start": None, "last_end": None})

    def record(self, name, response_time, response, exception, start_time):
        entry = self.by_name[name]
        end = start_time + response_time / 1000.0
        status = getattr(response, "status_code", 0) or 0
        entry["times_ms"].append(response_time)
        entry["statuses"][str(status)] += 1
        if exception is not None:
            entry["failures"] += 1
            entry["errors"][str(exception)[:120]] += 1
        entry["first_start"] = start_time if entry["first_start"] is None else min(entry["first_start"], start_time)
        entry["last_end"] = end if entry["last_end"] is None else max(entry["last_end"], end)

    def summary(self):
        endpoints = {name: summarise(entry) for name, entry in self.by_name.items()}
        return {"endpoints": endpoints, "total": total_of(endpoints)}


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(entry):
    times = sorted(entry["times_ms"])
    requests = len(times)
    accepted = requests - entry["failures"]
    window = (entry["last_end"] - entry["first_start"]) if requests else 0.0
    return {
        "requests": requests,
        "accepted": accepted,
        "failures": entry["failures"],
        "failure_ratio": entry["failures"] / requests if requests else 0.0,
        "statuses": dict(entry["statuses"]),
        "errors": dict(entry["errors"].most_common(5)),
        "response_ms": {
            "p50": percentile(times, 0.50), "p95": percentile(times, 0.95), "p99": percentile(times, 0.99),
            "max": times[-1] if times else None, "mean": sum(times) / requests if requests else None,
        },
        "first_start": entry["first_start"],
        "last_end": entry["last_end"],
        "window_s": window,
        "requests_per_s": requests / window if window > 0 else 0.0,
        "accepted_per_s": accepted / window if window > 0 else 0.0,
    }


def total_of(endpoints):
    requests = sum(e["requests"] for e in endpoints.values())
    failures = sum(e["failures"] for e in endpoints.values())
    all_p95 = [e["response_ms"]["p95"] for e in endpoints.values() if e["response_ms"]["p95"] is not None]
    return {"requests": requests, "accepted": requests - failures, "failures": failures,
            "failure_ratio": failures / requests if requests else 0.0,
            "worst_p95_ms": max(all_p95) if all_p95 else None}


request_log = RequestLog()


@events.request.add_listener
def on_request(name, response_time, response=None, exception=None, start_time=None, **_):
    request_log.record(name, response_time, response, exception, start_time if start_time is not None else time.time())


def missed_targets(total, options):
    """The targets this run missed, as sentences (empty when it met them all)."""
    missed = []
    if total["requests"] < options.target_min_requests:
        missed.append("only {} requests, target at least {}".format(total["requests"], options.target_min_requests))
    if options.target_failure_ratio >= 0 and total["failure_ratio"] > options.target_failure_ratio:
        missed.append("failure ratio {:.4f} ({} of {}), target at most {}".format(
            total["failure_ratio"], total["failures"], total["requests"], options.target_failure_ratio))
    if options.target_p95_ms >= 0 and total["worst_p95_ms"] is not None and total["worst_p95_ms"] > options.target_p95_ms:
        missed.append("p95 {:.1f} ms, target at most {} ms".format(total["worst_p95_ms"], options.target_p95_ms))
    return missed


@events.quitting.add_listener
def on_quitting(environment, **_):
    options = environment.parsed_options
    summary = request_log.summary()
    if options is None:
        return
    missed = missed_targets(summary["total"], options)
    summary["missed_targets"] = missed
    if options.summary_json:
        with open(options.summary_json, "w", encoding="utf-8") as out:
            json.dump(summary, out, indent=1)
    for name, figures in sorted(summary["endpoints"].items()):
        logging.info("%s: %d requests, %d accepted, %d failed, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, statuses %s",
                     name, figures["requests"], figures["accepted"], figures["failures"],
                     figures["response_ms"]["p50"] or 0, figures["response_ms"]["p95"] or 0,
                     figures["response_ms"]["p99"] or 0, figures["statuses"])
    if missed:
        for sentence in missed:
            logging.error("target missed: %s", sentence)
        environment.process_exit_code = 1
