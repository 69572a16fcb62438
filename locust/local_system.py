"""Starts and stops flash-orders on this machine outside dev mode: the local services (ElasticMQ, and whatever
else the local-services jar starts) and the Liberty server with both WARs, on ports of your choice.

Used by locust/experiment.py and locust/smoke.py. The Liberty runtime is the one Maven installs under
liberty-config/target/liberty/wlp; the server itself lives in its own user directory (default
target/local-system/wlp-usr), so it never touches the dev-mode or test servers.

Every setting goes into the environment of every process started here (the local-services jar and Liberty),
so a setting reaches whichever process reads it. The worker count can also be changed on a running server
(restart_processor): it writes the MicroProfile Config key processor.workers as a server.xml variable in
configDropins/overrides and restarts the processor application only.
"""

import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_NAME = "flash-orders"
READY_PREFIX = "local services ready:"
SERVICES_JAR_GLOB = "local-services-*-all.jar"
LOCUST = "/usr/bin/locust"
LOCUSTFILE = os.path.join("locust", "locustfile.py")
SCENARIOS = os.path.join(ROOT, "locust", "scenarios")
# The project's Liberty user feature that common.xml enables (liberty-errors/), unpacked into the server's user
# directory like every other runtime the project starts.
EXTENSION = "liberty-errors/target/liberty-errors-extension.zip"
WARS = {"order-war.war": "order-war/target/order-war.war",
        "processor-war.war": "processor-war/target/processor-war.war"}
CONFIG_FILES = ["server.xml", "common.xml", "processor.xml"]
WORKERS_OVERRIDE = "experiment-workers.xml"


class LocalSystemError(RuntimeError):
    """The local system could not be built, started or reconfigured."""


def run(command, log=None, env=None):
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None)
    if result.returncode != 0:
        raise LocalSystemError("command failed ({}): {}".format(result.returncode, " ".join(command)))


