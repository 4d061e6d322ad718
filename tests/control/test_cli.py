"""CLI parity for the control plane, on the database file directly."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from simulator import create_app
from simulator.cli import main
from simulator.core.db import connections


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(main, [*args, "--db", db_path], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result
    yield invoke
    connections.close_all()


def test_accounts_create_list_delete(run):
    created = json.loads(run("accounts", "create", "--name", "ci-1").output)
    assert created["account"] == "ci-1" and "provet" in created["credentials"]
    listed = json.loads(run("accounts", "list").output)
    assert [a["account"] for a in listed] == ["default", "ci-1"] and listed[1] == created
    assert "Deleted ci-1." in run("accounts", "delete", "ci-1").output
    assert "cannot be deleted" in run("accounts", "delete", "default", ok=False).output


def test_faults_add_list_clear(run, db_path, provet_auth):
    fault_id = run("faults", "add", "--vendor", "provet", "--preset", "maintenance",
                   "--times", "1").output.strip()
    assert fault_id.startswith("flt_")
    assert json.loads(run("faults", "list").output)[0]["id"] == fault_id
    client = create_app({"db": db_path}).test_client()
    assert client.get("/provet/api/orders", headers=provet_auth).status_code == 503
    assert "Removed 1 fault(s)." in run("faults", "clear").output
    bad = run("faults", "add", "--vendor", "provet", ok=False)
    assert bad.exit_code != 0 and "needs a 'status'" in bad.output


def test_journal_prints_requests(run, db_path, provet_auth):
    client = create_app({"db": db_path}).test_client()
    client.get("/provet/api/orders", headers=provet_auth)
    client.get("/provet/api/orders/12345", headers=provet_auth)
    lines = run("journal").output.strip().splitlines()
    assert "200 GET    /provet/api/orders" in lines[0] and "404 GET" in lines[1]
    as_json = [json.loads(line) for line in run("journal", "--json").output.splitlines()]
    assert [e["status"] for e in as_json] == [200, 404]


def test_snapshot_save_list_restore(run, db_path, provet_auth):
    run("snapshot", "save", "clean")
    client = create_app({"db": db_path}).test_client()
    client.post("/provet/api/orders", headers=provet_auth, json={})  # rejected: nothing stored
    from tests.vendors.provet.test_orders import DOCS_SAMPLE
    client.post("/provet/api/orders", headers=provet_auth, json=DOCS_SAMPLE)
    assert "clean\t" in run("snapshot", "list").output
    assert "Restored clean." in run("snapshot", "restore", "clean").output
    assert client.get("/provet/api/orders", headers=provet_auth).get_json() == []
    assert "unknown snapshot" in run("snapshot", "restore", "nope", ok=False).output


def test_snapshot_delete(run, db_path):
    run("snapshot", "save", "clean")
    run("snapshot", "restore", "clean")
    assert "Deleted clean." in run("snapshot", "delete", "clean").output
    assert run("snapshot", "list").output == ""
    assert os.listdir(db_path.replace(".db", ".snapshots")) == []  # nothing left beside it
    gone = run("snapshot", "delete", "clean", ok=False)
    assert gone.exit_code == 1 and "unknown snapshot 'clean'" in gone.output


def test_rules(run):
    out = run("rules").output
    assert "provet.cancel-word" in out and "from: provet-orders.txt" in out
