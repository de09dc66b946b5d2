"""Shared fixtures for the independent-client tests: they read the test stack's stack.env and
talk to the platform through nginx like any outside client would, with Python's own HTTP, JWT and
bcrypt implementations (never the project's Swift code)."""
import http.client
import json
import os
import random
import subprocess
import uuid

import pytest


def read_stack_env(folder):
    """The `stack.env` a `scripts/stack.sh up` wrote into `folder`, as a dict."""
    values = {}
    with open(os.path.join(folder, "stack.env")) as handle:
        for line in handle:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value
    return values


def _stack_env():
    folder = os.environ.get("MODPORTER_TEST_STACK")
    if not folder:
        pytest.fail("MODPORTER_TEST_STACK is not set (run through `make test`)")
    return read_stack_env(folder)


@pytest.fixture(scope="session")
def stack():
    return _stack_env()


class Client:
    """HTTP through nginx from a loopback address of the test's own, so per-address limits
    never mix tests."""

    def __init__(self, port):
        self.port = port
        self.source = "127.0.%d.%d" % (random.randint(1, 254), random.randint(2, 254))

    def call(self, method, path, body=None, token=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return response.status, dict(response.getheaders()), data


@pytest.fixture
def client(stack):
    return Client(int(stack["NGINX_HTTP_PORT"]))


@pytest.fixture
def email():
    return "py-%s@example.com" % uuid.uuid4().hex[:12]


@pytest.fixture(scope="session")
def sql(stack):
    """Runs one SQL query as the database owner with the stack's own psql; returns the rows."""

    def run(query, *parameters):
        command = [os.path.join(stack["PG_BIN"], "psql"), "-h", "127.0.0.1", "-p", stack["PG_PORT"], "-U", stack["PG_OWNER_USER"],
                   "-d", stack["DB_NAME"], "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1"]
        for index, parameter in enumerate(parameters):
            command += ["-v", "p%d=%s" % (index + 1, parameter)]
        result = subprocess.run(command, input=query, capture_output=True, text=True, env={"PGPASSWORD": stack["PG_OWNER_PASSWORD"], "PATH": os.environ.get("PATH", "")}, timeout=30)
        assert result.returncode == 0, result.stderr
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    return run
