"""The local stack's process supervisor (Debian's supervisord, one per stack): a replica that
crashes is started again without anyone asking; one that is stopped stays stopped until
`start-services`; every process logs to a file of its own; `status` lists them all."""
import http.client
import os
import time

from realtime_client import replica_pid, stack_command


def _ready(stack, name, index):
    port = int(stack["%s_PORTS" % name.upper().replace("-", "_")].split()[index - 1])
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/health/ready")
        return connection.getresponse().status == 200
    except OSError:
        return False


def _wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("%s: not within %d s" % (what, seconds))


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def test_a_crashed_replica_is_started_again_by_the_supervisor(stack):
    before = replica_pid(stack, "gateway", 3)
    stack_command(stack, "kill-service", "gateway", "3")
    assert not _alive(before)
    # No start-services: the supervisor sees the crash and starts the replica again.
    _wait(lambda: replica_pid(stack, "gateway", 3) != before and _ready(stack, "gateway", 3), 30, "gateway-3 back after a crash")
    assert _alive(replica_pid(stack, "gateway", 3))


def test_a_stopped_replica_stays_stopped_until_start_services(stack):
    try:
        stack_command(stack, "stop-service", "conversion", "2")
        stopped = replica_pid(stack, "conversion", 2)
        assert not _alive(stopped)
        time.sleep(2.5)  # longer than the supervisor takes to restart a crashed replica (startsecs 1)
        assert not _ready(stack, "conversion", 2)
        assert replica_pid(stack, "conversion", 2) == stopped
    finally:
        stack_command(stack, "start-services")
    _wait(lambda: _ready(stack, "conversion", 2), 30, "conversion-2 after start-services")


def test_status_lists_every_process_and_each_logs_to_its_own_file(stack):
    status = stack_command(stack, "status")
    replicas = ["%s-%d" % (name, index + 1) for name in ("gateway", "auth", "conversion", "ai-engine", "realtime")
                for index in range(len(stack["%s_PORTS" % name.upper().replace("-", "_")].split()))]
    for replica in replicas:
        line = next((line for line in status.splitlines() if line.startswith("services:%s " % replica)), None)
        assert line and "RUNNING" in line, (replica, status)
        log = os.path.join(stack["STACK_DIR"], "logs", replica + ".log")
        assert os.path.getsize(log) > 0, log
    for name in ("prometheus", "alertmanager", "mail-sink", "postgres-exporter"):
        assert "support:%s " % name in status, status
