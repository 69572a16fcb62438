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
