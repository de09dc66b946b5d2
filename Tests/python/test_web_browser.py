"""The web page in a real browser (headless Chromium through Selenium) against a real stack: the
whole path of a mod creator — register, sign in, upload, watch the stages advance live, read the
report, download the add-on (validated by validate-bedrock), sign out — and two collaborators
seeing each other's cursors and edits. Every view is checked for console errors, CSP violations
and serious accessibility findings (axe-core); screenshots of each step are kept as artifacts."""
import glob
import json
import mailbox
import re
import os
import subprocess
import tempfile
import time
import uuid

import pyotp
import pytest
import requests
import urllib3
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from browser_support import ROOT, Browser, WebStack
from demo_mod import demo_jar

PASSWORD = "correct horse battery staple"
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


@pytest.fixture(scope="module")
def web(stack):
    with WebStack(stack["BIN_DIR"]) as started:
        yield started


@pytest.fixture
def browsers(web):
    opened = []

    def launch(name, **size):
        browser = Browser(web.origin, name, **size)
        opened.append(browser)
        return browser

    yield launch
    for browser in opened:
        browser.quit()


def api(web, method, path, token=None, **arguments):
    headers = {"Authorization": "Bearer " + token} if token else {}
    response = requests.request(method, web.origin + path, headers=headers, verify=False, timeout=30, **arguments)
    assert response.status_code < 300, (method, path, response.status_code, response.text)
    return response.json() if response.content else None


def sign_in(browser, email, password=PASSWORD):
    browser.open("/sign-in")
    browser.wait_heading("Sign in")
    browser.fill("#sign-in-email", email)
    browser.fill("#sign-in-password", password)
    browser.find("#sign-in-form button[type=submit]").click()
    browser.wait(lambda: browser.text(".top .who") == email, "signed in as " + email)


def downloaded(browser, pattern, timeout=30):
    """The finished download matching `pattern` in the browser's folder."""
    def done():
        found = [path for path in glob.glob(os.path.join(browser.downloads, pattern)) if not path.endswith(".crdownload")]
        partial = glob.glob(os.path.join(browser.downloads, "*.crdownload"))
        return found[0] if found and not partial else None
    return browser.wait(done, "the download " + pattern, timeout)


