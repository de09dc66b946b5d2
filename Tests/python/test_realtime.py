"""The realtime service with real sockets through nginx: fan-out across both replicas, the
authentication and authorization refusals, limits, revocation, replay with `since`, graceful
shutdown, and 1,000 events that survive a killed replica and a Redis restart."""
import asyncio
import io
import json
import os
import socket
import time
import uuid
import zipfile

from websockets.exceptions import ConnectionClosed, InvalidStatus

from realtime_client import Publisher, Socket, account, realtime_series, replica_pid, sockets_on_both_replicas, stack_command


def run(coroutine):
    return asyncio.run(coroutine)


def test_an_event_published_anywhere_reaches_subscribers_on_both_replicas_once(client, stack):
    user, token = account(client)
    channel = "user:" + user
    publisher = Publisher(stack)

    async def scenario():
        first, second = await sockets_on_both_replicas(stack, token)
        assert first.server != second.server
        for socket_ in (first, second):
            ack = await socket_.subscribe(channel)
            assert ack["type"] == "ack" and ack["channel"] == channel and ack["data"]["replayed"] == 0
        number = publisher.publish(channel, {"type": "note", "n": 1})
        sentinel = publisher.publish(channel, {"type": "note", "n": 2})
        for socket_ in (first, second):
            event = await socket_.expect(lambda m: m["type"] == "event")
            assert (event["channel"], event["id"], event["data"]["n"]) == (channel, number, 1)
            assert event["ts"] > 0 and event["data"]["published_ms"] == event["ts"]
            # The next event is the sentinel: the first one came exactly once.
            following = await socket_.expect(lambda m: m["type"] == "event")
            assert (following["id"], following["data"]["n"]) == (sentinel, 2)
            await socket_.close()

    run(scenario())


def _jar():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "wsmod", "version": "1.0.0", "name": "WS"}))
        archive.writestr("assets/wsmod/lang/en_us.json", json.dumps({"item.wsmod.gem": "Gem %s" % uuid.uuid4().hex}))
    return buffer.getvalue()


def _upload(client, token):
    boundary = "b" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ws.jar\"\r\nContent-Type: application/java-archive\r\n\r\n" % boundary).encode() \
        + _jar() + ("\r\n--%s--\r\n" % boundary).encode()
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", int(client.port), timeout=30, source_address=(client.source, 0))
    connection.request("POST", "/api/v1/conversions", body=body,
                       headers={"Authorization": "Bearer " + token, "Content-Type": "multipart/form-data; boundary=" + boundary})
    response = connection.getresponse()
    payload = json.loads(response.read())
    assert response.status == 202, payload
    return payload


def test_channel_authorization(client, stack):
    owner, owner_token = account(client)
    other, other_token = account(client)
    accepted = _upload(client, owner_token)
    conversion_channel = accepted["channel"]
    assert conversion_channel == "conversion:" + accepted["id"]

    async def scenario():
        mine = await Socket(stack, owner_token).open()
        theirs = await Socket(stack, other_token).open()
        # The owner reads the conversion's channel from the start: the service's own events replay.
        ack = await mine.subscribe(conversion_channel, since=0)
        assert ack["type"] == "ack", ack
        stages = []
        while "completed" not in stages and "failed" not in stages:
            event = await mine.expect(lambda m: m["type"] == "event", timeout=60)
            assert event["channel"] == conversion_channel
            stages.append(event["data"]["stage"])
        assert stages[0] == "queued" and stages[-1] == "completed", stages
        # Anyone else is refused, for that channel and for another user's own channel.
        for channel in (conversion_channel, "user:" + owner, "doc:" + accepted["id"], "conversion:" + str(uuid.uuid4())):
            refusal = await theirs.subscribe(channel, ref="r-" + channel)
            assert refusal["type"] == "error" and refusal["data"]["code"] == "forbidden", refusal
        for channel in ("conversion:nope", "system:all", "user:" + owner + "x"):
            refusal = await theirs.subscribe(channel, ref="bad")
            assert refusal["data"]["code"] == "invalid_channel", refusal
        assert (await theirs.subscribe("user:" + other))["type"] == "ack"
        await mine.close()
        await theirs.close()

    run(scenario())


