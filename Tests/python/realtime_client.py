"""A WebSocket client of the realtime protocol (the `websockets` library, through nginx), an
account helper, and a publisher that numbers events on a channel exactly as the services do
(the same Redis script: INCR the channel's counter, append to its capped history, PUBLISH)."""
import asyncio
import json
import os
import subprocess
import time
import uuid

import redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

PASSWORD = "correct horse battery staple 7"

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _publish_script():
    """The Lua script of Shared/RedisKit/EventChannel.swift, read from the source: the test
    publishes exactly as the services do."""
    with open(os.path.join(ROOT, "Shared", "RedisKit", "EventChannel.swift")) as handle:
        source = handle.read()
    start = source.index('source: """') + len('source: """')
    return source[start:source.index('"""', start)]


PUBLISH = _publish_script()


class Publisher:
    def __init__(self, stack):
        self.redis = redis.Redis(host="127.0.0.1", port=int(stack["REDIS_PORT"]), password=stack["REDIS_PASSWORD"], socket_timeout=5)
        self.script = self.redis.register_script(PUBLISH)

    def publish(self, channel, event):
        return int(self.script(keys=[channel + ":seq", channel + ":events"], args=[json.dumps(event), 1000, 3600, channel]))

    def publish_many(self, channel, events):
        pipe = self.redis.pipeline(transaction=False)
        for event in events:
            self.script(keys=[channel + ":seq", channel + ":events"], args=[json.dumps(event), 1000, 3600, channel], client=pipe)
        return [int(x) for x in pipe.execute()]


def account(client):
    """Registers a fresh user and signs in: (user id, access token)."""
    email = "ws-%s@example.com" % uuid.uuid4().hex[:12]
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201, registered
    status, _, login = client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200, login
    return registered["user"]["id"] if "user" in registered else registered["id"], login["access_token"]


class Socket:
    """One protocol client: `open()` authenticates and waits for `ready`."""

    def __init__(self, stack, token, **options):
        self.url = "ws://127.0.0.1:%s/ws" % stack["NGINX_HTTP_PORT"]
        self.token = token
        self.options = options
        self.ws = None
        self.ready = None
        # Messages passed over by `expect`, oldest first; later calls look here first.
        self.pending = []

    async def open(self):
        self.ws = await connect(self.url, open_timeout=10, max_size=1 << 22, **self.options)
        await self.send({"type": "auth", "token": self.token})
        self.ready = await self.expect(lambda m: m["type"] == "ready")
        return self

    @property
    def server(self):
        return self.ready["data"]["server"]

    async def send(self, message):
        await self.ws.send(json.dumps(message) if not isinstance(message, str) else message)

    async def recv(self, timeout=10):
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def expect(self, predicate, timeout=10):
        """The first message matching `predicate` within `timeout`; the others stay pending, in
        order, for later calls."""
        for index, message in enumerate(self.pending):
            if predicate(message):
                return self.pending.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "no matching message within %s s" % timeout
            message = await self.recv(left)
            if predicate(message):
                return message
            self.pending.append(message)

    async def subscribe(self, channel, since=None, ref="s1"):
        message = {"type": "subscribe", "channel": channel, "id": ref}
        if since is not None:
            message["since"] = since
        await self.send(message)
        return await self.expect(lambda m: m.get("id") == ref and m["type"] in ("ack", "error"))

    async def closed(self, timeout=10):
        """Waits for the server to close the socket; returns (code, reason)."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                await asyncio.wait_for(self.ws.recv(), deadline - time.monotonic())
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return (frame.code, frame.reason) if frame else (1006, "")
        except asyncio.TimeoutError:
            pass
        raise AssertionError("the socket was not closed within %s s" % timeout)

    async def close(self):
        if self.ws:
            await self.ws.close()


async def sockets_on_both_replicas(stack, token, attempts=12):
    """Two authenticated sockets of `token`'s user on different realtime replicas (nginx picks)."""
    by_server = {}
    spare = []
    for _ in range(attempts):
        socket = await Socket(stack, token).open()
        if socket.server in by_server:
            spare.append(socket)
        else:
            by_server[socket.server] = socket
        if len(by_server) == 2:
            break
    for socket in spare:
        await socket.close()
    assert len(by_server) == 2, "nginx sent every socket to %s" % list(by_server)
    return list(by_server.values())


def stack_command(stack, *arguments):
    """Runs scripts/stack.sh against the test stack (fault tests)."""
    environment = dict(os.environ, STACK_DIR=stack["STACK_DIR"], BIN_DIR=stack["BIN_DIR"],
                       STACK_PORT_OFFSET=str(int(stack["REDIS_PORT"]) - 56379))
    result = subprocess.run([os.path.join(ROOT, "scripts", "stack.sh")] + list(arguments), env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def realtime_series(stack):
    """Every series the realtime replicas export, summed over the replicas (name with labels → value)."""
    import http.client
    series = {}
    for port in stack["REALTIME_PORTS"].split():
        connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=5)
        connection.request("GET", "/metrics")
        for line in connection.getresponse().read().decode().splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                series[name] = series.get(name, 0) + float(value)
        connection.close()
    return series


def replica_pid(stack, name, index):
    with open(os.path.join(stack["STACK_DIR"], "pids", "%s-%d.pid" % (name, index))) as handle:
        return int(handle.read().strip())


def wait_completed(client, token, conversion, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = client.call("GET", "/api/v1/conversions/" + conversion, token=token)
        assert status == 200, body
        if body["status"] in ("completed", "failed"):
            assert body["status"] == "completed", body
            return body
        time.sleep(0.1)
    raise AssertionError("the conversion did not complete")
