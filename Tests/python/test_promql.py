"""Every PromQL expression the platform ships — each alert rule and each Grafana panel — against
the test stack's real Prometheus after some real traffic: it must parse and evaluate, and every
metric it names must exist there (so no rule or panel reads a series nothing exports)."""
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

from demo_mod import demo_jar
from realtime_client import account, wait_completed
from test_conversion_api import _upload

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DASHBOARDS = os.path.join(ROOT, "prometheus", "dashboards")
# Prometheus' own series of its alerts: they exist once any rule has fired, and are never exported.
BUILTIN = {"ALERTS", "ALERTS_FOR_STATE"}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan"}


def _expressions():
    """(origin, expr) for every rule in prometheus/alerts.yml and every dashboard target."""
    found = []
    rules = subprocess.run(["promtool", "check", "rules", "--lint=none", os.path.join(ROOT, "prometheus", "alerts.yml")],
                           capture_output=True, text=True)
    assert rules.returncode == 0, rules.stdout + rules.stderr
    current = None
    with open(os.path.join(ROOT, "prometheus", "alerts.yml")) as handle:
        lines = handle.read().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = re.match(r"\s*- alert: (\S+)", line)
        if match:
            current = match.group(1)
        expr = re.match(r"(\s*)expr: (.*)$", line)
        if expr:
            if expr.group(2).strip() == "|":
                indent = len(expr.group(1))
                body = []
                index += 1
                while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                    body.append(lines[index].strip())
                    index += 1
                found.append(("rule " + current, " ".join(body)))
                continue
            found.append(("rule " + current, expr.group(2).strip()))
        index += 1
    for name in sorted(os.listdir(DASHBOARDS)):
        with open(os.path.join(DASHBOARDS, name)) as handle:
            board = json.load(handle)
        for panel in board["panels"]:
            for target in panel["targets"]:
                found.append(("%s: %s" % (board["uid"], panel["title"]), target["expr"]))
    return found


def metric_names(expr):
    """The metric names an expression reads (label matchers, grouping clauses, strings, durations
    and function names removed)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"(?<![A-Za-z0-9_:])\d+(\.\d+)?(ms|[smhdwy])?(?![A-Za-z0-9_:])", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        word = match.group(0)
        following = text[match.end():].lstrip()
        if following.startswith("(") or word.lower() in KEYWORDS or re.fullmatch(r"\d+[smhdwy]", word):
            continue
        names.add(word)
    return names


def _prometheus(stack, path, **parameters):
    url = "http://127.0.0.1:%s/api/v1/%s?%s" % (stack["PROMETHEUS_PORT"], path, urllib.parse.urlencode(parameters, doseq=True))
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def test_the_dashboards_match_their_generator():
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-dashboards.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {"platform-overview", "api", "conversions", "realtime", "ai-engine", "auth-security"}
    assert {name[:-5] for name in os.listdir(DASHBOARDS)} == expected
    with open(os.path.join(ROOT, "compose", "grafana", "provisioning", "datasources", "prometheus.yml")) as handle:
        assert "uid: prometheus" in handle.read()


def test_the_metric_name_extraction():
    assert metric_names('sum by (job, le) (rate(http_request_duration_seconds_bucket{job="gateway"}[5m]))') == {"http_request_duration_seconds_bucket"}
    assert metric_names("sum(ws_connections) > 2 * sum(ws_connections offset 15m) and sum(ws_connections) > 1000") == {"ws_connections"}
    assert metric_names('up{job="ai-engine"} == 0') == {"up"}


def test_every_rule_and_panel_evaluates_on_real_series(client, stack):
    # Some traffic first: a conversion through nginx (the rest of the series exist from start-up).
    _, token = account(client)
    status, accepted = _upload(client, token, demo_jar())
    assert status == 202, accepted
    wait_completed(client, token, accepted["id"])

    expressions = _expressions()
    assert len([origin for origin, _ in expressions if origin.startswith("rule ")]) >= 11
    assert len(expressions) >= 40, len(expressions)
    problems = []
    names = set()
    for origin, expr in expressions:
        answer = _prometheus(stack, "query", query=expr)
        if answer.get("status") != "success":
            problems.append("%s: %s — %s" % (origin, expr, answer.get("error")))
        names |= {(origin, name) for name in metric_names(expr)}
    known = set(_prometheus(stack, "label/__name__/values")["data"]) | BUILTIN
    missing = sorted("%s reads %s" % (origin, name) for origin, name in names if name not in known)
    assert not problems, problems
    assert not missing, missing
