"""The queueing model the experiment checks, and the measurements taken from a phase's time series.

Model (one processor, W workers, each payment L seconds, orders arriving at A a second for T seconds):
    processing rate   R = W / L
    queue growth      G = A - R                (per second, while orders arrive)
    peak queue depth  P = max(0, G) * T        (visible messages; W more are in flight)
    time to drain     D = backlog / R          (backlog = P + the orders in flight when arrivals stop: W, or
                                                A x L when the pool keeps up)
    workers to keep the queue flat: ceil(A * L)
    sync endpoint: at most permits / L orders a second, whatever the number of customers.

Time scale k: latency L/k, durations T/k, rates A*k and R*k. Depths P are unchanged; times divide by k.
"""

import math


def processing_rate(workers, latency_s):
    return workers / latency_s


def queue_growth(arrival_per_s, rate_per_s):
    return arrival_per_s - rate_per_s


def peak_depth(arrival_per_s, rate_per_s, duration_s):
    return max(0.0, queue_growth(arrival_per_s, rate_per_s)) * duration_s


def drain_time(backlog, rate_per_s):
    return backlog / rate_per_s if rate_per_s > 0 else math.inf


def workers_to_keep_up(arrival_per_s, latency_s):
    # Rounded to 9 places first, so that 60 x 3.0 gives 180, not 181 from a floating-point remainder.
    return max(1, math.ceil(round(arrival_per_s * latency_s, 9)))


def sync_capacity(permits, latency_s):
    return permits / latency_s


def predict_async_phase(workers, latency_s, arrival_per_s, duration_s, nominal_arrival_per_s=None):
    """Everything the model says about one async phase. Whether the pool keeps up is judged against the nominal
    arrival rate when given (a measured 60.01 orders/s should not make 180 workers "too few")."""
    rate = processing_rate(workers, latency_s)
    peak = peak_depth(arrival_per_s, rate, duration_s)
    keeps_up = workers >= workers_to_keep_up(nominal_arrival_per_s or arrival_per_s, latency_s)
    # When the orders stop, the backlog is what waits plus what is being paid: every worker if the pool is
    # saturated, else the orders of the last payment's time.
    backlog = peak + min(workers, arrival_per_s * latency_s)
    return {
        "rate_per_s": rate,
        "growth_per_s": queue_growth(arrival_per_s, rate),
        "peak_visible": peak,
        "keeps_up": keeps_up,
        "backlog_at_end": backlog,
        "drain_s": drain_time(backlog, rate),
    }


# ---- measurements from a time series -------------------------------------------------------------------


