"""The model's arithmetic and the measurements taken from a time series."""

import math
import unittest

import model


def rows_from(samples):
    """[(t, visible, in_flight, payments), ...] -> sampler rows."""
    return [{"unix_time": t, "visible": v, "in_flight": f, "payments": p} for t, v, f, p in samples]


class ModelTest(unittest.TestCase):

    def test_the_assignments_figures(self):
        self.assertAlmostEqual(model.processing_rate(1, 3.0), 1 / 3)
        self.assertAlmostEqual(model.processing_rate(100, 3.0), 33.333, places=3)
        self.assertAlmostEqual(model.queue_growth(60, 1 / 3), 59.667, places=3)
        self.assertAlmostEqual(model.peak_depth(60, 20 / 3, 60), 3200.0)
        self.assertEqual(model.workers_to_keep_up(60, 3.0), 180)
        self.assertAlmostEqual(model.sync_capacity(5, 3.0), 5 / 3)

    def test_the_assignments_premise_one_payment_at_a_time(self):
        premise = model.sync_premise(1, 3.0, 60)
        self.assertAlmostEqual(premise["capacity_per_s"], 1 / 3)
        self.assertAlmostEqual(premise["lost_per_s"], 59 + 2 / 3)
        self.assertAlmostEqual(model.sync_premise(1, 3.0, 20)["lost_per_s"], 19 + 2 / 3)

    def test_a_long_sale_expires_what_outlives_the_retention(self):
        four_days = 4 * 86400
        one = model.long_sale(60, 1 / 3, 3600, four_days)
        self.assertAlmostEqual(one["backlog"], 214_800)
        self.assertAlmostEqual(one["drain_s"], 644_400)
        self.assertAlmostEqual(one["expired"], 214_800 - four_days / 3)
        self.assertEqual(one["oldest_wait_s"], four_days)
        five = model.long_sale(60, 5 / 3, 3600, four_days)
        self.assertEqual(five["expired"], 0)
        self.assertAlmostEqual(five["drain_s"], 126_000)
        # The sale's last order waits for the whole backlog: 60 x 3,600 / (5 / 3) - 3,600 s = drain time.
        self.assertAlmostEqual(five["oldest_wait_s"], 126_000)
        self.assertEqual(model.long_sale(60, 66.7, 3600, four_days)["backlog"], 0)

    def test_keeping_up_is_measured_from_the_queue(self):
        self.assertTrue(model.kept_up(0, 0.0, 60, 3.0))
        self.assertFalse(model.kept_up(551, 8.3, 60, 3.0))
        # A small queue that still grows: short of the rate, whatever its size after a short sale.
        self.assertFalse(model.kept_up(100, 2.0, 60, 3.0))
        self.assertIsNone(model.kept_up(None, 0.0, 60, 3.0))

    def test_a_scaled_rate_counts_its_overhead_once_at_full_scale(self):
        # 100 workers at k = 2 paying 60 a second: 1.667 s a payment, 0.167 s of it overhead: 100 / 3.167 s.
        self.assertAlmostEqual(model.full_scale_rate(60, 100, 3.0, 2), 100 / (3.0 + 100 / 60 - 1.5))
        self.assertIsNone(model.full_scale_rate(None, 100, 3.0, 2))

    def test_a_pool_that_keeps_up_has_no_peak_and_drains_in_one_payment(self):
        prediction = model.predict_async_phase(180, 3.0, 60, 60)
        self.assertTrue(prediction["keeps_up"])
        self.assertEqual(prediction["peak_visible"], 0)
        self.assertAlmostEqual(prediction["drain_s"], 3.0)

    def test_keeping_up_is_judged_against_the_nominal_rate(self):
        # 60.01 orders/s measured: a sliver of growth, but 180 workers are what 60 orders/s need.
        prediction = model.predict_async_phase(180, 3.0, 60.01, 60, nominal_arrival_per_s=60)
        self.assertTrue(prediction["keeps_up"])
        self.assertAlmostEqual(prediction["peak_visible"], 0.6)
        self.assertFalse(model.predict_async_phase(179, 3.0, 59.9, 60, nominal_arrival_per_s=60)["keeps_up"])

    def test_drain_counts_the_orders_in_flight(self):
        prediction = model.predict_async_phase(20, 3.0, 60, 60)
        self.assertFalse(prediction["keeps_up"])
        # backlog = 3200 waiting + 20 being paid, at 20/3 a second
        self.assertAlmostEqual(prediction["drain_s"], 3220 / (20 / 3))

    def test_time_scale_keeps_depths_and_divides_times(self):
        full = model.predict_async_phase(5, 3.0, 60, 60)
        scaled = model.predict_async_phase(5, 3.0 / 4, 60 * 4, 60 / 4)
        self.assertAlmostEqual(full["peak_visible"], scaled["peak_visible"])
        self.assertAlmostEqual(full["drain_s"] / 4, scaled["drain_s"])
        self.assertAlmostEqual(full["rate_per_s"] * 4, scaled["rate_per_s"])

    def test_no_workers_never_drain(self):
        self.assertTrue(math.isinf(model.drain_time(10, 0)))


class MeasurementTest(unittest.TestCase):

    def test_slope_needs_three_points(self):
        self.assertIsNone(model.slope([(0, 0), (1, 1)]))
        self.assertAlmostEqual(model.slope([(0, 1), (1, 3), (2, 5)]), 2.0)

    def test_processing_rate_is_the_counter_slope_while_a_backlog_exists(self):
        # 2 payments a second while the queue holds a backlog; idle before the first order and after it drains.
        samples = [(t, 10 if 2 <= t <= 12 else 0, 2, 2 * max(0, min(t, 12) - 1)) for t in range(0, 20)]
        self.assertAlmostEqual(model.measured_processing_rate(rows_from(samples), start=1, latency_s=1), 2.0)

    def test_no_backlog_means_no_processing_rate(self):
        samples = [(t, 0, 1, t) for t in range(10)]
        self.assertIsNone(model.measured_processing_rate(rows_from(samples), start=0, latency_s=1))

    def test_drain_rate_and_time_to_drain(self):
        samples = [(10 + t, max(0, 30 - 3 * t), 3 if t < 11 else 0, 0) for t in range(15)]
        rows = rows_from(samples)
        self.assertAlmostEqual(model.measured_drain_rate(rows, send_end=10), 3.0)
        self.assertEqual(model.time_to_drain(rows, send_end=10), 11)

    def test_a_queue_that_never_empties_has_no_drain_time(self):
        rows = rows_from([(t, 100 - t, 5, 0) for t in range(10)])
        self.assertIsNone(model.time_to_drain(rows, send_end=0))

    def test_peak_ignores_unreadable_samples(self):
        rows = rows_from([(0, -1, -1, 0), (1, 7, 1, 0), (2, 3, 1, 0)])
        self.assertEqual(model.peak(rows, "visible"), 7)


if __name__ == "__main__":
    unittest.main()
