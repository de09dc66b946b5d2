#!/usr/bin/env python3
"""make bench, conversion service: N concurrent uploads of a ~2 MB mod through nginx.

Each upload is a distinct jar (one small entry differs), so none is answered from the result cache.
Checks that every upload completes exactly once (N rows, the ids uploaded, one `completed` event
each in the channel history on Redis) and prints conversions per second and the upload latency
percentiles. Baseline, measured in the same run: the same jars converted one after another by the
offline CLI (`conversion convert`), one process, no network.

    bench_uploads.py STACK_ENV CONVERSION_BINARY [--count 50] [--megabytes 2]
"""
import argparse
import concurrent.futures
import http.client
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile

import stack_env  # scripts/stack_env.py


def mod_jar(megabytes, tag):
    """A small Fabric mod (one block: blockstate, model, texture, name) with ~`megabytes` of sound."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "benchmod", "version": "1.0.0", "name": "Bench Mod"}))
        archive.writestr("assets/benchmod/blockstates/bench_block.json", json.dumps({"variants": {"": {"model": "benchmod:block/bench_block"}}}))
        archive.writestr("assets/benchmod/models/block/bench_block.json",
                         json.dumps({"parent": "minecraft:block/cube_all", "textures": {"all": "benchmod:block/bench_block"}}))
        archive.writestr("assets/benchmod/lang/en_us.json", json.dumps({"block.benchmod.bench_block": "Bench Block"}))
        archive.writestr("assets/benchmod/sounds.json", json.dumps({"ambient": {"sounds": ["benchmod:ambient"]}}))
        archive.writestr("assets/benchmod/sounds/ambient.ogg", random.Random(7).randbytes(megabytes << 20), compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/bench-%s.txt" % tag, tag)
    return buffer.getvalue()


def request(port, method, path, body=None, headers=None, timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def upload(port, token, jar):
    boundary = "bench-" + uuid.uuid4().hex
    body = (b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="file"; filename="bench.jar"\r\n'
            b"Content-Type: application/java-archive\r\n\r\n" + jar + b"\r\n--" + boundary.encode() + b"--\r\n")
    started = time.monotonic()
    status, answer = request(port, "POST", "/api/v1/conversions", body,
                             {"Authorization": "Bearer " + token, "Content-Type": "multipart/form-data; boundary=" + boundary})
    return status, json.loads(answer) if answer else {}, time.monotonic() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stack_env")
    parser.add_argument("conversion_binary")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--megabytes", type=int, default=2)
    args = parser.parse_args()
    stack = stack_env.read(args.stack_env)
    port = int(stack["NGINX_HTTP_PORT"])

    email = "bench-uploads-%s@example.com" % uuid.uuid4().hex[:12]
    password = "bench uploads " + uuid.uuid4().hex
    status, answer = request(port, "POST", "/api/v1/auth/register", json.dumps({"email": email, "password": password}),
                             {"Content-Type": "application/json"})
    if status != 201:
        sys.exit("register failed: %s %s" % (status, answer[:200]))
    token = json.loads(answer)["access_token"]
    jars = [mod_jar(args.megabytes, uuid.uuid4().hex) for _ in range(args.count)]

    began = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.count) as pool:
        results = list(pool.map(lambda jar: upload(port, token, jar), jars))
    refused = [(status, body) for status, body, _ in results if status != 202]
    if refused:
        sys.exit("uploads refused: %s" % refused[:3])
    uploaded = {body["id"] for _, body, _ in results}
    latencies = [seconds for _, _, seconds in results]

    deadline = time.monotonic() + 900
    while True:
        status, answer = request(port, "GET", "/api/v1/conversions?page_size=100", headers={"Authorization": "Bearer " + token})
        page = json.loads(answer)
        finished = [item for item in page["items"] if item["status"] in ("completed", "failed", "cancelled")]
        if len(finished) == page["total"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - began
    listed = {item["id"] for item in page["items"]}
    completed = [item for item in page["items"] if item["status"] == "completed"]

    events_ok = 0
    for conversion in uploaded:
        history = subprocess.run(
            ["redis-cli", "-p", stack["REDIS_PORT"], "-a", stack["REDIS_PASSWORD"], "--no-auth-warning", "LRANGE",
             "conversion:%s:events" % conversion, "0", "-1"], capture_output=True, text=True).stdout.split("\n")
        if sum(1 for line in history if line and json.loads(line).get("type") == "completed") == 1:
            events_ok += 1

    # Baseline: the offline CLI on three of the same jars, one after another.
    with tempfile.TemporaryDirectory() as folder:
        cli_began = time.monotonic()
        for index, jar in enumerate(jars[:3]):
            path = os.path.join(folder, "mod-%d.jar" % index)
            with open(path, "wb") as handle:
                handle.write(jar)
            subprocess.run([args.conversion_binary, "convert", path, "-o", path + ".mcaddon"], check=True, capture_output=True)
        cli_rate = 3 / (time.monotonic() - cli_began)

    rate = len(completed) / elapsed
    size = len(jars[0]) / (1 << 20)
    print("conversions: %d concurrent uploads of a %.1f MiB mod through nginx → gateway → conversion ×2" % (args.count, size))
    print("conversions: %d listed, %d completed, %d with exactly one completed event; ids %s; lost %d, duplicated %d" % (
        page["total"], len(completed), events_ok, "match" if listed == uploaded else "DIFFER",
        len(uploaded - listed), page["total"] - len(listed)))
    print("conversions: upload latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms" % (
        percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000, percentile(latencies, 0.99) * 1000))
    print("conversions: %.2f conversions/s from the first upload to the last completion (%.1f s)" % (rate, elapsed))
    print("conversions: offline CLI baseline, one process: %.2f jars/s; platform / CLI = %.2f×" % (cli_rate, rate / cli_rate))
    if len(completed) != args.count or listed != uploaded or events_ok != args.count:
        sys.exit("conversions: NOT every upload completed exactly once")


if __name__ == "__main__":
    main()