def test_a_mod_creator_converts_a_mod_in_the_browser(web, browsers):
    browser = browsers("creator")
    email = "web-%s@example.com" % uuid.uuid4().hex[:10]

    # Register (client-side checks first: a short password is refused before any request).
    browser.open("/register")
    browser.wait_heading("Create an account")
    browser.check_view("register")
    browser.fill("#register-email", email)
    browser.fill("#register-password", "short")
    browser.fill("#register-confirm", "short")
    browser.find("#register-form button[type=submit]").click()
    browser.wait(lambda: "at least 8" in browser.text("#register-error"), "the client-side password check")
    browser.fill("#register-password", PASSWORD)
    browser.fill("#register-confirm", PASSWORD)
    browser.find("#register-form button[type=submit]").click()
    browser.wait_heading("Convert a mod")
    assert browser.text(".top .who") == email

    # A reload keeps the user signed in (the refresh cookie), and no token is in web storage.
    browser.driver.refresh()
    browser.wait(lambda: browser.text(".top .who") == email, "still signed in after a reload")
    assert browser.storage()[:2] == [0, 0], browser.storage()
    cookies = {cookie["name"]: cookie for cookie in browser.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]}
    assert cookies["mp_refresh"]["httpOnly"] and cookies["mp_refresh"]["secure"]
    assert browser.js("return document.cookie").find("mp_refresh") == -1

    # Sign out, then sign in through the form.
    browser.find("#sign-out").click()
    browser.wait_heading("Sign in")
    sign_in(browser, email)
    browser.wait_heading("Convert a mod")
    browser.wait(lambda: "conversions used today" in browser.text("#upload-limits"), "the caller's limits")
    browser.check_view("upload")

    # Client-side refusal mirrors the server's: a text file is not a mod.
    folder = tempfile.mkdtemp(prefix="web-upload-")
    not_a_mod = os.path.join(folder, "readme.txt")
    with open(not_a_mod, "w") as handle:
        handle.write("hello")
    browser.find("#upload-file").send_keys(not_a_mod)
    browser.wait(lambda: "not a mod" in browser.text("#upload-error"), "the type check")
    assert not browser.find("#upload-submit").is_enabled()
    # A renamed text file passes the name check but not the content check.
    fake = os.path.join(folder, "fake.jar")
    with open(fake, "w") as handle:
        handle.write("not a zip at all")
    browser.find("#upload-file").send_keys(fake)
    browser.wait(lambda: "not a jar or zip" in browser.text("#upload-error"), "the content check")

    # The real mod, uploaded on a throttled link so the progress bar can be seen moving.
    mod = os.path.join(folder, "webdemo-1.0.0.jar")
    with open(mod, "wb") as handle:
        handle.write(demo_jar(padding=1_500_000))
    browser.find("#upload-file").send_keys(mod)
    browser.wait(lambda: browser.find("#upload-submit").is_enabled(), "the mod accepted for upload")
    browser.driver.execute_cdp_cmd("Network.enable", {})
    browser.driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                                   {"offline": False, "latency": 5, "downloadThroughput": -1, "uploadThroughput": 600 * 1024})
    browser.find("#upload-submit").click()
    seen_progress = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and browser.text("main h1") == "Convert a mod":
        value = browser.js("const p = document.getElementById('upload-progress'); return p ? p.value : null")
        if value is not None:
            seen_progress.add(int(value))
        if 20 < max(seen_progress | {0}) < 100 and len(seen_progress) >= 2 and browser.steps < 5:
            browser.screenshot("upload-progress")
        time.sleep(0.05)
    browser.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    assert any(0 < value < 100 for value in seen_progress), "the upload progress bar never moved: %s" % sorted(seen_progress)

    # The conversion view: the stages advance live, over the WebSocket.
    browser.wait_heading("webdemo-1.0.0.jar")
    conversion = browser.driver.current_url.rsplit("/", 1)[-1]
    stages = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        current = browser.js("const s = document.querySelector('#stages li[data-state=current]'); return s ? s.dataset.stage : null")
        if current and (not stages or stages[-1] != current):
            stages.append(current)
            if current == "converting":
                browser.screenshot("stages-advancing")
        if browser.text("#conversion-status") == "completed":
            break
        time.sleep(0.05)
    assert browser.text("#conversion-status") == "completed", browser.text("main")
    assert len([stage for stage in stages if stage in ("analyzing", "planning", "converting", "validating", "packaging")]) >= 3, stages
    assert browser.text("#live-state") == "Live", "the updates came by polling, not the socket"
    assert len(browser.all("#event-log li")) >= 5

    # The report: summary, totals, the features table (filter, sort), the smart assumption.
    browser.wait(lambda: browser.all("#feature-rows tr"), "the report's features")
    browser.check_view("report")
    assert int(browser.text(".score-value")) > 0
    assert "recipe" in browser.text("#report-totals")
    total_rows = len(browser.all("#feature-rows tr"))
    assert total_rows >= 8
    browser.fill("#feature-filter", "ruby_infusing")
    browser.wait(lambda: len(browser.all("#feature-rows tr")) == 1, "the filter narrowing the table")
    row = browser.text("#feature-rows tr")
    assert "approximated" in row and "made at webdemo:infusing_station" in row, row
    browser.find("#feature-filter").clear()
    browser.find("#feature-filter").send_keys(Keys.SPACE, Keys.BACKSPACE)
    browser.wait(lambda: len(browser.all("#feature-rows tr")) == total_rows, "the filter cleared")
    status_header = browser.find("button.sort[data-key=status]")
    status_header.click()
    assert browser.js("return document.querySelector('button.sort[data-key=status]').parentElement.getAttribute('aria-sort')") == "ascending"
    statuses = [cell.text for cell in browser.all("#feature-rows tr td:nth-child(3)")]
    assert statuses == sorted(statuses), statuses

    # Exports and the add-on itself, through the signed link.
    browser.find("#export-json").click()
    exported = downloaded(browser, "report-*.json")
    with open(exported) as handle:
        assert json.load(handle)["conversion_id"] == conversion
    browser.find("#download-addon").click()
    addon = downloaded(browser, "*.mcaddon")
    validation = subprocess.run([os.path.join(SHARED, "tools", "validate-bedrock"), addon], capture_output=True, text=True, timeout=120)
    assert validation.returncode == 0, validation.stdout[-3000:] + validation.stderr[-3000:]
    browser.screenshot("downloaded")

    # History: the conversion is listed with its actions.
    browser.find(".top nav a[href='#/conversions']").click()
    browser.wait_heading("Your conversions")
    browser.wait(lambda: browser.all("#history-table tr[data-id='%s']" % conversion), "the conversion in the history")
    assert "completed" in browser.text("#history-table tr[data-id='%s']" % conversion)
    browser.check_view("history")

    # Sign out: the session ends on the server too, and a reload stays signed out.
    browser.find("#sign-out").click()
    browser.wait_heading("Sign in")
    browser.driver.refresh()
    browser.wait_heading("Sign in")
    assert browser.text(".top .who") == ""
    browser.check_view("signed-out")


