"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against a stack
of its own — started with the conversion service's documented stage delay
(`CONVERSION_STAGE_DELAY_MS`, through `STACK_STAGE_DELAY_MS`) so a browser can watch the stages
advance. Each step's screenshot is kept under `.stack/artifacts/browser/`."""
import json
import os
import shutil
import subprocess
import time

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import read_stack_env

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, ".stack", "artifacts", "browser")
STAGE_DELAY_MS = 600
PORT_OFFSET = 5000


class WebStack:
    """A whole stack at its own port offset, the conversion stages slowed down."""

    def __init__(self, binaries):
        self.folder = os.path.join(ROOT, ".stack", "browser")
        self.environment = dict(os.environ, STACK_DIR=self.folder, STACK_PORT_OFFSET=str(PORT_OFFSET), BIN_DIR=binaries,
                                STACK_STAGE_DELAY_MS=str(STAGE_DELAY_MS), STACK_BCRYPT_COST="4", STACK_PG_FSYNC="off")

    def command(self, *arguments):
        result = subprocess.run([os.path.join(ROOT, "scripts", "stack.sh")] + list(arguments), env=self.environment,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    def __enter__(self):
        self.command("down")
        self.command("up")
        self.env = read_stack_env(self.folder)
        self.origin = "https://127.0.0.1:%s" % self.env["NGINX_HTTPS_PORT"]
        return self

    def __exit__(self, *_):
        self.command("down")


class Browser:
    """One headless Chromium window: its own profile (cookies), downloads folder and screenshots."""

    def __init__(self, origin, name, width=1280, height=900):
        self.origin = origin
        self.name = name
        self.folder = os.path.join(ARTIFACTS, name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.downloads = os.path.join(self.folder, "downloads")
        os.makedirs(self.downloads)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                         "--window-size=%d,%d" % (width, height), "--disable-gpu", "--no-first-run"):
            options.add_argument(argument)
        options.accept_insecure_certs = True
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False})
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.steps = 0
        self.console = []

    def open(self, route="/"):
        self.driver.get(self.origin + "/#" + route)

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector):
        """The first match's visible text. A view that re-renders between the find and the read
        leaves a stale element: the element is found again (the page moved on; nothing waits)."""
        for _ in range(5):
            found = self.all(selector)
            if not found:
                return ""
            try:
                return found[0].text
            except StaleElementReferenceException:
                continue
        return ""

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def wait(self, condition, what, timeout=20):
        """Polls `condition()` until it is truthy (its value is returned) or fails naming `what`."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except (StaleElementReferenceException, WebDriverException) as error:
                last = error
            time.sleep(0.05)
        self.screenshot("timeout")
        raise AssertionError("%s: not seen within %d s (%s); page: %s" % (what, timeout, last, self.text("main")[:600]))

    def wait_heading(self, title, timeout=20):
        return self.wait(lambda: self.text("main h1") == title, "the heading '%s'" % title, timeout)

    def fill(self, selector, value):
        element = self.find(selector)
        element.clear()
        element.send_keys(value)

    def screenshot(self, step):
        self.steps += 1
        path = os.path.join(self.folder, "%02d-%s.png" % (self.steps, step))
        self.driver.save_screenshot(path)
        return path

    def console_errors(self):
        """Console messages at SEVERE level (errors, CSP violations) since the last call."""
        entries = self.driver.get_log("browser")
        self.console += entries
        return [entry for entry in entries if entry["level"] == "SEVERE"]

    def accessibility(self, view):
        """axe-core's serious and critical findings on the current view (none expected)."""
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        with open(os.path.join(self.folder, "axe-%s.json" % view), "w") as handle:
            json.dump(results["violations"], handle, indent=1)
        return [(violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
                for violation in results["violations"] if violation["impact"] in ("serious", "critical")]

    def check_view(self, view):
        """The step's screenshot, then: no console error or CSP violation, no serious a11y finding."""
        self.screenshot(view)
        errors = self.console_errors()
        assert not errors, "%s: console errors %s" % (view, errors)
        findings = self.accessibility(view)
        assert not findings, "%s: accessibility %s" % (view, findings)

    def storage(self):
        return self.js("return [localStorage.length, sessionStorage.length, Object.keys(localStorage).concat(Object.keys(sessionStorage))]")

    def quit(self):
        with open(os.path.join(self.folder, "console.json"), "w") as handle:
            json.dump(self.console, handle, indent=1)
        self.driver.quit()
