#!/usr/bin/env python3
"""Writes the Grafana dashboards (prometheus/dashboards/*.json) from the compact description
below: one place to read every panel's PromQL. Run it after editing; Tests/python/test_promql.py
checks the files match it and evaluates every expression against the real Prometheus.

    scripts/gen-dashboards.py [--check]"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "prometheus", "dashboards")
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}

# dashboard uid → (title, description, [(panel title, unit, [(expr, legend)], kind)])
DASHBOARDS = {
    "platform-overview": ("ModPorter · Platform overview", "Every replica's health and traffic at a glance.", [
        ("Replicas up by service", "short", [('sum by (job) (up)', "{{job}}")], "stat"),
        ("Requests per second by service", "reqps", [('sum by (job) (rate(http_requests_total[5m]))', "{{job}}")], "timeseries"),
        ("5xx ratio by service", "percentunit", [('sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m]))', "{{job}}")], "timeseries"),
        ("p95 latency by service", "s", [('histogram_quantile(0.95, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))', "{{job}}")], "timeseries"),
        ("Firing alerts", "short", [('sum by (alertname, severity) (ALERTS{alertstate="firing"})', "{{alertname}} ({{severity}})")], "table"),
        ("Conversions per minute", "short", [('sum(rate(conversions_total[5m])) * 60', "conversions")], "timeseries"),
        ("Open WebSockets", "short", [('sum(ws_connections)', "sockets")], "stat"),
        ("PostgreSQL up", "short", [('min(pg_up)', "pg_up")], "stat"),
        ("Redis up", "short", [('min(redis_up)', "redis_up")], "stat"),
        ("Artifact store disk free", "percentunit", [('min(artifact_store_free_bytes / artifact_store_capacity_bytes)', "free")], "stat"),
        ("PostgreSQL connections by state", "short", [('sum by (state) (pg_stat_activity_count)', "{{state}}")], "timeseries"),
        ("Redis memory used", "bytes", [('max(redis_memory_used_bytes)', "used")], "timeseries"),
        ("Machine CPU busy", "percentunit", [('1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m]))', "busy")], "timeseries"),
        ("Machine memory available", "bytes", [('min(node_memory_MemAvailable_bytes)', "available")], "timeseries"),
    ]),
    "api": ("ModPorter · API (RED per route)", "Rate, errors and duration of every gateway route.", [
        ("Rate by route", "reqps", [('sum by (method, route) (rate(http_requests_total{job="gateway"}[5m]))', "{{method}} {{route}}")], "timeseries"),
        ("Errors (5xx) by route", "reqps", [('sum by (method, route) (rate(http_requests_total{job="gateway", status=~"5.."}[5m]))', "{{method}} {{route}}")], "timeseries"),
        ("Client errors (4xx) by route", "reqps", [('sum by (method, route) (rate(http_requests_total{job="gateway", status=~"4.."}[5m]))', "{{method}} {{route}}")], "timeseries"),
        ("p95 duration by route", "s", [('histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{job="gateway"}[5m])))', "{{route}}")], "timeseries"),
        ("p50 duration by route", "s", [('histogram_quantile(0.5, sum by (route, le) (rate(http_request_duration_seconds_bucket{job="gateway"}[5m])))', "{{route}}")], "timeseries"),
        ("Rate-limit rejections by kind", "reqps", [('sum by (kind) (rate(gateway_rate_limit_rejections_total[5m]))', "{{kind}}")], "timeseries"),
    ]),
    "conversions": ("ModPorter · Conversions", "Throughput, success, duration, the queue and the features converted.", [
        ("Finished per minute by status", "short", [('sum by (status) (rate(conversions_total[5m])) * 60', "{{status}}")], "timeseries"),
        ("Success rate (30 min)", "percentunit", [('sum(rate(conversions_total{status="completed"}[30m])) / sum(rate(conversions_total{status=~"completed|failed"}[30m]))', "completed / finished")], "stat"),
        ("Duration p50 / p95", "s", [('histogram_quantile(0.5, sum by (le) (rate(conversion_duration_seconds_bucket[5m])))', "p50"),
                                     ('histogram_quantile(0.95, sum by (le) (rate(conversion_duration_seconds_bucket[5m])))', "p95")], "timeseries"),
        ("Queue depth", "short", [('max(job_queue_depth)', "queued jobs")], "timeseries"),
        ("Lease expirations (15 min)", "short", [('sum(increase(job_lease_expirations_total[15m]))', "expired leases")], "timeseries"),
        ("Features by kind and result (1 h)", "short", [('sum by (kind, result) (increase(conversion_features_total[1h]))', "{{kind}} {{result}}")], "bargauge"),
        ("Answered from the result cache per minute", "short", [('sum(rate(conversion_cache_hits_total[5m])) * 60', "cache hits")], "timeseries"),
        ("Artifact store size", "bytes", [('max(artifact_store_bytes)', "bytes")], "stat"),
    ]),
    "realtime": ("ModPorter · Realtime", "WebSockets: connections, messages, fan-out and closes.", [
        ("Open sockets by replica", "short", [('sum by (instance) (ws_connections)', "{{instance}}")], "timeseries"),
        ("Messages per second by direction and type", "short", [('sum by (direction, type) (rate(ws_messages_total[5m]))', "{{direction}} {{type}}")], "timeseries"),
        ("Fan-out latency p50 / p99", "s", [('histogram_quantile(0.5, sum by (le) (rate(ws_fanout_latency_seconds_bucket[5m])))', "p50"),
                                            ('histogram_quantile(0.99, sum by (le) (rate(ws_fanout_latency_seconds_bucket[5m])))', "p99")], "timeseries"),
        ("Closes by reason (5 min)", "short", [('sum by (reason) (increase(ws_closes_total[5m]))', "{{reason}}")], "timeseries"),
        ("Slow consumers closed (10 min)", "short", [('sum(increase(ws_slow_consumer_closes_total[10m]))', "1013 closes")], "stat"),
        ("Pub/sub reconnects (1 h)", "short", [('sum(increase(ws_pubsub_reconnects_total[1h]))', "reconnects")], "stat"),
        ("Refused authentications by reason", "short", [('sum by (reason) (increase(ws_auth_failures_total[15m]))', "{{reason}}")], "timeseries"),
    ]),
    "ai-engine": ("ModPorter · AI engine", "Inference latency and batching per model and version, the model cache, and the ai-engine replicas' HTTP traffic.", [
        ("Replicas up", "short", [('sum(up{job="ai-engine"})', "replicas")], "stat"),
        ("Inference p95 by model and version", "s", [('histogram_quantile(0.95, sum by (model, version, le) (rate(model_inference_seconds_bucket[5m])))', "{{model}} {{version}}")], "timeseries"),
        ("Forward passes per second", "ops", [('sum by (model, version) (rate(model_inference_seconds_count[5m]))', "{{model}} {{version}}")], "timeseries"),
        ("Texts per forward pass (dynamic batching)", "short", [('sum(rate(embedding_batch_texts_sum[5m])) / sum(rate(embedding_batch_texts_count[5m]))', "texts per pass")], "timeseries"),
        ("Model cache hit ratio", "percentunit", [('sum(rate(model_cache_hits_total[5m])) / (sum(rate(model_cache_hits_total[5m])) + sum(rate(model_cache_misses_total[5m])))', "hits")], "stat"),
        ("Model cache bytes by replica", "bytes", [('model_cache_bytes', "{{instance}}")], "timeseries"),
        ("Loads, evictions and refused loads (1 h)", "short", [
            ('sum by (model, version) (increase(model_loads_total[1h]))', "loads {{model}} {{version}}"),
            ('sum by (model, version) (increase(model_cache_evictions_total[1h]))', "evictions {{model}} {{version}}"),
            ('sum by (model, version, code) (increase(model_load_failures_total[1h]))', "refused {{model}} {{version}} {{code}}"),
        ], "timeseries"),
        ("Requests per second by route", "reqps", [('sum by (route) (rate(http_requests_total{job="ai-engine"}[5m]))', "{{route}}")], "timeseries"),
        ("p95 latency by route", "s", [('histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{job="ai-engine"}[5m])))', "{{route}}")], "timeseries"),
        ("5xx answers (5 min)", "short", [('sum(increase(http_requests_total{job="ai-engine", status=~"5.."}[5m]))', "5xx")], "stat"),
    ]),
    "auth-security": ("ModPorter · Auth and security", "Sign-ins, second factors, lock-outs, token reuse and rate limits.", [
        ("Security events by kind (15 min)", "short", [('sum by (event) (increase(auth_security_events_total[15m]))', "{{event}}")], "timeseries"),
        ("Failed sign-ins (10 min)", "short", [('sum(increase(auth_security_events_total{event=~"login_failed|second_factor_failed"}[10m]))', "failed sign-ins")], "stat"),
        ("Refresh-token reuse (15 min)", "short", [('sum(increase(auth_security_events_total{event="refresh_token_reuse"}[15m]))', "reuse")], "stat"),
        ("Rate-limit rejections by kind", "reqps", [('sum by (kind) (rate(gateway_rate_limit_rejections_total[5m]))', "{{kind}}")], "timeseries"),
        ("Sessions accepted without the Redis check", "short", [('sum(increase(gateway_session_check_skipped_total[15m])) + sum(increase(realtime_session_check_skipped_total[15m]))', "skipped checks")], "stat"),
        ("Auth p95 latency by route", "s", [('histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{job="auth"}[5m])))', "{{route}}")], "timeseries"),
    ]),
}


def panel(index, title, unit, targets, kind):
    width = 12 if kind in ("timeseries", "table", "bargauge") else 6
    return {
        "id": index + 1,
        "type": kind,
        "title": title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": width, "x": 0, "y": index * 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {},
        "targets": [{"refId": chr(ord("A") + number), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
                    for number, (expr, legend) in enumerate(targets)],
    }


def layout(panels):
    """Two columns: half-width panels pair up, full-width ones take a row."""
    x = y = 0
    for item in panels:
        width = item["gridPos"]["w"]
        if x + width > 24:
            x, y = 0, y + 8
        item["gridPos"].update({"x": x, "y": y})
        x += width
        if x >= 24:
            x, y = 0, y + 8
    return panels


def dashboard(uid, title, description, panels):
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["modporter"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "panels": layout([panel(index, *spec) for index, spec in enumerate(panels)]),
    }


def rendered():
    return {uid + ".json": json.dumps(dashboard(uid, *spec), indent=1, sort_keys=True) + "\n" for uid, spec in DASHBOARDS.items()}


def main():
    files = rendered()
    if "--check" in sys.argv:
        stale = [name for name, text in files.items() if not os.path.exists(os.path.join(OUT, name)) or open(os.path.join(OUT, name)).read() != text]
        extra = sorted(set(os.listdir(OUT)) - set(files))
        if stale or extra:
            print("dashboards out of date: %s %s (run scripts/gen-dashboards.py)" % (stale, extra))
            sys.exit(1)
        return
    os.makedirs(OUT, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(OUT, name), "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
