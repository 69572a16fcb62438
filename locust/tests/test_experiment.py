"""The experiment's phases that reconfigure the system: the assignment's premise, one payment permit and one worker."""

import unittest

import experiment


class FakeSystem:

    def __init__(self, calls):
        self.calls = calls

    def restart_order_api(self, sync_permits):
        self.calls.append(sync_permits)


class PremisePhaseTest(unittest.TestCase):

    def setUp(self):
        self.run = experiment.Experiment.__new__(experiment.Experiment)
        self.calls = []
        self.run.system = FakeSystem(self.calls)
        self.run.warm_up = lambda run_time_s, rate=None: self.calls.append("async warm-up")
        self.run.run_locust = lambda label, user_class, *_, **__: self.calls.append((label, user_class))
        self.run.options = experiment.parse_args([])
        self.run.scale = experiment.Scale(2.0)
        self.measured = []

    def measure(self, label, user_class, scenario, stop_timeout_s, sync_permits):
        # What the order API ran with while the phase was measured.
        self.measured.append((label, list(self.run.system.calls), sync_permits))
        return {"name": label}

    def test_the_order_api_runs_the_phase_with_one_permit_and_gets_its_own_back(self):
        self.run.measure_customers = self.measure
        self.run.customer_phase("sync-premise", "SyncOrderUser", "flash", sync_permits=experiment.PREMISE_SYNC_PERMITS)
        warm_up = ["async warm-up", ("warmup-sync", "SyncOrderUser")]
        self.assertEqual(self.measured, [("sync-premise", [1] + warm_up, 1)])
        # Each restart is warmed up before anything is measured on it: the restarted application starts cold.
        self.assertEqual(self.calls, [1] + warm_up + [None] + warm_up)

    def test_a_failed_phase_still_restores_the_permits(self):
        def fail(*_):
            raise RuntimeError("locust failed")
        self.run.measure_customers = fail
        with self.assertRaises(RuntimeError):
            self.run.customer_phase("sync-premise", "SyncOrderUser", "flash", sync_permits=1)
        self.assertEqual([call for call in self.calls if not isinstance(call, (str, tuple))], [1, None])

    def test_other_phases_leave_the_order_api_alone(self):
        self.run.measure_customers = self.measure
        self.run.customer_phase("sync-flash", "SyncOrderUser", "flash")
        self.assertEqual(self.calls, [])

    def test_the_premise_group_runs_by_default(self):
        self.assertIn("premise", experiment.parse_args([]).phases.split(","))

    def test_the_premise_group_measures_the_single_worker_unless_the_async_group_does(self):
        # Its time to clear the backlog is the one-worker phase's; alone, the group runs that phase itself.
        self.assertTrue(experiment.premise_needs_its_worker_phase({"premise"}, [180, 200]))
        self.assertTrue(experiment.premise_needs_its_worker_phase({"premise", "async"}, [180, 200]))
        self.assertFalse(experiment.premise_needs_its_worker_phase({"premise", "async"}, [1, 5, 20]))


if __name__ == "__main__":
    unittest.main()


class WarRoomAddressTest(unittest.TestCase):

    def test_a_local_run_prints_the_page_itself(self):
        self.assertEqual("http://localhost:9080/dashboard", experiment.war_room_address("http://localhost:9080/", True))

    def test_a_run_against_aws_says_the_page_is_not_public(self):
        address = experiment.war_room_address("http://alb.example", False)
        self.assertTrue(address.startswith("http://alb.example/dashboard"))
        self.assertIn("not routed by the load balancer", address)
