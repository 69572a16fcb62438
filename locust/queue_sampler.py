#!/usr/bin/python3
"""Samples the order queue's depth (visible, in flight) and its dead-letter queue's, writing a CSV time series.

The same code reads the local queue server and AWS: give --endpoint for ElasticMQ, leave it out (or empty)
for SQS itself, which then uses boto3's default credential chain and --region.

    /usr/bin/python3 locust/queue_sampler.py --endpoint http://localhost:9424 --out depth.csv
    /usr/bin/python3 locust/queue_sampler.py --region us-east-1 --duration 600 --out depth.csv   # AWS

Columns: unix_time, elapsed_s, visible, in_flight, delayed, dlq_visible, dlq_in_flight, plus any columns of
extra probes (locust/experiment.py adds the processor's payments counter and its CPU and memory). A queue that
cannot be read gives -1 in its columns for that sample. SQS's counts are approximate and AWS refreshes them
about once a minute in CloudWatch, but GetQueueAttributes (what this reads) answers from the queue itself.
"""

import argparse
import csv
import os
import sys
import threading
import time

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ORDER_QUEUE = "order-processing-queue"
DEAD_LETTER_QUEUE = "order-processing-dlq"
QUEUE_COLUMNS = ["visible", "in_flight", "delayed", "dlq_visible", "dlq_in_flight"]
COUNT_ATTRIBUTES = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed"]


def sqs_client(endpoint=None, region=None):
    """An SQS client for ElasticMQ (endpoint given; unsigned) or for AWS (default chain)."""
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    config = Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=2, read_timeout=5)
    if endpoint:
        # The local queue server reads no signature: requests go unsigned, as the Java clients' anonymous ones do.
        return boto3.client("sqs", endpoint_url=endpoint, region_name=region,
                            config=config.merge(Config(signature_version=UNSIGNED)))
    return boto3.client("sqs", region_name=region, config=config)


class Queues:
    """The order queue and its dead-letter queue, by name."""

    def __init__(self, client, queue_name=ORDER_QUEUE, dlq_name=DEAD_LETTER_QUEUE):
        self.client = client
        self.queue_url = client.get_queue_url(QueueName=queue_name)["QueueUrl"]
        self.dlq_url = client.get_queue_url(QueueName=dlq_name)["QueueUrl"] if dlq_name else None

    def counts(self, url):
        """(visible, in flight, delayed) of one queue, or (-1, -1, -1) when it cannot be read."""
        if url is None:
            return (0, 0, 0)
        try:
            attributes = self.client.get_queue_attributes(QueueUrl=url, AttributeNames=COUNT_ATTRIBUTES)["Attributes"]
            return tuple(int(attributes.get(name, 0)) for name in COUNT_ATTRIBUTES)
        except (BotoCoreError, ClientError):
            return (-1, -1, -1)

    def depth(self):
        visible, in_flight, delayed = self.counts(self.queue_url)
        dlq_visible, dlq_in_flight, _ = self.counts(self.dlq_url)
        return {"visible": visible, "in_flight": in_flight, "delayed": delayed,
                "dlq_visible": dlq_visible, "dlq_in_flight": dlq_in_flight}

    def purge(self):
        """Empties both queues. SQS allows one purge a minute per queue and takes up to a minute to apply it;
        a purge still in progress counts as done."""
        for url in (self.queue_url, self.dlq_url):
            if url:
                try:
                    self.client.purge_queue(QueueUrl=url)
                except ClientError as e:
                    if "PurgeQueueInProgress" not in e.response.get("Error", {}).get("Code", ""):
                        raise


class QueueSampler:
    """Reads the queues every `interval` seconds on a background thread and keeps (and optionally writes) the rows.

    `probes` are callables returning a dict of extra columns for each sample (their names in `probe_columns`).
    """

    def __init__(self, queues, interval=1.0, out_path=None, probes=(), probe_columns=()):
        self.queues = queues
        self.interval = interval
        self.out_path = out_path
        self.probes = list(probes)
        self.columns = ["unix_time", "elapsed_s"] + QUEUE_COLUMNS + list(probe_columns)
        self.rows = []
        self._stop = threading.Event()
        self._thread = None
        self._out = None
        self._writer = None
        self.started_at = None

    def sample(self):
        now = time.time()
        row = {"unix_time": round(now, 3), "elapsed_s": round(now - self.started_at, 3)}
        row.update(self.queues.depth())
        for probe in self.probes:
            row.update(probe())
        self.rows.append(row)
        if self._writer:
            self._writer.writerow(row)
            self._out.flush()
        return row

    def _run(self):
        next_at = time.monotonic()
        while not self._stop.is_set():
            self.sample()
            next_at += self.interval
            # Keep the schedule; if a read took longer than the interval, sample again at once.
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def start(self):
        self.started_at = time.time()
        if self.out_path:
            self._out = open(self.out_path, "w", newline="", encoding="utf-8")
            self._writer = csv.DictWriter(self._out, fieldnames=self.columns, extrasaction="ignore")
            self._writer.writeheader()
        self._thread = threading.Thread(target=self._run, name="queue-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join()
        if self._out:
            self._out.close()
        return self.rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT", ""),
                        help="Queue endpoint, e.g. http://localhost:9424 (default: $AWS_ENDPOINT; empty: AWS itself)")
    parser.add_argument("--region", default=None, help="AWS region (default: $AWS_REGION, else us-east-1)")
    parser.add_argument("--queue", default=ORDER_QUEUE, help="Order queue name")
    parser.add_argument("--dlq", default=DEAD_LETTER_QUEUE, help="Dead-letter queue name ('' for none)")
    parser.add_argument("--interval", type=float, default=1.0, help="Seconds between samples (default 1)")
    parser.add_argument("--duration", type=float, default=0, help="Stop after this many seconds (default: Ctrl+C)")
    parser.add_argument("--out", default="queue-depth.csv", help="CSV file to write")
    options = parser.parse_args(argv)

    queues = Queues(sqs_client(options.endpoint or None, options.region), options.queue, options.dlq or None)
    sampler = QueueSampler(queues, options.interval, options.out).start()
    print("sampling {} every {} s into {}".format(queues.queue_url, options.interval, options.out), file=sys.stderr)
    try:
        if options.duration > 0:
            time.sleep(options.duration)
        else:
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    rows = sampler.stop()
    peak = max((row["visible"] for row in rows), default=0)
    print("{} samples, peak visible {}".format(len(rows), peak), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
