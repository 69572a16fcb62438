#!/usr/bin/python3
"""The flash-sale experiment: every phase end to end, then the report.

    /usr/bin/python3 locust/experiment.py                       # time scale 2: about 8 minutes on 2 cores
    /usr/bin/python3 locust/experiment.py --time-scale 1        # full scale: 3 s payments, 60 orders/s (~20 min)
    /usr/bin/python3 locust/experiment.py --report-dir docs/experiment

Phases, on one local system (local-services jar + Liberty with both WARs, on ports of their own):
    sync-normal   SyncOrderUser, the normal scenario (5 users, 1/s, 30 s)
    sync-flash    SyncOrderUser, the flash scenario (20 users, 10/s, 60 s)
    async-flash   AsyncOrderUser, the same flash scenario: the like-for-like comparison with sync-flash
    async-w<N>    AsyncOrderUser at a constant 60 orders/s for 60 s, with N processor workers, for N in --workers
                  plus the smallest N the model says keeps the queue flat (ceil(60 x 3 s) = 180)
    sync-premise  (group "premise", local only) SyncOrderUser on the flash scenario with the assignment's own
                  bottleneck: one payment at a time (orders.sync.permits = 1, the order API restarted with it and
                  warmed up), then async-w1, the assignment's single worker, unless the async group runs it anyway:
                  together they answer its questions (maximum throughput, orders lost, time to clear the backlog)
    sale          (group "sale") a limited-stock sale: FlashSaleUser customers and BotUser bots on the sale scenario
                  (locust/salefile.py), stock 10,000 / k unless --sale-stock, holds of 120 s / k, the rate limits'
                  periods divided by k; sampled for available / reserved / sold, then checked against the audit trail

Between async phases the processor is restarted with the next worker count, read through MicroProfile Config
(see local_system.py). A queue the model says takes longer than --max-drain-wait to empty is observed for
--drain-window only (its drain rate measured), and then purged.

Time scale k (--time-scale): payment latency, the sync endpoint's wait, think times and durations are divided
by k and rates multiplied by k, so queue depths stay those of the full-scale sale while the run is k times
shorter. The report converts rates and times back to full scale.

Against a deployment (no local processes; the deployed worker count given with --workers):
    /usr/bin/python3 locust/experiment.py --host http://<load balancer> --queue-endpoint '' --region us-east-1 \\
        --queue flash-orders-order-processing-queue --dlq flash-orders-order-processing-dlq \\
        --workers 20 --time-scale 1 --phases async
"""

import argparse
import csv
import datetime
import json
import math
import os
import resource
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request

import psutil

import model
import report
import sale_report
from local_system import ROOT, SCENARIOS, LocalSystem, LocalSystemError, parse_prometheus, run_locust, stop_on_sigterm
from queue_sampler import DEAD_LETTER_QUEUE, ORDER_QUEUE, Queues, QueueSampler, sqs_client


# The assignment's figures: the full-scale baseline.
PAYMENT_LATENCY_S = 3.0
FLASH_RATE_PER_S = 60.0
SYNC_PERMITS = 5
# The assignment's premise: its payment processor pays one order at a time, and its processor starts with one worker.
PREMISE_SYNC_PERMITS = 1
PREMISE_WORKERS = 1
SYNC_MAX_WAIT_S = 10.0
# processor.xml sizes Liberty's executor at workers + 50; the experiment pins it for its largest worker count.
EXECUTOR_SPARE_THREADS = 50
# Below this many payments a second (run time) the processor's CPU is negligible and needs no warm-up.
WARM_UP_ABOVE_PAYMENTS_PER_S = 20.0
# A processor's warm-up sends this share of what it can pay, so it leaves no backlog.
WARM_UP_SHARE_OF_CAPACITY = 0.9
# Reference document 003's sale: 10,000 units, 2-minute holds, one unit per customer.
SALE_STOCK = 10_000
SALE_HOLD_S = 120.0
SALE_PER_CUSTOMER_LIMIT = 1
# sales.checkout.settle-grace.ms's default: a checkout whose order was never recorded is released after it.
SALE_SETTLE_GRACE_S = 60.0
# The rate limits' full-scale defaults (order-war's microprofile-config.properties); the run divides their periods by k.
SALE_RATES = {"reserve_per_ip": "100/60s", "reserve_per_customer": "10/60s", "checkout_per_ip": "100/60s",
              "checkout_per_customer": "10/60s", "availability_per_ip": "1000/60s"}
