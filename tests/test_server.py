"""`dropsim serve` as a user runs it: the production server in a subprocess (granian, or
one per port when vendor ports are configured)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests import procs
from tests.live import free_port, request, run_serve
from tests.vendors.provet.test_orders import DOCS_SAMPLE

pytestmark = pytest.mark.slow  # live servers and processes of their own


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
    assert f"Dashboard        {base}/_sim/ui/" in out


def test_a_slow_request_does_not_hold_up_the_others(serve, db_path):
    base, _proc = serve("--db", db_path)
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
    assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))


def test_serve_in_memory_after_kill_9_is_swept_by_the_next(serve):
    base, proc = serve("--db", ":memory:")
    path = request(f"{base}/_sim/health")["database"]
    request(f"{base}/_sim/snapshots", {"name": "left"})
    os.kill(proc.pid, signal.SIGKILL)  # no exit hook runs
    proc.wait(timeout=5)
    deadline = time.monotonic() + 5
    while procs.descendants(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.path.exists(path)
    base, _again = serve("--db", ":memory:")
    assert request(f"{base}/_sim/health")["database"] != path
    assert not os.path.exists(os.path.dirname(path))


def test_serve_warns_on_public_bind_without_token(serve, db_path):
    _base, proc = serve("--host", "0.0.0.0", "--db", db_path)
    proc.terminate()
    out, _ = proc.communicate(timeout=15)
    assert "WARNING: bound to 0.0.0.0 without an admin token" in out


def test_vendor_served_at_the_root_of_its_own_port(serve, db_path):
    own = free_port()
    base, proc = serve("--db", db_path, "--vendor-port", f"provet={own}")
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


# -- refusing to start -------------------------------------------------------------------------
def _refused(result, message: str) -> None:
    assert result.returncode == 1, result.stdout
    assert message in result.stdout, result.stdout
    assert "dropsim serving" not in result.stdout and "Traceback" not in result.stdout


@pytest.mark.parametrize("second", [
    pytest.param(lambda port, other: ["--port", str(port)], id="one port"),
    pytest.param(lambda port, other: ["--port", str(port), "--vendor-port", f"provet={other}"],
                 id="vendor ports, main port taken"),
    pytest.param(lambda port, other: ["--port", str(other), "--vendor-port", f"provet={port}"],
                 id="vendor ports, vendor port taken"),
])
@pytest.mark.parametrize("first_with_vendor_port", [False, True],
                         ids=["first on one port", "first with a vendor port"])
def test_a_second_server_on_a_port_in_use_fails_at_once(serve, tmp_path, db_path, second,
                                                        first_with_vendor_port):
    port = free_port()
    first_args = ["--vendor-port", f"retailops={free_port()}"] if first_with_vendor_port else []
    base, _first = serve("--db", db_path, *first_args, port=port)
    started = time.monotonic()
    result = run_serve(*second(port, free_port()), "--db", str(tmp_path / "second.db"),
                       cwd=tmp_path)
    _refused(result, f"cannot listen on 127.0.0.1:{port}: the address is already in use")
    assert time.monotonic() - started < 15
    assert not (tmp_path / "second.db").exists()  # refused before creating anything
    # The first server still answers every request, from its own database.
    for _ in range(10):
        assert request(f"{base}/_sim/health")["database"] == db_path


@pytest.mark.parametrize("args,message", [
    (["--port", "70000"], "not a port: 70000 (a port is a number from 1 to 65535)"),
    (["--port", "0"], "not a port: 0"),
    (["--vendor-port", "provet=65536"], "not a port: '65536'"),
    (["--db", "missing/dropsim.db"], "/missing does not exist"),
    (["--db", "dropsim.db/x.db"], "is not a folder"),
])
def test_bad_ports_and_database_folders_are_refused(tmp_path, args, message):
    (tmp_path / "dropsim.db").write_bytes(b"")
    port = [] if "--port" in args else ["--port", str(free_port())]
    _refused(run_serve(*port, *args, cwd=tmp_path), message)


def test_a_port_given_twice_is_refused(tmp_path):
    port = free_port()
    result = run_serve("--port", str(port), "--vendor-port", f"provet={port}", cwd=tmp_path)
    _refused(result, f"port {port} is given twice")


def test_a_read_only_database_folder_is_refused(tmp_path, read_only_folder):
    folder = read_only_folder(tmp_path / "ro")
    result = run_serve("--port", str(free_port()), "--db", str(folder / "x.db"), cwd=tmp_path)
    _refused(result, f"cannot write in the database folder {folder}")
    assert list(folder.iterdir()) == []


# -- no orphans --------------------------------------------------------------------------------
@pytest.mark.parametrize("vendor_port", [False, True], ids=["one port", "vendor ports"])
def test_workers_die_with_their_server_even_on_kill_9(serve, db_path, vendor_port):
    extra = ["--vendor-port", f"provet={free_port()}"] if vendor_port else []
    base, proc = serve("--db", db_path, "--workers", "2", *extra)
    # One port: two workers. Two ports: a server process per port, two workers each.
    expected = 6 if vendor_port else 2
    deadline = time.monotonic() + 15
    while len(procs.descendants(proc.pid)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)  # the first worker answers while the others may still be starting
    workers = procs.descendants(proc.pid)
    assert len(workers) == expected, workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)
    deadline = time.monotonic() + 5
    while any(procs.alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [w for w in workers if procs.alive(w)] == []
    with pytest.raises(OSError):  # nobody is left listening
        urllib.request.urlopen(f"{base}/_sim/health", timeout=2)


def test_the_leftover_check_finds_a_process_that_outlived_its_parent():
    script = ("import subprocess, sys; "
              "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], "
              "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
              "print(p.pid, flush=True)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=30).stdout
    orphan = int(out.split()[0])  # its parent has exited: it now belongs to init
    try:
        assert "time.sleep(60)" in procs.marked(os.environ[procs.MARK])[orphan]
    finally:
        os.kill(orphan, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while orphan in procs.marked(os.environ[procs.MARK]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert orphan not in procs.marked(os.environ[procs.MARK])
