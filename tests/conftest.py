"""Shared test fixtures: every test gets its own freshly seeded database file.

Seeding runs once per session into a template file; each test copies it (a few milliseconds)
so tests stay isolated without paying for seeding each time. The template is never written
after it is made.

A run fails when a process a test started (a server, one of its workers...) is still running
at the end: see tests/procs.py.
"""
from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from simulator import create_app
from simulator.core.db import connections

from . import procs
from .helpers import basic_auth, close_app
from .live import Servers

pytest_plugins = ["pytester"]


RAM_DISK = "/dev/shm"
RAM_DISK_ROOM = 1 << 30  # what the run's files may take at once is far less (see below)


def _ram_disk_or_none() -> str | None:
    """Linux's RAM-backed /dev/shm when it is writable and has room, else None."""
    try:
        found = os.statvfs(RAM_DISK)
    except OSError:
        return None
    room = found.f_bavail * found.f_frsize
    return RAM_DISK if room >= RAM_DISK_ROOM and os.access(RAM_DISK, os.W_OK) else None


def pytest_configure(config):
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    config.pluginmanager.register(_SlowFirst(workers), "dropsim-slow-first")
    if not hasattr(config, "workerinput"):  # (xdist workers inherit the controller's)
        # The tests' temporary folders (tmp_path, the seeded templates) in RAM when the
        # machine has it to spare and the user chose neither --basetemp nor TMPDIR: every
        # test copies a 2.8 MB database and SQLite syncs it on close, which on a virtual disk
        # cost the suite some 15% of its time (measured: tests/vendors 21-22 s -> 17-18 s).
        # tmp_path_retention_policy = "failed" (pyproject.toml) removes a passed test's
        # folder when it ends, so the run holds a few databases at a time, not a thousand.
        ram_disk = _ram_disk_or_none()
        if ram_disk and config.option.basetemp is None and "TMPDIR" not in os.environ:
            tempfile.tempdir = ram_disk
        os.environ[procs.MARK] = uuid.uuid4().hex
        # Seeded templates (core/template.py) of this run, not of the user's cache: made by
        # the first fresh database, then copied by every other (and by live servers).
        os.environ.setdefault("DROPSIM_TEMPLATE_DIR",
                              tempfile.mkdtemp(prefix="dropsim-test-templates-"))


def pytest_collection_finish(session):
    # What the session has built so far (modules, collected items, the app's imports) lives
    # to the end: frozen out of the collector's reach, the full collections that the tests'
    # discarded apps set off (each app is some 6,000 objects in cycles) stop walking it over
    # and over (measured on tests/vendors: 5.1 s of full collections -> 2.4 s).
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


class _SlowFirst:
    """Orders the collected tests once every conftest has marked them and `-m` has chosen."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    @pytest.hookimpl(hookwrapper=True)
    def pytest_collection_modifyitems(self, items):
        yield
        items[:] = _slow_first(items, self.workers)


def _weight(item) -> int:
    if item.get_closest_marker("reliability") and item.get_closest_marker("slow"):
        return 0 if "openapi_live" in item.nodeid else 1
    return 2 if item.get_closest_marker("slow") or item.get_closest_marker("browser") else 3


def _slow_first(items: list, workers: int) -> list:
    """The longest tests first, shared out between the xdist workers.

    xdist's worksteal scheduler (addopts) gives each worker one contiguous part of this order
    and lets an idle worker take the tail of a busy one's queue. So each part starts with its
    share of the slow tests (dealt in turn, in the order of `_weight`) and ends with fast ones: the few
    that take many seconds start at once on every worker, and what moves between workers at
    the end is the short tests, instead of one worker holding every slow test."""
    ordered = sorted(items, key=_weight)
    slow = [item for item in ordered if _weight(item) < 3]
    fast = ordered[len(slow):]
    if workers < 2 or len(fast) < len(items) // 2:
        return ordered
    shares = [slow[i::workers] for i in range(workers)]
    parts, left = [], len(items)
    for i, share in enumerate(shares):
        size = left // (workers - i)  # what xdist sends worker i (worksteal.py)
        take = size - len(share)
        parts += share + fast[:take]
        fast, left = fast[take:], left - size
    return parts

def pytest_unconfigure(config):
    folder = os.environ.get("DROPSIM_TEMPLATE_DIR", "")
    if not hasattr(config, "workerinput") and "dropsim-test-templates-" in folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput") or not os.path.isdir("/proc"):
        return
    left = procs.leftovers(os.environ[procs.MARK])
    if not left:
        return
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"{len(left)} process(es) started by the tests were still running (now killed):"]
    lines += [f"  {pid}  {command[:200]}" for pid, command in sorted(left.items())]
    if reporter is not None:
        reporter.ensure_newline()
        for line in lines:
            reporter.write_line(line, red=True, bold=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("template") / "seeded.db")
    app = create_app({"db": path})
    sim = app.extensions["dropsim"]
    sim.db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close(sim.options)
    return path


@pytest.fixture
def db_path(template_db, tmp_path) -> str:
    path = str(tmp_path / "dropsim.db")
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def make_app(db_path):
    """Build an app on this test's database with extra settings."""
    made = []

    def make(**settings):
        app = create_app({"db": db_path, **settings})
        made.append(app)
        return app

    yield make
    for app in made:
        close_app(app)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sim(app):
    """The app's Simulator, for reading stored state directly."""
    return app.extensions["dropsim"]


@pytest.fixture
def frozen(client):
    """Freeze the default account's clock so status steps fall exactly on advances."""
    response = client.post("/_sim/clock/freeze")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def advance(client):
    def move(account: str = "default", **amount) -> dict:
        response = client.post(f"/_sim/clock/advance?account={account}", json=amount)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    return move


@pytest.fixture
def provet_auth() -> dict:
    """The documented default Provet credentials (fixtures/credentials.json)."""
    return basic_auth("sandbox", "sandbox")


@pytest.fixture
def read_only_folder():
    """Make a folder read-only (chmod, or chattr +i for root, whom modes do not stop), and
    writable again after the test; skips where neither works."""
    made = []

    def make(path):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        made.append(path)
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        else:
            os.chmod(path, 0o555)
        probe = path / ".probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            return path
        probe.unlink()
        pytest.skip("cannot make a folder read-only here (root on a file system without chattr)")

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        else:
            os.chmod(path, 0o755)


@pytest.fixture
def serve(tmp_path):
    """Start `dropsim serve` (tests/live.py); every server it started is stopped afterwards."""
    servers = Servers(tmp_path)
    yield servers.start
    servers.stop_all()

