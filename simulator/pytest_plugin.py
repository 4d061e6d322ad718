"""pytest plugin (entry point `pytest11`): a live dropsim for the test session and a fresh,
isolated sandbox account for each test.

    def test_my_shop_syncs_orders(dropsim):
        shop = MyShop(base_url=dropsim.base_urls["provet"], auth=dropsim.provet_auth)
        ...
        dropsim.advance(minutes=10)

The session fixture starts `dropsim serve` in a subprocess on a free port with a temporary
database (under pytest-xdist, one per worker). Set DROPSIM_URL to use a simulator that is
already running instead (and DROPSIM_ADMIN_TOKEN if it has one).
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from typing import Any

import pytest


class DropsimError(RuntimeError):
    """A control-plane call that dropsim refused."""


class DropsimServer:
    """A running dropsim and its control plane, called over one kept-alive connection per
    thread: an account created and deleted around every test then costs two round trips, not
    two connections as well."""

    def __init__(self, base_url: str, admin_token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token
        parts = urllib.parse.urlsplit(self.base_url)
        self._secure, self._host, self._prefix = parts.scheme == "https", parts.netloc, parts.path
        self._local = threading.local()

    def call(self, verb: str, path: str, body: dict | None = None,
             query: dict[str, Any] | None = None) -> Any:
        """A /_sim/ call; the decoded JSON answer."""
        query = {k: v for k, v in (query or {}).items() if v is not None}
        target = f"{self._prefix}/_sim{path}" + (
            f"?{urllib.parse.urlencode(query)}" if query else "")
        headers = {"Content-Type": "application/json"}
        if self.admin_token:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        data = None if body is None else json.dumps(body).encode()
        status, text = self._exchange(verb, target, data, headers)
        if status >= 400:
            raise DropsimError(f"{verb} {path}: {status} {text.decode(errors='replace')}")
        return json.loads(text or b"null")

    def _exchange(self, verb: str, target: str, data: bytes | None,
                  headers: dict[str, str]) -> tuple[int, bytes]:
        conn = getattr(self._local, "conn", None)
        reused = conn is not None
        if conn is None:
            kind = http.client.HTTPSConnection if self._secure else http.client.HTTPConnection
            conn = self._local.conn = kind(self._host, timeout=30)
        try:
            conn.request(verb, target, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            self._local.conn = None
            if not reused:
                raise
            # The server had closed the idle connection before reading the request (its
            # header timeout): sent again once, on a new connection.
            return self._exchange(verb, target, data, headers)
        except BaseException:
            conn.close()
            self._local.conn = None
            raise


class DropsimAccount:
    """One test's sandbox account: its credentials, base URLs and control helpers."""

    def __init__(self, server: DropsimServer, created: dict) -> None:
        self.server = server
        self.account = created["account"]
        self.credentials = created["credentials"]
        self.base_urls = {name: f"{server.base_url}/{name}" for name in self.credentials}

    @property
    def provet_auth(self) -> tuple[str, str]:
        """(username, password) for HTTP Basic against the Provet base URL."""
        creds = self.credentials["provet"]
        return creds["username"], creds["password"]

    @property
    def connect_headers(self) -> dict[str, str]:
        """Every header a Provet Connect call needs, with this account's two tokens."""
        creds = self.credentials["provet-connect"]
        return {"Accept": "application/json", "Api-Version": "1", "Client": "pytest/dropsim",
                "Practice": "dropsim test practice", "User": "pytest",
                "User-Auth": creds["User-Auth"], "Client-Auth": creds["Client-Auth"]}

    def advance(self, **amount: float) -> list[dict]:
        """Move this account's clock: advance(minutes=10); returns the transitions."""
        return self.server.call("POST", "/clock/advance", {"account": self.account, **amount})["transitions"]

    def freeze(self) -> dict:
        """Stop this account's clock."""
        return self.server.call("POST", "/clock/freeze", {"account": self.account})

    def clock(self) -> dict:
        """This account's clock."""
        return self.server.call("GET", "/clock", query={"account": self.account})

    def requests(self, **filters: Any) -> list[dict]:
        """This account's journal, newest first: requests(vendor="provet", method="POST")."""
        return self.server.call("GET", "/requests", query={"account": self.account, **filters})["requests"]

    def fault(self, **spec: Any) -> str:
        """Inject a fault for this account: fault(vendor="provet", preset="rate_limit")."""
        return self.server.call("POST", "/faults", {"account": self.account, **spec})["id"]

    def clear_faults(self) -> None:
        """Remove this account's faults."""
        self.server.call("DELETE", "/faults", query={"account": self.account})

    def reset(self) -> None:
        """Put this account back to its seeded state."""
        self.server.call("POST", "/reset", {"account": self.account})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def dropsim_server(tmp_path_factory) -> DropsimServer:
    """A live dropsim for the whole session (one per xdist worker)."""
    external = os.environ.get("DROPSIM_URL")
    if external:
        yield DropsimServer(external, os.environ.get("DROPSIM_ADMIN_TOKEN"))
        return
    folder = tmp_path_factory.mktemp("dropsim")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DROPSIM_")}
    log = open(folder / "server.log", "w")
    # Its own session, so that the server and every worker it forked can be stopped together.
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", str(folder / "dropsim.db"), "--workers", "1"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = DropsimServer(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                server.call("GET", "/health")
                break
            except (OSError, DropsimError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("dropsim did not start: "
                                       + (folder / "server.log").read_text()) from None
                time.sleep(0.05)
        yield server
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL for the server's whole process group if anything is left."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(timeout=5)


@pytest.fixture
def dropsim(dropsim_server) -> DropsimAccount:
    """A fresh isolated account for this test, deleted afterwards."""
    account = DropsimAccount(dropsim_server, dropsim_server.call("POST", "/accounts", {}))
    yield account
    dropsim_server.call("DELETE", f"/accounts/{account.account}")
