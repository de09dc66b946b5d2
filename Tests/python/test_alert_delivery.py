"""Alert delivery end to end on the test stack: real events fire real rules in the real
Prometheus, which hands them to the real Alertmanager, which delivers to the stack's webhook sink
(scripts/alert-sink.py) as prometheus/alertmanager.yml.template routes them. A reused refresh
token fires RefreshTokenReuse (critical, team security): it pages, grouped by alert name and team.
A burst of failed sign-ins fires FailedLoginSpike (warning, team security) while that critical
fires: Alertmanager inhibits it, and it is never delivered."""
import json
import os
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import Client

PASSWORD = "correct horse battery staple"


def _notifications(stack):
    path = stack["ALERT_LOG"]
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _alertmanager(stack, query):
    with urllib.request.urlopen("http://127.0.0.1:%s/api/v2/%s" % (stack["ALERTMANAGER_PORT"], query), timeout=10) as response:
        return json.loads(response.read())


def _wait(condition, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("%s: not seen within %d s" % (what, timeout))


def test_a_critical_pages_and_inhibits_its_teams_warning(stack):
    client = Client(int(stack["NGINX_HTTP_PORT"]))
    email = "alert-%s@example.com" % uuid.uuid4().hex[:10]
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201, registered
    first = registered["refresh_token"]
    status, _, rotated = client.call("POST", "/api/v1/auth/refresh", {"refresh_token": first})
    assert status == 200, rotated
    status, _, reused = client.call("POST", "/api/v1/auth/refresh", {"refresh_token": first})
    assert status == 401, reused

    # More than 50 failed sign-ins in ten minutes, each from an address of its own.
    def fail_once(index):
        attempt = Client(int(stack["NGINX_HTTP_PORT"]))
        return attempt.call("POST", "/api/v1/auth/login", {"email": "nobody-%d-%s@example.com" % (index, uuid.uuid4().hex[:6]),
                                                          "password": "not the password 1"})[0]
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(fail_once, range(60)))
    assert statuses.count(401) >= 55, statuses

    # The critical pages: delivered to /pager, grouped by alert name and team, with its annotations.
    def paged():
        for entry in _notifications(stack):
            notification = entry["notification"]
            if entry["path"] == "/pager" and notification["groupLabels"].get("alertname") == "RefreshTokenReuse":
                return entry
        return None
    entry = _wait(paged, "RefreshTokenReuse delivered to the pager receiver")
    notification = entry["notification"]
    assert notification["receiver"] == "pager" and notification["status"] == "firing", notification
    assert notification["groupLabels"] == {"alertname": "RefreshTokenReuse", "team": "security"}, notification["groupLabels"]
    alert = notification["alerts"][0]
    assert alert["labels"]["severity"] == "critical" and alert["annotations"]["runbook"], alert

    # The warning of the same team is inhibited by it, and so never delivered.
    def inhibited():
        critical = [a for a in _alertmanager(stack, "alerts?filter=alertname%3D%22RefreshTokenReuse%22") if a["status"]["state"] == "active"]
        warnings = _alertmanager(stack, "alerts?filter=alertname%3D%22FailedLoginSpike%22")
        if critical and warnings and warnings[0]["status"]["state"] == "suppressed":
            return critical[0], warnings[0]
        return None
    critical, warning = _wait(inhibited, "FailedLoginSpike suppressed by RefreshTokenReuse")
    assert warning["status"]["inhibitedBy"] == [critical["fingerprint"]], warning["status"]
    assert warning["labels"]["team"] == "security" and warning["labels"]["severity"] == "warning"
    assert not [e for e in _notifications(stack) if e["notification"]["groupLabels"].get("alertname") == "FailedLoginSpike"
                and e["notification"]["status"] == "firing"]
