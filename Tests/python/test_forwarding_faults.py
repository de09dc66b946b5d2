"""The gateway's forwarding path when the service behind it misbehaves (issue 23).

A gateway process of the test's own runs in front of a fake service that either closes the
connection as soon as it has read a request's head, or answers before the request's body arrived.
The client sends the head, waits for the fake service to act, then sends the body: before the fix,
the HTTP client's own body-reading task was still waiting on the request when the handler returned,
Hummingbird's keep-alive drain became a second reader of the same stream, and the process trapped
("only allow a single Iterator"). Now every such exchange ends in a complete answer and the
process lives on.
"""
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from realtime_client import account
from conftest import Client


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeService(threading.Thread):
    """Accepts connections; `mode` 'close' reads a request head and closes the connection, 'early'
    answers 400 with a small JSON body as soon as it has a request's head, then reads the body and
    serves the next request on the same connection."""

    def __init__(self, mode):
        super().__init__(daemon=True)
        self.mode = mode
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.heads = []
        self.acted = threading.Event()

    def run(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        buffer = b""
        with connection:
            connection.settimeout(30)
            try:
                while True:
                    while b"\r\n\r\n" not in buffer:
                        chunk = connection.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    lines = head.decode().split("\r\n")
                    self.heads.append(lines[0])
                    if self.mode == "close":
                        self.acted.set()
                        return
                    body = b'{"error":{"code":"refused_early","message":"answered before the body"}}'
                    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                    self.acted.set()
                    # Then reads the rest of the request's body, and serves the next request on the
                    # same (kept-alive) connection.
                    length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), 0)
                    while len(buffer) < length:
                        chunk = connection.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    buffer = buffer[length:]
            except OSError:
                return

    def stop(self):
        self.listener.close()


@pytest.fixture
def lone_gateway(stack):
    """Starts a gateway process in front of a fake service; yields (port, service, process)."""

    def start(mode):
        service = FakeService(mode)
        service.start()
        port = _free_port()
        log = open(os.path.join(stack["STACK_DIR"], "logs", "gateway-faults-%s-%d.log" % (mode, port)), "w")
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"), "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(port), "LOG_LEVEL": "info", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": stack["REDIS_PORT"],
            "REDIS_PASSWORD": stack["REDIS_PASSWORD"], "HEALTH_TARGETS": "gateway@127.0.0.1:%d" % port,
            "AUTH_URL": "http://127.0.0.1:%s/auth" % stack["NGINX_INTERNAL_PORT"], "SERVICE_CLIENT_SECRET": stack["SERVICE_SECRET_GATEWAY"],
            "CONVERSION_URL": "http://127.0.0.1:%d" % service.port, "AI_ENGINE_URL": "http://127.0.0.1:%d" % service.port,
        }
        process = subprocess.Popen([os.path.join(stack["BIN_DIR"], "gateway")], env=environment, stdout=log, stderr=subprocess.STDOUT)
        started.append((process, service, log))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "the gateway stopped at start-up"
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/health/live" % port, timeout=2) as response:
                    if response.status == 200:
                        return port, service, process
            except OSError:
                time.sleep(0.1)
        pytest.fail("the gateway did not start")

    started = []
    yield start
    for process, service, log in started:
        process.kill()
        process.wait(timeout=10)
        service.stop()
        log.close()


def _read_response(connection):
    """Reads one HTTP/1.1 response with a Content-Length body: (status, headers, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        assert chunk, "the gateway closed the connection without an answer: %r" % data
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    headers = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in lines[1:]}
    length = int(headers["content-length"])
    while len(body) < length:
        chunk = connection.recv(65536)
        assert chunk, "the answer was cut: %d of %d bytes" % (len(body), length)
        body += chunk
    return status, headers, body[:length]


def _send_late_body(port, token, path, body, service):
    """Sends a request's head, waits (up to 1 s) for the fake service to act on it, then the body."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = ("POST %s HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (path, token, len(body))).encode()
    connection.sendall(head)
    # Before the fix the gateway passed the head on at once; now it waits for the body first, and
    # the service acts only once the body is sent. Either way the body follows.
    service.acted.wait(1)
    connection.sendall(body)
    return connection


@pytest.mark.parametrize("mode", ["close", "early"])
def test_a_forwarded_post_whose_service_fails_before_the_body_never_traps_the_gateway(stack, lone_gateway, mode):
    port, service, process = lone_gateway(mode)
    _, token = account(Client(int(stack["NGINX_HTTP_PORT"])))
    for attempt in range(3):
        service.acted.clear()
        body = json.dumps({"query": "a block that glows %d" % attempt, "k": 3}).encode()
        connection = _send_late_body(port, token, "/api/v1/ai/search", body, service)
        with connection:
            status, headers, answer = _read_response(connection)
        if mode == "close":
            # The service broke the connection each time (the gateway tried twice: search is safe
            # to repeat): a clean 502 in the standard error shape.
            assert status == 502, answer
            error = json.loads(answer)["error"]
            assert error["code"] == "upstream_unavailable" and error["request_id"], error
        else:
            assert status == 400, answer
            assert json.loads(answer)["error"]["code"] == "refused_early"
        assert process.poll() is None, "the gateway process died (exit %s)" % process.returncode
    with urllib.request.urlopen("http://127.0.0.1:%d/health/live" % port, timeout=5) as response:
        assert response.status == 200
    assert process.poll() is None
    if mode == "close":
        assert len(service.heads) == 6, service.heads  # three requests, each tried twice


@pytest.mark.parametrize("mode", ["close", "early"])
def test_an_upload_whose_service_fails_before_the_body_is_through_is_answered_and_never_retried(stack, lone_gateway, mode):
    port, service, process = lone_gateway(mode)
    _, token = account(Client(int(stack["NGINX_HTTP_PORT"])))
    boundary = "faultboundary"
    payload = (b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mod.jar\"\r\n"
               b"Content-Type: application/java-archive\r\n\r\n" + b"PK\x03\x04" + b"\0" * 200_000 + b"\r\n--" + boundary.encode() + b"--\r\n")
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    with connection:
        connection.sendall(("POST /api/v1/conversions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer %s\r\n"
                            "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n" % (token, boundary, len(payload))).encode())
        connection.sendall(payload[:1000])
        assert service.acted.wait(10), "the upload's head never reached the service"
        try:
            connection.sendall(payload[1000:])
        except OSError:
            pass  # the gateway may close an upload whose exchange is over
        status, _, answer = _read_response(connection)
    if mode == "close":
        assert status == 502, answer
        assert json.loads(answer)["error"]["code"] == "upstream_unavailable"
        assert len(service.heads) == 1, service.heads  # a streamed body is never sent twice
    else:
        assert status == 400 and json.loads(answer)["error"]["code"] == "refused_early", answer
    assert process.poll() is None, "the gateway process died (exit %s)" % process.returncode
    with urllib.request.urlopen("http://127.0.0.1:%d/health/live" % port, timeout=5) as response:
        assert response.status == 200
