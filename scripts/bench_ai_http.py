#!/usr/bin/env python3
"""make bench: embeddings through nginx → gateway → ai-engine (two replicas, dynamic batching), on
the same texts as AIBench. A fresh user signs in; `--clients` threads send the texts in requests of
`--batch`; then single-text requests one at a time give the request latency p50/p99.

    bench_ai_http.py STACK_ENV TEXTS_JSON OUT_JSON [--clients 8] [--batch 8]
"""
import argparse
import http.client
import json
import queue
import threading
import time
import uuid

import stack_env  # scripts/stack_env.py


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stack_env")
    parser.add_argument("texts")
    parser.add_argument("out")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    env = stack_env.read(args.stack_env)
    port = int(env["NGINX_HTTP_PORT"])
    texts = json.load(open(args.texts))

    def call(path, body, token=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        connection.request("POST", path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    email, password = "ai-bench-%s@example.com" % uuid.uuid4().hex[:10], "ai bench password " + uuid.uuid4().hex[:8]
    status, data = call("/api/v1/auth/register", {"email": email, "password": password})
    assert status == 201, data
    token = json.loads(data)["access_token"]
    status, data = call("/api/v1/ai/embeddings", {"texts": texts[:4]}, token)  # warm-up
    assert status == 200, data

    work = queue.Queue()
    for start in range(0, len(texts), args.batch):
        work.put(texts[start:start + args.batch])
    latencies, failures = [], []
    lock = threading.Lock()

    def client():
        while True:
            try:
                batch = work.get_nowait()
            except queue.Empty:
                return
            began = time.perf_counter()
            status, data = call("/api/v1/ai/embeddings", {"texts": batch}, token)
            with lock:
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    failures.append(status)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    single = []
    for text in texts[:100]:
        start = time.perf_counter()
        status, _ = call("/api/v1/ai/embeddings", {"texts": [text]}, token)
        single.append(time.perf_counter() - start)
        assert status == 200
    single.sort()
    result = {
        "sentences_per_second": len(texts) / elapsed, "clients": args.clients, "batch": args.batch, "failures": len(failures),
        "concurrency": args.clients, "p50_ms": single[len(single) // 2] * 1000, "p99_ms": single[min(len(single) - 1, int(len(single) * 0.99))] * 1000,
        "batched_request_p50_ms": sorted(latencies)[len(latencies) // 2] * 1000,
    }
    json.dump(result, open(args.out, "w"))
    print("ai: POST /api/v1/ai/embeddings through nginx: %d texts, %d clients × %d texts per request: %.1f sentences/s (%d failed); "
          "single-text request p50 %.1f ms, p99 %.1f ms" % (len(texts), args.clients, args.batch, result["sentences_per_second"], len(failures),
                                                             result["p50_ms"], result["p99_ms"]))


if __name__ == "__main__":
    main()
