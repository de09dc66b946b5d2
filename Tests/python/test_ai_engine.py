"""The AI engine through nginx and the gateway, as a client sees it: embeddings equal to
sentence-transformers' (the shared reference), precise 4xx for bad input, semantic search over the
knowledge base on the labelled queries, and the model registry — register, promote, roll back,
archive — with tampered and malformed files refused and audited."""
import json
import math
import os
import subprocess
import uuid

import pytest

from model_files import folder_sha256, write_linear
from realtime_client import PASSWORD, account

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(ROOT, "..", "shared", "reference", "minilm", "reference.json")
QUERIES = os.path.join(ROOT, "Tests", "fixtures-ai", "search_queries.jsonl")


def _admin(client, stack):
    """A fresh user made admin the way an operator does (`migrator grant-role`): its token."""
    email = "ai-admin-%s@example.com" % uuid.uuid4().hex[:12]
    status, _, body = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201, body
    owner_url = "postgresql://%s:%s@127.0.0.1:%s/%s" % (stack["PG_OWNER_USER"], stack["PG_OWNER_PASSWORD"], stack["PG_PORT"], stack["DB_NAME"])
    result = subprocess.run([os.path.join(stack["BIN_DIR"], "migrator"), "grant-role", "--email", email, "--role", "admin"],
                            env={"MIGRATOR_DATABASE_URL": owner_url, "PATH": os.environ.get("PATH", "")}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    status, _, login = client.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200, login
    return login["access_token"]


def test_embeddings_match_the_pytorch_reference_and_bad_input_is_a_precise_4xx(client):
    _, token = account(client)
    reference = json.load(open(REFERENCE))["items"]
    texts = [item["text"] for item in reference[:40]]
    status, _, body = client.call("POST", "/api/v1/ai/embeddings", {"texts": texts}, token=token)
    assert status == 200, body
    assert body["model"] == "all-minilm-l6-v2" and body["version"] == "1.0.0" and body["dimensions"] == 384
    assert len(body["embeddings"]) == len(texts)
    for item, vector in zip(reference, body["embeddings"]):
        assert len(vector) == 384
        cosine = sum(a * b for a, b in zip(vector, item["embedding"])) / math.sqrt(sum(b * b for b in item["embedding"]))
        assert cosine >= 0.9999, (item["text"], cosine)

    def refused(payload, code, expected_status=422):
        status, _, answer = client.call("POST", "/api/v1/ai/embeddings", payload, token=token)
        assert status == expected_status and answer["error"]["code"] == code, (status, answer)
        return answer["error"]["message"]

    assert "at most 64" in refused({"texts": ["word"] * 65}, "too_many_texts")
    assert "4096" in refused({"texts": ["ok", "x" * 4097]}, "text_too_long")
    refused({"texts": []}, "no_texts")
    refused({"texts": "not a list"}, "invalid_request", 400)
    refused({"words": ["a"]}, "invalid_request", 400)
    status, _, answer = client.call("POST", "/api/v1/ai/embeddings", {"texts": ["a"]})
    assert status == 401, answer
    # A regular user may not touch the registry.
    status, _, answer = client.call("POST", "/api/v1/ai/models/x/versions", {"version": "1.0.0", "format": "custom", "location": "x"}, token=token)
    assert status == 403 and answer["error"]["code"] == "forbidden", answer


def test_search_finds_the_expected_entry_for_the_labelled_queries(client):
    _, token = account(client)
    queries = [json.loads(line) for line in open(QUERIES) if line.strip()]
    assert len(queries) >= 50
    found = 0
    for query in queries:
        status, _, body = client.call("POST", "/api/v1/ai/search", {"text": query["query"], "k": 5}, token=token)
        assert status == 200, body
        assert len(body["results"]) == 5
        similarities = [hit["similarity"] for hit in body["results"]]
        assert similarities == sorted(similarities, reverse=True)
        found += query["expected"] in [hit["id"] for hit in body["results"]]
    recall = found / len(queries)
    print("search recall@5 through nginx over %d queries: %.3f" % (len(queries), recall))
    assert recall >= 0.8
    status, _, body = client.call("POST", "/api/v1/ai/search", {"text": "furnace", "k": 0}, token=token)
    assert status == 422 and body["error"]["code"] == "invalid_k", body
    # A kind filter: only that kind comes back; a malformed one (schemathesis found a NUL byte reaching
    # PostgreSQL as a 500) is a 422 naming the rule.
    status, _, body = client.call("POST", "/api/v1/ai/search", {"text": "furnace", "k": 5, "kind": "recipe"}, token=token)
    assert status == 200 and body["results"] and {hit["kind"] for hit in body["results"]} == {"recipe"}, body
    for kind in ("recipe\u0000", "Recipe", "", "-x", "a" * 65, "block component"):
        status, _, body = client.call("POST", "/api/v1/ai/search", {"text": "furnace", "kind": kind}, token=token)
        assert status == 422 and body["error"]["code"] == "invalid_kind", (kind, body)


def test_the_registry_promotes_rolls_back_archives_and_refuses_tampered_or_malformed_files(client, stack):
    token = _admin(client, stack)
    models = os.path.join(stack["STACK_DIR"], "models")
    name = "test-clf-%s" % uuid.uuid4().hex[:10]
    for version in ("1.0.0", "1.1.0", "1.2.0", "2.0.0"):
        write_linear(os.path.join(models, name, version), ["block", "item", "entity"], bias=float(version[0]))

    def call(method, path, body=None):
        return client.call(method, "/api/v1/ai/models/%s%s" % (name, path), body, token=token)

    for version in ("1.0.0", "1.1.0", "1.2.0", "2.0.0"):
        status, _, body = call("POST", "/versions", {"version": version, "format": "sklearn-linear", "location": "%s/%s" % (name, version),
                                                     "metrics": {"macro_f1": 0.9}})
        assert status == 201, body
        assert body["status"] == "staged" and body["sha256"] == folder_sha256(os.path.join(models, name, version))
    status, _, body = call("POST", "/versions", {"version": "1.0.0", "format": "sklearn-linear", "location": "%s/1.0.0" % name})
    assert status == 409 and body["error"]["code"] == "version_exists", body
    status, _, body = call("POST", "/versions", {"version": "3.0.0", "format": "bert-safetensors", "location": "%s/1.0.0" % name})
    assert status == 409 and body["error"]["code"] == "format_mismatch", body
    for location, code in (("../outside", "model_location_invalid"), ("/etc", "model_location_invalid"), (name + "/9.9.9", "model_location_missing")):
        status, _, body = call("POST", "/versions", {"version": "3.0.1", "format": "sklearn-linear", "location": location})
        assert status == 422 and body["error"]["code"] == code, (location, body)
    status, _, body = call("POST", "/versions", {"version": "1.0", "format": "sklearn-linear", "location": name + "/1.0.0"})
    assert status == 422 and body["error"]["code"] == "invalid_version", body
    # Metrics are kept as jsonb, which cannot hold U+0000: refused at the door, not a 500.
    status, _, body = call("POST", "/versions", {"version": "3.0.2", "format": "sklearn-linear", "location": name + "/1.0.0",
                                                 "metrics": {"note": "a\u0000b"}})
    assert status == 400 and body["error"]["code"] == "invalid_request", body

    def production():
        status, _, body = call("GET", "")
        assert status == 200, body
        return body["model"]["production"], {v["version"]: v["status"] for v in body["model"]["versions"]}, body["audit"]

    status, _, body = call("POST", "/versions/1.0.0/promote")
    assert status == 200 and body["status"] == "production", body
    status, _, body = call("POST", "/versions/1.1.0/promote")
    assert status == 200 and body["previous_production"] == "1.0.0", body
    current, states, _ = production()
    assert current == "1.1.0" and states["1.0.0"] == "staged"
    status, _, body = call("POST", "/rollback")
    assert status == 200 and body["version"] == "1.0.0", body
    current, states, _ = production()
    assert current == "1.0.0" and states["1.1.0"] == "staged"
    status, _, body = call("POST", "/rollback")
    assert status == 409 and body["error"]["code"] == "nothing_to_roll_back", body
    status, _, body = call("POST", "/versions/1.0.0/archive")
    assert status == 409 and body["error"]["code"] == "in_production", body
    status, _, body = call("POST", "/versions/1.1.0/archive")
    assert status == 200 and body["status"] == "archived", body
    status, _, body = call("POST", "/versions/1.1.0/promote")
    assert status == 409 and body["error"]["code"] == "archived", body

    # Tampering after registration: refused at promotion, audited, production unchanged.
    path = os.path.join(models, name, "1.2.0", "model.safetensors")
    data = bytearray(open(path, "rb").read())
    data[-1] ^= 1
    open(path, "wb").write(bytes(data))
    status, _, body = call("POST", "/versions/1.2.0/promote")
    assert status == 409 and body["error"]["code"] == "model_checksum_mismatch", body
    # A malformed safetensors registered as it is: refused at load with the reader's reason.
    bad = os.path.join(models, name, "2.0.0", "model.safetensors")
    whole = open(bad, "rb").read()
    open(bad, "wb").write(whole[:-7])
    status, _, body = call("POST", "/versions", {"version": "2.0.1", "format": "sklearn-linear", "location": "%s/2.0.0" % name})
    assert status == 201, body
    status, _, body = call("POST", "/versions/2.0.1/promote")
    assert status == 409 and body["error"]["code"] == "model_invalid" and "truncated" in body["error"]["message"], body
    current, states, audit = production()
    assert current == "1.0.0"
    actions = [entry["action"] for entry in audit]
    assert "checksum_mismatch" in actions and "load_failed" in actions, actions
    assert actions.count("promote") == 2 and "rollback" in actions and "archive" in actions and actions.count("register") == 5, actions
    status, _, listing = client.call("GET", "/api/v1/ai/models", token=token)
    assert status == 200 and any(m["name"] == "all-minilm-l6-v2" and m["production"] == "1.0.0" for m in listing["models"]), listing


def test_a_class_no_rule_covers_gets_a_classifier_sourced_assumption_in_the_report(client):
    """A real conversion: the conversion service sends the classes its engine has no rule for to
    the ai-engine; the report records the classifier's kind and the knowledge base's nearest
    Bedrock entry, with its similarity, as the smart assumption."""
    from demo_mod import demo_jar
    from test_conversion_api import _upload
    from realtime_client import wait_completed

    _, token = account(client)
    classes = [
        ("com/webdemo/block/GrinderBlock", "net/minecraft/world/level/block/HorizontalDirectionalBlock", ["grinder", "facing", "powered"]),
        ("com/webdemo/network/SyncEnergyPacket", "java/lang/Object", ["energy", "pos", "webdemo:sync_energy"]),
        ("com/webdemo/recipe/InfusingRecipe", "net/minecraft/world/item/crafting/Recipe", ["infusing", "ingredient", "result"]),
        # Covered by a rule (a GUI screen): no AI suggestion.
        ("com/webdemo/client/GrinderScreen", "net/minecraft/client/gui/screens/inventory/AbstractContainerScreen", ["webdemo:textures/gui/grinder.png"]),
        # Nested classes are not asked about.
        ("com/webdemo/block/GrinderBlock$1", "java/lang/Object", []),
    ]
    status, accepted = _upload(client, token, demo_jar(classes=classes))
    assert status == 202, accepted
    wait_completed(client, token, accepted["id"], timeout=120)
    status, _, report = client.call("GET", "/api/v1/conversions/%s/report" % accepted["id"], token=token)
    assert status == 200, report
    behaviours = {f["java_id"]: f for f in report["features"] if f["kind"] == "behaviour"}
    suggested = {name: f["assumption"]["suggested_by"] for name, f in behaviours.items() if "suggested_by" in f.get("assumption", {})}
    assert set(suggested) == {"com.webdemo.block.GrinderBlock", "com.webdemo.network.SyncEnergyPacket", "com.webdemo.recipe.InfusingRecipe"}, behaviours
    grinder = suggested["com.webdemo.block.GrinderBlock"]
    assert grinder["kind"] == "block" and grinder["source"] == "ai-engine", grinder
    assert grinder["classifier"] == "feature-kind-classifier@1.0.0" and grinder["embedder"] == "all-minilm-l6-v2@1.0.0", grinder
    assert 0 < grinder["similarity"] <= 1 and 0 < grinder["confidence"] <= 1, grinder
    assert grinder["entry"].startswith("block-"), grinder
    standin = behaviours["com.webdemo.block.GrinderBlock"]["assumption"]["stand_in"]
    assert "similarity %.2f" % grinder["similarity"] in standin, standin
    assert suggested["com.webdemo.recipe.InfusingRecipe"]["kind"] == "recipe", suggested
    # The rule-covered screen keeps the engine's own assumption; the nested class is not reported.
    screen = behaviours["com.webdemo.client.GrinderScreen"]["assumption"]
    assert "suggested_by" not in screen and "GUI" in screen["reason"], screen
    assert "com.webdemo.block.GrinderBlock$1" not in behaviours


def _multipart(parts):
    """parts: (name, filename or None, bytes) → (content type, body)."""
    boundary = "b" + uuid.uuid4().hex
    body = b""
    for name, filename, data in parts:
        disposition = 'form-data; name="%s"' % name + ('; filename="%s"' % filename if filename else "")
        body += ("--%s\r\nContent-Disposition: %s\r\nContent-Type: application/octet-stream\r\n\r\n" % (boundary, disposition)).encode() + data + b"\r\n"
    return "multipart/form-data; boundary=" + boundary, body + ("--%s--\r\n" % boundary).encode()


def test_a_model_version_is_uploaded_registered_and_promoted(client, stack):
    import http.client
    import tempfile

    token = _admin(client, stack)
    name = "test-upload-%s" % uuid.uuid4().hex[:10]
    folder = tempfile.mkdtemp()
    write_linear(folder, ["block", "item"], features=384)
    files = {file: open(os.path.join(folder, file), "rb").read() for file in ("model.json", "model.safetensors")}

    def upload(parts):
        content_type, body = _multipart(parts)
        connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30, source_address=(client.source, 0))
        connection.request("POST", "/api/v1/ai/models/%s/versions" % name, body=body,
                           headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
        response = connection.getresponse()
        payload = json.loads(response.read())
        connection.close()
        return response.status, payload

    meta = json.dumps({"version": "1.0.0", "format": "sklearn-linear", "metrics": {"macro_f1": 0.5}}).encode()
    status, body = upload([("meta", None, meta)] + [("file", file, data) for file, data in files.items()])
    assert status == 201, body
    assert body["location"] == "uploads/%s/1.0.0" % name and body["status"] == "staged" and json.loads(body["metrics"]) == {"macro_f1": 0.5}, body
    assert body["sha256"] == folder_sha256(os.path.join(stack["STACK_DIR"], "models", "uploads", name, "1.0.0"))
    status, _, promoted = client.call("POST", "/api/v1/ai/models/%s/versions/1.0.0/promote" % name, token=token)
    assert status == 200 and promoted["status"] == "production", promoted
    # The same version again, a hostile file name, no meta: refused, nothing kept.
    status, body = upload([("meta", None, meta), ("file", "model.json", files["model.json"])])
    assert status == 409 and body["error"]["code"] == "version_exists", body
    meta2 = json.dumps({"version": "1.0.1", "format": "sklearn-linear"}).encode()
    status, body = upload([("meta", None, meta2), ("file", "../escape.json", b"{}")])
    assert status == 400 and body["error"]["code"] == "invalid_file_name", body
    status, body = upload([("file", "model.json", files["model.json"])])
    assert status == 400 and body["error"]["code"] == "invalid_upload", body
    assert not os.path.exists(os.path.join(stack["STACK_DIR"], "models", "uploads", name, "1.0.1"))
    leftovers = [entry for entry in os.listdir(os.path.join(stack["STACK_DIR"], "models", "uploads")) if entry.startswith(".staging-")]
    assert leftovers == [], leftovers


def test_a_promotion_is_never_answered_from_a_result_cached_before_it(client, stack):
    """The result cache's key holds what the AI suggestions come from (production classifier and
    embedder, the knowledge base's digest): the same upload is answered from the cache until a new
    classifier version is promoted, then converted anew with the new version in its report."""
    import shutil
    from demo_mod import demo_jar
    from test_conversion_api import _upload
    from realtime_client import wait_completed

    _, token = account(client)
    admin = _admin(client, stack)
    unique = uuid.uuid4().hex[:10]
    jar = demo_jar(classes=[("com/cachedemo%s/block/KilnBlock" % unique, "net/minecraft/world/level/block/Block", ["kiln", "lit"])])

    def convert():
        status, accepted = _upload(client, token, jar)
        assert status == 202, accepted
        wait_completed(client, token, accepted["id"], timeout=120)
        status, _, report = client.call("GET", "/api/v1/conversions/%s/report" % accepted["id"], token=token)
        assert status == 200, report
        suggested = [f["assumption"]["suggested_by"] for f in report["features"] if "suggested_by" in f.get("assumption", {})]
        assert len(suggested) == 1, report["features"]
        return accepted["from_cache"], suggested[0]["classifier"]

    assert convert() == (False, "feature-kind-classifier@1.0.0")
    assert convert() == (True, "feature-kind-classifier@1.0.0")

    # The sources route is the conversion service's alone: no token 401, the gateway's token 403.
    import urllib.error
    import urllib.request
    internal = "http://127.0.0.1:%s" % stack["NGINX_INTERNAL_PORT"]

    def internal_call(path, body=None, token=None):
        request = urllib.request.Request(internal + path, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    status, answer = internal_call("/ai-engine/internal/v1/ai/suggest/sources")
    assert status == 401, answer
    status, issued = internal_call("/auth/internal/v1/service-tokens",
                                   {"client_id": "gateway", "client_secret": stack["SERVICE_SECRET_GATEWAY"], "audience": "ai-engine"})
    assert status == 200, issued
    status, answer = internal_call("/ai-engine/internal/v1/ai/suggest/sources", token=issued["access_token"])
    assert status == 403 and answer["error"]["code"] == "forbidden", answer

    models = os.path.join(stack["STACK_DIR"], "models", "feature-kind-classifier")
    version = "1.0.%d" % (uuid.uuid4().int % 10**9 + 1)
    shutil.copytree(os.path.join(models, "1.0.0"), os.path.join(models, version))
    path = "/api/v1/ai/models/feature-kind-classifier"
    status, _, body = client.call("POST", path + "/versions", {"version": version, "format": "sklearn-linear",
                                                               "location": "feature-kind-classifier/" + version}, token=admin)
    assert status == 201, body
    status, _, body = client.call("POST", path + "/versions/%s/promote" % version, token=admin)
    assert status == 200 and body["previous_production"] == "1.0.0", body
    try:
        assert convert() == (False, "feature-kind-classifier@" + version)
        assert convert() == (True, "feature-kind-classifier@" + version)
    finally:
        status, _, body = client.call("POST", path + "/rollback", token=admin)
        assert status == 200 and body["version"] == "1.0.0", body
    # Back on 1.0.0: the result made with it is still the cached one.
    assert convert() == (True, "feature-kind-classifier@1.0.0")