def test_the_web_page_fits_a_phone(web, browsers):
    """The sign-in and upload views at a phone's width: nothing wider than the screen."""
    browser = browsers("phone", width=390, height=844)
    email = "phone-%s@example.com" % uuid.uuid4().hex[:10]
    api(web, "POST", "/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    browser.open("/sign-in")
    browser.wait_heading("Sign in")
    assert browser.js("return document.documentElement.scrollWidth <= window.innerWidth")
    sign_in(browser, email)
    browser.wait_heading("Convert a mod")
    assert browser.js("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.check_view("phone-upload")


def _wait_completed(web, token, conversion):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = api(web, "GET", "/api/v1/conversions/" + conversion, token)["status"]
        if status == "completed":
            return
        assert status in ("queued", "running"), status
        time.sleep(0.2)
    raise AssertionError("the conversion did not complete")


def test_the_previews_grid_shows_java_beside_bedrock_to_the_owner_only(web, browsers):
    """A finished conversion's page shows every block and item drawn twice (images fetched through
    the API with the user's token, lazily), flags the ones that look different, filters to them;
    another user gets 404 for the list and the images, from the API and from the page's own client."""
    owner_email = "previews-%s@example.com" % uuid.uuid4().hex[:10]
    other_email = "stranger-%s@example.com" % uuid.uuid4().hex[:10]
    owner_token = api(web, "POST", "/api/v1/auth/register", json={"email": owner_email, "password": PASSWORD})["access_token"]
    other_token = api(web, "POST", "/api/v1/auth/register", json={"email": other_email, "password": PASSWORD})["access_token"]
    accepted = requests.post(web.origin + "/api/v1/conversions", files={"file": ("previews.jar", demo_jar(), "application/java-archive")},
                             headers={"Authorization": "Bearer " + owner_token}, verify=False, timeout=60)
    assert accepted.status_code == 202, accepted.text
    conversion = accepted.json()["id"]
    _wait_completed(web, owner_token, conversion)
    listed = api(web, "GET", "/api/v1/conversions/%s/previews" % conversion, owner_token)
    items = listed["items"]
    assert {item["java_id"] for item in items} >= {"webdemo:ruby_block", "webdemo:ruby"}, items
    different = sum(1 for item in items if item["looks_different"])

    browser = browsers("previews-owner")
    sign_in(browser, owner_email)
    browser.wait_heading("Convert a mod")
    browser.open("/conversions/" + conversion)
    browser.wait(lambda: len(browser.all("#preview-grid .preview-card")) == len(items), "the previews grid")
    # Every image loads once it is scrolled into view, as the 128×128 PNG the API serves.
    for card in browser.all("#preview-grid .preview-card"):
        browser.js("arguments[0].scrollIntoView()", card)
    browser.wait(lambda: browser.js("return [...document.querySelectorAll('#preview-grid img')].every("
                                    "i => i.dataset.loaded === 'yes' && i.complete && i.naturalWidth === 128)"), "every preview image drawn")
    names = browser.js("return [...document.querySelectorAll('#preview-grid img')].map(i => i.dataset.name)")
    assert sorted(names) == sorted([item["java"] for item in items] + [item["bedrock"] for item in items])
    ruby = browser.text("#preview-grid [data-java-id='webdemo:ruby_block']")
    assert "Agreement" in ruby and "Java" in ruby and "Bedrock" in ruby, ruby
    browser.check_view("previews")
    # The filter keeps the flagged ones only, and gives everything back.
    browser.find("#previews-different-only").click()
    browser.wait(lambda: len(browser.all("#preview-grid .preview-card")) == different, "the 'looks different only' filter")
    assert all(card.get_attribute("data-different") == "true" for card in browser.all("#preview-grid .preview-card"))
    browser.find("#previews-different-only").click()
    browser.wait(lambda: len(browser.all("#preview-grid .preview-card")) == len(items), "the filter cleared")

    # Another user: 404 for the list and for each image, through the API…
    image = "/api/v1/conversions/%s/previews/%s.png" % (conversion, items[0]["java"])
    for path in ("/api/v1/conversions/%s/previews" % conversion, image):
        answer = requests.get(web.origin + path, headers={"Authorization": "Bearer " + other_token}, verify=False, timeout=30)
        assert answer.status_code == 404, (path, answer.status_code, answer.text)
    assert requests.get(web.origin + image, verify=False, timeout=30).status_code == 401
    # …and from the page signed in as them (the page's own API client, their token).
    stranger = browsers("previews-stranger")
    sign_in(stranger, other_email)
    stranger.wait_heading("Convert a mod")
    status = stranger.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/js/api.js').then((api) => api.request(arguments[0], { raw: true }))"
        ".then((response) => done(response.status), (error) => done(error.status || String(error)));", image)
    assert status == 404, status
    stranger.open("/conversions/" + conversion)
    stranger.wait_heading("Conversion not found")
    assert not stranger.all("#preview-grid img")


def _place_caret(browser, after):
    """Focuses the editor with the caret just after the first `after` (then real keys type there)."""
    browser.js("const e = document.getElementById('editor'); const i = e.value.indexOf(arguments[0]);"
               "if (i < 0) throw new Error('not in the editor: ' + arguments[0]); e.focus(); e.setSelectionRange(i + arguments[0].length, i + arguments[0].length);"
               "e.dispatchEvent(new Event('select'));", after)


def test_two_collaborators_see_each_others_cursor_and_edits(web, browsers):
    owner_email = "owner-%s@example.com" % uuid.uuid4().hex[:10]
    guest_email = "guest-%s@example.com" % uuid.uuid4().hex[:10]
    owner_token = api(web, "POST", "/api/v1/auth/register", json={"email": owner_email, "password": PASSWORD})["access_token"]
    api(web, "POST", "/api/v1/auth/register", json={"email": guest_email, "password": PASSWORD})
    accepted = requests.post(web.origin + "/api/v1/conversions", files={"file": ("shared.jar", demo_jar(), "application/java-archive")},
                             headers={"Authorization": "Bearer " + owner_token}, verify=False, timeout=60)
    assert accepted.status_code == 202, accepted.text
    conversion = accepted.json()["id"]
    _wait_completed(web, owner_token, conversion)

    owner = browsers("collab-owner")
    guest = browsers("collab-guest")
    sign_in(owner, owner_email)
    # The owner invites the guest from the conversion's page.
    owner.open("/conversions/" + conversion)
    owner.wait(lambda: owner.all("#invite-form"), "the invitation form")
    owner.fill("#invite-email", guest_email)
    owner.find("#invite-form button[type=submit]").click()
    owner.wait(lambda: guest_email in owner.text("#collaborators"), "the guest listed as a collaborator")
    owner.find("#open-files").click()
    owner.wait_heading("Add-on files")

    sign_in(guest, guest_email)
    guest.open("/conversions/%s/files" % conversion)
    guest.wait_heading("Add-on files")
    path = "webdemo_BP/manifest.json"
    for browser in (owner, guest):
        browser.wait(lambda: browser.all("#file-tree button[data-path='%s']" % path), "the manifest in the tree")
        browser.find("#file-tree button[data-path='%s']" % path).click()
        browser.wait(lambda: '"header"' in browser.find("#editor").get_attribute("value"), "the manifest in the editor")

    # Each sees the other's cursor: the guest's caret on the description line shows at the owner's.
    _place_caret(guest, '"description": "Converted')
    description_line = guest.js("const e = document.getElementById('editor'); return e.value.slice(0, e.selectionStart).split('\\n').length")
    owner.wait(lambda: any(guest_email in peer.text and "line %d" % description_line in peer.text for peer in owner.all("#peers li")),
               "the guest's cursor at the owner's", timeout=15)
    owner.wait(lambda: owner.all("#gutter .peer-line"), "the guest's line marked in the owner's gutter")
    _place_caret(owner, '"name": "Web Demo Behavior')
    name_line = owner.js("const e = document.getElementById('editor'); return e.value.slice(0, e.selectionStart).split('\\n').length")
    guest.wait(lambda: any(owner_email in peer.text and "line %d" % name_line in peer.text for peer in guest.all("#peers li")),
               "the owner's cursor at the guest's", timeout=15)
    owner.screenshot("cursors")
    guest.screenshot("cursors")

    # Edits typed in one window appear in the other, both ways, and neither is lost.
    ActionChains(owner.driver).send_keys(" Shared").perform()
    guest.wait(lambda: "Web Demo Behavior Shared" in guest.find("#editor").get_attribute("value"), "the owner's edit at the guest's")
    _place_caret(guest, "by ModPorter")
    ActionChains(guest.driver).send_keys(" and friends").perform()
    owner.wait(lambda: "by ModPorter and friends" in owner.find("#editor").get_attribute("value"), "the guest's edit at the owner's")
    for browser in (owner, guest):
        value = browser.find("#editor").get_attribute("value")
        assert "Web Demo Behavior Shared" in value and "by ModPorter and friends" in value
        browser.wait(lambda: "Shared (edit" in browser.text("#editor-state") or "Up to date" in browser.text("#editor-state")
                     or "Updated with" in browser.text("#editor-state"), "the editor settled")
    owner.check_view("collaboration-owner")
    guest.check_view("collaboration-guest")

    # The server holds both edits; the owner saves a new version, which still validates.
    served = requests.get(web.origin + "/api/v1/conversions/%s/files/%s" % (conversion, "webdemo_BP%2Fmanifest.json"),
                          headers={"Authorization": "Bearer " + owner_token}, verify=False, timeout=30).json()
    assert served["header"]["name"] == "Web Demo Behavior Shared", served["header"]
    assert served["header"]["description"].endswith("by ModPorter and friends"), served["header"]
    owner.find("#save-version").click()
    owner.wait(lambda: "Saved version: 1" in owner.text("#version-note"), "the saved version")
    response = requests.get(web.origin + "/api/v1/conversions/%s/download" % conversion, headers={"Authorization": "Bearer " + owner_token},
                            verify=False, timeout=60)
    assert response.status_code == 200 and response.headers["ETag"].endswith('-v1"'), response.headers
    addon = os.path.join(owner.downloads, "saved.mcaddon")
    with open(addon, "wb") as handle:
        handle.write(response.content)
    validation = subprocess.run([os.path.join(SHARED, "tools", "validate-bedrock"), addon], capture_output=True, text=True, timeout=120)
    assert validation.returncode == 0, validation.stdout[-3000:] + validation.stderr[-3000:]


def _mailed_link(web, address, subject_word):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for message in mailbox.Maildir(web.env["MAIL_DIR"], create=False):
            if message["To"] == "<%s>" % address and subject_word in message["Subject"]:
                match = re.search(r"(https?://\S+/#/reset-password\?token=[A-Za-z0-9_-]+)", message.get_payload(decode=True).decode())
                if match:
                    return match.group(1)
        time.sleep(0.1)
    raise AssertionError("no mail for " + address)


def test_the_second_factor_step_and_a_forgotten_password(web, browsers):
    browser = browsers("account")
    email = "tfa-%s@example.com" % uuid.uuid4().hex[:10]
    token = api(web, "POST", "/api/v1/auth/register", json={"email": email, "password": PASSWORD})["access_token"]
    secret = api(web, "POST", "/api/v1/auth/2fa/setup", token)["secret"]
    api(web, "POST", "/api/v1/auth/2fa/enable", token, json={"code": pyotp.TOTP(secret).now()})

    # The password is right, so the page asks for the code; a wrong one is refused in place.
    browser.open("/sign-in")
    browser.wait_heading("Sign in")
    browser.fill("#sign-in-email", email)
    browser.fill("#sign-in-password", PASSWORD)
    browser.find("#sign-in-form button[type=submit]").click()
    browser.wait_heading("Two-step verification")
    browser.check_view("second-factor")
    wrong = "%06d" % ((int(pyotp.TOTP(secret).now()) + 500000) % 1000000)
    browser.fill("#sign-in-code", wrong)
    browser.find("#code-form button[type=submit]").click()
    browser.wait(lambda: browser.text("#code-error"), "the refusal of a wrong code")
    browser.console_errors()  # the refused code's 401 is expected here
    # The enable call used this time step; the next one is accepted (one step of drift).
    browser.fill("#sign-in-code", pyotp.TOTP(secret).at(time.time() + 30))
    browser.find("#code-form button[type=submit]").click()
    browser.wait(lambda: browser.text(".top .who") == email, "signed in with the second factor")
    browser.wait_heading("Convert a mod")
    browser.find("#sign-out").click()
    browser.wait_heading("Sign in")

    # Forgotten password: the request, the mailed link opened in the browser, the new password.
    browser.find("a[href='#/forgot']").click()
    browser.wait_heading("Reset your password")
    browser.fill("#forgot-email", email)
    browser.find("#forgot-form button[type=submit]").click()
    browser.wait(lambda: "reset link is on its way" in browser.text("main [role=status]"), "the reset request's answer")
    browser.check_view("forgot")
    browser.driver.get(_mailed_link(web, email, "Reset"))
    browser.wait_heading("Choose a new password")
    browser.check_view("reset")
    fresh = "a brand new passphrase 7"
    browser.fill("#reset-password", fresh)
    browser.fill("#reset-confirm", fresh)
    browser.find("#reset-form button[type=submit]").click()
    browser.wait(lambda: "password is changed" in browser.text("main"), "the reset done")
    # The old password no longer works; the new one does (then the second factor again).
    assert requests.post(web.origin + "/api/v1/auth/login", json={"email": email, "password": PASSWORD}, verify=False, timeout=30).status_code == 401
    answer = requests.post(web.origin + "/api/v1/auth/login", json={"email": email, "password": fresh}, verify=False, timeout=30)
    assert answer.status_code == 200 and answer.json().get("mfa_required"), answer.text


def _drop(browser, files):
    """Drops `files` ([(name, bytes-as-latin-1 text)]) on the upload zone, as a drag from the desktop would."""
    browser.js("""
        const transfer = new DataTransfer();
        for (const [name, text] of arguments[0]) {
            const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
            transfer.items.add(new File([bytes], name));
        }
        const zone = document.getElementById('dropzone');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    """, files)


def _unsafe_jar():
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "evil", "version": "1.0.0"}))
        archive.writestr("../../escape.txt", "out of the job's folder")
    return buffer.getvalue()