def test_authentication_is_the_first_message_within_the_time_limit(client, stack):
    _, token = account(client)

    async def scenario():
        # Anything but auth first: closed 1008.
        socket_ = Socket(stack, token)
        from websockets.asyncio.client import connect
        socket_.ws = await connect(socket_.url)
        await socket_.send({"type": "subscribe", "channel": "user:" + str(uuid.uuid4())})
        code, reason = await socket_.closed()
        assert code == 1008 and "auth" in reason
        # A forged token: closed 1008.
        forged = Socket(stack, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
        forged.ws = await connect(forged.url)
        await forged.send({"type": "auth", "token": forged.token})
        code, reason = await forged.closed()
        assert code == 1008 and "authentication failed" in reason
        # Silence: closed 1008 after the five seconds.
        silent = Socket(stack, token)
        silent.ws = await connect(silent.url)
        started = time.monotonic()
        code, reason = await silent.closed(timeout=10)
        assert code == 1008 and 4.5 <= time.monotonic() - started < 9

    run(scenario())


def test_rate_limit_then_close_for_abuse(client, stack):
    _, token = account(client)

    async def scenario():
        socket_ = await Socket(stack, token).open()
        # Past the burst at once, then one more each time every ping so far has its answer (a
        # client that sends after the close frame would meet a reset from nginx instead of it).
        sent, answered, codes = 50, 0, []
        for index in range(sent):
            await socket_.send({"type": "ping", "id": index})
        try:
            while True:
                message = await socket_.recv()
                answered += message["type"] in ("pong", "error")
                if message["type"] == "error":
                    codes.append(message["data"]["code"])
                if answered == sent:
                    await socket_.send({"type": "ping", "id": sent})
                    sent += 1
        except ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.code == 1008 and "refused" in closed.rcvd.reason, closed
        assert codes and set(codes) == {"rate_limited"} and len(codes) == 10, codes

    run(scenario())


def test_unknown_types_and_oversized_messages(client, stack):
    _, token = account(client)

    async def scenario():
        socket_ = await Socket(stack, token).open()
        await socket_.send({"type": "teleport", "id": "t"})
        unknown = await socket_.expect(lambda m: m["type"] == "error")
        assert unknown["data"]["code"] == "unknown_type" and unknown["id"] == "t"
        await socket_.send("not json")
        assert (await socket_.expect(lambda m: m["type"] == "error"))["data"]["code"] == "malformed_message"
        limit = socket_.ready["data"]["limits"]["max_message_bytes"]
        await socket_.send({"type": "ping", "pad": "x" * (limit + 10)})
        assert (await socket_.expect(lambda m: m["type"] == "error"))["data"]["code"] == "message_too_large"
        await socket_.send({"type": "ping", "id": "alive"})
        assert (await socket_.expect(lambda m: m["type"] == "pong"))["id"] == "alive"
        # Past four times the limit the frame itself is refused and the socket closed (1009). The
        # server refuses on the frame's header, with most of its payload still unread: closing then
        # makes the kernel reset the connection, and a reset that overtakes the close frame reaches
        # the client as 1006 (no close frame). Either way the socket is closed by the server, and the
        # same account connects again at once.
        await socket_.send("x" * (limit * 4 + 100))
        code, _ = await socket_.closed()
        assert code in (1009, 1006), code
        again = await Socket(stack, token).open()
        await again.send({"type": "ping", "id": "after"})
        assert (await again.expect(lambda m: m["type"] == "pong"))["id"] == "after"
        await again.close()

    run(scenario())


def test_a_slow_consumer_is_closed_with_1013(client, stack):
    user, token = account(client)
    channel = "user:" + user
    publisher = Publisher(stack)

    def counters():
        series = realtime_series(stack)
        return series.get("ws_slow_consumer_closes_total", 0), series.get('ws_messages_total{direction="out",type="event"}', 0)

    async def scenario():
        # A tiny receive buffer, and no reading: the server's queue for this client fills.
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.connect(("127.0.0.1", int(stack["NGINX_HTTP_PORT"])))
        slow = Socket(stack, token, sock=raw, max_queue=4)
        await slow.open()
        assert (await slow.subscribe(channel))["type"] == "ack"
        closes, queued = counters()
        payload = "p" * 4000
        # Publishes until the server has judged this client slow. How many messages that takes
        # depends on the kernel's socket buffers, and a replica that reads Redis slower than the
        # test publishes (a loaded machine) would let a reader drain everything before the queue
        # overflows; so each batch waits until the replica has queued it, and reading starts only
        # once the close is decided (the close frame goes out as soon as the socket drains; the
        # connection is dropped 5 s after the decision).
        published = 0
        deadline = time.monotonic() + 120
        while True:
            now_closes, now_queued = counters()
            if now_closes > closes:
                break
            assert time.monotonic() < deadline and published < 20_000, "no slow-consumer close after %d events" % published
            if now_queued >= queued + published:
                publisher.publish_many(channel, [{"type": "bulk", "n": n, "pad": payload} for n in range(published, published + 500)])
                published += 500
            else:
                await asyncio.sleep(0.05)
        # Reading now: what was written before the overflow, then the close.
        received = 0
        try:
            while True:
                message = json.loads(await asyncio.wait_for(slow.ws.recv(), 30))
                received += message["type"] == "event"
        except ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.code == 1013, closed
        assert received < published

    run(scenario())


def test_logout_closes_the_users_sockets_within_a_second(client, stack):
    _, token = account(client)

    async def scenario():
        first, second = await sockets_on_both_replicas(stack, token)
        started = time.monotonic()
        status, _, _ = client.call("POST", "/api/v1/auth/logout", token=token)
        assert status in (200, 204)
        for socket_ in (first, second):
            code, reason = await socket_.closed(timeout=5)
            assert code == 1008 and reason == "session ended"
        assert time.monotonic() - started < 1.5

    run(scenario())


def test_resubscribing_with_since_replays_the_gap_without_duplicates(client, stack):
    user, token = account(client)
    channel = "user:" + user
    publisher = Publisher(stack)
    ids = [publisher.publish(channel, {"type": "note", "n": n}) for n in range(5)]

    async def scenario():
        socket_ = await Socket(stack, token).open()
        ack_seen = asyncio.Event()
        await socket_.send({"type": "subscribe", "channel": channel, "since": ids[1], "id": "s"})
        replayed = []
        while True:
            message = await socket_.recv()
            if message["type"] == "ack":
                assert message["data"]["replayed"] == 3
                break
            replayed.append(message["id"])
        assert replayed == ids[2:]
        live = publisher.publish(channel, {"type": "note", "n": 5})
        assert (await socket_.expect(lambda m: m["type"] == "event"))["id"] == live == ids[-1] + 1
        # Without `since`, the whole history replays.
        await socket_.send({"type": "subscribe", "channel": channel, "id": "all"})
        again = []
        while True:
            message = await socket_.recv()
            if message["type"] == "ack":
                break
            again.append(message["id"])
        assert again == ids + [live]
        ack_seen.set()
        await socket_.close()

    run(scenario())


def test_a_stopping_replica_closes_with_1001_and_the_client_reconnects(client, stack):
    _, token = account(client)

    async def scenario():
        first, second = await sockets_on_both_replicas(stack, token)
        index = int(first.server.rsplit("-", 1)[1])
        # Stopped through the supervisor (SIGTERM, and kept stopped: a replica that merely exited
        # would be started again at once).
        stopping = asyncio.get_running_loop().run_in_executor(None, stack_command, stack, "stop-service", "realtime", str(index))
        code, _ = await first.closed(timeout=10)
        await stopping
        assert code == 1001
        # Reconnecting as a client does (with back-off) lands on the other replica.
        deadline = time.monotonic() + 5
        delay = 0.05
        while True:
            try:
                again = await Socket(stack, token).open()
                break
            except (ConnectionClosed, InvalidStatus):
                assert time.monotonic() < deadline, "no replica took the reconnect"
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.5)
        assert again.server == second.server
        await again.close()
        await second.close()

    try:
        run(scenario())
    finally:
        _restart_realtime(stack)


