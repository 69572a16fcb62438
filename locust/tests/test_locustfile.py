"""The locustfile's order bodies, its summary of request events and its targets."""

import types
import unittest

import locustfile


class Response:
    def __init__(self, status_code):
        self.status_code = status_code


class OrderBodyTest(unittest.TestCase):

    def test_orders_look_like_a_checkouts(self):
        for _ in range(200):
            order = locustfile.random_order()
            self.assertGreaterEqual(order["customer_id"], 1)
            self.assertTrue(1 <= len(order["items"]) <= 4)
            self.assertEqual(len({item["product_id"] for item in order["items"]}), len(order["items"]))
            for item in order["items"]:
                self.assertRegex(item["product_id"], r"^sku-\d{3}$")
                self.assertTrue(1 <= item["quantity"] <= 3)
                self.assertGreater(item["price"], 0)


class SummaryTest(unittest.TestCase):

    def setUp(self):
        self.log = locustfile.RequestLog()

    def test_percentiles_are_nearest_rank(self):
        values = sorted(float(v) for v in range(1, 101))
        self.assertEqual(locustfile.percentile(values, 0.50), 50)
        self.assertEqual(locustfile.percentile(values, 0.95), 95)
        self.assertEqual(locustfile.percentile(values, 0.99), 99)
        self.assertIsNone(locustfile.percentile([], 0.5))

    def test_every_request_is_counted_with_its_status(self):
        for i in range(8):
            self.log.record("/orders/async", 5.0 + i, Response(202), None, 1000.0 + i * 0.25)
        self.log.record("/orders/async", 30.0, Response(503), Exception("503 queue_unavailable"), 1002.0)
        summary = self.log.summary()
        figures = summary["endpoints"]["/orders/async"]
        self.assertEqual(figures["requests"], 9)
        self.assertEqual(figures["accepted"], 8)
        self.assertEqual(figures["statuses"], {"202": 8, "503": 1})
        self.assertEqual(figures["errors"], {"503 queue_unavailable": 1})
        self.assertAlmostEqual(figures["window_s"], 2.030)  # first start 1000.0, last end 1002.0 + 30 ms
        self.assertAlmostEqual(summary["total"]["failure_ratio"], 1 / 9)

    def options(self, **targets):
        defaults = {"target_min_requests": 0, "target_failure_ratio": -1.0, "target_p95_ms": -1.0}
        defaults.update(targets)
        return types.SimpleNamespace(**defaults)

    def test_targets(self):
        for i in range(20):
            self.log.record("/orders/async", 10.0, Response(202), None, 1000.0 + i)
        self.log.record("/orders/async", 900.0, Response(0), Exception("timeout"), 1000.0)
        total = self.log.summary()["total"]
        self.assertEqual(locustfile.missed_targets(total, self.options()), [])
        self.assertEqual(len(locustfile.missed_targets(total, self.options(target_failure_ratio=0))), 1)
        self.assertEqual(locustfile.missed_targets(total, self.options(target_failure_ratio=0.05)), [])
        self.assertEqual(len(locustfile.missed_targets(total, self.options(target_min_requests=50))), 1)
        self.assertEqual(locustfile.missed_targets(total, self.options(target_p95_ms=20)), [])
        self.assertEqual(len(locustfile.missed_targets(total, self.options(target_p95_ms=5))), 1)


if __name__ == "__main__":
    unittest.main()