# The sampler reads availability as a client of its own (benchmark range), well under the availability limit.
SAMPLER_ADDRESS = "198.18.0.1"


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Runs the flash-sale experiment and writes the report.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--time-scale", type=float, default=2.0,
                        help="k: latencies and durations divided by k, rates multiplied by k (default 2)")
    parser.add_argument("--workers", default="1,5,20,100",
                        help="Worker counts of the async phases (default 1,5,20,100)")
    parser.add_argument("--no-min-workers", action="store_true",
                        help="Leave out the phase with the model's minimum worker count")
    parser.add_argument("--phases", default="sync,premise,async",
                        help="Which groups to run: sync (sync-normal, sync-flash, async-flash), premise (sync-premise "
                             "and the single worker's phase, local only), async (the worker phases)")
    parser.add_argument("--max-drain-wait", type=float, default=300.0,
                        help="Wait for the queue to empty only if the model says it takes at most this many "
                             "full-scale seconds (default 300)")
    parser.add_argument("--drain-window", type=float, default=20.0,
                        help="Otherwise watch the drain for this many full-scale seconds, then purge (default 20)")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="Seconds of async orders to warm the server up after it starts (real time, default 10)")
    parser.add_argument("--processor-warmup", type=float, default=5.0,
                        help="Seconds of async orders after each processor restart (real time, default 5)")
    parser.add_argument("--sale-stock", type=int, default=None,
                        help="Units of the sale phase (default 10,000 / k)")
    parser.add_argument("--sale-workers", type=int, default=50,
                        help="Processor workers during the sale phase, which pay its checkouts (default 50)")
    parser.add_argument("--sale-run-time", type=float, default=None,
                        help="Full-scale seconds of the sale phase (default: the sale scenario's)")
    parser.add_argument("--sale-customers", type=int, default=None,
                        help="Customers at a time in the sale phase (default: the sale scenario's users less its bots)")
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("EXPERIMENT_HTTP_PORT", 9480)))
    parser.add_argument("--queue-port", type=int, default=int(os.environ.get("EXPERIMENT_QUEUE_PORT", 9424)))
    parser.add_argument("--out", default=os.path.join(ROOT, "target", "experiment"),
                        help="Folder for the run's raw data (default target/experiment)")
    parser.add_argument("--report-dir", default=None,
                        help="Folder for report.md and its charts (default <out>/report)")
    parser.add_argument("--rebuild", action="store_true", help="Build with Maven even if the artifacts exist")
    parser.add_argument("--host", default=None,
                        help="Run against this deployment instead of starting the system locally")
    parser.add_argument("--queue-endpoint", default=None,
                        help="With --host: the queue endpoint ('' for AWS itself)")
    parser.add_argument("--region", default=None, help="With --host: the AWS region")
    parser.add_argument("--queue", default=ORDER_QUEUE,
                        help="With --host: the order queue's name in the deployment (terraform output queue_name)")
    parser.add_argument("--dlq", default=DEAD_LETTER_QUEUE,
                        help="With --host: its dead-letter queue's name (terraform output dead_letter_queue_name)")
    return parser.parse_args(argv)


class Scale:
    """Full-scale figures turned into the run's figures at time scale k."""

    def __init__(self, k):
        if k <= 0:
            raise ValueError("the time scale must be positive")
        self.k = k
        self.latency_s = PAYMENT_LATENCY_S / k
        self.sync_max_wait_s = SYNC_MAX_WAIT_S / k

    def duration(self, full_scale_s):
        return full_scale_s / self.k

    def rate(self, full_scale_per_s):
        return full_scale_per_s * self.k

    def settings(self, workers):
        """The system's configuration for this scale (environment variables = MicroProfile Config keys)."""
        settings = {
            "PAYMENT_LATENCY_MS": str(int(round(self.latency_s * 1000))),
            "ORDERS_SYNC_PERMITS": str(SYNC_PERMITS),
            "ORDERS_SYNC_MAX_WAIT_MS": str(int(round(self.sync_max_wait_s * 1000))),
            "PROCESSOR_WORKERS": str(workers),
            # Locust plays the load balancer: the server trusts one proxy's X-Forwarded-For entry.
            "SALES_RATE_LIMIT_TRUSTED_HOPS": "1",
            "SALES_SWEEP_INTERVAL_MS": str(max(100, int(round(1000 / self.k)))),
        }
        for key, rate in self.sale_rates().items():
            settings["SALES_RATE_LIMIT_" + key.upper()] = rate
        return settings

    def sale_rates(self):
        """The rate limits with their periods divided by k (tokens/period in milliseconds)."""
        return {key: "{}/{}ms".format(tokens, max(1, int(round(sale_report.rate_period_s(rate) * 1000 / self.k))))
                for key, rate in SALE_RATES.items() for tokens in [rate.split("/")[0]]}

    def sale_stock(self, override=None):
        """The sale's units: 10,000 / k (the sale shortened with everything else), or the given count."""
        return override if override else max(1, int(round(SALE_STOCK / self.k)))


