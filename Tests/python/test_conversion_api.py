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
    # The ruby block, and the station generated for the mod's `webdemo:infusing` recipes.
    assert summary["by_kind"]["block"] == {"converted": 1, "approximated": 1}, summary
    assert summary["by_kind"]["recipe"] == {"converted": 1, "approximated": 1}, summary
    assert summary["features"] >= 8, summary
    for kind, counts in summary["by_kind"].items():
        for value in counts.values():
            assert type(value) is int, (kind, counts)


def test_previews_are_listed_and_served_to_the_owner_only(client):
    """`GET …/previews` lists each block and item with its two image names, score and flag;
    `GET …/previews/{name}.png` serves the image. Another user gets 404 (as for the report), a name
    outside the list 404, a name with a path in it is refused, and no token is 401."""
    _, token = account(client)
    _, other = account(client)
    status, accepted = _upload(client, token, demo_jar())
    assert status == 202, accepted
    conversion = accepted["id"]
    wait_completed(client, token, conversion)
    status, _, listed = client.call("GET", "/api/v1/conversions/%s/previews" % conversion, token=token)
    assert status == 200, listed
    assert listed["conversion_id"] == conversion and 0 < listed["threshold"] < 1, listed
    by_id = {item["java_id"]: item for item in listed["items"]}
    assert {"webdemo:ruby_block", "webdemo:ruby"} <= set(by_id), listed
    for item in listed["items"]:
        assert item["kind"] in ("block", "item") and 0 <= item["score"] <= 1, item
        assert item["looks_different"] == (item["score"] < listed["threshold"]), item
    # A plain cube with its own texture looks the same on both sides.
    assert by_id["webdemo:ruby_block"]["looks_different"] is False, by_id["webdemo:ruby_block"]
    for name in (by_id["webdemo:ruby_block"]["java"], by_id["webdemo:ruby_block"]["bedrock"]):
        path = "/api/v1/conversions/%s/previews/%s.png" % (conversion, name)
        status, headers, body = client.call("GET", path, token=token)
        assert status == 200 and headers.get("Content-Type") == "image/png", (status, headers)
        assert body[1:4] == "PNG", body[:8]
        status, _, refused = client.call("GET", path, token=other)
        assert status == 404 and refused["error"]["code"] == "not_found", refused
        status, _, _ = client.call("GET", path)
        assert status == 401
    status, _, missing = client.call("GET", "/api/v1/conversions/%s/previews/block-nothing-java.png" % conversion, token=token)
    assert status == 404, missing
    status, _, odd = client.call("GET", "/api/v1/conversions/%s/previews/..%%2Freport.json" % conversion, token=token)
    assert status in (400, 404), odd
    status, _, other_list = client.call("GET", "/api/v1/conversions/%s/previews" % conversion, token=other)
    assert status == 404, other_list
