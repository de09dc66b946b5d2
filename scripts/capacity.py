#!/usr/bin/env python3
"""The capacity model for the Kubernetes deployment (README "Kubernetes: capacity").

Turns per-replica figures measured here (deploy/kubernetes/capacity-inputs.json, or a newer
`make bench` output with --bench) into the replicas and cores needed for 1k, 10k and 100k
conversions an hour and for 100k concurrent WebSockets.

  scripts/capacity.py [--inputs FILE] [--bench BENCH_OUTPUT] [--markdown]
"""
import argparse
import json
import math
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LOADS = [1_000, 10_000, 100_000]
SOCKETS = 100_000
# Floors: the manifests' minimum replicas (availability across a node loss), per service.
MINIMUM = {"conversion": 2, "gateway": 3, "auth": 2, "ai-engine": 2, "realtime": 2}
SERVICES = ["conversion", "gateway", "auth", "ai-engine", "realtime"]


def requested_cores():
    """service → the CPU its Deployment requests (deploy/kubernetes/base/SERVICE.yaml)."""
    import yaml  # PyYAML: in the project's virtualenv, and Debian's python3-yaml

    cores = {}
    for service in SERVICES:
        with open(os.path.join(ROOT, "deploy", "kubernetes", "base", service + ".yaml")) as handle:
            deployment = next(d for d in yaml.safe_load_all(handle) if d and d["kind"] == "Deployment")
        value = str(deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"])
        cores[service] = float(value[:-1]) / 1000 if value.endswith("m") else float(value)
    return cores


def load(path):
    with open(path) as handle:
        figures = json.load(handle)
    return {key: entry["value"] for key, entry in figures.items() if not key.startswith("_")}


def from_bench(path, figures):
    """Replaces the figures a `make bench` output states (its auth and realtime lines)."""
    with open(path) as handle:
        text = handle.read()
    found = re.search(r"auth: authenticated GET .*?: ([0-9.]+) req/s", text)
    if found:
        figures["authenticated_requests_per_second"] = float(found.group(1))
    found = re.search(r"realtime: (\d+) of \d+ sockets open", text)
    latency = re.search(r"realtime: latency at .*?p99 ([0-9.]+) ms", text)
    if found and latency and float(latency.group(1)) < 50:
        figures["sockets_per_realtime_pod"] = int(found.group(1)) // 2
    return figures


def model(figures):
    """service → {load: replicas} for conversions an hour, and realtime for the sockets."""
    target = figures["utilization_target"]
    seconds_per_job = figures["real_jar_mean_mib"] / figures["engine_mib_per_core_second"]
    jobs_per_pod_hour = 3600 / seconds_per_job * figures["conversion_workers_per_pod"] * target
    requests_per_core = figures["authenticated_requests_per_second"] / figures["stack_cores"] * target
    embeddings_per_pod = figures["embeddings_per_second_per_pod"] * target
    plan = {}
    for load in LOADS:
        per_second = load / 3600
        plan[load] = {
            "conversion": max(MINIMUM["conversion"], math.ceil(load / jobs_per_pod_hour)),
            "gateway": max(MINIMUM["gateway"], math.ceil(per_second * figures["api_requests_per_conversion"] / requests_per_core)),
            "auth": MINIMUM["auth"],
            "ai-engine": max(MINIMUM["ai-engine"], math.ceil(per_second * figures["ai_classes_per_conversion"] / embeddings_per_pod)),
            "realtime": MINIMUM["realtime"],
        }
    sockets = max(MINIMUM["realtime"], math.ceil(SOCKETS / figures["sockets_per_realtime_pod"]))
    return plan, sockets, seconds_per_job, jobs_per_pod_hour


def markdown(figures):
    plan, sockets, seconds_per_job, jobs_per_pod_hour = model(figures)
    cores = requested_cores()
    lines = [
        "| pods (cores requested each) | 1k conversions/h | 10k conversions/h | 100k conversions/h |",
        "|---|---|---|---|",
    ]
    for service in SERVICES:
        lines.append("| %s (%g) | %s |" % (service, cores[service], " | ".join(str(plan[load][service]) for load in LOADS)))
    totals = [sum(plan[load][service] * cores[service] for service in SERVICES) for load in LOADS]
    lines.append("| **cores requested** | %s |" % " | ".join("**%g**" % total for total in totals))
    lines.append("")
    lines.append("A real-size mod (%.2f MiB) takes %.1f s of one core; a conversion pod (2 workers, 2 cores) at %d %% "
                 "utilization converts %d an hour. 100k concurrent WebSockets need **%d realtime pods** "
                 "(%d sockets a pod)." % (figures["real_jar_mean_mib"], seconds_per_job, figures["utilization_target"] * 100,
                                           jobs_per_pod_hour, sockets, figures["sockets_per_realtime_pod"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", default=os.path.join(ROOT, "deploy", "kubernetes", "capacity-inputs.json"))
    parser.add_argument("--bench", help="a `make bench` output (.stack/bench/bench.out) whose figures replace the inputs'")
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    args = parser.parse_args()
    figures = load(args.inputs)
    if args.bench:
        figures = from_bench(args.bench, figures)
    if args.markdown:
        print(markdown(figures))
    else:
        plan, sockets, _, _ = model(figures)
        json.dump({"conversions_per_hour": {str(load): plan[load] for load in LOADS}, "realtime_pods_for_100k_sockets": sockets}, sys.stdout, indent=2)
        print()


if __name__ == "__main__":
    main()
