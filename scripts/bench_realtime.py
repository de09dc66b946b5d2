#!/usr/bin/env python3
"""make bench, realtime: many WebSockets held open across the two realtime replicas, half
connected to the replicas directly and half through nginx, spread over 20 users, each socket
subscribed to its user's channel (`user:{id}`, 500 sockets per channel at 10,000).

Prints: connections held and the time to open them; resident memory of the replicas per 1,000
idle connections (their RSS with the sockets open minus before); deliveries per second at
saturation (a burst of events on every channel, each fanned out to the channel's sockets, until
every socket has all of them); and publish-to-receive latency p50/p99 at a stated, lower delivery
rate, events spread evenly over the channels (the publication time is Redis' clock, stamped by the
publishing script; clients are on the same machine).

Bounded in count and time; loopback only. The load generator is this script: client processes
with asyncio and the `websockets` library, so at saturation it shares the two cores with the
servers (said beside the figures).

    bench_realtime.py STACK_ENV [--connections 10000] [--processes 2]
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import time
import urllib.request

import stack_env  # scripts/stack_env.py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "python"))
from realtime_client import Publisher  # noqa: E402  (the services' own publishing script)


def register(stack):
    email = "bench-ws-%d@example.com" % time.time_ns()
    body = json.dumps({"email": email, "password": "bench password %d" % time.time_ns()}).encode()
    request = urllib.request.Request("http://127.0.0.1:%s/api/v1/auth/register" % stack["NGINX_HTTP_PORT"], data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    return answer["user"]["id"], answer["access_token"]


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def worker(targets, commands):
    """One client process: opens its share of sockets, then counts what they receive."""
    from websockets.asyncio.client import connect

    async def main():
        sockets = []
        received = [0]
        latencies = []
        sample = [False]

        async def reader(ws):
            try:
                async for text in ws:
                    received[0] += 1
                    if sample[0]:
                        at = text.find('"ts":')
                        if at >= 0:
                            end = text.find(",", at)
                            latencies.append(time.time() * 1000 - int(text[at + 5:end]))
            except Exception:
                pass

        async def open_one(target):
            url, token, channel = target
            for _ in range(5):
                try:
                    ws = await connect(url, open_timeout=60, ping_interval=None, max_queue=None, compression=None)
                    await ws.send(json.dumps({"type": "auth", "token": token}))
                    while json.loads(await ws.recv())["type"] != "ready":
                        pass
                    await ws.send(json.dumps({"type": "subscribe", "channel": channel, "id": "s"}))
                    while json.loads(await ws.recv())["type"] != "ack":
                        pass
                    sockets.append(ws)
                    asyncio.get_running_loop().create_task(reader(ws))
                    return
                except Exception:
                    await asyncio.sleep(0.2)

        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, commands.recv)
            if command == "open":
                semaphore = asyncio.Semaphore(200)

                async def limited(target):
                    async with semaphore:
                        await open_one(target)

                await asyncio.gather(*(limited(target) for target in targets))
                commands.send(len(sockets))
            elif command == "reset":
                received[0] = 0
                latencies.clear()
                commands.send(0)
            elif command == "sample":
                sample[0] = True
                commands.send(0)
            elif command == "count":
                commands.send(received[0])
            elif command == "latencies":
                commands.send(latencies)
            elif command == "close":
                await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
                commands.send(0)
                return

    asyncio.run(main())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stack_env")
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    stack = stack_env.read(args.stack_env)
    users = [register(stack) for _ in range(args.users)]
    channels = ["user:" + user for user, _ in users]
    ports = stack["REALTIME_PORTS"].split()
    addresses = ["ws://127.0.0.1:%s/ws" % stack["NGINX_HTTP_PORT"]] + ["ws://127.0.0.1:%s/ws" % port for port in ports]
    # Half through nginx, half straight to the replicas (alternating); socket i is user i mod 20's.
    targets = [(addresses[0] if i % 2 == 0 else addresses[1 + (i // 2) % len(ports)], users[i % len(users)][1], channels[i % len(users)])
               for i in range(args.connections)]
    pids = [int(open(os.path.join(stack["STACK_DIR"], "pids", "realtime-%d.pid" % (i + 1))).read()) for i in range(len(ports))]
    before = rss_kib(pids)

    pipes, processes = [], []
    for index in range(args.processes):
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.Process(target=worker, args=(targets[index::args.processes], theirs), daemon=True)
        process.start()
        pipes.append(ours)
        processes.append(process)

    def ask(command):
        for pipe in pipes:
            pipe.send(command)
        return [pipe.recv() for pipe in pipes]

    started = time.monotonic()
    opened = sum(ask("open"))
    opening = time.monotonic() - started
    time.sleep(2)
    after = rss_kib(pids)
    print("realtime: %d of %d sockets open and subscribed (half through nginx, half direct) in %.1f s"
          % (opened, args.connections, opening, ))
    print("realtime: replicas' resident memory %.0f MiB idle → %.0f MiB with the sockets: %.0f KiB per 1,000 idle connections"
          % (before / 1024, after / 1024, (after - before) / max(1, opened) * 1000))

    publisher = Publisher(stack)
    # Saturation: a burst of events on every channel, each delivered to that channel's sockets;
    # the time until all have arrived.
    burst = 40
    ask("reset")
    started = time.monotonic()
    for channel in channels:
        publisher.publish_many(channel, [{"type": "bench", "n": n} for n in range(burst)])
    expected = burst * opened
    deadline = started + 180
    total = 0
    while time.monotonic() < deadline:
        total = sum(ask("count"))
        if total >= expected:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    rate = total / elapsed
    print("realtime: saturation: %d events on each of %d channels (%d sockets each) = %d deliveries (%d arrived) in %.2f s: %.0f deliveries/s (goal 50,000/s)"
          % (burst, len(channels), opened // len(channels), expected, total, elapsed, rate))

    # Latency at a stated rate: a fifth of the saturation rate for ten seconds, events round-robin
    # over the channels.
    per_channel = max(1, opened // len(channels))
    events_per_second = max(1.0, rate / 5 / per_channel)
    ask("reset")
    ask("sample")
    count = int(events_per_second * 10)
    started = time.monotonic()
    for n in range(count):
        publisher.publish(channels[n % len(channels)], {"type": "bench", "n": n})
        pause = started + (n + 1) / events_per_second - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(ask("count")) < count * per_channel:
        time.sleep(0.05)
    latencies = [value for chunk in ask("latencies") for value in chunk]
    print("realtime: latency at %.0f deliveries/s (%.1f events/s × %d sockets each): p50 %.1f ms, p99 %.1f ms over %d deliveries (goal p99 < 50 ms)"
          % (events_per_second * per_channel, events_per_second, per_channel, percentile(latencies, 0.5), percentile(latencies, 0.99), len(latencies)))
    print("realtime: the load generator (%d Python processes) runs on the same %d cores as the servers" % (args.processes, os.cpu_count()))
    ask("close")
    for process in processes:
        process.join(timeout=30)


if __name__ == "__main__":
    main()
