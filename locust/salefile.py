"""A limited-stock sale under load: customers who shop it, and bots that hammer it.

    locust --config locust/scenarios/sale.conf FlashSaleUser BotUser --host http://localhost:9480 --sale-id phone-drop

The sale must be open (POST /admin/sales; locust/experiment.py opens one). User classes:
    FlashSaleUser  a stream of customers: each checks availability, reserves one unit, thinks, checks out, and follows
                   the order until it is completed or failed; then the next customer (a new id, a new address)
                   arrives. A customer who finds the sale sold out, or over their limit, leaves.
    BotUser        hammers reserve from a few identities (--bot-identities pairs of customer id and address) without
                   thinking, checks out at once whatever it wins, and ignores Retry-After. --bots of them
                   (Locust's fixed_count), the rest of the users are customers.

Every request names its client with X-Forwarded-For, as the load balancer does: the server must trust one proxy
(sales.rate-limit.trusted-hops = 1) for its per-address limits to tell the clients apart. Customers' ids are below
BOT_CUSTOMER_BASE and bots' above it, so that the audit trail says who won each unit.

Options (besides the locustfile's --time-scale and --summary-json):
    --sale-id ID                 the sale to shop (required)
    --bots N                     bot users (default 10)
    --bot-identities N           distinct customer id + address pairs the bots share (default 3)
    --sale-summary-json PATH     answers by kind of client (customer, bot), endpoint and status, and the customers'
                                 outcomes, written when Locust quits
"""

import json
import random
import time
from collections import Counter

import gevent
from locust import FastHttpUser, between, events, task

import locustfile  # noqa: F401  (its options, request log and summary: --time-scale, --summary-json)
# Who is a bot, and the customers' and bots' pace: in sale_report, which the report's model reads too.
from sale_report import (BOT_CUSTOMER_BASE, BOT_PAUSE_S, DECIDE_S, FOLLOW_EVERY_S, FOLLOW_FOR_S, LOOK_S,  # noqa: F401
                         kind_of_customer)

AVAILABILITY = "/sales/[sale]"
RESERVE = "/sales/[sale]/reservations"
CHECKOUT = "/sales/[sale]/reservations/[id]/checkout"
ORDER = "/orders/[id]"
# Answers that are the sale working as designed, not failures: refusals (409, 410), limits (429).
EXPECTED = {200, 201, 202, 304, 409, 410, 429}


@events.init_command_line_parser.add_listener
def add_options(parser):
    parser.add_argument("--sale-id", default="", help="The sale to shop (it must be open)")
    parser.add_argument("--bots", type=int, default=10, help="Bot users among the users (default 10)")
    parser.add_argument("--bot-identities", type=int, default=3,
                        help="Customer id and address pairs the bots share (default 3)")
    parser.add_argument("--sale-summary-json", default="",
                        help="Write the answers by kind of client, endpoint and status to this file")


@events.init.add_listener
def on_init(environment, **_):
    options = environment.parsed_options
    if options is not None:
        BotUser.fixed_count = max(0, options.bots)


def human_identity(rng=random):
    """A new customer: an id below the bots' and an address of their own (private range, as behind a home router)."""
    return rng.randint(1, BOT_CUSTOMER_BASE - 1), "10.{}.{}.{}".format(rng.randint(0, 255), rng.randint(0, 255),
                                                                    rng.randint(1, 254))


def bot_identities(count):
    """The few identities every bot shares: ids from BOT_CUSTOMER_BASE, addresses in TEST-NET-3."""
    return [(BOT_CUSTOMER_BASE + n, "203.0.113.{}".format(n)) for n in range(1, max(1, count) + 1)]


def retry_after_s(response, default=1.0):
    try:
        return max(0.0, float(response.headers.get("Retry-After", default)))
    except (TypeError, ValueError):
        return default


def body(response):
    try:
        return json.loads(response.text or "{}")
    except (ValueError, TypeError):
        return {}


class SaleLog:
    """Every answer by kind of client, endpoint and status, and each customer's outcome."""

    def __init__(self):
        self.answers = Counter()
        self.outcomes = Counter()

    def answer(self, kind, endpoint, status):
        self.answers[(kind, endpoint, int(status or 0))] += 1

    def outcome(self, kind, what):
        self.outcomes[(kind, what)] += 1

    def summary(self):
        answers = {}
        for (kind, endpoint, status), count in sorted(self.answers.items()):
            answers.setdefault(kind, {}).setdefault(endpoint, {})[str(status)] = count
        outcomes = {}
        for (kind, what), count in sorted(self.outcomes.items()):
            outcomes.setdefault(kind, {})[what] = count
        return {"answers": answers, "outcomes": outcomes}