def read_scenario(name):
    """A Locust config file from locust/scenarios as a dict (keys as written there)."""
    values = {}
    with open(os.path.join(SCENARIOS, name + ".conf")) as text:
        for line in text:
            line = line.split("#", 1)[0].strip()
            if "=" in line:
                key, value = (part.strip() for part in line.split("=", 1))
                values[key] = value
    return values


def seconds(timespan):
    units = {"h": 3600, "m": 60, "s": 1}
    if timespan[-1] in units:
        return float(timespan[:-1]) * units[timespan[-1]]
    return float(timespan)


class ProcessProbe:
    """CPU seconds and resident memory of one process, for the sampler's rows."""

    def __init__(self, label, pid):
        self.label = label
        self.process = psutil.Process(pid) if pid else None

    def __call__(self):
        if self.process is None:
            return {}
        try:
            times = self.process.cpu_times()
            return {self.label + "_cpu_s": round(times.user + times.system, 3),
                    self.label + "_rss_mb": round(self.process.memory_info().rss / 2 ** 20, 1)}
        except psutil.Error:
            return {}


class MetricsProbe:
    """The processor's payments counter and busy workers, from /metrics."""

    def __init__(self, system):
        self.system = system

    def __call__(self):
        try:
            values = self.system.metrics()
        except OSError:
            return {"payments": -1, "workers_busy": -1}
        return {"payments": values.get('payments_completed_total{owner="processor"}', -1),
                "workers_busy": values.get("processor_workers_busy", -1)}


