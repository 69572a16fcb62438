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
    measured_rate = paying if not keeps_up else None
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
                     "mean_workers_busy_with_backlog": workers, "visible_at_send_end": round(peak),
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

    def write(self, phases):
        results = {"run_id": "test", "started": "2026-11-21T15:00:00", "duration_s": 400.0, "target": "local",
                   "time_scale": K, "full_scale": {"payment_latency_s": 3.0, "flash_rate_per_s": 60.0, "sync_permits": 5,
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
        self.assertIn("| 5 | 60.0 | 1.67 | 1.67 | +0.0 % |", text)
        for chart in ("queue-depth.png", "processing-rate.png"):
            self.assertGreater(os.path.getsize(os.path.join(out, chart)), 10_000)
        self.assertTrue(os.path.exists(os.path.join(out, "data", "async-w5-series.csv")))

    def test_a_slow_processor_fails_the_check(self):
        # 100 workers paying 20 % slow: the rate misses by 20 %, and the peak (growth 53 -> 67 a second) by 25 %.
        results, text, _ = self.write([simulated_phase(self.folder, 100, rate_factor=0.8)])
        self.assertEqual(report.checks(report.worker_rows(results)), [(100, False, False)])
        self.assertIn("not all within tolerance", text)


if __name__ == "__main__":
    unittest.main()
