"""The contract fuzz while the gateway replicas are killed and restarted (issue 23).

The same schemathesis cases as test_openapi_contract.py run through nginx while a thread kills
(SIGKILL) and restarts the three gateway replicas in turn. Every answer must be one the document
describes, or a clean 502/503 in the standard error shape (nginx answers a request whose replica
died mid-way, and does not pass a POST on to another replica); never another 5xx, and never a
broken answer (a connection cut without an answer, a truncated or non-JSON body).
"""
import threading
import time

import pytest
import requests
from hypothesis import HealthCheck, Phase, settings

from realtime_client import stack_command
from test_faults import _wait_ready
from test_openapi_contract import CHECKS, World, schema, session


class LostAnswer(Exception):
    """A call that works once was retried after its first answer died with a replica, and the
    first attempt had already used it up (a TOTP code is accepted once)."""


class RestartingWorld(World):
    """The contract test's world, whose own set-up calls try again after a clean 502/503 (they
    run during restarts too; a real client would)."""

    # Calls a retry cannot repeat: the first attempt may have run to the end on the server.
    ONCE_ONLY = ("/api/v1/auth/2fa/enable",)

    def user(self, two_factor=False):
        """A fresh account; when its second factor's enabling answer was lost, a real client
        waits for the next code, and the set-up starts again with a new account instead."""
        for _ in range(5):
            try:
                return super().user(two_factor=two_factor)
            except LostAnswer:
                continue
        raise AssertionError("five accounts in a row lost their 2FA enabling answer")

    def call(self, method, path, body=None, token=None):
        retried = False
        for _ in range(20):
            headers = {"Authorization": "Bearer " + token} if token else {}
            response = session().request(method, self.base + path, json=body, headers=headers, timeout=30)
            if response.status_code not in (502, 503):
                if retried and path == "/api/v1/auth/register" and response.status_code == 409:
                    # The first attempt registered the account; its answer died with the replica.
                    pair = self.call("POST", "/api/v1/auth/login", {"email": body["email"], "password": body["password"]})
                    pair["user"] = self.call("GET", "/api/v1/users/me", token=pair["access_token"])
                    return pair
                if retried and response.status_code >= 400 and path in self.ONCE_ONLY:
                    raise LostAnswer("%s %s answered %d after a retry" % (method, path, response.status_code))
                assert response.status_code < 300, (method, path, response.status_code, response.text)
                return response.json() if response.content else None
            retried = True
            time.sleep(0.25)
        raise AssertionError("%s %s: no answer but 502/503 for 5 s" % (method, path))

    def upload(self, token):
        for _ in range(20):
            response = session().post(self.base + "/api/v1/conversions", files={"file": ("contract.jar", self.jar(), "application/java-archive")},
                                      headers={"Authorization": "Bearer " + token}, timeout=60)
            if response.status_code not in (502, 503):
                assert response.status_code == 202, response.text
                return response.json()["id"]
            time.sleep(0.25)
        raise AssertionError("uploads answered only 502/503 for 5 s")


class Restarts(threading.Thread):
    """Kills and restarts gateway 1, 2, 3, 1, … until stopped."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack = stack
        self.stop = threading.Event()
        self.count = 0
        self.failure = None
        self.clean = 0
        self.documented = 0

    def run(self):
        index = 0
        try:
            while not self.stop.is_set():
                replica = index % 3 + 1
                stack_command(self.stack, "kill-service", "gateway", str(replica))
                self.stop.wait(0.5)
                stack_command(self.stack, "start-services")
                _wait_ready(self.stack, "gateway", replica)
                self.count += 1
                index += 1
                self.stop.wait(1.0)
        except Exception as error:  # noqa: BLE001 - reported by the last test
            self.failure = error


@pytest.fixture(scope="module")
def world(stack, sql):
    return RestartingWorld(stack, sql)


@pytest.fixture(scope="module")
def restarts(stack, world):
    thread = Restarts(stack)
    thread.start()
    yield thread
    thread.stop.set()
    thread.join(timeout=120)
    stack_command(stack, "start-services")
    for replica in (1, 2, 3):
        _wait_ready(stack, "gateway", replica)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
def test_every_answer_is_documented_or_a_clean_restart_error(case, world, restarts):
    label = "%s %s" % (case.operation.method.upper(), case.operation.path)
    token = world.prepare(case, label)
    headers = {"Authorization": "Bearer " + token} if case.operation.definition.raw.get("security") != [] else {}
    try:
        response = case.call(base_url=world.base, session=session(), headers=headers, timeout=30)
    except requests.exceptions.RequestException as error:
        pytest.fail("%s: no whole answer during a gateway restart: %s" % (label, error))
    world.statuses[label][response.status_code] += 1
    if response.status_code in (502, 503):
        body = response.json()  # a non-JSON (e.g. truncated) body fails here
        assert body["error"]["code"] and body["error"]["message"], body
        restarts.clean += 1
        return
    case.validate_response(response, checks=CHECKS)
    restarts.documented += 1


def test_the_gateways_were_restarted_throughout(restarts):
    print("\ncontract under restarts: %d gateway restarts; %d answers as documented, %d clean 502/503"
          % (restarts.count, restarts.documented, restarts.clean))
    assert restarts.failure is None, restarts.failure
    assert restarts.count >= 3, "fewer than one restart per replica happened during the fuzz"
    assert restarts.documented > 100
