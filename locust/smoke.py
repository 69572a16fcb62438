#!/usr/bin/python3
"""A short Locust smoke test of the async pipeline against the system started locally (CI runs it).

    /usr/bin/python3 locust/smoke.py [--seconds 15] [--http-port 9480] [--queue-port 9424]

Starts the local services and Liberty (locust/local_system.py; builds first if the artifacts are missing), runs
the flash scenario's 20 customers against POST /orders/async for --seconds, and fails (exit 1) if any request
was not answered 202, if the processor did not pay every accepted order within --drain-timeout seconds, or if
anything reached the dead-letter queue. The queue is watched throughout by the same sampler the experiment uses.
"""

import argparse
import os
import sys
import time

from local_system import ROOT, SCENARIOS, LocalSystem, LocalSystemError, run_locust, stop_on_sigterm
from queue_sampler import Queues, QueueSampler, sqs_client

# Short payments and enough workers that the processor outpaces 20 customers (about 65 orders/s): the smoke
# checks that every order is accepted and paid, not how a backlog behaves.
SETTINGS = {"PAYMENT_LATENCY_MS": "300", "PROCESSOR_WORKERS": "50"}


def main(argv=None):
    stop_on_sigterm()
    parser = argparse.ArgumentParser(description="Locust smoke test of POST /orders/async on the local system.")
    parser.add_argument("--seconds", type=int, default=15, help="How long the customers order (default 15)")
    parser.add_argument("--drain-timeout", type=float, default=60, help="Seconds allowed to pay every order after")
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("SMOKE_HTTP_PORT", 9480)))
    parser.add_argument("--queue-port", type=int, default=int(os.environ.get("SMOKE_QUEUE_PORT", 9424)))
    options = parser.parse_args(argv)

    work = os.path.join(ROOT, "target", "smoke")
    system = LocalSystem(options.http_port, options.queue_port, SETTINGS, work_dir=work, log_dir=work)
    problems = []
    try:
        system.build()
        system.start()
        queues = Queues(sqs_client(system.services["sqs"]))
        sampler = QueueSampler(queues, 1.0, os.path.join(work, "queue-depth.csv")).start()
        summary, locust_exit, _ = run_locust(
            ["--config", os.path.join(SCENARIOS, "flash.conf"), "--host", system.base_url,
             "-t", "{}s".format(options.seconds), "--only-summary",
             "--target-failure-ratio", "0", "--target-min-requests", "50", "AsyncOrderUser"],
            os.path.join(work, "locust-summary.json"))
        figures = summary["endpoints"].get("/orders/async", {"requests": 0, "accepted": 0, "statuses": {}})
        print("async requests: {}, answered 202: {}, statuses: {}".format(
            figures["requests"], figures.get("statuses", {}).get("202", 0), figures["statuses"]), flush=True)
        if locust_exit != 0:
            problems.append("Locust exited {}: {}".format(locust_exit, "; ".join(summary.get("missed_targets", []))
                                                             or "see its output"))
        non_202 = {code: count for code, count in figures["statuses"].items() if code != "202"}
        if non_202:
            problems.append("async requests not answered 202: {}".format(non_202))

        # The server's own count of accepted orders: Locust misses the requests in flight when it stops its users,
        # which the server may still accept. Every one of them is paid once: more payments than accepted orders is a
        # second charge.
        deadline = time.monotonic() + options.drain_timeout
        paid = accepted = 0
        while time.monotonic() < deadline:
            metrics = system.metrics()
            paid = metrics.get('payments_completed_total{owner="processor"}', 0)
            accepted = metrics.get('orders_accepted_total{endpoint="async"}', 0)
            depth = queues.depth()
            if accepted >= figures["accepted"] and paid >= accepted and depth["visible"] == 0 and depth["in_flight"] == 0:
                break
            time.sleep(0.5)
        rows = sampler.stop()
        depth = queues.depth()
        print("paid {} of {} accepted by the server ({} counted by Locust); queue now {}; peak visible {}".format(
            int(paid), int(accepted), figures["accepted"], depth, max((row["visible"] for row in rows), default=0)),
            flush=True)
        if accepted < figures["accepted"]:
            problems.append("the server counts {} accepted orders, fewer than the {} answered 202".format(
                int(accepted), figures["accepted"]))
        if paid < accepted:
            problems.append("only {} of {} accepted orders paid within {} s".format(
                int(paid), int(accepted), options.drain_timeout))
        if paid > accepted:
            problems.append("{} payments for {} accepted orders: an order was charged twice".format(int(paid), int(accepted)))
        if depth["dlq_visible"] or depth["dlq_in_flight"]:
            problems.append("the dead-letter queue holds messages: {}".format(depth))
        if any(row["visible"] < 0 for row in rows):
            problems.append("the sampler could not read the queue at some point")
    except LocalSystemError as e:
        problems.append(str(e))
    finally:
        system.stop()
    if problems:
        for problem in problems:
            print("SMOKE FAILED: " + problem, file=sys.stderr)
        return 1
    print("smoke passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