sale_log = SaleLog()


@events.quitting.add_listener
def on_quitting(environment, **_):
    options = environment.parsed_options
    if options is not None and options.sale_summary_json:
        with open(options.sale_summary_json, "w", encoding="utf-8") as out:
            json.dump(sale_log.summary(), out, indent=1)


class SaleClient(FastHttpUser):
    """A client of the sale's endpoints, who says who it is (X-Forwarded-For) and tallies every answer."""

    abstract = True
    kind = ""

    def on_start(self):
        options = self.environment.parsed_options
        self.scale = options.time_scale if options and options.time_scale > 0 else 1.0
        self.sale = options.sale_id if options else ""
        if not self.sale:
            raise ValueError("--sale-id is required")

    def pause(self, low_high):
        gevent.sleep(random.uniform(*low_high) / self.scale)

    def call(self, method, path, name, address, json_body=None):
        started = time.perf_counter()
        with self.client.request(method, path, name=name, json=json_body, headers={"X-Forwarded-For": address},
                                 catch_response=True) as response:
            response.request_meta["response_time"] = (time.perf_counter() - started) * 1000
            sale_log.answer(self.kind, name, response.status_code)
            if response.status_code in EXPECTED:
                response.success()
            else:
                response.failure("{} {}".format(response.status_code, body(response).get("error", "")))
            return response

    def reserve(self, customer, address):
        return self.call("POST", "/sales/{}/reservations".format(self.sale), RESERVE, address, {"customer_id": customer})

    def checkout(self, reservation, address):
        return self.call("POST", "/sales/{}/reservations/{}/checkout".format(self.sale, reservation), CHECKOUT, address)


class FlashSaleUser(SaleClient):
    """One customer after another: availability, reserve, think, checkout, follow the order to its end."""

    kind = "customer"
    wait_time = between(0, 0)

    @task
    def shop(self):
        customer, address = human_identity()
        self.pause(LOOK_S)
        availability = self.call("GET", "/sales/{}".format(self.sale), AVAILABILITY, address)
        if availability.status_code == 429:
            gevent.sleep(retry_after_s(availability))
            return sale_log.outcome(self.kind, "limited_on_availability")
        if availability.status_code != 200 or body(availability).get("available", 0) <= 0:
            return sale_log.outcome(self.kind, "saw_none_available")
        held = self.reserve(customer, address)
        if held.status_code == 429:
            # A person tries again once, when told to.
            gevent.sleep(retry_after_s(held))
            held = self.reserve(customer, address)
        if held.status_code != 201:
            return sale_log.outcome(self.kind, "reserve_" + (body(held).get("error") or str(held.status_code)))
        self.pause(DECIDE_S)
        checkout = self.checkout(body(held).get("reservation_id", ""), address)
        if checkout.status_code != 202:
            return sale_log.outcome(self.kind, "checkout_" + (body(checkout).get("error") or str(checkout.status_code)))
        self.follow(body(checkout).get("order_id", ""), address)

    def follow(self, order_id, address):
        deadline = time.monotonic() + FOLLOW_FOR_S / self.scale
        while time.monotonic() < deadline:
            gevent.sleep(FOLLOW_EVERY_S / self.scale)
            status = body(self.call("GET", "/orders/{}".format(order_id), ORDER, address)).get("status")
            if status in ("completed", "failed", "rejected"):
                return sale_log.outcome(self.kind, "order_" + status)
        sale_log.outcome(self.kind, "order_not_finished")


class BotUser(SaleClient):
    """Reserve, reserve, reserve from one of a few identities; check out whatever is won at once."""

    kind = "bot"
    fixed_count = 10

    def on_start(self):
        super().on_start()
        options = self.environment.parsed_options
        self.identities = bot_identities(options.bot_identities if options else 3)

    def wait_time(self):
        return BOT_PAUSE_S / self.scale

    @task
    def hammer(self):
        customer, address = random.choice(self.identities)
        held = self.reserve(customer, address)
        if held.status_code == 201:
            checkout = self.checkout(body(held).get("reservation_id", ""), address)
            sale_log.outcome(self.kind, "checked_out" if checkout.status_code == 202 else "checkout_refused")
