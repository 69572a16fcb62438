"""The sale's Locust users: identities, the customer's path through the sale, the bots, and the tally."""

import types
import unittest

from locust.env import Environment

import salefile


class Reply:
    def __init__(self, status_code, payload=None, headers=None):
        self.status_code = status_code
        self.text = "" if payload is None else __import__("json").dumps(payload)
        self.headers = headers or {}


def options(**overrides):
    values = {"time_scale": 1e6, "sale_id": "drop", "bots": 2, "bot_identities": 3, "sale_summary_json": ""}
    values.update(overrides)
    return types.SimpleNamespace(**values)


class Scripted:
    """Stands in for SaleClient.call: answers each (method, endpoint name) from a script, records what was asked."""

    def __init__(self, script):
        self.script = {key: list(replies) for key, replies in script.items()}
        self.asked = []

    def __call__(self, method, path, name, address, json_body=None):
        self.asked.append((method, name, address, json_body))
        replies = self.script[(method, name)]
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        salefile.sale_log.answer("test", name, reply.status_code)
        return reply


def user(cls, script, **option_overrides):
    environment = Environment(user_classes=[cls], host="http://localhost:1", parsed_options=options(**option_overrides))
    instance = type(cls.__name__, (cls,), {"host": "http://localhost:1", "abstract": False})(environment)
    instance.on_start()
    instance.call = Scripted(script)
    return instance


class IdentityTest(unittest.TestCase):

    def test_customers_and_bots_are_told_apart_by_id(self):
        for _ in range(500):
            customer, address = salefile.human_identity()
            self.assertTrue(1 <= customer < salefile.BOT_CUSTOMER_BASE)
            self.assertEqual("customer", salefile.kind_of_customer(customer))
            self.assertRegex(address, r"^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$")
        bots = salefile.bot_identities(3)
        self.assertEqual(3, len(set(bots)))
        self.assertTrue(all(salefile.kind_of_customer(c) == "bot" for c, _ in bots))
        self.assertEqual(1, len(salefile.bot_identities(0)), "at least one identity")

    def test_retry_after_is_read_or_defaulted(self):
        self.assertEqual(3.0, salefile.retry_after_s(Reply(429, headers={"Retry-After": "3"})))
        self.assertEqual(1.0, salefile.retry_after_s(Reply(429)))
        self.assertEqual(1.0, salefile.retry_after_s(Reply(429, headers={"Retry-After": "soon"})))


class CustomerTest(unittest.TestCase):

    def setUp(self):
        salefile.sale_log = salefile.SaleLog()

    def test_a_customer_reserves_checks_out_and_follows_the_order_to_completed(self):
        shopper = user(salefile.FlashSaleUser, {
            ("GET", salefile.AVAILABILITY): [Reply(200, {"available": 5})],
            ("POST", salefile.RESERVE): [Reply(201, {"reservation_id": "r1"})],
            ("POST", salefile.CHECKOUT): [Reply(202, {"order_id": "o1"})],
            ("GET", salefile.ORDER): [Reply(200, {"status": "pending"}), Reply(200, {"status": "completed"})],
        })
        shopper.shop()
        names = [(method, name) for method, name, _, _ in shopper.call.asked]
        self.assertEqual([("GET", salefile.AVAILABILITY), ("POST", salefile.RESERVE), ("POST", salefile.CHECKOUT),
                          ("GET", salefile.ORDER), ("GET", salefile.ORDER)], names)
        addresses = {address for _, _, address, _ in shopper.call.asked}
        self.assertEqual(1, len(addresses), "one customer, one address")
        customer = shopper.call.asked[1][3]["customer_id"]
        self.assertLess(customer, salefile.BOT_CUSTOMER_BASE)
        self.assertEqual({"customer": {"order_completed": 1}}, salefile.sale_log.summary()["outcomes"])

    def test_a_customer_who_sees_nothing_available_leaves_without_reserving(self):
        shopper = user(salefile.FlashSaleUser, {("GET", salefile.AVAILABILITY): [Reply(200, {"available": 0})]})
        shopper.shop()
        self.assertEqual(1, len(shopper.call.asked))
        self.assertEqual({"customer": {"saw_none_available": 1}}, salefile.sale_log.summary()["outcomes"])

    def test_a_limited_customer_tries_once_more_after_retry_after_and_then_leaves(self):
        shopper = user(salefile.FlashSaleUser, {
            ("GET", salefile.AVAILABILITY): [Reply(200, {"available": 5})],
            ("POST", salefile.RESERVE): [Reply(429, {"error": "rate_limited"}, {"Retry-After": "0"})],
        })
        shopper.shop()
        self.assertEqual(2, sum(1 for _, name, _, _ in shopper.call.asked if name == salefile.RESERVE))
        self.assertEqual({"customer": {"reserve_rate_limited": 1}}, salefile.sale_log.summary()["outcomes"])

    def test_each_arrival_is_a_new_customer(self):
        shopper = user(salefile.FlashSaleUser, {("GET", salefile.AVAILABILITY): [Reply(200, {"available": 0})]})
        for _ in range(20):
            shopper.shop()
        self.assertGreater(len({address for _, _, address, _ in shopper.call.asked}), 15)


class BotTest(unittest.TestCase):

    def setUp(self):
        salefile.sale_log = salefile.SaleLog()

    def test_bots_hammer_reserve_from_a_few_identities_and_check_out_what_they_win(self):
        bot = user(salefile.BotUser, {
            ("POST", salefile.RESERVE): [Reply(429, {"error": "rate_limited"}, {"Retry-After": "30"}),
                                         Reply(201, {"reservation_id": "r9"}), Reply(409, {"error": "limit_reached"})],
            ("POST", salefile.CHECKOUT): [Reply(202, {"order_id": "o9"})],
        }, bot_identities=2)
        for _ in range(30):
            bot.hammer()
        reserves = [(body["customer_id"], address) for _, name, address, body in bot.call.asked if name == salefile.RESERVE]
        self.assertEqual(30, len(reserves), "a 429 does not slow a bot down")
        self.assertLessEqual(len(set(reserves)), 2)
        self.assertTrue(all(salefile.kind_of_customer(c) == "bot" for c, _ in reserves))
        self.assertEqual(1, sum(1 for _, name, _, _ in bot.call.asked if name == salefile.CHECKOUT))
        self.assertEqual(salefile.BOT_PAUSE_S / 1e6, bot.wait_time())

    def test_the_bot_count_comes_from_the_options(self):
        salefile.on_init(types.SimpleNamespace(parsed_options=options(bots=7)))
        self.assertEqual(7, salefile.BotUser.fixed_count)


class SaleLogTest(unittest.TestCase):

    def test_answers_are_grouped_by_kind_endpoint_and_status(self):
        log = salefile.SaleLog()
        log.answer("bot", salefile.RESERVE, 429)
        log.answer("bot", salefile.RESERVE, 429)
        log.answer("customer", salefile.RESERVE, 201)
        log.outcome("customer", "order_completed")
        self.assertEqual({"answers": {"bot": {salefile.RESERVE: {"429": 2}}, "customer": {salefile.RESERVE: {"201": 1}}},
                          "outcomes": {"customer": {"order_completed": 1}}}, log.summary())


if __name__ == "__main__":
    unittest.main()