class Experiment:

    def __init__(self, options):
        self.options = options
        self.scale = Scale(options.time_scale)
        self.local = options.host is None
        self.run_id = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.out = os.path.join(os.path.abspath(options.out), self.run_id)
        os.makedirs(self.out, exist_ok=True)
        self.workers = [int(w) for w in options.workers.split(",") if w.strip()]
        self.min_workers = model.workers_to_keep_up(FLASH_RATE_PER_S, PAYMENT_LATENCY_S)
        if not options.no_min_workers and self.local and self.min_workers not in self.workers:
            self.workers.append(self.min_workers)
        self.system = None
        self.queues = None
        self.host = options.host
        # The sale's admin secret: made up for a local run, from the environment against a deployment; never saved.
        self.admin_token = secrets.token_hex(16) if self.local else os.environ.get("SALES_ADMIN_TOKEN", "")
        self.phases = []
        self.started = time.time()

    # ---- set-up -------------------------------------------------------------------------------------

    def start(self):
        if self.local:
            self.system = LocalSystem(self.options.http_port, self.options.queue_port,
                                      dict(self.scale.settings(self.workers[0]), SALES_ADMIN_TOKEN=self.admin_token),
                                      work_dir=os.path.join(ROOT, "target", "local-system"), log_dir=self.out,
                                      core_threads=max(self.workers) + EXECUTOR_SPARE_THREADS)
            if self.system.build(force=self.options.rebuild):
                print("built the WARs, the local-services jar and the Liberty runtime", flush=True)
            self.system.start()
            self.host = self.system.base_url
            self.queues = Queues(sqs_client(self.system.services["sqs"]))
        else:
            endpoint = self.options.queue_endpoint
            self.queues = Queues(sqs_client(endpoint or None, self.options.region), self.options.queue, self.options.dlq)
        print("war room: " + war_room_address(self.host, self.local), flush=True)

    def stop(self):
        if self.system:
            self.system.stop()

    def probes(self):
        if not self.local:
            return [], []
        probes = [MetricsProbe(self.system), ProcessProbe("liberty", self.system.liberty_pid()),
                  ProcessProbe("services", self.system.services_process.pid)]
        return probes, ["payments", "workers_busy", "liberty_cpu_s", "liberty_rss_mb", "services_cpu_s", "services_rss_mb"]

    # ---- Locust -------------------------------------------------------------------------------------

    def run_locust(self, label, user_class, scenario, run_time_s=None, stop_timeout_s=0, rate=None, users=None,
                   extra=(), locustfile=None):
        """Runs one scenario, scaled (run time and total rate in run-time units when given, users instead of the
        scenario's); returns (summary from the request events, Locust's CPU seconds, exit code)."""
        conf = read_scenario(scenario)
        k = self.scale.k
        users = users or int(conf["users"])
        full_run_time = seconds(conf["run-time"])
        run_time = run_time_s if run_time_s is not None else self.scale.duration(full_run_time)
        arguments = ["--config", os.path.join(SCENARIOS, scenario + ".conf"),
                     "--headless", "--only-summary", "--host", self.host,
                   "-u", str(users), "-r", str(float(conf["spawn-rate"]) * k),
                     "-t", "{}s".format(max(1, int(round(run_time)))),
                     "--time-scale", str(k)]
        if rate is None and float(conf.get("orders-per-second", 0)):
            rate = self.scale.rate(float(conf["orders-per-second"]))
        if rate:
            arguments += ["--orders-per-second", str(rate)]
        if stop_timeout_s:
            arguments += ["--stop-timeout", str(int(math.ceil(stop_timeout_s)))]
        arguments += list(extra)
        arguments += user_class.split()
        with open(os.path.join(self.out, label + "-locust.log"), "w") as log:
            summary, exit_code, cpu_seconds = run_locust(arguments, os.path.join(self.out, label + "-locust.json"), log,
                                                         locustfile=locustfile)
        return summary, cpu_seconds, exit_code

    # ---- queue ----------------------------------------------------------------------------------------

    def wait_until_empty(self, timeout_s, sampler=None):
        """Waits for an empty queue with every worker idle; True if it got there within the timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            depth = sampler.rows[-1] if sampler and sampler.rows else self.queues.depth()
            busy = sampler.rows[-1].get("workers_busy", 0) if sampler and sampler.rows else self.workers_busy()
            if depth["visible"] == 0 and depth["in_flight"] == 0 and depth.get("delayed", 0) == 0 and not busy:
                return True
            time.sleep(min(0.2, max(0.05, self.scale.duration(1.0))))
        return False

    def workers_busy(self):
        if not self.local:
            return 0
        try:
            return self.system.metrics().get("processor_workers_busy", 0)
        except OSError:
            return 0

    def empty_queue(self):
        """Purges both queues and waits for the payments still running to finish."""
        self.queues.purge()
        if not self.wait_until_empty(60 + 2 * self.scale.latency_s):
            print("warning: the queue did not empty after a purge: {}".format(self.queues.depth()), flush=True)

    def warm_up(self, run_time_s, rate=None):
        """Async orders for a while: at the flash rate, then purged (rate None), or at a rate the processor keeps up
        with, then paid."""
        if run_time_s <= 0:
            return
        print("warming up for {:.0f} s".format(run_time_s), flush=True)
        self.run_locust("warmup", "AsyncOrderUser", "flash-60-per-second", run_time_s=run_time_s, rate=rate)
        if rate is None:
            self.empty_queue()
        elif not self.wait_until_empty(30 + 2 * self.scale.latency_s):
            print("warning: the warm-up's orders were not all paid; purging", flush=True)
            self.empty_queue()

    # ---- phases -------------------------------------------------------------------------------------

    def machine_snapshot(self):
        times = psutil.cpu_times()
        return {"time": time.time(), "load_average": os.getloadavg(), "busy_cpu_s": sum(times) - times.idle - times.iowait,
                "self_cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2])}

    def customer_phase(self, label, user_class, scenario, stop_timeout_s=0, sync_permits=None):
        """One Locust scenario; with sync_permits, the order API runs with that many sync payment permits for it
        (local only) and gets its usual count back afterwards, warmed up after each restart."""
        print("phase {}: {} on the {} scenario".format(label, user_class, scenario), flush=True)
        if sync_permits is None:
            return self.measure_customers(label, user_class, scenario, stop_timeout_s, sync_permits)
        self.reconfigure_order_api(sync_permits)
        try:
            phase = self.measure_customers(label, user_class, scenario, stop_timeout_s, sync_permits)
        except BaseException:
            self.system.restart_order_api(None)
            raise
        self.reconfigure_order_api(None)
        return phase

    def reconfigure_order_api(self, sync_permits):
        """Restarts the order API with its sync permits (None: the usual) and warms the restarted application up:
        a restart loads its classes afresh, and a cold first second would be counted in the next phase."""
        self.system.restart_order_api(sync_permits)
        self.warm_up(self.options.processor_warmup)
        # One sync order, so the sync path (its permit and the provider's client) is warm as well.
        self.run_locust("warmup-sync", "SyncOrderUser", "normal", run_time_s=self.scale.duration(1.0), users=1,
                        stop_timeout_s=self.scale.latency_s + self.scale.sync_max_wait_s + 1)

    def measure_customers(self, label, user_class, scenario, stop_timeout_s, sync_permits):
        probes, columns = self.probes()
        sampler = QueueSampler(self.queues, self.scale.duration(1.0), os.path.join(self.out, label + "-series.csv"),
                               probes, columns).start()
        before = self.machine_snapshot()
        summary, locust_cpu_s, exit_code = self.run_locust(label, user_class, scenario, stop_timeout_s=stop_timeout_s)
        after = self.machine_snapshot()
        rows = sampler.stop()
        phase = {"name": label, "kind": "customers", "user_class": user_class, "scenario": scenario,
                 "scenario_settings": read_scenario(scenario), "locust": summary, "locust_exit_code": exit_code,
                 "series": label + "-series.csv", "machine": machine_usage(before, after, rows, locust_cpu_s)}
        if sync_permits is not None:
            phase["sync_permits"] = sync_permits
        self.phases.append(phase)
        self.save()
        return phase

    def worker_phase(self, workers):
        label = "async-w{}".format(workers)
        print("phase {}: {} workers, {:.0f} orders/s for {:.0f} s (run time)".format(
            label, workers, self.scale.rate(FLASH_RATE_PER_S), self.scale.duration(60)), flush=True)
        self.empty_queue()
        if self.local:
            # Restarted even when the count stays: after a purge, ElasticMQ does not wake the receivers' open long
            # polls, so an old processor would sit idle for up to 20 s (see docs/development.md).
            self.system.restart_processor(workers)
            capacity = model.processing_rate(workers, self.scale.latency_s)
            if capacity >= WARM_UP_ABOVE_PAYMENTS_PER_S:
                # Cold code after the restart: warm it up at a rate it keeps up with, so no backlog is left to purge.
                self.warm_up(self.options.processor_warmup,
                             rate=min(self.scale.rate(FLASH_RATE_PER_S), WARM_UP_SHARE_OF_CAPACITY * capacity))
        probes, columns = self.probes()
        sampler = QueueSampler(self.queues, self.scale.duration(1.0), os.path.join(self.out, label + "-series.csv"),
                               probes, columns).start()
        before = self.machine_snapshot()
        summary, locust_cpu_s, exit_code = self.run_locust(label, "AsyncOrderUser", "flash-60-per-second")
        figures = summary["endpoints"].get("/orders/async")
        send_start, send_end = figures["first_start"], figures["last_end"]
        arrival = figures["accepted"] / figures["window_s"]
        predicted = model.predict_async_phase(workers, self.scale.latency_s, arrival, figures["window_s"],
                                              nominal_arrival_per_s=self.scale.rate(FLASH_RATE_PER_S))
        predicted_drain = predicted["drain_s"]
        if predicted_drain <= self.scale.duration(self.options.max_drain_wait):
            outcome = "drained" if self.wait_until_empty(max(10.0, 2 * predicted_drain + 5), sampler) else "timed out"
        else:
            outcome = "observed"
            time.sleep(max(0.0, send_end + self.scale.duration(self.options.drain_window) - time.time()))
        after = self.machine_snapshot()
        rows = sampler.stop()
        phase = {"name": label, "kind": "workers", "workers": workers, "user_class": "AsyncOrderUser",
                 "scenario": "flash-60-per-second", "scenario_settings": read_scenario("flash-60-per-second"),
                 "locust": summary, "locust_exit_code": exit_code, "series": label + "-series.csv",
                 "send_start": send_start, "send_end": send_end, "drain": outcome,
                 "model_inputs": {"workers": workers, "latency_s": self.scale.latency_s, "arrival_per_s": arrival,
                                  "duration_s": figures["window_s"]},
                 "model": predicted, "measured": measure(rows, send_start, send_end, self.scale.latency_s),
                 "machine": machine_usage(before, after, rows, locust_cpu_s)}
        self.phases.append(phase)
        self.save()
        if outcome != "drained":
            self.empty_queue()
        return phase

    # ---- the limited-stock sale ---------------------------------------------------------------------

    def sale_phase(self):
        """Opens a sale, runs customers and bots on it, samples its stock, then reads its audit trail."""
        k = self.scale.k
        conf = read_scenario("sale")
        bots = int(conf.get("bots", 10))
        customers = self.options.sale_customers or int(conf["users"]) - bots
        stock = self.scale.sale_stock(self.options.sale_stock)
        hold_s = max(1, int(round(SALE_HOLD_S / k)))
        run_time = self.scale.duration(self.options.sale_run_time or seconds(conf["run-time"]))
        sale_id = "experiment-" + self.run_id
        print("phase sale: {} units, {} customers and {} bots for {:.0f} s (run time)".format(
            stock, customers, bots, run_time), flush=True)
        self.empty_queue()
        if self.local:
            self.system.restart_processor(self.options.sale_workers)
        client = SaleAdmin(self.host, self.admin_token)
        client.open(sale_id, stock, hold_s, SALE_PER_CUSTOMER_LIMIT)
        metrics_before = client.metrics()
        probes, _ = self.probes()
        sampler = SaleSampler(client, sale_id, self.scale.duration(1.0) / 2,
                              os.path.join(self.out, "sale-series.csv"), probes).start()
        before = self.machine_snapshot()
        answers_path = os.path.join(self.out, "sale-answers.json")
        summary, locust_cpu_s, exit_code = self.run_locust(
            "sale", "FlashSaleUser BotUser", "sale", run_time_s=run_time, users=customers + bots,
            stop_timeout_s=self.scale.duration(sale_report.FOLLOW_FOR_S), locustfile=os.path.join("locust", "salefile.py"),
            extra=["--sale-id", sale_id, "--bots", str(bots), "--sale-summary-json", answers_path])
        # Holds still running expire and checkouts settle: watch until nothing is held, or for a hold time and the
        # settle grace of a checkout whose order was never recorded (not scaled: it must outlast the store's timeout).
        deadline = time.time() + hold_s + SALE_SETTLE_GRACE_S + self.scale.duration(30)
        while time.time() < deadline and (not sampler.rows or sampler.rows[-1]["reserved"] > 0):
            time.sleep(0.2)
        after = self.machine_snapshot()
        rows = sampler.stop()
        metrics_after = client.metrics()
        with open(answers_path) as text:
            answers = json.load(text)
        events = client.audit(sale_id)
        phase = {"name": "sale", "kind": "sale", "sale_id": sale_id, "time_scale": k, "stock": stock,
                 "hold_s": SALE_HOLD_S, "per_customer_limit": SALE_PER_CUSTOMER_LIMIT, "customers": customers,
                 "bots": bots, "bot_identities": int(conf.get("bot-identities", 3)), "run_time_s": run_time,
                 "workers": self.options.sale_workers, "payment_latency_s": PAYMENT_LATENCY_S,
                 "customer_cycle_s": sale_report.customer_cycle_s(PAYMENT_LATENCY_S), "bot_pause_s": sale_report.BOT_PAUSE_S, "rates": dict(SALE_RATES),
                 "user_class": "FlashSaleUser BotUser", "scenario": "sale", "scenario_settings": conf,
                 "locust": summary, "locust_exit_code": exit_code, "sale_answers": answers,
                 "audit": sale_report.audit_counts(events), "replay": client.replay(sale_id),
                 "oversell_count": metrics_after.get("sale_oversell_count"),
                 "rate_limited_by_identity": rate_limited_delta(metrics_before, metrics_after),
                 "series": "sale-series.csv", "machine": machine_usage(before, after, rows, locust_cpu_s)}
        self.phases.append(phase)
        self.save()
        return phase

    # ---- results ------------------------------------------------------------------------------------

    def results(self):
        return {
            "run_id": self.run_id,
            "started": datetime.datetime.fromtimestamp(self.started).isoformat(timespec="seconds"),
            "duration_s": time.time() - self.started,
            "target": "local" if self.local else self.host,
            "time_scale": self.scale.k,
            "full_scale": {"payment_latency_s": PAYMENT_LATENCY_S, "flash_rate_per_s": FLASH_RATE_PER_S,
                           "sync_permits": SYNC_PERMITS, "sync_max_wait_s": SYNC_MAX_WAIT_S,
                           "min_workers": self.min_workers, "max_drain_wait_s": self.options.max_drain_wait,
                           "drain_window_s": self.options.drain_window},
            "settings": self.scale.settings(self.workers[0]) if self.local else {},
            "ports": {"http": self.options.http_port, "queue": self.options.queue_port} if self.local else {},
            "machine": {"cpus": psutil.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2 ** 30, 1)},
            "phases": self.phases,
        }

    def save(self):
        with open(os.path.join(self.out, "results.json"), "w") as out:
            json.dump(self.results(), out, indent=1)

    def run(self):
        groups = {group.strip() for group in self.options.phases.split(",")}
        try:
            self.start()
            if self.local:
                self.warm_up(self.options.warmup)
            if "sync" in groups:
                pay_and_wait = self.scale.latency_s + self.scale.sync_max_wait_s + 1
                self.customer_phase("sync-normal", "SyncOrderUser", "normal", stop_timeout_s=pay_and_wait)
                self.customer_phase("sync-flash", "SyncOrderUser", "flash", stop_timeout_s=pay_and_wait)
                self.customer_phase("async-flash", "AsyncOrderUser", "flash", stop_timeout_s=1)
                self.empty_queue()
            if "premise" in groups and self.local:
                self.customer_phase("sync-premise", "SyncOrderUser", "flash", sync_permits=PREMISE_SYNC_PERMITS,
                                    stop_timeout_s=self.scale.latency_s + self.scale.sync_max_wait_s + 1)
                if premise_needs_its_worker_phase(groups, self.workers):
                    self.worker_phase(PREMISE_WORKERS)
            if "async" in groups:
                for workers in self.workers:
                    self.worker_phase(workers)
            if "sale" in groups:
                self.sale_phase()
        finally:
            self.save()
            self.stop()
        self.save()
        return os.path.join(self.out, "results.json")


def premise_needs_its_worker_phase(groups, workers):
    """The premise's time to clear comes from the single worker's phase: run it unless the async group will."""
    return "async" not in groups or PREMISE_WORKERS not in workers


def war_room_address(host, local):
    """Where to watch the run live: the order API's war room page (docs/dashboard.md)."""
    address = host.rstrip("/") + "/dashboard"
    if local:
        return address
    return address + " (not routed by the load balancer: reach the order API's port privately; needs the admin token)"


