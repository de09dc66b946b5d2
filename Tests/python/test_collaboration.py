"""Collaboration on a converted add-on through nginx: invitations under row-level security, the
file tree, JSON Patch edits over the WebSocket stamped in sequence and delivered in that order to
every client on both replicas, conflicts, a rejoining client catching up, saving a new version of
the download (which still validates), and revoking."""
import asyncio
import http.client
import io
import json
import os
import subprocess
import time
import urllib.parse
import zipfile

from realtime_client import Socket, account, sockets_on_both_replicas, wait_completed
from test_realtime import _upload

VALIDATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "tools", "validate-bedrock")


def _raw(client, method, path, token):
    connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30, source_address=(client.source, 0))
    connection.request(method, path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def _file_path(tree, suffix):
    return next(entry["path"] for entry in tree["files"] if entry["path"].endswith(suffix) and entry["editable"])


async def _edit(socket_, channel, ref, path, base, ops):
    await socket_.send({"type": "edit", "channel": channel, "id": ref, "data": {"path": path, "base_seq": base, "ops": ops}})
    return await socket_.expect(lambda m: m.get("id") == ref and m["type"] in ("ack", "error"))


async def _events_until(socket_, channel, last_seq, timeout=15):
    """The doc events this socket receives up to `last_seq`, in arrival order."""
    seqs = []
    while not seqs or seqs[-1] < last_seq:
        event = await socket_.expect(lambda m: m["type"] == "event" and m["channel"] == channel, timeout=timeout)
        seqs.append(event["id"])
    return seqs


def test_collaborators_edit_in_sequence_and_a_rejoining_client_catches_up(client, stack):
    owner, owner_token = account(client)
    guest, guest_token = account(client)
    _, stranger_token = account(client)
    conversion = _upload(client, owner_token)["id"]
    wait_completed(client, owner_token, conversion)
    base = "/api/v1/conversions/" + conversion

    status, _, tree = client.call("GET", base + "/files", token=owner_token)
    assert status == 200 and tree["seq"] == 0 and tree["version"] == 0, tree
    manifest = _file_path(tree, "_BP/manifest.json")
    resource_manifest = _file_path(tree, "_RP/manifest.json")
    # Not invited: nothing of it is visible.
    assert client.call("GET", base + "/files", token=guest_token)[0] == 404
    # Invitations are the owner's.
    guest_email = client.call("GET", "/api/v1/users/me", token=guest_token)[2]["email"]
    status, _, invited = client.call("POST", base + "/collaborators", {"email": guest_email.upper()}, token=owner_token)
    assert status == 201 and invited["user_id"] == guest, invited
    assert client.call("POST", base + "/collaborators", {"email": "nobody-%s@example.com" % guest}, token=owner_token)[2]["error"]["code"] == "no_such_user"
    assert client.call("POST", base + "/collaborators", {"email": guest_email}, token=guest_token)[2]["error"]["code"] == "owner_only"
    status, _, listed = client.call("GET", base + "/collaborators", token=owner_token)
    assert [c["user_id"] for c in listed["collaborators"]] == [guest]
    # The collaborator reads like the owner, but cannot delete the conversion.
    assert client.call("GET", base + "/files", token=guest_token)[0] == 200
    assert client.call("DELETE", base, token=guest_token)[0] == 404
    channel = "doc:" + conversion

    async def scenario():
        mine, theirs = await sockets_on_both_replicas(stack, owner_token)
        await theirs.close()
        theirs = None
        # The guest's socket on whichever replica; the owner's may be on the other.
        guest_socket = await Socket(stack, guest_token).open()
        stranger = await Socket(stack, stranger_token).open()
        refusal = await stranger.subscribe(channel)
        assert refusal["type"] == "error" and refusal["data"]["code"] == "forbidden"
        for socket_ in (mine, guest_socket):
            assert (await socket_.subscribe(channel, since=0))["type"] == "ack"

        # Cursors are relayed to the others (not kept, not echoed to the sender).
        await mine.send({"type": "cursor", "channel": channel, "data": {"path": manifest, "line": 3}})
        cursor = await guest_socket.expect(lambda m: m["type"] == "cursor")
        assert cursor["channel"] == channel and cursor["data"]["user"] == owner and cursor["data"]["value"] == {"path": manifest, "line": 3}
        await guest_socket.send({"type": "presence", "channel": channel, "data": {"state": "editing"}})
        presence = await mine.expect(lambda m: m["type"] == "presence")
        assert presence["data"]["user"] == guest and presence["data"]["value"] == {"state": "editing"}
        assert not any(m["type"] == "cursor" for m in mine.pending)
        await stranger.send({"type": "cursor", "channel": channel, "id": "c", "data": {}})
        assert (await stranger.expect(lambda m: m.get("id") == "c"))["data"]["code"] == "not_subscribed"

        first = await _edit(mine, channel, "e1", manifest, 0, [{"op": "replace", "path": "/header/description", "value": "edited together"}])
        assert first["type"] == "ack" and first["data"]["seq"] == 1, first
        # Made against 0 on the path the first one changed: refused; rebased on 1: accepted.
        stale = await _edit(guest_socket, channel, "e2", manifest, 0, [{"op": "test", "path": "/header/description", "value": "x"}])
        assert stale["type"] == "error" and stale["data"]["code"] == "conflict", stale
        # A path nobody changed since its base is fine even when the base is stale.
        independent = await _edit(guest_socket, channel, "e3", manifest, 0, [{"op": "add", "path": "/metadata", "value": {"authors": ["a"]}}])
        assert independent["type"] == "ack" and independent["data"]["seq"] == 2, independent
        bad = await _edit(guest_socket, channel, "e4", manifest, 2, [{"op": "remove", "path": "/no/such/member"}])
        assert bad["type"] == "error" and bad["data"]["code"] == "invalid_patch"

        # A burst from both clients at once, each editing its own file and basing each operation
        # on the last sequence it was given (the other's operations, elsewhere, do not conflict):
        # every client sees every operation once, in sequence order.
        async def burst(socket_, prefix, count, path, operation):
            seqs, base = [], 2
            for n in range(count):
                ack = await _edit(socket_, channel, "%s%d" % (prefix, n), path, base, [operation("%s%d" % (prefix, n))])
                assert ack["type"] == "ack", ack
                base = ack["data"]["seq"]
                seqs.append(base)
            return seqs

        acked = await asyncio.gather(
            burst(mine, "o", 6, resource_manifest, lambda value: {"op": "replace", "path": "/header/description", "value": value}),
            burst(guest_socket, "g", 6, manifest, lambda value: {"op": "add", "path": "/metadata/authors/-", "value": value}))
        assert sorted(acked[0] + acked[1]) == list(range(3, 15))
        for socket_ in (mine, guest_socket):
            assert await _events_until(socket_, channel, 14) == list(range(1, 15))

        # The guest leaves; three more edits; rejoining with its last sequence replays exactly those.
        await guest_socket.close()
        for n in range(3):
            assert (await _edit(mine, channel, "late%d" % n, manifest, 14 + n,
                                [{"op": "add", "path": "/metadata/authors/-", "value": "late%d" % n}]))["type"] == "ack"
        again = await Socket(stack, guest_token).open()
        ack = await again.subscribe(channel, since=14)
        assert ack["type"] == "ack" and ack["data"]["replayed"] == 3, ack
        replayed = [m for m in again.pending if m["type"] == "event"]
        assert [m["id"] for m in replayed] == [15, 16, 17]
        assert [m["data"]["ops"][0]["value"] for m in replayed] == ["late0", "late1", "late2"]
        for socket_ in (mine, again, stranger):
            await socket_.close()

    asyncio.run(scenario())

    status, headers, body = _raw(client, "GET", base + "/files/" + urllib.parse.quote(manifest, safe=""), guest_token)
    assert status == 200 and headers["X-Document-Seq"] == "17"
    edited = json.loads(body)
    assert edited["header"]["description"] == "edited together"
    assert edited["metadata"]["authors"] == ["a"] + ["g%d" % n for n in range(6)] + ["late0", "late1", "late2"]
    status, _, body = _raw(client, "GET", base + "/files/" + urllib.parse.quote(resource_manifest, safe=""), owner_token)
    assert status == 200 and json.loads(body)["header"]["description"] == "o5"

    # Saving makes a new version of the download, with the edits, still a valid add-on.
    status, _, saved = client.call("POST", base + "/save", token=guest_token)
    assert status == 201 and saved["version"] == 1 and saved["seq"] == 17, saved
    status, headers, addon = _raw(client, "GET", base + "/download", owner_token)
    assert status == 200 and headers["ETag"].endswith('-v1"')
    with zipfile.ZipFile(io.BytesIO(addon)) as archive:
        assert json.loads(archive.read(manifest))["header"]["description"] == "edited together"
    if os.path.exists(VALIDATOR):
        path = os.path.join(stack["STACK_DIR"], "collab-%s.mcaddon" % conversion)
        with open(path, "wb") as handle:
            handle.write(addon)
        result = subprocess.run([VALIDATOR, path], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr

    # Revoked: the guest's open subscription ends at once, and nothing of it is readable any more.
    async def revoked():
        watcher = await Socket(stack, guest_token).open()
        assert (await watcher.subscribe(channel, since=17))["type"] == "ack"
        assert client.call("DELETE", base + "/collaborators/" + guest, token=owner_token)[0] == 204
        ended = await watcher.expect(lambda m: m["type"] == "error", timeout=5)
        assert ended["channel"] == channel and ended["data"]["code"] == "forbidden"
        assert (await watcher.subscribe(channel, ref="again"))["data"]["code"] == "forbidden"
        await watcher.close()

    asyncio.run(revoked())
    assert client.call("GET", base + "/files", token=guest_token)[0] == 404


def test_an_edit_reaches_live_collaborators_exactly_as_made(client, stack):
    """Empty arrays stay arrays on the way through Redis (its Lua JSON turned `[]` into `{}` when the
    event channel decoded and re-encoded events), live and in the channel's replay."""
    owner, owner_token = account(client)
    conversion = _upload(client, owner_token)["id"]
    wait_completed(client, owner_token, conversion)
    status, _, tree = client.call("GET", "/api/v1/conversions/%s/files" % conversion, token=owner_token)
    assert status == 200, tree
    manifest = _file_path(tree, "_BP/manifest.json")
    channel = "doc:" + conversion
    ops = [{"op": "add", "path": "/metadata", "value": {"authors": [], "license": {}, "url": "https://example.com/a/b"}}]

    async def scenario():
        watcher = await Socket(stack, owner_token).open()
        editor = await Socket(stack, owner_token).open()
        for socket_ in (watcher, editor):
            assert (await socket_.subscribe(channel, since=0))["type"] == "ack"
        ack = await _edit(editor, channel, "empty", manifest, 0, ops)
        assert ack["type"] == "ack", ack
        live = await watcher.expect(lambda m: m["type"] == "event" and m["channel"] == channel)
        assert live["data"]["ops"] == ops and live["data"]["type"] == "edit" and live["id"] == ack["data"]["seq"], live
        later = await Socket(stack, owner_token).open()
        assert (await later.subscribe(channel, since=0))["type"] == "ack"
        replayed = [m for m in later.pending if m["type"] == "event"]
        assert [m["data"]["ops"] for m in replayed] == [ops], replayed
        for socket_ in (watcher, editor, later):
            await socket_.close()

    asyncio.run(scenario())
