"""Failover under load: a steady `wrk` load through nginx while one gateway replica is SIGKILLed.
No idempotent request may fail (nginx passes a request whose replica is gone to the next one);
once the replica is restarted, nginx sends it traffic again."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

from realtime_client import account, stack_command

# wrk paces each connection (the edge allows 200 requests/s per address): 4 × one per 20 ms.
PACING = """
function delay()
    return 20
end
"""


def _access_lines(stack, since_offset):
    with open(os.path.join(stack["STACK_DIR"], "logs", "nginx-access.log")) as handle:
        handle.seek(since_offset)
        return [json.loads(line) for line in handle if line.strip()]


def _log_size(stack):
    return os.path.getsize(os.path.join(stack["STACK_DIR"], "logs", "nginx-access.log"))


def test_a_gateway_replica_killed_under_load_fails_no_request(stack):
    assert shutil.which("wrk"), "wrk is installed by scripts/provision.sh"
    ports = stack["GATEWAY_PORTS"].split()
    assert len(ports) == 3
    url = "http://127.0.0.1:%s/api/v1/openapi.json" % stack["NGINX_HTTP_PORT"]
    script = os.path.join(tempfile.mkdtemp(prefix="failover-"), "pacing.lua")
    with open(script, "w") as handle:
        handle.write(PACING)
    start = _log_size(stack)
    load = subprocess.Popen(["wrk", "-t", "2", "-c", "4", "-d", "12s", "--timeout", "5s", "-s", script, url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    killer = threading.Timer(4.0, stack_command, args=(stack, "kill-service", "gateway", "2"))
    killer.start()
    output, _ = load.communicate(timeout=60)
    killer.join()
    try:
        requests_done = int(re.search(r"(\d+) requests in", output).group(1))
        assert requests_done > 300, output
        assert "Non-2xx or 3xx responses" not in output, output
        assert "Socket errors" not in output, output
        entries = [entry for entry in _access_lines(stack, start) if entry["path"] == "/api/v1/openapi.json"]
        # 499: wrk closed a connection with a request in flight when its 12 s ran out (it counts no
        # error for those); every answer a client received was a 200.
        assert all(entry["status"] in (200, 499) for entry in entries), [entry for entry in entries if entry["status"] not in (200, 499)][:5]
        # nginx did retry: some requests name two upstreams, the dead replica first.
        dead = "127.0.0.1:%s" % ports[1]
        retried = [entry for entry in entries if "," in entry["upstream"] and entry["upstream"].startswith(dead)]
        assert retried, "no request was passed on from the killed replica"
    finally:
        stack_command(stack, "start-services")

    # Back in the pool: within nginx's fail_timeout the restarted replica answers again.
    after = _log_size(stack)
    deadline = time.monotonic() + 40
    served_by = set()
    # Waits for every replica, not only the restarted one: the assertion below needs all three, and
    # sequential requests can see the restarted replica before one of the others.
    while time.monotonic() < deadline and not {"127.0.0.1:%s" % port for port in ports} <= served_by:
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        served_by = {entry["upstream"] for entry in _access_lines(stack, after) if entry["path"] == "/api/v1/openapi.json"}
        time.sleep(0.1)
    assert {"127.0.0.1:%s" % port for port in ports} <= served_by, served_by


def _get(stack, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%s%s" % (stack["NGINX_HTTP_PORT"], path), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_platform_that_is_not_ready_never_takes_the_gateways_out_of_nginx(client, stack):
    """A gateway's 503 (a store is down) or 502 (a service behind it is) is the platform's answer,
    the same from every replica, not a failed gateway: counted, it made nginx try all three, disable
    them for fail_timeout and answer every request 502 (seen when a restarted Redis was polled
    through the platform health). Only a refused connection or a time-out counts against a replica."""
    _, token = account(client)
    stack_command(stack, "stop-redis")
    try:
        statuses = [_get(stack, "/api/v1/health")[0] for _ in range(6)]
        assert statuses.count(503) >= 4, statuses  # 6 × 3 replicas: far past max_fails if counted
        # An API route that needs Redis answers 503 from every replica (retrying cannot help), and
        # goes on answering 503 with its Retry-After, never nginx's 502.
        answers = [client.call("GET", "/api/v1/users/me", token=token) for _ in range(6)]
        assert [status for status, _, _ in answers] == [503] * 6, answers
        assert all(body["error"]["code"] == "dependency_unavailable" for _, _, body in answers), answers
        status, body = _get(stack, "/api/v1/openapi.json")  # answered by any gateway, Redis or not
        assert status == 200, body[:300]
    finally:
        stack_command(stack, "start-redis")
    deadline = time.monotonic() + 60
    while _get(stack, "/api/v1/health")[0] != 200:
        assert time.monotonic() < deadline, "the platform did not become ready again after Redis returned"
        time.sleep(0.25)