def _restart_realtime(stack):
    # A replica told to stop finishes first; then every missing replica is started again.
    deadline = time.monotonic() + 20
    for index in (1, 2):
        pid = replica_pid(stack, "realtime", index)
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
    stack_command(stack, "start-services")
    deadline = time.monotonic() + 60
    import http.client
    while time.monotonic() < deadline:
        healthy = 0
        for port in stack["REALTIME_PORTS"].split():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=2)
                connection.request("GET", "/health/ready")
                healthy += connection.getresponse().status == 200
                connection.close()
            except OSError:
                pass
        if healthy == len(stack["REALTIME_PORTS"].split()):
            return
        time.sleep(0.2)
    raise AssertionError("the realtime replicas did not come back")


class Collector:
    """A client that keeps every event it receives, reconnecting through nginx and resubscribing
    with the last id it saw whenever its socket is lost."""

    def __init__(self, stack, token, channel):
        self.stack, self.token, self.channel = stack, token, channel
        self.numbers = []
        self.last = 0
        self.reconnects = 0
        self.servers = []

    async def run(self, total, deadline):
        while len(set(self.numbers)) < total and time.monotonic() < deadline:
            try:
                socket_ = await Socket(self.stack, self.token).open()
                self.servers.append(socket_.server)
                await socket_.send({"type": "subscribe", "channel": self.channel, "since": self.last, "id": "sub"})
                while len(set(self.numbers)) < total:
                    message = await socket_.recv(timeout=max(0.1, deadline - time.monotonic()))
                    if message["type"] == "event":
                        assert message["id"] > self.last, "event %d after %d" % (message["id"], self.last)
                        self.last = message["id"]
                        self.numbers.append(message["data"]["n"])
                    elif message["type"] == "error" and message.get("id") == "sub":
                        raise ConnectionError(message["data"]["code"])
                await socket_.close()
            except (ConnectionClosed, ConnectionError, OSError, asyncio.TimeoutError, InvalidStatus, AssertionError) as error:
                if isinstance(error, AssertionError):
                    raise
                self.reconnects += 1
                await asyncio.sleep(0.05)


