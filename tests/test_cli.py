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


@pytest.mark.parametrize("args,message", [
    (("clock", "advance", "soon"), "not a duration"),
    (("clock", "show", "--account", "ghost"), "unknown account 'ghost'"),
    (("reset", "--account", "ghost"), "unknown account 'ghost'"),
])
def test_errors_are_clear(run, db_path, args, message):
    result = run(*args, "--db", db_path, ok=False)
    assert result.exit_code != 0
    assert message in result.output


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
