"""`dropsim serve` as a user runs it: the production server in a subprocess (granian, or
gunicorn when vendor ports are configured)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from base64 import b64encode

import pytest

from tests.vendors.provet.test_orders import DOCS_SAMPLE

AUTH = "Basic " + b64encode(b"sandbox:sandbox").decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": AUTH, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def serve(tmp_path):
    procs = []

    def start(*args):
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", str(port),
                                 *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env, cwd=tmp_path)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                request(f"{base}/_sim/health")
                return base, proc
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read())
                time.sleep(0.05)
        raise AssertionError("server did not answer in 30 s")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=15)


def test_serve_creates_seeds_and_serves(serve, tmp_path):
    base, proc = serve("--db", str(tmp_path / "live.db"))
    order = request(f"{base}/provet/api/orders", DOCS_SAMPLE)
    assert order["id"] == 464 and order["status"] == "Ordered"
    moved = request(f"{base}/_sim/clock/advance", {"minutes": 10})
    assert [t["to"] for t in moved["transitions"] if t["vendor"] == "provet"] == ["Sent"]
    # Whichever worker answers, the state is the same: it lives in SQLite.
    for _ in range(6):
        assert request(f"{base}/provet/api/orders/464")["status"] == "Sent"
    assert (tmp_path / "live.db").exists()
    proc.terminate()
    out, _ = proc.communicate(timeout=15)
    assert f"{base}/provet" in out
    assert "username 'sandbox'  password 'sandbox'" in out
    assert f"{base}/provet-connect" in out and "User-Auth: sandbox-user-auth" in out


def test_a_slow_request_does_not_hold_up_the_others(serve, tmp_path):
    base, _proc = serve("--db", str(tmp_path / "slow.db"))
    request(f"{base}/_sim/faults", {"vendor": "provet", "preset": "slow", "delay_ms": 3000,
                                    "path": "/api/orders"})
    slow = threading.Thread(target=request, args=(f"{base}/provet/api/orders",))
    slow.start()
    time.sleep(0.3)  # the slow request is now sleeping in a worker thread
    took = []
    for _ in range(10):
        started = time.monotonic()
        products = request(f"{base}/provet/api/products?pageSize=1")
        took.append(time.monotonic() - started)
        assert len(products["items"]) == 1
    assert slow.is_alive() and max(took) < 1.5, took
    slow.join()


def test_serve_in_memory_removes_its_file_at_exit(serve):
    base, proc = serve("--db", ":memory:")
    path = request(f"{base}/_sim/health")["database"]
    assert os.path.exists(path)
    request(f"{base}/provet/api/orders", DOCS_SAMPLE)
    assert len(request(f"{base}/provet/api/orders")) == 1
    proc.terminate()
    proc.wait(timeout=15)
    assert not os.path.exists(path)


def test_serve_warns_on_public_bind_without_token(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--host", "0.0.0.0",
                             "--port", str(port), "--db", str(tmp_path / "w.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                request(f"http://127.0.0.1:{port}/_sim/health")
                break
            except OSError:
                time.sleep(0.05)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert "WARNING: bound to 0.0.0.0 without an admin token" in out


def test_vendor_served_at_the_root_of_its_own_port(serve, tmp_path):
    own = free_port()
    base, proc = serve("--db", str(tmp_path / "ports.db"), "--vendor-port", f"provet={own}")
    at_root = request(f"http://127.0.0.1:{own}/api/products/FRON%2001")
    prefixed = request(f"{base}/provet/api/products/FRON%2001")
    assert at_root == prefixed
    # The site-relative image URL answers on the vendor's own port.
    with urllib.request.urlopen(f"http://127.0.0.1:{own}{at_root['images'][0]['url']}",
                                timeout=10) as picture:
        assert picture.status == 200
    order = request(f"http://127.0.0.1:{own}/api/orders", DOCS_SAMPLE)
    assert request(f"{base}/provet/api/orders/{order['id']}")["id"] == order["id"]
    # The control plane answers on the vendor's port too.
    assert request(f"http://127.0.0.1:{own}/_sim/health")["status"] == "ok"
