"""The report writer, on a run simulated from the model: its tables, its verdicts and its charts."""

import csv
import json
import os
import shutil
import tempfile
import unittest

import report

K = 2.0
LATENCY = 3.0 / K
RATE = 60.0 * K
SENT_FOR = 60.0 / K


def simulated_phase(folder, workers, rate_factor=1.0):
    """An async phase whose queue behaves as the model says, with the processor paying rate_factor x W / L."""
    paying = min(RATE, rate_factor * workers / LATENCY)
    start = 1_000_000.0
    rows, paid, visible, t = [], 0.0, 0.0, 0.0
    while t <= SENT_FOR + 15:
        arriving = RATE if t < SENT_FOR else 0.0
        rows.append({"unix_time": start + t, "elapsed_s": t, "visible": round(visible), "delayed": 0,
                     "in_flight": workers if visible else 0, "dlq_visible": 0,
                     "dlq_in_flight": 0, "payments": round(paid), "workers_busy": workers if visible else 0,
                     "liberty_cpu_s": t / 4, "liberty_rss_mb": 800, "services_cpu_s": t / 10, "services_rss_mb": 300})
        step = 1 / K
        done = paying * step if (visible > 0 or arriving > paying) else arriving * step
        visible = max(0.0, visible + (arriving - paying) * step) if arriving > paying or visible > 0 else 0.0
        paid += done
        t += step
    name = "async-w{}".format(workers)
    with open(os.path.join(folder, name + "-series.csv"), "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    accepted = int(RATE * SENT_FOR)
    keeps_up = workers / LATENCY >= RATE
    peak = 0.0 if keeps_up else (RATE - workers / LATENCY) * SENT_FOR
    measured_rate = paying if paying < RATE else None
    at_send_end = [row["visible"] for row in rows if row["elapsed_s"] <= SENT_FOR][-1]
    return {
        "name": name, "kind": "workers", "workers": workers, "user_class": "AsyncOrderUser",
        "scenario": "flash-60-per-second", "scenario_settings": {"users": "60", "spawn-rate": "60", "run-time": "60s",
                                                                  "orders-per-second": "60"},
        "locust": {"endpoints": {"/orders/async": {
            "requests": accepted, "accepted": accepted, "failures": 0, "failure_ratio": 0.0, "statuses": {"202": accepted},
            "errors": {}, "response_ms": {"p50": 4.0, "p95": 20.0, "p99": 60.0, "max": 90.0, "mean": 6.0},
            "first_start": start, "last_end": start + SENT_FOR, "window_s": SENT_FOR, "accepted_per_s": RATE}}},
        "series": name + "-series.csv", "send_start": start, "send_end": start + SENT_FOR,
        "drain": "drained" if keeps_up else "observed",
        "model_inputs": {"workers": workers, "latency_s": LATENCY, "arrival_per_s": RATE, "duration_s": SENT_FOR},
        "model": {"rate_per_s": workers / LATENCY, "growth_per_s": RATE - workers / LATENCY, "peak_visible": peak,
                  "keeps_up": keeps_up, "backlog_at_end": peak + workers, "drain_s": 0.0 if keeps_up else
                  (peak + workers) / (workers / LATENCY)},
        "measured": {"processing_rate_per_s": measured_rate, "drain_rate_per_s": measured_rate,
                     "peak_visible": max(row["visible"] for row in rows), "peak_in_flight": workers, "peak_dlq": 0,
                     "mean_workers_busy_with_backlog": workers, "visible_at_send_end": at_send_end,
                     "in_flight_at_send_end": workers, "time_to_drain_s": 1.0 if keeps_up else None,
                     "observed_after_send_s": 15.0},
        "machine": {"wall_s": 45.0, "load_average_start": 0.5, "load_average_end": 0.7, "machine_cpu_pct": 80.0,
                    "locust_cpu_pct": 5.0, "sampler_cpu_pct": 2.0, "liberty_cpu_pct": 50.0, "services_cpu_pct": 20.0,
                    "liberty_rss_mb_peak": 800.0, "other_cpu_pct": 3.0},
    }


class ReportTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, phases, time_scale=K):
        results = {"run_id": "test", "started": "2026-11-21T15:00:00", "duration_s": 400.0, "target": "local",
                   "time_scale": time_scale, "full_scale": {"payment_latency_s": 3.0, "flash_rate_per_s": 60.0, "sync_permits": 5,
                                                   "sync_max_wait_s": 10.0, "min_workers": 180,
                                                   "max_drain_wait_s": 300.0, "drain_window_s": 30.0},
                   "settings": {"PAYMENT_LATENCY_MS": "1500"}, "ports": {"http": 9480, "queue": 9424},
                   "machine": {"cpus": 2, "memory_gb": 23.5}, "phases": phases}
        path = os.path.join(self.folder, "results.json")
        with open(path, "w") as out:
            json.dump(results, out)
        out = os.path.join(self.folder, "report")
        with open(report.write_report(path, out)) as text:
            return results, text.read(), out

    def test_figures_at_full_scale_beside_the_model(self):
        results, text, out = self.write([simulated_phase(self.folder, 5), simulated_phase(self.folder, 180)])
        rows = {row["workers"]: row for row in report.worker_rows(results)}
        self.assertAlmostEqual(rows[5]["model_rate"], 5 / 3)
        self.assertAlmostEqual(rows[5]["measured_rate"], 5 / 3)
        self.assertAlmostEqual(rows[5]["model_peak"], (60 - 5 / 3) * 60)
        self.assertAlmostEqual(rows[5]["model_drain_s"], ((60 - 5 / 3) * 60 + 5) / (5 / 3))
        self.assertTrue(rows[180]["keeps_up"])
        self.assertIn("all within tolerance", text)
        self.assertIn("| 5 | 60.0 | no | **no** | 1.67 | 1.67 | +0.0 % |", text)
        for chart in ("queue-depth.png", "processing-rate.png"):
            self.assertGreater(os.path.getsize(os.path.join(out, chart)), 10_000)
        self.assertTrue(os.path.exists(os.path.join(out, "data", "async-w5-series.csv")))

    def test_a_slow_processor_fails_the_check(self):
        # 100 workers paying 20 % slow: the rate misses by 20 %, and the peak (growth 53 -> 67 a second) by 25 %.
        results, text, _ = self.write([simulated_phase(self.folder, 100, rate_factor=0.8)])
        self.assertEqual(report.checks(report.worker_rows(results)), [(100, False, False)])
        self.assertIn("outside tolerance for 100 workers", text)

    def test_a_pool_the_model_says_keeps_up_but_whose_queue_grows_does_not_keep_up(self):
        # 180 workers paying 13 % slow: the model's arithmetic (180 >= 60 x 3) says they keep up; the queue grows by
        # 60 - 52.2 = 7.8 orders a second, to 7.8 x 60 = 468 waiting when the sale ends.
        results, text, _ = self.write([simulated_phase(self.folder, 180, rate_factor=0.87)])
        row = report.worker_rows(results, self.folder)[0]
        self.assertTrue(row["keeps_up"])
        self.assertFalse(row["kept_up"])
        self.assertAlmostEqual(row["visible_growth"], 60 - 0.87 * 60, delta=0.3)
        self.assertGreater(row["visible_at_end"], 180)
        self.assertEqual(report.checks([row]), [(180, False, False)])
        self.assertIn("| 180 | 60.0 | yes | **no** (disagrees) |", text)
        self.assertIn("**180 workers: the measurement and the model disagree.** Measured: did not keep up.", text)
        self.assertIn("outside tolerance for 180 workers", text)
        self.assertNotIn("all within tolerance", text)
        # The answers say it too, instead of calling 180 the minimum that works.
        self.assertIn("measured, the pool did not keep up", text)

    def test_a_pool_that_keeps_up_says_so_from_its_queue(self):
        results, text, _ = self.write([simulated_phase(self.folder, 200)])
        row = report.worker_rows(results, self.folder)[0]
        self.assertTrue(row["kept_up"])
        self.assertIn("200 workers kept up, as the model says", text)
        self.assertNotIn("(disagrees)", text)
        self.assertNotIn("the measurement and the model disagree", text)

    def test_the_one_hour_sale_from_the_measured_rate(self):
        # 1 worker paying 0.3 orders a second (full scale): 216,000 arrive in the hour, 1,080 are paid.
        results, text, _ = self.write([simulated_phase(self.folder, 1, rate_factor=0.9)])
        backlog = (60 - 0.3) * 3600
        expired = backlog - 0.3 * 4 * 86400
        self.assertIn("| 1 | 0.30 (0.33) | {} (214,800) | {:.1f} days (7.5 days) | {} (99,600) |".format(
            report.number(backlog), backlog / 0.3 / 86400, report.number(expired)), text)
        self.assertIn("with 1 worker the backlog outlives the retention", text)

    def test_the_assignments_premise_measured_beside_the_model(self):
        premise = premise_phase(self.folder, accepted=20)
        _, text, _ = self.write([premise])
        # 20 accepted in 60 full-scale seconds: 0.33 a second; 20 refused: 0.33 a second.
        self.assertIn("| maximum throughput (orders/s) | 0.33 | 0.33 |", text)
        self.assertIn("| orders lost per second at 20 orders/s of demand | 19.7 of 20 (98.3 %) | 19.7 of 20", text)
        self.assertIn("| orders lost per second at 60 orders/s of demand | 59.7 of 60 (99.4 %) | 59.7 of 60", text)
        self.assertIn("| 0.33 of 0.67 sent a second (50.0 % of 40 requests) |", text)
        self.assertIn("| 10,000 ms /", text)
        self.assertIn("- sync-premise: 0.33 accepted/s measured against the cap of 0.33 (1 permit).", text)

    def test_a_premise_run_answers_its_questions_from_the_measurement(self):
        # The premise group alone: one permit (20 of 40 orders paid in 60 s, full scale) and the single worker, whose
        # queue grows by 60 - 0.3 a second and drains at 0.3 a second.
        premise = premise_phase(self.folder, accepted=20)
        results, text, _ = self.write([premise, simulated_phase(self.folder, 1, rate_factor=0.9)])
        one = report.worker_rows(results, self.folder)[0]
        self.assertIn("- The assignment's premise, one payment at a time, with the flash sale's 20 customers: the sync "
                      "endpoint accepted **0.33 orders/s** (model 0.33, as the model says: +0.0 %), 50.0 % of the "
                      "orders the customers sent were refused or failed (0.33 a second)", text)
        clear = report.duration(one["backlog_at_end"] / one["drain_rate"])
        self.assertIn("the 60 s sale's {} orders would take {} to clear at the measured drain rate".format(
            report.number(one["backlog_at_end"]), clear), text)
        self.assertIn("| async with one worker: queue growth (orders/s) | 59.7 | {} |".format(
            report.rate(one["visible_growth"])), text)
        self.assertIn("| 3.0 h | {} at the measured drain rate |".format(clear), text)
        self.assertIn("Model for the sync endpoint: with 1 payment permit of 3 s each, it pays at most 0.33", text)
        # Nothing it did not measure is answered as if it had been.
        self.assertIn("**When to choose sync or async?**\n\nNot measured in this run", text)
        self.assertNotIn("accepted every order of the sale in milliseconds", text)
        self.assertIn("in the next section's 1-worker row", text)

    def test_a_full_scale_run_says_it_is_full_scale(self):
        _, text, _ = self.write([premise_phase(self.folder, accepted=20)], time_scale=1.0)
        self.assertIn("Time scale k = 1, full scale: payments took 3000 ms", text)
        self.assertNotIn("instead of", text)
        self.assertNotIn("How the time scale bends", text)

    def test_a_pool_never_full_has_no_extra_in_flight(self):
        # 200 workers at 60 a second: at most 180 busy, so fewer in flight than workers, which is not "exceeded by -9".
        phase = simulated_phase(self.folder, 200)
        phase["measured"]["peak_in_flight"] = 191
        _, text, _ = self.write([phase])
        self.assertIn("the peak in flight exceeded the worker count by nothing (no pool was ever full)", text)
        self.assertNotIn("-9 (200 workers)", text)

    def test_a_premise_below_its_model_says_so(self):
        premise = premise_phase(self.folder, accepted=12)
        _, text, _ = self.write([premise])
        self.assertIn("accepted **0.20 orders/s** (model 0.33, below the model's: -40.0 %)", text)
        self.assertNotIn("1-worker row", text)

    def test_the_premise_without_its_phase_gives_the_model_and_says_it_was_not_run(self):
        _, text, _ = self.write([simulated_phase(self.folder, 5)])
        self.assertIn("| maximum throughput (orders/s) | 0.33 | not run |", text)
        self.assertIn("which this run did not have", text)

    def test_the_time_scale_bias_is_stated_beside_the_figures(self):
        sync = customer_phase(self.folder, "sync-flash", requests=100, accepted=100, window_s=30.0, p50_ms=6050.0,
                              mean_ms=6050.0)
        fast = customer_phase(self.folder, "async-flash", requests=2000, accepted=2000, window_s=30.0, p50_ms=50.0,
                              mean_ms=100.0, endpoint="/orders/async")
        _, text, _ = self.write([sync, fast, simulated_phase(self.folder, 100, rate_factor=0.95)])
        # p50 6,050 ms = 4 payments of 1,500 ms + 50 ms: 12,050 ms at full scale, not 12,100.
        self.assertIn("sync-flash p50 12,050 ms rather than 12,100 ms", text)
        # 20 customers / (100 ms + 300 ms think) = 50 a second at full scale, not 2,000 / 60 s = 33.3.
        self.assertIn("async-flash 50.0 accepted/s rather than 33.3", text)
        # ...and beside the figures themselves, in the customers' table.
        self.assertIn("| 33.3 | think time / k, response time not: about 50.0 accepted/s at full scale |", text)
        self.assertIn("x k multiplies the part that is not payment too: p50 about 12,050 ms", text)
        # 100 workers at 0.95 x 100 / 1.5 s: 1.5 s / 0.95 a payment, of which 0.079 s overhead, counted once.
        self.assertIn("100 workers: {} rather than 31.7".format(report.rate(100 / (3.0 + 1.5 / 0.95 - 1.5))), text)


