"""The web page's own files, read from web/ and as nginx serves them: small, no inline script or
style (the CSP forbids them, so one would break the page), no token in web storage, and every
module import resolving to a file that nginx serves as JavaScript."""
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEB = os.path.join(ROOT, "web")


def _files():
    for folder, _, names in os.walk(WEB):
        for name in names:
            yield os.path.join(folder, name)


def test_the_page_weighs_under_200_kb():
    total = sum(os.path.getsize(path) for path in _files())
    assert total < 200 * 1024, total


def test_no_inline_script_style_or_handler():
    with open(os.path.join(WEB, "index.html")) as handle:
        page = handle.read()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline script"
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page), "an inline event handler"
    for path in _files():
        if path.endswith(".js"):
            with open(path) as handle:
                source = handle.read()
            assert "innerHTML" not in source and "outerHTML" not in source and "insertAdjacentHTML" not in source, path
            assert "localStorage" not in source and "sessionStorage" not in source, path
            assert "eval(" not in source and "new Function" not in source, path
            assert "setAttribute('style'" not in source, path


def test_every_module_import_resolves(client):
    seen = set()
    pending = ["/js/main.js"]
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = client.call("GET", url)
        assert status == 200, url
        assert headers["Content-Type"].startswith("application/javascript"), (url, headers["Content-Type"])
        folder = url.rsplit("/", 1)[0]
        for target in re.findall(r"""^\s*import\s[^'"]*['"]([^'"]+)['"]""", body, re.M):
            pending.append(os.path.normpath(os.path.join(folder, target)))
    assert len(seen) >= 10, seen
    # A script that does not exist is 404, never the page in its place.
    status, _, _ = client.call("GET", "/js/missing.js")
    assert status == 404


def test_the_page_is_served_with_a_strict_policy(client):
    status, headers, body = client.call("GET", "/")
    assert status == 200 and "<main" in body
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert "frame-ancestors 'none'" in policy
    # A deep link (a mailed reset link's path) is the same page.
    status, _, deep = client.call("GET", "/conversions")
    assert status == 200 and deep == body