def slope(points):
    """Least-squares slope of [(x, y), ...]; None with fewer than 3 points or no spread in x."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def backlog_window(rows, start, latency_s):
    """(first, last) unix times between which the queue held a backlog, i.e. every worker was busy: from one
    payment after `start` until the last sample with visible messages. None when there never was a backlog."""
    with_backlog = [row["unix_time"] for row in rows if row["unix_time"] >= start + latency_s and row["visible"] > 0]
    if len(with_backlog) < 3:
        return None
    return with_backlog[0], with_backlog[-1]


def measured_processing_rate(rows, start, latency_s, counter="payments"):
    """Payments a second while every worker was busy: the slope of the payments counter over the backlog window."""
    window = backlog_window(rows, start, latency_s)
    if window is None:
        return None
    first, last = window
    points = [(row["unix_time"], row[counter]) for row in rows
              if first <= row["unix_time"] <= last and row.get(counter) is not None and row[counter] >= 0]
    return slope(points)


def mean_while_backlog(rows, start, latency_s, column):
    """The mean of a column over the backlog window (e.g. busy workers: all of them, if the processor keeps up
    with taking messages)."""
    window = backlog_window(rows, start, latency_s)
    if window is None:
        return None
    values = [row[column] for row in rows if window[0] <= row["unix_time"] <= window[1]
              and row.get(column) is not None and row[column] >= 0]
    return sum(values) / len(values) if values else None


def measured_drain_rate(rows, send_end):
    """How fast the visible backlog fell once arrivals stopped (messages a second, positive when falling)."""
    points = [(row["unix_time"], row["visible"]) for row in rows if row["unix_time"] >= send_end and row["visible"] > 0]
    rate = slope(points)
    return -rate if rate is not None else None


def time_to_drain(rows, send_end):
    """Seconds from the end of the arrivals until the queue was first empty (nothing visible, nothing in flight);
    None if it never was within the series."""
    for row in rows:
        if row["unix_time"] >= send_end and row["visible"] == 0 and row["in_flight"] == 0:
            return row["unix_time"] - send_end
    return None


def peak(rows, column):
    values = [row[column] for row in rows if row.get(column) is not None and row[column] >= 0]
    return max(values) if values else None


def visible_growth(rows, start, end, latency_s):
    """How fast the visible queue grew while orders arrived (messages a second, run time): the slope of the visible
    count from one payment after `start` (the pool's first payments) to `end`. None with fewer than 3 samples."""
    return slope([(row["unix_time"], row["visible"]) for row in rows
                  if start + latency_s <= row["unix_time"] <= end and row.get("visible") is not None])


def kept_up(visible_at_end, growth_per_s, arrival_per_s, latency_s, growth_tolerance=0.01):
    """The measured verdict: a pool kept up when, as the orders stopped, no more than one payment's worth of orders
    (arrival x latency) waited and the visible queue was not growing by more than `growth_tolerance` of the arrival
    rate. Either alone misleads: a pool a few percent short leaves a small queue after a short sale that still grows
    without bound in a long one. None when the series lacks either figure."""
    if visible_at_end is None or growth_per_s is None:
        return None
    return visible_at_end <= arrival_per_s * latency_s and growth_per_s <= growth_tolerance * arrival_per_s


# ---- the assignment's premise and the long sale ---------------------------------------------------------


def sync_premise(permits, latency_s, demand_per_s):
    """The sync endpoint against a demand: what it pays at most and what it cannot take each second."""
    capacity = sync_capacity(permits, latency_s)
    return {"capacity_per_s": capacity, "lost_per_s": max(0.0, demand_per_s - capacity),
            "lost_share": max(0.0, 1 - capacity / demand_per_s) if demand_per_s > 0 else 0.0}


def long_sale(arrival_per_s, rate_per_s, duration_s, retention_s):
    """A sale of `duration_s` at `arrival_per_s` against a pool paying `rate_per_s`, on a queue that deletes messages
    older than `retention_s`. Returns the backlog when the sale ends, the time to drain it at the rate (from the end of
    the sale, ignoring expiry), the orders that expire unpaid, and the longest any order waits.

    Expiry, served oldest first (SQS standard queues only roughly keep that order): the pool is busy from the start,
    so by the time the oldest waiting order reaches the retention age it has paid rate x retention orders of the
    backlog; from then on it pays orders exactly as old as the retention while the rest of each second's arrivals
    expire. Expired = backlog - rate x retention, when positive."""
    backlog = max(0.0, (arrival_per_s - rate_per_s) * duration_s)
    drain = drain_time(backlog, rate_per_s) if backlog else 0.0
    expired = max(0.0, backlog - rate_per_s * retention_s) if backlog else 0.0
    # The last order of the sale waits longest, oldest first: it is paid when the backlog ahead of it is, drain_s later.
    return {"backlog": backlog, "drain_s": drain, "expired": expired,
            "oldest_wait_s": min(drain, retention_s) if backlog else 0.0}


def full_scale_rate(measured_per_s, units, latency_s, k):
    """A rate measured at time scale k (units per payment of latency_s / k, e.g. workers or permits) converted back to
    full scale without doubling the per-payment overhead. measured / k assumes every part of a payment's time scales;
    the overhead beside the payment (receive, delete, hand-over) does not, so measured / k counts it k times. Here the
    overhead is taken as the measured time per payment minus the scaled latency, and added once to the full latency."""
    if not measured_per_s or not units:
        return None
    per_payment = units / measured_per_s
    overhead = per_payment - latency_s / k
    return units / (latency_s + overhead)