def customer_phase(folder, name, requests, accepted, window_s, p50_ms, mean_ms=None, endpoint="/orders/sync"):
    """A think-time phase of 20 customers (the flash scenario), as measured at time scale K."""
    with open(os.path.join(folder, name + "-series.csv"), "w") as out:
        out.write("unix_time,elapsed_s,visible,in_flight\n0,0,0,0\n")
    return {
        "name": name, "kind": "customers", "user_class": "SyncOrderUser", "scenario": "flash",
        "scenario_settings": {"users": "20", "spawn-rate": "10", "run-time": "60s"},
        "locust": {"endpoints": {endpoint: {
            "requests": requests, "accepted": accepted, "failures": requests - accepted,
            "failure_ratio": 1 - accepted / requests, "statuses": {"200": accepted},
            "errors": {}, "response_ms": {"p50": p50_ms, "p95": p50_ms, "p99": p50_ms, "max": p50_ms,
                                          "mean": mean_ms or p50_ms},
            "first_start": 0.0, "last_end": window_s, "window_s": window_s, "accepted_per_s": accepted / window_s}}},
        "series": name + "-series.csv",
        "machine": {"wall_s": 45.0, "load_average_start": 0.5, "load_average_end": 0.7, "machine_cpu_pct": 80.0,
                    "locust_cpu_pct": 5.0, "sampler_cpu_pct": 2.0, "other_cpu_pct": 3.0},
    }


def premise_phase(folder, accepted):
    """The sync-premise phase: the flash scenario's 40 orders with one payment permit, 30 s as measured."""
    phase = customer_phase(folder, "sync-premise", requests=40, accepted=accepted, window_s=30.0, p50_ms=5000.0)
    phase["sync_permits"] = 1
    return phase


if __name__ == "__main__":
    unittest.main()
