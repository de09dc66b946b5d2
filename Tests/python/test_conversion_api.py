"""Conversion routes a web client leans on, through nginx: the caller's upload limits and the
status summary's shape."""
import http.client
import json
import uuid

from demo_mod import demo_jar
from realtime_client import account, wait_completed


def _upload(client, token, data, name="demo.jar"):
    boundary = "b" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: application/java-archive\r\n\r\n"
            % (boundary, name)).encode() + data + ("\r\n--%s--\r\n" % boundary).encode()
    connection = http.client.HTTPConnection("127.0.0.1", int(client.port), timeout=30, source_address=(client.source, 0))
    connection.request("POST", "/api/v1/conversions", body=body,
                       headers={"Authorization": "Bearer " + token, "Content-Type": "multipart/form-data; boundary=" + boundary})
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    return response.status, payload


def test_limits_name_the_largest_upload_and_count_the_day(client):
    _, token = account(client)
    status, _, limits = client.call("GET", "/api/v1/conversions/limits", token=token)
    assert status == 200, limits
    assert limits["used_today"] == 0
    assert limits["accepted_extensions"] == [".jar", ".zip"]
    assert limits["max_upload_bytes"] > 0 and limits["conversions_per_day"] > 0
    status, accepted = _upload(client, token, demo_jar())
    assert status == 202, accepted
    status, _, limits = client.call("GET", "/api/v1/conversions/limits", token=token)
    assert status == 200 and limits["used_today"] == 1, limits
    # Without a token it is refused like every conversion route.
    status, _, body = client.call("GET", "/api/v1/conversions/limits")
    assert status == 401, body


def test_the_summary_counts_are_numbers(client):
    """A count of one in the stored summary once came back as `true` (NSNumber bridging on Linux)."""
    _, token = account(client)
    status, accepted = _upload(client, token, demo_jar())
    assert status == 202, accepted
    summary = wait_completed(client, token, accepted["id"])["summary"]
    assert summary["by_kind"]["block"] == {"converted": 1}, summary
    assert summary["by_kind"]["recipe"] == {"converted": 1, "skipped": 1}, summary
    assert summary["warnings"] == 0 and summary["features"] >= 8, summary
    for kind, counts in summary["by_kind"].items():
        for value in counts.values():
            assert type(value) is int, (kind, counts)
