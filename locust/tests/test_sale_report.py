"""The sale phase's figures, model and verdicts, and its report."""

import csv
import json
import os
import tempfile
import unittest

import experiment
import report
import sale_report

RESERVE = "/sales/[sale]/reservations"
AVAILABILITY = "/sales/[sale]"
CHECKOUT = "/sales/[sale]/reservations/[id]/checkout"


def row(t, available, reserved, sold, total=10, state="open"):
    return {"t": t, "state": state, "total": total, "available": available, "reserved": reserved, "sold": sold,
            "unix_time": t}


def endpoint(p95, requests=100):
    return {"requests": requests, "response_ms": {"p95": p95}}


def phase(**overrides):
    values = {
        "name": "sale", "kind": "sale", "time_scale": 2.0, "stock": 10, "hold_s": 120.0, "per_customer_limit": 1,
        "customers": 20, "bots": 4, "bot_identities": 2, "run_time_s": 30.0, "workers": 50, "payment_latency_s": 3.0,
        "customer_cycle_s": 10.0, "bot_pause_s": 0.02, "rates": dict(experiment.SALE_RATES),
        "locust": {"endpoints": {AVAILABILITY: endpoint(20.0), RESERVE: endpoint(30.0), CHECKOUT: endpoint(60.0)}},
        "sale_answers": {"answers": {"bot": {RESERVE: {"429": 900, "201": 2, "409": 98}},
                                     "customer": {RESERVE: {"201": 8, "409": 2}, AVAILABILITY: {"200": 12}}}},
        "audit": sale_report.audit_counts(
            [{"type": "sale_opened"}] + [{"type": "reserved", "customer_id": 7 + n} for n in range(8)]
            + [{"type": "purchased", "customer_id": 7 + n} for n in range(8)]
            + [{"type": "reserved", "customer_id": sale_report.BOT_CUSTOMER_BASE + 1},
               {"type": "purchased", "customer_id": sale_report.BOT_CUSTOMER_BASE + 1},
               {"type": "reserved", "customer_id": sale_report.BOT_CUSTOMER_BASE + 2},
               {"type": "purchased", "customer_id": sale_report.BOT_CUSTOMER_BASE + 2},
               {"type": "expired", "customer_id": 99}, {"type": "refused", "customer_id": 5}]),
        "replay": {"consistent": True}, "oversell_count": 0.0,
        "rate_limited_by_identity": {"reserve per customer": 880.0, "reserve per ip": 20.0},
        "series": "sale-series.csv",
        "machine": {"wall_s": 40.0, "machine_cpu_pct": 120.0, "liberty_cpu_pct": 60.0, "services_cpu_pct": 20.0,
                    "locust_cpu_pct": 30.0, "other_cpu_pct": 10.0, "load_average_start": 1.0, "load_average_end": 1.5},
    }
    values.update(overrides)
    return values


ROWS = [row(0, 10, 0, 0), row(1, 4, 6, 0), row(2, 0, 8, 2, state="sold_out"), row(4, 0, 2, 8, state="sold_out"),
        row(5, 0, 0, 10, state="sold_out"), row(6, 0, 0, 10, state="sold_out")]


class FiguresTest(unittest.TestCase):

    def test_the_audit_trail_says_who_won_each_unit(self):
        audit = phase()["audit"]
        self.assertEqual({"customer": 8, "bot": 2}, audit["purchased_by_kind"])
        self.assertEqual({"customer": 8, "bot": 2}, audit["reserved_by_kind"])
        self.assertEqual(1, audit["types"]["expired"])

    def test_stock_figures_come_from_the_samples(self):
        self.assertEqual([], sale_report.conservation_breaks(ROWS))
        self.assertEqual(2, sale_report.time_to_sold_out(ROWS))
        self.assertEqual(2.0, sale_report.selling_rate(ROWS), "10 units by the sample at 5 s")
        self.assertIsNone(sale_report.time_to_sold_out([row(0, 10, 0, 0), row(1, 3, 7, 0)]))
        broken = [row(0, 10, 0, 0), row(1, 0, 0, 11)]
        self.assertEqual(1, len(sale_report.conservation_breaks(broken)))

    def test_full_scale_figures_and_429s_by_kind(self):
        figures = sale_report.summarise(phase(), ROWS)
        self.assertEqual(4.0, figures["time_to_sold_out_s"], "2 s as run, x k")
        self.assertEqual(1.0, figures["units_sold_per_s"], "2 units/s as run, / k")
        self.assertEqual(0.2, figures["bot_share"])
        self.assertEqual(0.9, figures["limited_by_kind"]["bot"]["share"])
        self.assertEqual(0, figures["limited_by_kind"]["customer"]["limited"])
        self.assertEqual(1, figures["holds_expired"])
        self.assertEqual(10, figures["checkouts_completed"])

    def test_the_model(self):
        m = sale_report.model(phase())
        self.assertEqual(2, m["bot_units_max"], "2 identities x 1 unit")
        self.assertAlmostEqual(2.0, m["customer_units_per_s"], "20 customers, a 10 s visit")
        self.assertAlmostEqual(4.0, m["time_to_sold_out_s"], "8 units for the customers at 2/s")
        self.assertEqual(1000, m["bot_attempts"], "the bots' reserves as sent")
        # 2 identities; the customer bucket (10/60s) is the tighter: 10 to start and 10 more over 60 s (30 s x k 2).
        self.assertAlmostEqual(2 * (10 + 10), m["bot_allowed"])
        self.assertAlmostEqual(1 - 40 / 1000, m["bot_limited_share"])
        self.assertAlmostEqual(50 / 3.0, m["processor_units_per_s"])
        self.assertAlmostEqual(1.25 + 6 + 3 + 0.5, sale_report.customer_cycle_s(3.0))

    def test_rates_read_as_configured(self):
        self.assertAlmostEqual(100 / 60, sale_report.rate_per_s("100/60s"))
        self.assertAlmostEqual(0.5, sale_report.rate_period_s("5/500ms"))
        self.assertAlmostEqual(1 / 60, sale_report.rate_per_s("1/1m"))
        with self.assertRaises(ValueError):
            sale_report.rate_per_s("100/sixty")