def rate_limited_delta(before, after):
    """sale_rate_limited_total by endpoint and bucket over the phase, from two /metrics scrapes."""
    out = {}
    for key, value in after.items():
        if key.startswith("sale_rate_limited_total{"):
            labels = dict(part.split("=", 1) for part in key[key.index("{") + 1:-1].split(","))
            name = "{} per {}".format(labels.get("endpoint", "?").strip('"'), labels.get("identity", "?").strip('"'))
            out[name] = out.get(name, 0) + value - before.get(key, 0)
    return out


class SaleAdmin:
    """The sale's admin and client calls the experiment makes (urllib: no Locust in this process)."""

    def __init__(self, host, token):
        self.host = host.rstrip("/")
        self.token = token

    def call(self, method, path, payload=None, admin=False, timeout=10):
        headers = {"Content-Type": "application/json", "X-Forwarded-For": SAMPLER_ADDRESS}
        if admin:
            headers["Authorization"] = "Bearer " + self.token
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.host + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def open(self, sale_id, stock, hold_s, limit):
        now = datetime.datetime.now(datetime.timezone.utc)
        status, text = self.call("POST", "/admin/sales", {
            "sale_id": sale_id, "product_id": "flash-phone", "stock": stock, "price": 299.99, "currency": "USD",
            "starts_at": (now - datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "ends_at": (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "hold_seconds": hold_s, "per_customer_limit": limit}, admin=True)
        if status != 201:
            raise LocalSystemError("the sale was not opened: {} {}".format(status, text))

    def availability(self, sale_id):
        status, text = self.call("GET", "/sales/" + sale_id, timeout=5)
        return json.loads(text) if status == 200 else None

    def audit(self, sale_id):
        events, after = [], None
        while True:
            path = "/admin/sales/{}/audit?limit=10000{}".format(sale_id, "&after=" + after if after else "")
            status, text = self.call("GET", path, admin=True, timeout=60)
            if status != 200:
                raise LocalSystemError("the audit trail could not be read: {} {}".format(status, text))
            page = json.loads(text)
            events += page["events"]
            after = page.get("next")
            if not after:
                return events

    def replay(self, sale_id):
        status, text = self.call("GET", "/admin/sales/{}/audit/replay".format(sale_id), admin=True, timeout=60)
        return json.loads(text) if status == 200 else {"consistent": False, "status": status}

    def metrics(self):
        try:
            with urllib.request.urlopen(self.host + "/metrics", timeout=10) as response:
                return parse_prometheus(response.read().decode())
        except OSError:
            return {}


class SaleSampler:
    """Availability (available, reserved, sold) every interval, with the process probes, into a CSV file."""

    COLUMNS = ["t", "state", "total", "available", "reserved", "sold"]

    def __init__(self, client, sale_id, interval_s, path, probes):
        self.client, self.sale_id, self.interval_s, self.path, self.probes = client, sale_id, interval_s, path, probes
        self.rows = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def loop(self):
        while not self.stopping.is_set():
            started = time.time()
            try:
                view = self.client.availability(self.sale_id)
            except OSError:
                view = None
            if view:
                row = {"t": started, "state": view["state"], "total": view["total"], "available": view["available"],
                       "reserved": view["reserved"], "sold": view["sold"], "unix_time": started}
                for probe in self.probes:
                    row.update(probe())
                self.rows.append(row)
            self.stopping.wait(max(0.0, self.interval_s - (time.time() - started)))

    def stop(self):
        self.stopping.set()
        self.thread.join()
        columns = self.COLUMNS + sorted({key for row in self.rows for key in row} - set(self.COLUMNS))
        with open(self.path, "w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(self.rows)
        return self.rows


def measure(rows, send_start, send_end, latency_s):
    """What the time series says about one async phase (rates per run-time second)."""
    processing = model.measured_processing_rate(rows, send_start, latency_s)
    drain_rate = model.measured_drain_rate(rows, send_end)
    method = "payments counter"
    if processing is None and drain_rate is not None and not any(row.get("payments") for row in rows):
        # No /metrics to read (a deployment): the rate at which the backlog fell after the sale.
        processing, method = drain_rate, "queue drain"
    return {
        "processing_rate_per_s": processing,
        "processing_rate_method": method,
        "drain_rate_per_s": drain_rate,
        "peak_visible": model.peak(rows, "visible"),
        "peak_in_flight": model.peak(rows, "in_flight"),
        "peak_dlq": max((model.peak(rows, "dlq_visible") or 0), (model.peak(rows, "dlq_in_flight") or 0)),
        "mean_workers_busy_with_backlog": model.mean_while_backlog(rows, send_start, latency_s, "workers_busy"),
        "visible_at_send_end": depth_at(rows, send_end, "visible"),
        "in_flight_at_send_end": depth_at(rows, send_end, "in_flight"),
        "time_to_drain_s": model.time_to_drain(rows, send_end),
        "observed_after_send_s": (rows[-1]["unix_time"] - send_end) if rows else None,
    }


def depth_at(rows, when, column):
    before = [row for row in rows if row["unix_time"] <= when]
    return before[-1][column] if before else None


def machine_usage(before, after, rows, locust_cpu_s):
    """CPU and memory over the phase: the machine's, Liberty's, the local services', Locust's and this script's."""
    wall = after["time"] - before["time"]
    usage = {"wall_s": wall, "load_average_start": before["load_average"][0], "load_average_end": after["load_average"][0],
             "machine_cpu_pct": 100 * (after["busy_cpu_s"] - before["busy_cpu_s"]) / wall,
             "locust_cpu_pct": 100 * locust_cpu_s / wall,
             "sampler_cpu_pct": 100 * (after["self_cpu_s"] - before["self_cpu_s"]) / wall}
    for label in ("liberty", "services"):
        points = [row for row in rows if row.get(label + "_cpu_s") is not None]
        if len(points) >= 2 and points[-1]["unix_time"] > points[0]["unix_time"]:
            usage[label + "_cpu_pct"] = 100 * (points[-1][label + "_cpu_s"] - points[0][label + "_cpu_s"]) / (
                points[-1]["unix_time"] - points[0]["unix_time"])
            usage[label + "_rss_mb_peak"] = max(row[label + "_rss_mb"] for row in points)
    own = sum(usage.get(key, 0) for key in ("liberty_cpu_pct", "services_cpu_pct", "locust_cpu_pct", "sampler_cpu_pct"))
    usage["other_cpu_pct"] = max(0.0, usage["machine_cpu_pct"] - own)
    return usage


def main(argv=None):
    options = parse_args(argv)
    stop_on_sigterm()
    experiment = Experiment(options)
    print("experiment {}: time scale {}, worker counts {}, raw data in {}".format(
        experiment.run_id, options.time_scale, experiment.workers, experiment.out), flush=True)
    try:
        results_path = experiment.run()
    except LocalSystemError as e:
        print("error: " + str(e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; partial results in " + experiment.out, file=sys.stderr)
        return 130
    report_dir = options.report_dir or os.path.join(experiment.out, "report")
    path = report.write_report(results_path, report_dir)
    print("experiment took {:.0f} s; report: {}".format(time.time() - experiment.started, path), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
