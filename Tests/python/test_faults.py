"""Faults lose nothing (issue 23).

While a steady mix of traffic runs through nginx — sign-ins, authenticated reads, AI search and
embeddings, 20 uploads each watched over a WebSocket — one gateway, one conversion worker process,
one ai-engine, one realtime replica and Redis are killed with SIGKILL in turn and started again by
the stack. Then:
- no process other than the killed one died;
- every answer the client got was complete and correct, or a clean 5xx in the standard error shape
  (no truncated body, no connection cut without an answer);
- every accepted upload completed exactly once, and its watcher (reconnecting whenever its socket
  was lost, resubscribing from the last event it saw) saw the completion event.
The figures are printed (`pytest -s` shows them; make test prints them on failure).
"""
import asyncio
import http.client
import io
import json
import os
import random
import struct
import threading
import time
import uuid
import zipfile
import zlib

from websockets.exceptions import ConnectionClosed, InvalidStatus

from conftest import Client
from realtime_client import PASSWORD, Socket, account, stack_command

UPLOADS_PER_PHASE = 4
PHASES = [("gateway", 2), ("conversion", 1), ("ai-engine", 2), ("realtime", 1), ("redis", None)]


def _png(seed):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    pixel = bytes([seed * 37 % 256, seed * 91 % 256, seed * 53 % 256, 255])
    rows = b"".join(b"\x00" + pixel * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def fault_jar(blocks=150):
    """A mod of `blocks` textured cube blocks: a conversion takes long enough to be in flight when
    a worker is killed. Each upload differs (a nonce in its metadata), so none is answered from
    the result cache."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "faults", "version": "1.0.0", "name": "Faults",
                                                        "description": uuid.uuid4().hex}))
        lang = {}
        for index in range(blocks):
            name = "block_%03d" % index
            archive.writestr("assets/faults/blockstates/%s.json" % name, json.dumps({"variants": {"": {"model": "faults:block/" + name}}}))
            archive.writestr("assets/faults/models/block/%s.json" % name,
                             json.dumps({"parent": "minecraft:block/cube_all", "textures": {"all": "faults:block/" + name}}))
            archive.writestr("assets/faults/textures/block/%s.png" % name, _png(index))
            lang["block.faults." + name] = "Block %d" % index
        archive.writestr("assets/faults/lang/en_us.json", json.dumps(lang))
    return buffer.getvalue()


class Tally:
    """What the clients saw, counted under a lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.correct = 0
        self.clean_errors = 0
        self.clean_by_kind = {}
        self.broken = []

    def record(self, kind, outcome, detail=""):
        with self.lock:
            self.sent += 1
            if outcome == "correct":
                self.correct += 1
            elif outcome == "clean":
                self.clean_errors += 1
                self.clean_by_kind[kind] = self.clean_by_kind.get(kind, 0) + 1
            else:
                self.broken.append("%s: %s" % (kind, detail[:300]))


def _exchange(port, source, method, path, body=None, token=None, content_type="application/json", timeout=30):
    """One request on a fresh connection: (status, parsed JSON body). Raises on a broken answer
    (connection lost, truncated body, body that is not JSON)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()  # http.client raises IncompleteRead on a cut body
        return response.status, json.loads(raw) if raw else None
    finally:
        connection.close()


def _judge(tally, kind, call, correct):
    """Runs `call`, classifies the answer: correct (2xx and `correct(body)`), a clean 5xx (502/503/504
    with the standard error body), or broken (anything else)."""
    try:
        status, body = call()
    except Exception as error:  # noqa: BLE001 - every failure to get a whole answer is a finding
        tally.record(kind, "broken", "%s: %s" % (type(error).__name__, error))
        return None
    if 200 <= status < 300:
        if correct(body):
            tally.record(kind, "correct")
            return body
        tally.record(kind, "broken", "%d with a wrong body %r" % (status, body))
        return None
    if status in (502, 503, 504) and isinstance(body, dict) and isinstance(body.get("error"), dict) \
            and body["error"].get("code") and body["error"].get("message"):
        tally.record(kind, "clean")
        return None
    tally.record(kind, "broken", "%d %r" % (status, body))
    return None


class Traffic:
    """The steady mix: each loop runs until stopped, paced so the per-user limits never refuse."""

    def __init__(self, stack, accounts):
        self.port = int(stack["NGINX_HTTP_PORT"])
        self.accounts = accounts
        self.tally = Tally()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=loop, daemon=True) for loop in (self.sign_ins, self.reads, self.ai)]

    @staticmethod
    def source():
        return "127.%d.%d.%d" % (random.randint(1, 254), random.randint(0, 254), random.randint(2, 254))

    def sign_ins(self):
        while not self.stop.is_set():
            email, _, user_id = random.choice(self.accounts)
            source = self.source()
            login = _judge(self.tally, "sign-in", lambda: _exchange(self.port, source, "POST", "/api/v1/auth/login",
                                                                     json.dumps({"email": email, "password": PASSWORD}).encode()),
                           lambda body: isinstance(body, dict) and bool(body.get("access_token")))
            if login:
                _judge(self.tally, "me", lambda: _exchange(self.port, source, "GET", "/api/v1/users/me", token=login["access_token"]),
                       lambda body: isinstance(body, dict) and body.get("id") == user_id)
            self.stop.wait(0.15)

    def reads(self):
        while not self.stop.is_set():
            _, token, _ = random.choice(self.accounts)
            _judge(self.tally, "list", lambda: _exchange(self.port, self.source(), "GET", "/api/v1/conversions?page=1&page_size=5", token=token),
                   lambda body: isinstance(body, dict) and isinstance(body.get("items"), list))
            self.stop.wait(0.1)

    def ai(self):
        while not self.stop.is_set():
            _, token, _ = random.choice(self.accounts)
            text = random.choice(["smelting ore into ingots", "a block that glows at night", "a sword that sets mobs on fire"])
            _judge(self.tally, "ai-search", lambda: _exchange(self.port, self.source(), "POST", "/api/v1/ai/search",
                                                               json.dumps({"text": text, "k": 3}).encode(), token=token),
                   lambda body: isinstance(body, dict) and len(body.get("results", [])) == 3)
            _judge(self.tally, "ai-embeddings", lambda: _exchange(self.port, self.source(), "POST", "/api/v1/ai/embeddings",
                                                                   json.dumps({"texts": [text]}).encode(), token=token),
                   lambda body: isinstance(body, dict) and len(body.get("embeddings", [[]])[0]) == 384)
            self.stop.wait(0.2)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


class Watcher:
    """Watches one conversion's channel until its completion event, reconnecting through nginx and
    resubscribing from the last event id it saw whenever the socket is lost."""

    def __init__(self, stack, token, conversion):
        self.stack, self.token, self.conversion = stack, token, conversion
        self.last = 0
        self.completions = set()  # (id, ts) of each distinct completion event
        self.reconnects = 0
        self.failed = None

    async def run(self, deadline):
        while not self.completions and time.monotonic() < deadline:
            try:
                socket_ = await Socket(self.stack, self.token).open()
                try:
                    await socket_.send({"type": "subscribe", "channel": "conversion:" + self.conversion, "since": self.last, "id": "w"})
                    while not self.completions:
                        message = await socket_.recv(timeout=max(0.1, deadline - time.monotonic()))
                        if message["type"] == "event":
                            self.last = max(self.last, message["id"])
                            data = message["data"]
                            if data.get("type") == "completed":
                                self.completions.add((message["id"], data.get("ts")))
                            elif data.get("type") == "failed":
                                self.failed = data
                                return
                        elif message["type"] == "error" and message.get("id") == "w":
                            raise ConnectionError(message["data"]["code"])
                finally:
                    await socket_.close()
            except (ConnectionClosed, ConnectionError, OSError, asyncio.TimeoutError, InvalidStatus, AssertionError):
                self.reconnects += 1
                await asyncio.sleep(0.1)


class UserWatcher:
    """Stays subscribed to a user's channel for the whole run (so it is connected when realtime
    and Redis are killed), reconnecting and resubscribing from the last event id it saw; collects
    the conversions whose completion it was told of. Stops once `done()` says so."""

    def __init__(self, stack, token, user_id):
        self.stack, self.token, self.channel = stack, token, "user:" + user_id
        self.last = 0
        self.completed = {}  # conversion id -> set of (event id, ts)
        self.reconnects = 0
        self.done = lambda: False

    async def run(self, deadline):
        while not self.done() and time.monotonic() < deadline:
            try:
                socket_ = await Socket(self.stack, self.token).open()
                try:
                    await socket_.send({"type": "subscribe", "channel": self.channel, "since": self.last, "id": "u"})
                    while not self.done() and time.monotonic() < deadline:
                        try:
                            message = await socket_.recv(timeout=0.5)
                        except asyncio.TimeoutError:
                            continue
                        if message["type"] == "event":
                            self.last = max(self.last, message["id"])
                            data = message["data"]
                            if data.get("type") == "completed":
                                self.completed.setdefault(data["conversion_id"], set()).add((message["id"], data.get("ts")))
                        elif message["type"] == "error" and message.get("id") == "u":
                            raise ConnectionError(message["data"]["code"])
                finally:
                    await socket_.close()
            except (ConnectionClosed, ConnectionError, OSError, asyncio.TimeoutError, InvalidStatus):
                self.reconnects += 1
                await asyncio.sleep(0.1)


class Watchers(threading.Thread):
    """An asyncio loop of its own running every watcher."""

    def __init__(self):
        super().__init__(daemon=True)
        self.loop = asyncio.new_event_loop()
        self.watchers = []
        self.futures = []

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def watch(self, watcher, deadline):
        self.watchers.append(watcher)
        self.futures.append(asyncio.run_coroutine_threadsafe(watcher.run(deadline), self.loop))

    def finish(self, timeout):
        for future in self.futures:
            future.result(timeout=timeout)
        self.loop.call_soon_threadsafe(self.loop.stop)


def _pids(stack):
    """Every process of the stack: name → pid (service replicas, Redis, nginx, PostgreSQL)."""
    pids = {}
    folder = os.path.join(stack["STACK_DIR"], "pids")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name)) as handle:
            pids[name[:-4]] = int(handle.read().split()[0])
    for name, path in (("redis", "redis/redis.pid"), ("nginx", "nginx/nginx.pid"), ("postgres", "pg/data/postmaster.pid")):
        full = os.path.join(stack["STACK_DIR"], path)
        if os.path.exists(full):
            with open(full) as handle:
                pids[name] = int(handle.read().split()[0])
    return pids


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_ready(stack, name, index, deadline=60):
    """Waits until the restarted process answers /health/ready (Redis: until the gateway's health says so)."""
    if name == "redis":
        url = ("127.0.0.1", int(stack["NGINX_HTTP_PORT"]), "/api/v1/health")
    else:
        port = int(stack["%s_PORTS" % name.upper().replace("-", "_")].split()[index - 1])
        url = ("127.0.0.1", port, "/health/ready")
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            connection = http.client.HTTPConnection(url[0], url[1], timeout=5)
            connection.request("GET", url[2])
            response = connection.getresponse()
            body = response.read()
            connection.close()
            if response.status == 200 and (name != "redis" or json.loads(body).get("status") == "ready"):
                return
        except (OSError, ValueError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    raise AssertionError("%s-%s was not ready again within %d s" % (name, index, deadline))


def _upload(port, token, data):
    boundary = "f" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"faults.jar\"\r\nContent-Type: application/java-archive\r\n\r\n"
            % boundary).encode() + data + ("\r\n--%s--\r\n" % boundary).encode()
    return _exchange(port, Traffic.source(), "POST", "/api/v1/conversions", body, token, "multipart/form-data; boundary=" + boundary, timeout=120)


def test_killing_any_single_process_loses_no_answer_no_upload_and_no_event(stack, sql):
    client = Client(int(stack["NGINX_HTTP_PORT"]))
    accounts = []
    for _ in range(5):
        user_id, token = account(client)
        email = sql("SELECT email FROM users WHERE id = :'p1'", user_id)[0][0]
        accounts.append((email, token, user_id))
    port = int(stack["NGINX_HTTP_PORT"])
    jar = fault_jar()
    watchers = Watchers()
    watchers.start()
    expected = {user_id: set() for _, _, user_id in accounts}
    finished = threading.Event()
    user_watchers = []
    for _, token, user_id in accounts:
        watcher = UserWatcher(stack, token, user_id)
        watcher.done = lambda watcher=watcher, user_id=user_id: finished.is_set() and expected[user_id] <= set(watcher.completed)
        user_watchers.append(watcher)
        watchers.watch(watcher, time.monotonic() + 300)
    accepted = []  # (conversion id, token)
    upload_tally = Tally()
    kills = []
    try:
        with Traffic(stack, accounts) as traffic:
            for phase, (name, index) in enumerate(PHASES):
                # Uploads go in just before the kill, so that some are in flight through it.
                for number in range(UPLOADS_PER_PHASE):
                    _, token, user_id = accounts[number % len(accounts)]
                    for attempt in range(5):  # a real client tries again after a clean 5xx
                        body = _judge(upload_tally, "upload", lambda: _upload(port, token, jar),
                                      lambda answer: isinstance(answer, dict) and bool(answer.get("id")))
                        if body:
                            accepted.append((body["id"], token))
                            expected[user_id].add(body["id"])
                            watchers.watch(Watcher(stack, token, body["id"]), time.monotonic() + 240)
                            break
                        time.sleep(0.5)
                before = _pids(stack)
                victim = "redis" if name == "redis" else "%s-%d" % (name, index)
                if name == "redis":
                    stack_command(stack, "kill-redis")
                else:
                    stack_command(stack, "kill-service", name, str(index))
                kills.append(victim)
                time.sleep(1.0)  # the traffic runs against the missing process for a moment
                stack_command(stack, "start-redis" if name == "redis" else "start-services")
                _wait_ready(stack, name, index)
                after = _pids(stack)
                died = sorted(process for process, pid in before.items() if process != victim and (after.get(process) != pid or not _alive(pid)))
                assert not died, "killing %s took down %s" % (victim, died)
                time.sleep(2.0)  # traffic against the restarted process before the next fault
        finished.set()
        watchers.finish(timeout=300)
    finally:
        stack_command(stack, "start-redis")
        stack_command(stack, "start-services")

    conversion_watchers = [w for w in watchers.watchers if isinstance(w, Watcher)]
    lost = [w.conversion for w in conversion_watchers if not w.completions]
    duplicates = [w.conversion for w in conversion_watchers if len(w.completions) > 1]
    failed = [(w.conversion, w.failed) for w in conversion_watchers if w.failed]
    reconnects = sum(w.reconnects for w in watchers.watchers)
    unseen = sorted(conversion for w, (_, _, user_id) in zip(user_watchers, accounts) for conversion in expected[user_id] - set(w.completed))
    repeated = sorted(conversion for w in user_watchers for conversion, events in w.completed.items() if len(events) > 1)
    rows = sql("SELECT c.id, c.status FROM conversions c WHERE c.id = ANY(string_to_array(:'p1', ',')::uuid[])",
               ",".join(conversion for conversion, _ in accepted))
    not_completed = [row for row in rows if row[1] != "completed"]
    tally = traffic.tally
    print("\nfaults: killed %s in turn under traffic" % ", ".join(kills))
    print("faults: requests sent %d: correct %d, clean 5xx %d %s, broken %d" % (
        tally.sent, tally.correct, tally.clean_errors, json.dumps(tally.clean_by_kind, sort_keys=True), len(tally.broken)))
    print("faults: uploads accepted %d of %d attempts (clean 5xx %d, broken %d); lost %d, completed twice %d, failed %d; "
          "watcher reconnects %d" % (len(accepted), upload_tally.sent, upload_tally.clean_errors, len(upload_tally.broken), len(lost),
                                     len(duplicates), len(failed), reconnects))
    print("faults: user-channel watchers (connected through every fault): completions missed %d, seen twice %d, reconnects %d" % (
        len(unseen), len(repeated), sum(w.reconnects for w in user_watchers)))
    assert tally.sent > 200, tally.sent
    assert not tally.broken, tally.broken[:10]
    assert not upload_tally.broken, upload_tally.broken[:10]
    assert len(accepted) == UPLOADS_PER_PHASE * len(PHASES)
    assert not failed, failed
    assert not lost, "no completion event for %s" % lost
    assert not duplicates, duplicates
    assert not unseen, "the owners' channels never told of %s" % unseen
    assert not repeated, repeated
    assert len(rows) == len(accepted) and not not_completed, not_completed
    assert sum(w.reconnects for w in user_watchers) >= 1, "no watcher lost its socket: the realtime kill reached nobody"