class VerdictTest(unittest.TestCase):

    def verdicts(self, rows=ROWS, **overrides):
        return {what: held for what, _, _, held in sale_report.verdicts(sale_report.summarise(phase(**overrides), rows))}

    def test_a_sale_that_met_every_target(self):
        held = self.verdicts()
        self.assertEqual({"zero oversell": True, "p95 availability": True, "p95 reserve": True, "p95 checkout": True,
                          "bots' units": True, "bots' reserves refused with 429": True, "time to sold out": True}, held)

    def test_an_oversold_sample_an_inconsistent_replay_or_the_metric_fails_zero_oversell(self):
        self.assertFalse(self.verdicts(rows=ROWS + [row(7, 0, 0, 11)])["zero oversell"])
        self.assertFalse(self.verdicts(replay={"consistent": False})["zero oversell"])
        self.assertFalse(self.verdicts(oversell_count=1.0)["zero oversell"])

    def test_latency_against_003(self):
        slow = {"endpoints": {AVAILABILITY: endpoint(151.0), RESERVE: endpoint(120.0), CHECKOUT: endpoint(500.0)}}
        held = self.verdicts(locust=slow)
        self.assertEqual((False, True, False), (held["p95 availability"], held["p95 reserve"], held["p95 checkout"]))

    def test_bots_winning_more_than_their_identities_allow_fail(self):
        more = phase(bot_identities=1)
        held = {what: ok for what, _, _, ok in sale_report.verdicts(sale_report.summarise(more, ROWS))}
        self.assertFalse(held["bots' units"])

    def test_a_sale_that_never_sold_out_fails_that_verdict(self):
        self.assertFalse(self.verdicts(rows=[row(0, 10, 0, 0), row(30, 5, 0, 5)])["time to sold out"])


class MachineTest(unittest.TestCase):

    def test_the_report_says_what_limited_the_run(self):
        busy = sale_report.machine_limit({"machine_cpu_pct": 190.0, "liberty_cpu_pct": 100.0, "other_cpu_pct": 50.0}, 2)
        self.assertIn("CPU-bound", busy)
        self.assertIn("other engineers' processes 50 %", busy)
        quiet = sale_report.machine_limit({"machine_cpu_pct": 60.0}, 2)
        self.assertIn("Not CPU-bound", quiet)


class ScaleTest(unittest.TestCase):

    def test_the_sale_is_scaled_with_the_time_scale(self):
        scale = experiment.Scale(4)
        self.assertEqual(2500, scale.sale_stock())
        self.assertEqual(300, scale.sale_stock(300))
        self.assertEqual(10_000, experiment.Scale(1).sale_stock())
        rates = scale.sale_rates()
        self.assertEqual("100/15000ms", rates["reserve_per_ip"])
        self.assertEqual("1000/15000ms", rates["availability_per_ip"])
        settings = scale.settings(5)
        self.assertEqual("1", settings["SALES_RATE_LIMIT_TRUSTED_HOPS"])
        self.assertEqual("10/15000ms", settings["SALES_RATE_LIMIT_RESERVE_PER_CUSTOMER"])
        self.assertNotIn("SALES_ADMIN_TOKEN", settings, "the admin secret is never written to the results")

    def test_rate_limited_counters_are_read_per_bucket(self):
        before = {'sale_rate_limited_total{endpoint="reserve",identity="customer"}': 5.0}
        after = {'sale_rate_limited_total{endpoint="reserve",identity="customer"}': 15.0,
                 'sale_rate_limited_total{endpoint="availability",identity="ip"}': 2.0, "other_total": 9.0}
        self.assertEqual({"reserve per customer": 10.0, "availability per ip": 2.0},
                         experiment.rate_limited_delta(before, after))


class ReportTest(unittest.TestCase):

    def test_a_sale_only_run_gets_a_report_with_its_chart(self):
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "sale-series.csv"), "w", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=list(ROWS[0]))
                writer.writeheader()
                writer.writerows(ROWS)
            results = {"run_id": "r1", "started": "2026-12-03T14:00:00", "duration_s": 60.0, "target": "local",
                       "time_scale": 2.0, "machine": {"cpus": 2, "memory_gb": 24.0}, "phases": [phase()]}
            path = os.path.join(folder, "results.json")
            with open(path, "w") as out:
                json.dump(results, out)
            written = report.write_report(path, os.path.join(folder, "report"))
            with open(written) as text:
                markdown = text.read()
            self.assertIn("## The limited-stock sale", markdown)
            self.assertIn("| zero oversell |", markdown)
            self.assertIn("sale-stock.png", markdown)
            self.assertIn("| answers to bots by status | 201 x 2, 409 x 98, 429 x 900 |", markdown)
            self.assertNotIn("answered 503", markdown, "no store timeouts in this run")
            self.assertIn("Not CPU-bound", markdown)
            self.assertNotIn("**no**", markdown)
            self.assertTrue(os.path.isfile(os.path.join(folder, "report", "sale-stock.png")))
            self.assertTrue(os.path.isfile(os.path.join(folder, "report", "data", "sale-series.csv")))


if __name__ == "__main__":
    unittest.main()
