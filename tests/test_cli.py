"""The dropsim command line, working on a database file directly."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator import create_app
from simulator.core.db import connections
from tests.vendors.provet.test_orders import DOCS_SAMPLE


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(main, [*args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result
    yield invoke
    connections.close_all()


def test_init_creates_and_seeds(tmp_path, run):
    path = tmp_path / "new.db"
    first = run("init", "--db", str(path))
    assert "Created and seeded" in first.output
    assert "Already initialised" in run("init", "--db", str(path)).output


def test_clock_show_advance_freeze_resume(run, db_path):
    assert "default:" in run("clock", "show", "--db", db_path).output
    assert "(frozen)" in run("clock", "freeze", "--db", db_path).output
    out = run("clock", "advance", "90m", "--db", db_path).output
    assert "transition(s)." in out and "provet order" not in out
    shown = run("clock", "show", "--db", db_path).output
    assert "(frozen)" in shown and "offset 5" in shown  # 5400 s ahead, give or take
    assert "(frozen)" not in run("clock", "resume", "--db", db_path).output


def test_clock_advance_reports_order_transitions(run, db_path, provet_auth):
    app = create_app({"db": db_path})
    client = app.test_client()
    client.post("/_sim/clock/freeze")
    order = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    out = run("clock", "advance", "10m", "--db", db_path).output
    assert f"provet order {order['id']}: Ordered -> Sent" in out
    assert client.get(f"/provet/api/orders/{order['id']}", headers=provet_auth).get_json()["status"] == "Sent"


def test_clock_advance_uses_the_interval_the_server_runs_with(run, db_path, provet_auth):
    # A server whose Provet orders step every minute: the CLI, run without the option, reports
    # what that server would, not what the default ten minutes would.
    client = create_app({"db": db_path, "provet_status_interval": "1m"}).test_client()
    client.post("/_sim/clock/freeze")
    order = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    out = run("clock", "advance", "2m", "--db", db_path).output
    assert f"provet order {order['id']}: Ordered -> Sent" in out
    assert f"provet order {order['id']}: Sent -> Picking" in out
    assert client.get(f"/provet/api/orders/{order['id']}",
                      headers=provet_auth).get_json()["status"] == "Picking"


def test_a_snapshot_restore_keeps_the_running_servers_intervals(run, db_path, provet_auth):
    run("snapshot", "save", "ten-minutes", "--db", db_path)  # saved under the template's server: 10 minutes
    client = create_app({"db": db_path, "provet_status_interval": "1m"}).test_client()
    assert client.post("/_sim/snapshots/ten-minutes/restore").status_code == 200
    client.post("/_sim/clock/freeze")
    order = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    assert f"provet order {order['id']}: Ordered -> Sent" in run(
        "clock", "advance", "1m", "--db", db_path).output


def test_a_bad_duration_is_a_usage_error(run, db_path):
    result = run("clock", "advance", "soon", "--db", db_path, ok=False)
    assert result.exit_code == 2 and "not a duration" in result.output


@pytest.mark.parametrize("args,message", [
    (("clock", "show", "--account", "ghost"), "unknown account 'ghost'"),
    (("clock", "advance", "1m", "--account", "ghost"), "unknown account 'ghost'"),
    (("reset", "--account", "ghost"), "unknown account 'ghost'"),
    (("faults", "list", "--account", "ghost"), "unknown account 'ghost'"),
    (("faults", "clear", "--account", "ghost"), "unknown account 'ghost'"),
    (("faults", "clear", "flt_000000000000"), "unknown fault 'flt_000000000000'"),
    (("journal", "--account", "ghost"), "unknown account 'ghost'"),
    (("journal", "--vendor", "nope"), "unknown vendor 'nope'; use one of provet, "),
    (("accounts", "delete", "ghost"), "unknown account 'ghost'"),
    (("provet", "product", "FRON 01", "--account", "ghost"), "unknown account 'ghost'"),
])
def test_errors_are_clear(run, db_path, args, message):
    result = run(*args, "--db", db_path, ok=False)
    assert result.exit_code == 1
    assert message in result.output


def test_the_journal_of_requests_without_an_account_can_be_read(run, db_path):
    create_app({"db": db_path}).test_client().get("/provet/api/orders")  # no credentials
    out = run("journal", "--account", "anonymous", "--vendor", "provet", "--db", db_path).output
    assert "401 GET    /provet/api/orders" in out


@pytest.mark.parametrize("args", [
    ("clock", "show"), ("clock", "advance", "10m"), ("reset",), ("accounts", "list"),
    ("accounts", "create"), ("journal",), ("faults", "list"), ("snapshot", "list"), ("rules",),
    ("provet", "product", "FRON 01"), ("retailops", "po", "--vendor", "27", "--item", "X:1"),
])
def test_commands_refuse_a_database_that_does_not_exist(run, tmp_path, args):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    typo = folder / "dropsimm.db"
    result = run(*args, "--db", str(typo), ok=False)
    assert result.exit_code == 1
    assert f"no database at {typo}" in result.output and "dropsim init" in result.output
    assert list(folder.iterdir()) == []  # nothing created in its place


def test_reset(run, db_path, provet_auth):
    app = create_app({"db": db_path})
    client = app.test_client()
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    assert "Reset default." in run("reset", "--db", db_path).output
    assert client.get("/provet/api/orders", headers=provet_auth).get_json() == []


def test_environment_variable_picks_the_database(db_path, monkeypatch):
    monkeypatch.setenv("DROPSIM_DB", db_path)
    result = CliRunner().invoke(main, ["clock", "show"])
    assert result.exit_code == 0 and "default:" in result.output
