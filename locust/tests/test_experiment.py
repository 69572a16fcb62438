"""The experiment's phases that reconfigure the system: the assignment's premise, one payment permit."""

import unittest

import experiment


class FakeSystem:

    def __init__(self):
        self.calls = []

    def restart_order_api(self, sync_permits):
        self.calls.append(sync_permits)


class PremisePhaseTest(unittest.TestCase):

    def setUp(self):
        self.run = experiment.Experiment.__new__(experiment.Experiment)
        self.run.system = FakeSystem()
        self.measured = []

    def measure(self, label, user_class, scenario, stop_timeout_s, sync_permits):
        # What the order API ran with while the phase was measured.
        self.measured.append((label, list(self.run.system.calls), sync_permits))
        return {"name": label}

    def test_the_order_api_runs_the_phase_with_one_permit_and_gets_its_own_back(self):
        self.run.measure_customers = self.measure
        self.run.customer_phase("sync-premise", "SyncOrderUser", "flash", sync_permits=experiment.PREMISE_SYNC_PERMITS)
        self.assertEqual(self.measured, [("sync-premise", [1], 1)])
        self.assertEqual(self.run.system.calls, [1, None])

    def test_a_failed_phase_still_restores_the_permits(self):
        def fail(*_):
            raise RuntimeError("locust failed")
        self.run.measure_customers = fail
        with self.assertRaises(RuntimeError):
            self.run.customer_phase("sync-premise", "SyncOrderUser", "flash", sync_permits=1)
        self.assertEqual(self.run.system.calls, [1, None])

    def test_other_phases_leave_the_order_api_alone(self):
        self.run.measure_customers = self.measure
        self.run.customer_phase("sync-flash", "SyncOrderUser", "flash")
        self.assertEqual(self.run.system.calls, [])

    def test_the_premise_group_runs_by_default(self):
        self.assertIn("premise", experiment.parse_args([]).phases.split(","))


if __name__ == "__main__":
    unittest.main()


class WarRoomAddressTest(unittest.TestCase):

    def test_a_local_run_prints_the_page_itself(self):
        self.assertEqual("http://localhost:9080/dashboard", experiment.war_room_address("http://localhost:9080/", True))

    def test_a_run_against_aws_says_the_page_is_not_public(self):
        address = experiment.war_room_address("http://alb.example", False)
        self.assertTrue(address.startswith("http://alb.example/dashboard"))
        self.assertIn("not routed by the load balancer", address)
