"""A live dropsim (werkzeug server in a thread, admin token set) and a headless Chromium driven
by Playwright, for the dashboard's end-to-end tests.

The browser is Debian's /usr/bin/chromium (a browser download does not work on the machines
these run on). Without it the tests are skipped on a developer machine but fail when CI is set,
so CI can never pass by skipping them.
"""
from __future__ import annotations

import base64
import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from simulator import create_app
from simulator.control.routes import ADMIN_COOKIE
from tests.helpers import close_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ADMIN_TOKEN = "ui-test-token"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Live:
    """A running dropsim: its base URL and helpers to call it as an integrator would."""

    def __init__(self, base_url: str, app) -> None:
        self.base_url, self.app = base_url, app

    def request(self, method: str, path: str, body=None, headers=None, admin: bool = True):
        """(status, parsed JSON or text, headers) of a call to the live server."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if admin and path.startswith("/_sim/"):
            all_headers.setdefault("Authorization", f"Bearer {ADMIN_TOKEN}")
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                status, raw, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, raw, got = exc.code, exc.read(), exc.headers
        try:
            return status, json.loads(raw) if raw else None, got
        except ValueError:
            return status, raw.decode(), got

    def provet(self, method: str, path: str, body=None):
        auth = base64.b64encode(b"sandbox:sandbox").decode()
        return self.request(method, "/provet" + path, body, {"Authorization": f"Basic {auth}"})

    def place_provet_order(self, **changes) -> dict:
        """A valid Provet order (provet-orders.txt's sample), placed over HTTP."""
        order = {"CustomerName": "Joe Smith", "AddressLine1": "123 Address Street",
                 "Suburb": "Suburb", "State": "NSW", "Postcode": "2222", "Country": "Australia",
                 "CustomerEmail": "joe.smith@email.com", "CustomerPhone": "0412345678",
                 "OrderLines": [{"ProductCode": "FRON 01", "Quantity": 4}], **changes}
        status, body, _ = self.provet("POST", "/api/orders", order)
        assert status == 200, body
        return body

    def allivet_token(self) -> str:
        status, body, _ = self.request("POST", "/allivet/api/Auth", {
            "clientID": "sandbox", "clientSecretKey": "sandbox-secret",
            "apiScope": "api:dropship", "storeKey": "sandbox-store"})
        assert status == 200, body
        return body["value"]


@pytest.fixture
def live(db_path):
    # Pages poll every 300 ms instead of 2.5 s: what a test waits for shows up at once, and
    # (measured) polling faster costs the browser and the server more CPU than it saves.
    app = create_app({"db": db_path, "admin_token": ADMIN_TOKEN, "dashboard_poll_ms": 300})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # (shutdown waits for the loop to look again: every 0.5 s by default)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield Live(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    thread.join(timeout=5)
    close_app(app)


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1366, "height": 900})
    made.set_default_timeout(10_000)
    yield made
    made.close()


@pytest.fixture
def page(context, live):
    """A browser tab signed in to the live dashboard, on its overview: with the cookie that
    its token form sets (test_the_admin_token_is_enforced signs in through the form)."""
    context.add_cookies([{"name": ADMIN_COOKIE, "value": ADMIN_TOKEN, "domain": "127.0.0.1",
                          "path": "/_sim", "httpOnly": True, "sameSite": "Strict"}])
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    assert tab.goto(live.base_url + "/_sim/ui/").status == 200
    return tab


@pytest.fixture
def shoot():
    """Save a full-page screenshot under test-artifacts/ (kept by CI, looked at by people)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(tab, name: str) -> Path:
        path = ARTIFACTS / f"dashboard-{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