def test_drops_refusals_history_and_live_fallbacks(web, browsers):
    browser = browsers("history")
    email = "hist-%s@example.com" % uuid.uuid4().hex[:10]
    token = api(web, "POST", "/api/v1/auth/register", json={"email": email, "password": PASSWORD})["access_token"]
    sign_in(browser, email)

    # An empty history says so.
    browser.open("/conversions")
    browser.wait(lambda: browser.all("#history-empty"), "the empty history")
    browser.check_view("history-empty")

    # Drag and drop: two files at once, then a text file, are refused before any request.
    browser.open("/")
    browser.wait_heading("Convert a mod")
    _drop(browser, [("a.jar", "PK\x03\x04"), ("b.jar", "PK\x03\x04")])
    browser.wait(lambda: "one mod at a time" in browser.text("#upload-error"), "the refusal of two dropped files")
    _drop(browser, [("notes.txt", "hello")])
    browser.wait(lambda: "not a mod" in browser.text("#upload-error"), "the refusal of a dropped text file")
    # A dropped jar the server refuses (an entry escaping its folder): the server's words and code.
    _drop(browser, [("evil.jar", _unsafe_jar().decode("latin-1"))])
    browser.wait(lambda: browser.find("#upload-submit").is_enabled(), "the dropped jar accepted here")
    browser.find("#upload-submit").click()
    browser.wait(lambda: "unsafe_entry_name" in browser.text("#upload-error"), "the server's refusal shown")
    browser.console_errors()  # the refused upload's 422 is expected
    browser.screenshot("server-refusal")

    # Twelve conversions (the cache answers the repeats at once): two pages of history.
    same = demo_jar(unique=False)
    for index in range(12):
        response = requests.post(web.origin + "/api/v1/conversions", files={"file": ("mod-%02d.jar" % index, same, "application/java-archive")},
                                 headers={"Authorization": "Bearer " + token}, verify=False, timeout=60)
        assert response.status_code == 202, response.text
        if index == 0:
            _wait_completed(web, token, response.json()["id"])
    browser.open("/conversions")
    browser.wait(lambda: len(browser.all("#history-table tbody tr")) == 10, "the first page of ten")
    assert "Page 1 of 2" in browser.text(".pager")
    browser.find(".pager a").click()
    browser.wait(lambda: len(browser.all("#history-table tbody tr")) == 2, "the second page")
    browser.check_view("history-page-2")
    # Delete the oldest from the list (after confirming).
    oldest = browser.all("#history-table tbody tr")[-1]
    name = oldest.find_elements("css selector", "td")[0].text
    oldest.find_element("css selector", "button.danger").click()
    browser.driver.switch_to.alert.accept()
    browser.wait(lambda: len(browser.all("#history-table tbody tr")) == 1 and name not in browser.text("#history-table"), "the deleted row gone")
    assert api(web, "GET", "/api/v1/conversions?page=1&page_size=100", token)["total"] == 11

    # Cancel a running conversion from the history.
    running = requests.post(web.origin + "/api/v1/conversions", files={"file": ("slow.jar", demo_jar(), "application/java-archive")},
                            headers={"Authorization": "Bearer " + token}, verify=False, timeout=60).json()["id"]
    browser.open("/conversions")
    row = "#history-table tr[data-id='%s']" % running
    browser.wait(lambda: browser.all(row + " button.danger") and browser.find(row + " button.danger").text == "Cancel", "the running row's Cancel")
    browser.find(row + " button.danger").click()
    browser.wait(lambda: "cancelled" in browser.text(row), "the row cancelled")
    assert api(web, "GET", "/api/v1/conversions/" + running, token)["status"] == "cancelled"

    # The realtime service down (stopped: the supervisor would restart a killed replica at once):
    # the progress view says so and follows the conversion by polling; once the service is back the
    # page is live again by itself.
    for index in (1, 2):
        web.command("stop-service", "realtime", str(index))
    polled = requests.post(web.origin + "/api/v1/conversions", files={"file": ("polled.jar", demo_jar(), "application/java-archive")},
                           headers={"Authorization": "Bearer " + token}, verify=False, timeout=60).json()["id"]
    browser.open("/conversions/" + polled)
    browser.driver.refresh()
    browser.wait(lambda: "checking every few seconds" in browser.text("#live-state"), "the polling fallback", timeout=30)
    browser.wait(lambda: browser.text("#conversion-status") == "completed", "completion seen by polling", timeout=60)
    browser.wait(lambda: browser.all("#feature-rows tr"), "the report after polling")
    browser.screenshot("polling-fallback")
    web.command("start-services")
    browser.wait(lambda: browser.text("#live-state") == "Live", "live again once realtime is back", timeout=45)
    browser.console_errors()  # the refused sockets are expected to log

    # The realtime replicas killed mid-conversion and restarted: the page reconnects and catches up.
    resumed = requests.post(web.origin + "/api/v1/conversions", files={"file": ("resumed.jar", demo_jar(), "application/java-archive")},
                            headers={"Authorization": "Bearer " + token}, verify=False, timeout=60).json()["id"]
    browser.open("/conversions/" + resumed)
    browser.wait(lambda: browser.text("#live-state") == "Live", "the socket up")
    browser.wait(lambda: browser.js("const s = document.querySelector('#stages li[data-state=current]'); return s && s.dataset.stage !== 'queued'"),
                 "the conversion under way")
    for index in (1, 2):
        web.command("kill-service", "realtime", str(index))
    web.command("start-services")
    browser.wait(lambda: browser.text("#conversion-status") == "completed", "completion after the reconnect", timeout=60)
    browser.wait(lambda: browser.text("#live-state") == "Live", "live after the reconnect", timeout=30)
    # The status can come from polling while realtime is down; the completed event itself arrives in
    # the replay after the socket is back ("Live" shows on connecting, the replay follows it).
    browser.wait(lambda: any(item.get_attribute("textContent").startswith("completed") for item in browser.all("#event-log li")),
                 "the completion replayed into the event log", timeout=30)
    logged = [item.get_attribute("textContent") for item in browser.all("#event-log li")]
    assert len(logged) == len(set(logged)), "an event shown twice: %s" % logged
    browser.console_errors()  # the dropped socket is expected to log