def test_a_thousand_events_survive_a_killed_replica_and_a_redis_restart(client, stack):
    user, token = account(client)
    channel = "user:" + user
    total = 1000

    async def scenario():
        publisher = Publisher(stack)
        collectors = [Collector(stack, token, channel) for _ in range(4)]
        deadline = time.monotonic() + 120
        tasks = [asyncio.create_task(c.run(total, deadline)) for c in collectors]
        while sum(1 for c in collectors if c.servers) < len(collectors):
            await asyncio.sleep(0.02)
        assert len({c.servers[0] for c in collectors}) == 2, "the clients did not spread over both replicas"
        loop = asyncio.get_running_loop()

        async def publish(numbers):
            for n in numbers:
                await loop.run_in_executor(None, publisher.publish, channel, {"type": "numbered", "n": n})
                await asyncio.sleep(0.002)

        await publish(range(0, 300))
        await loop.run_in_executor(None, stack_command, stack, "kill-service", "realtime", "1")
        await publish(range(300, 600))
        await loop.run_in_executor(None, stack_command, stack, "stop-redis")
        await loop.run_in_executor(None, stack_command, stack, "start-redis")
        await loop.run_in_executor(None, _wait_for_redis, publisher)
        await publish(range(600, total))
        await asyncio.gather(*tasks)
        for collector in collectors:
            assert sorted(collector.numbers) == list(range(total)), \
                "missing %s" % sorted(set(range(total)) - set(collector.numbers))[:20]
            assert collector.numbers == list(range(total)), "out of order or duplicated"
        assert sum(c.reconnects for c in collectors) >= 1

    try:
        run(scenario())
    finally:
        _restart_realtime(stack)


def _wait_for_redis(publisher):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if publisher.redis.ping():
                return
        except Exception:
            time.sleep(0.1)
    raise AssertionError("Redis did not come back")


def test_a_user_holds_at_most_the_configured_number_of_sockets(client, stack):
    _, token = account(client)

    async def scenario():
        sockets = []
        for _ in range(10):
            sockets.append(await Socket(stack, token).open())
        extra = Socket(stack, token)
        from websockets.asyncio.client import connect
        extra.ws = await connect(extra.url)
        await extra.send({"type": "auth", "token": token})
        code, reason = await extra.closed()
        assert code == 1008 and "too many sockets" in reason
        # Closing one makes room again.
        await sockets.pop().close()
        deadline = time.monotonic() + 5
        while True:
            try:
                sockets.append(await Socket(stack, token).open())
                break
            except (ConnectionClosed, AssertionError):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
        for socket_ in sockets:
            await socket_.close()

    run(scenario())


def test_the_replicas_export_their_socket_metrics(client, stack):
    user, token = account(client)

    async def scenario():
        socket_ = await Socket(stack, token).open()
        await socket_.subscribe("user:" + user)
        await socket_.send({"type": "ping", "id": 1})
        await socket_.expect(lambda m: m["type"] == "pong")
        return socket_

    run(scenario())
    series = realtime_series(stack)
    for name in ("ws_connections", "ws_slow_consumer_closes_total", "ws_pubsub_reconnects_total"):
        assert any(key.split("{")[0] == name for key in series), name
    assert any(key.startswith("ws_fanout_latency_seconds") for key in series)
    assert series['ws_messages_total{direction="in",type="subscribe"}'] >= 1
    assert series['ws_messages_total{direction="out",type="pong"}'] >= 1
