"""Reading local-services' ready line, the environment given to Liberty, and Prometheus text."""

import os
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

from local_system import (WORKERS_OVERRIDE, LocalSystem, LocalSystemError, endpoint_environment, parse_prometheus,
                          parse_ready_line)


class ReadyLineTest(unittest.TestCase):

    def test_one_service(self):
        self.assertEqual(parse_ready_line("local services ready: sqs=http://localhost:9424"),
                         {"sqs": "http://localhost:9424"})

    def test_more_services_in_any_order(self):
        line = "local services ready: payments=http://localhost:9426 sqs=http://localhost:9424 dynamodb=http://localhost:9427\n"
        self.assertEqual(parse_ready_line(line), {"payments": "http://localhost:9426", "sqs": "http://localhost:9424",
                                                  "dynamodb": "http://localhost:9427"})

    def test_other_lines_are_not_ready_lines(self):
        self.assertIsNone(parse_ready_line("INFO starting ElasticMQ sqs=http://localhost:9424"))

    def test_endpointEnvironment_knownServices_areLibertysEndpointVariables(self):
        self.assertEqual(endpoint_environment({"sqs": "http://q", "payments": "http://p", "dynamodb": "http://d",
                                               "redis": "redis://r"}),
                         {"AWS_ENDPOINT": "http://q", "PAYMENT_PROVIDER_URL": "http://p", "AWS_DYNAMODB_ENDPOINT": "http://d",
                          "SALES_REDIS_URI": "redis://r"})

    def test_endpointEnvironment_unknownService_isAnError(self):
        with self.assertRaises(LocalSystemError):
            endpoint_environment({"sqs": "http://q", "cache": "http://c"})


class PrometheusTest(unittest.TestCase):

    def test_labels_other_than_the_scope_are_kept(self):
        text = ("# HELP payments_completed_total Payments made\n"
                'payments_completed_total{mp_scope="application",owner="processor",} 42.0\n'
                'payments_completed_total{mp_scope="application",owner="sync",} 7.0\n'
                'processor_workers{mp_scope="application",} 20.0\n'
                'queue_depth{mp_scope="application",state="visible",} -1.0\n')
        values = parse_prometheus(text)
        self.assertEqual(values['payments_completed_total{owner="processor"}'], 42.0)
        self.assertEqual(values['payments_completed_total{owner="sync"}'], 7.0)
        self.assertEqual(values["processor_workers"], 20.0)
        self.assertEqual(values['queue_depth{state="visible"}'], -1.0)


class OverrideTest(unittest.TestCase):
    """The server.xml variables a phase sets, which Liberty and MicroProfile Config read over the environment."""

    def setUp(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        self.system = LocalSystem(19480, 19424, {"PROCESSOR_WORKERS": "5"}, work_dir=folder)
        os.makedirs(os.path.join(self.system.server_dir, "configDropins", "overrides"))

    def variables(self):
        path = os.path.join(self.system.server_dir, "configDropins", "overrides", WORKERS_OVERRIDE)
        root = ElementTree.parse(path).getroot()
        return {element.get("name"): element.get("value") for element in root.iter("variable")}

    def test_the_worker_count_alone_leaves_the_sync_permits_to_the_environment(self):
        self.system.write_workers_override(20)
        self.assertEqual(self.variables(), {"processor.workers": "20"})

    def test_the_premises_single_permit_is_written_beside_the_worker_count_and_kept(self):
        self.system.write_workers_override(20, sync_permits=1)
        self.assertEqual(self.variables(), {"processor.workers": "20", "orders.sync.permits": "1"})
        self.system.sync_permits = 1
        self.system.write_workers_override(100)
        self.assertEqual(self.variables(), {"processor.workers": "100", "orders.sync.permits": "1"})


if __name__ == "__main__":
    unittest.main()


class FeatureCheckTest(unittest.TestCase):
    """Liberty only logs a feature it cannot find; the run stops instead of going on without it."""

    def setUp(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        self.system = LocalSystem(19480, 19424, {}, work_dir=folder)
        self.logs = os.path.join(self.system.user_dir, "servers", "flash-orders", "logs")
        os.makedirs(self.logs)

    def write_log(self, *lines):
        with open(os.path.join(self.logs, "messages.log"), "w") as log:
            log.write("\n".join(lines) + "\n")

    def test_everyFeatureFound_passes(self):
        self.write_log("[AUDIT   ] CWWKF0012I: The server installed the following features: [usr:flashOrdersErrors-1.0].")
        self.system.check_features()

    def test_aMissingFeature_stopsTheRun(self):
        self.write_log("[ERROR   ] CWWKF0001E: A feature definition could not be found for usr:flashOrdersErrors-1.0")
        with self.assertRaises(LocalSystemError) as raised:
            self.system.check_features()
        self.assertIn("usr:flashOrdersErrors-1.0", str(raised.exception))