def port_in_use(port, host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def parse_ready_line(line):
    """'local services ready: sqs=http://localhost:9424 payments=http://...' -> {'sqs': 'http://...', ...}"""
    if READY_PREFIX not in line:
        return None
    return dict(re.findall(r"([A-Za-z0-9_.-]+)=(\S+)", line.split(READY_PREFIX, 1)[1]))


# The local services' ready line names each service; Liberty reads its endpoint from these variables (see
# liberty-config's server.xml and docs/configuration.md).
ENDPOINT_VARIABLES = {"sqs": "AWS_ENDPOINT", "payments": "PAYMENT_PROVIDER_URL", "dynamodb": "AWS_DYNAMODB_ENDPOINT",
                      "redis": "SALES_REDIS_URI"}


def endpoint_environment(services):
    """The environment variables that point Liberty at the local services, from the ready line's name=endpoint pairs.

    A service this module does not know is an error: Liberty would silently fall back to its default endpoint."""
    unknown = sorted(set(services) - set(ENDPOINT_VARIABLES))
    if unknown:
        raise LocalSystemError("the local services started {} that local_system.py does not know how to pass to "
                               "Liberty: add them to ENDPOINT_VARIABLES".format(", ".join(unknown)))
    return {ENDPOINT_VARIABLES[name]: endpoint for name, endpoint in services.items()}


class LocalSystem:
    """The local services and one Liberty server running both WARs."""

    def __init__(self, http_port, queue_port, settings, work_dir=None, log_dir=None, core_threads=None):
        self.http_port = http_port
        self.queue_port = queue_port
        self.settings = {key: str(value) for key, value in settings.items()}
        self.work_dir = os.path.abspath(work_dir or os.path.join(ROOT, "target", "local-system"))
        self.log_dir = os.path.abspath(log_dir or self.work_dir)
        self.user_dir = os.path.join(self.work_dir, "wlp-usr")
        self.server_dir = os.path.join(self.user_dir, "servers", SERVER_NAME)
        self.wlp = os.path.join(ROOT, "liberty-config", "target", "liberty", "wlp")
        self.services_process = None
        self.services = {}
        self.liberty_started = False
        self.workers = int(self.settings.get("PROCESSOR_WORKERS", "1"))
        self.sync_permits = None  # None: the environment's ORDERS_SYNC_PERMITS
        self.core_threads = core_threads

    @property
    def base_url(self):
        return "http://localhost:{}".format(self.http_port)

    # ---- building -------------------------------------------------------------------------------

    def artifacts_missing(self):
        missing = [path for path in WARS.values() if not os.path.isfile(os.path.join(ROOT, path))]
        if not self.services_jar():
            missing.append("local-services/target/" + SERVICES_JAR_GLOB)
        if not os.path.isfile(os.path.join(ROOT, EXTENSION)):
            missing.append(EXTENSION)
        if not os.path.isfile(os.path.join(self.wlp, "bin", "server")):
            missing.append("liberty-config/target/liberty/wlp (the Liberty runtime)")
        return missing

    def build(self, force=False):
        """Builds the WARs and the local-services jar and installs the Liberty runtime, unless all are there."""
        missing = self.artifacts_missing()
        if not force and not missing:
            return False
        os.makedirs(self.log_dir, exist_ok=True)
        with open(os.path.join(self.log_dir, "build.log"), "w") as log:
            run(["mvn", "-B", "-q", "install", "-DskipTests"], log)
            run(["mvn", "-B", "-q", "-pl", "liberty-config", "liberty:install-server"], log)
        return True

    def services_jar(self):
        folder = os.path.join(ROOT, "local-services", "target")
        if not os.path.isdir(folder):
            return None
        jars = sorted(glob.glob(os.path.join(folder, SERVICES_JAR_GLOB)))
        return jars[-1] if jars else None

    # ---- environment ----------------------------------------------------------------------------

    def environment(self):
        env = dict(os.environ)
        env.update(self.settings)
        # The payment provider, DynamoDB Local and redis-server take the three ports after the queue's, so that a run
        # beside ./run-local.sh or the tests (9324-9326 and 6379, 9334-9337) does not clash with them.
        queue, payments, dynamodb, redis = self.service_ports()
        env.update({"HTTP_PORT": str(self.http_port), "QUEUE_PORT": str(queue),
                    "PAYMENT_PORT": str(payments), "DYNAMODB_PORT": str(dynamodb), "REDIS_PORT": str(redis),
                    "PROCESSOR_WORKERS": str(self.workers), "WLP_USER_DIR": self.user_dir})
        env.update(endpoint_environment(self.services))
        return env

    def service_ports(self):
        """The queue's port and the three after it: the payment provider's, DynamoDB Local's and redis-server's."""
        return self.queue_port, self.queue_port + 1, self.queue_port + 2, self.queue_port + 3

    def check_ports_free(self):
        busy = [port for port in (self.http_port,) + self.service_ports() if port_in_use(port)]
        if busy:
            raise LocalSystemError("something already listens on port(s) {}: stop it or choose other ports".format(
                ", ".join(map(str, busy))))

    # ---- local services -------------------------------------------------------------------------

    def start_services(self, timeout=120):
        jar = self.services_jar()
        os.makedirs(self.log_dir, exist_ok=True)
        log_path = os.path.join(self.log_dir, "local-services.log")
        log = open(log_path, "w")
        self.services_process = subprocess.Popen(["java", "-jar", jar, str(self.queue_port)], cwd=ROOT,
                                                 env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(log_path) as text:
                for line in text:
                    services = parse_ready_line(line)
                    if services is not None:
                        self.services = services
                        print(line.strip(), flush=True)
                        return services
            if self.services_process.poll() is not None:
                raise LocalSystemError("local services stopped at start; see " + log_path)
            time.sleep(0.3)
        raise LocalSystemError("local services not ready after {} s; see {}".format(timeout, log_path))

    def stop_services(self):
        if self.services_process and self.services_process.poll() is None:
            self.services_process.terminate()
            try:
                self.services_process.wait(20)
            except subprocess.TimeoutExpired:
                self.services_process.kill()
                self.services_process.wait()
        self.services_process = None

    # ---- Liberty ----------------------------------------------------------------------------------

    def prepare_server(self):
        """A fresh server directory: the configuration from liberty-config and the two WARs in dropins."""
        if os.path.isdir(self.user_dir):
            shutil.rmtree(self.user_dir)
        os.makedirs(os.path.join(self.server_dir, "dropins"))
        os.makedirs(os.path.join(self.server_dir, "configDropins", "overrides"))
        config = os.path.join(ROOT, "liberty-config", "src", "main", "liberty", "config")
        for name in CONFIG_FILES:
            shutil.copy(os.path.join(config, name), self.server_dir)
        for name, path in WARS.items():
            shutil.copy(os.path.join(ROOT, path), os.path.join(self.server_dir, "dropins", name))
        with zipfile.ZipFile(os.path.join(ROOT, EXTENSION)) as extension:
            extension.extractall(self.user_dir)
        self.write_workers_override(self.workers)

    def write_workers_override(self, workers, sync_permits=None):
        """The worker count as a server.xml variable, which Liberty and MicroProfile Config both read. With
        core_threads set, the server's executor is pinned to that many core threads as well: a live change of the
        variable does not resize the executor in time (see docs/development.md)."""
        lines = ['<server>',
                 '    <!-- Written by locust/local_system.py: the worker count of this phase. -->',
                 '    <variable name="processor.workers" value="{}"/>'.format(workers)]
        permits = sync_permits if sync_permits is not None else self.sync_permits
        if permits is not None:
            lines.append('    <variable name="orders.sync.permits" value="{}"/>'.format(permits))
        if self.core_threads:
            lines.append('    <executor coreThreads="{}"/>'.format(self.core_threads))
        lines.append('</server>')
        path = os.path.join(self.server_dir, "configDropins", "overrides", WORKERS_OVERRIDE)
        with open(path + ".tmp", "w") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(path + ".tmp", path)

    def server_command(self, action):
        return [os.path.join(self.wlp, "bin", "server"), action, SERVER_NAME]

    def start_liberty(self, timeout=240):
        self.prepare_server()
        with open(os.path.join(self.log_dir, "liberty-console.log"), "a") as log:
            run(self.server_command("start"), log, env=self.environment())
        self.liberty_started = True
        self.wait_ready(timeout)
        self.check_features()

    def check_features(self):
        """Liberty starts without a feature it cannot find (CWWKF0001E) and only logs it: a run must not go on so."""
        log = os.path.join(self.user_dir, "servers", SERVER_NAME, "logs", "messages.log")
        with open(log, errors="replace") as text:
            missing = [line.strip() for line in text if "CWWKF0001E" in line]
        if missing:
            raise LocalSystemError("Liberty started without a feature: " + missing[0])

    def liberty_pid(self):
        try:
            with open(os.path.join(self.user_dir, "servers", ".pid", SERVER_NAME + ".pid")) as text:
                return int(text.read().strip())
        except (OSError, ValueError):
            return None

    def stop_liberty(self):
        if self.liberty_started:
            with open(os.path.join(self.log_dir, "liberty-console.log"), "a") as log:
                try:
                    run(self.server_command("stop"), log, env=self.environment())
                except LocalSystemError as e:
                    print("warning: " + str(e), flush=True)
            self.liberty_started = False

    def start(self):
        self.check_ports_free()
        self.start_services()
        self.start_liberty()

    def stop(self):
        # The queue server first: the processor's long polls then end at once, and Liberty stops in seconds
        # instead of waiting out a 20 s poll.
        self.stop_services()
        self.stop_liberty()

    # ---- reading the server -------------------------------------------------------------------------

    def get(self, path, timeout=5):
        with urllib.request.urlopen(self.base_url + path, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")

    def ready(self):
        try:
            status, _ = self.get("/health/ready", timeout=3)
            return status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return
            time.sleep(0.5)
        raise LocalSystemError("the server on {} was not ready after {} s; see {}".format(
            self.base_url, timeout, os.path.join(self.server_dir, "logs", "messages.log")))

    def metrics(self):
        """The application's metrics as {name{labels}: value}, e.g. 'payments_completed_total{owner="processor"}'."""
        _, text = self.get("/metrics?scope=application")
        return parse_prometheus(text)

    # ---- reconfiguring ----------------------------------------------------------------------------

    def restart_processor(self, workers, timeout=120):
        """Restarts the processor application (only it) with a worker count, read through MicroProfile Config."""
        self.write_workers_override(workers)
        self.restart_application("processor-war", lambda: self.metrics().get("processor_workers") == workers,
                                 "with {} workers".format(workers), timeout)
        self.workers = workers

    def restart_order_api(self, sync_permits, timeout=120):
        """Restarts the order API application (only it) with the sync endpoint's payment permits, read through
        MicroProfile Config like the worker count. None goes back to the environment's setting."""
        self.sync_permits = sync_permits
        self.write_workers_override(self.workers)
        self.restart_application("order-war", lambda: True, "with {} sync permits".format(
            sync_permits if sync_permits is not None else "the usual"), timeout)

    def restart_application(self, application, configured, what, timeout):
        """Restarts one application of the server (touching its WAR) after its override was written, and waits until
        Liberty has started it again, `configured()` holds and the server is ready."""
        restarts = self.application_starts(application)
        time.sleep(1.0)  # let Liberty take in the new variables before the application restarts
        os.utime(os.path.join(self.server_dir, "dropins", application + ".war"), None)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.application_starts(application) > restarts and configured() and self.ready():
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise LocalSystemError("{} did not come back {} within {} s".format(application, what, timeout))

    def application_starts(self, application):
        """How often an application (e.g. "processor-war") has been updated (restarted), from Liberty's CWWKZ0003I
        messages."""
        try:
            with open(os.path.join(self.server_dir, "logs", "messages.log"), errors="replace") as text:
                return sum(1 for line in text if "CWWKZ0003I" in line and application in line)
        except OSError:
            return 0


def run_locust(arguments, summary_path, log=None, locustfile=None):
    """Runs Locust headless with the project's locustfile and the given arguments (scenario, host, user class...),
    from the repository root; returns (summary from the request events, exit code, Locust's CPU seconds). Its output
    goes to log, a file, or to this process's output."""
    if os.path.exists(summary_path):
        os.remove(summary_path)
    command = [LOCUST, "-f", locustfile or LOCUSTFILE] + list(arguments) + ["--summary-json", summary_path]
    if log is None:
        print("$ " + " ".join(command), flush=True)
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT if log else None)
    _, status, usage = os.wait4(process.pid, 0)
    exit_code = os.waitstatus_to_exitcode(status)
    if not os.path.exists(summary_path):
        raise LocalSystemError("Locust exited {} without writing its summary{}".format(
            exit_code, "; see " + log.name if log else ""))
    with open(summary_path) as text:
        return json.load(text), exit_code, usage.ru_utime + usage.ru_stime


def parse_prometheus(text):
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not match:
            continue
        name, labels, value = match.groups()
        kept = ",".join(part for part in re.findall(r'[a-zA-Z_]+="[^"]*"', labels or "")
                        if not part.startswith("mp_scope="))
        try:
            values[name + ("{" + kept + "}" if kept else "")] = float(value)
        except ValueError:
            pass
    return values


def stop_on_sigterm():
    """Turns SIGTERM into KeyboardInterrupt, so that a terminated script stops what it started, as Ctrl+C does."""
    def interrupt(signum, _frame):
        raise KeyboardInterrupt("signal {}".format(signum))
    signal.signal(signal.SIGTERM, interrupt)
