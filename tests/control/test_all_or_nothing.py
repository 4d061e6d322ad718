"""A reset (or an account's deletion) that fails changes nothing: not the database, not the
journal, which is a file of its own."""
from __future__ import annotations

import os

import pytest

from simulator.core import sim as sim_module
from simulator.core.journal import journal_path
from tests.helpers import basic_auth
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def _state(client) -> dict:
    return {"offset": round(client.get("/_sim/clock").get_json()["offset_seconds"] / 3600),
            "faults": len(client.get("/_sim/faults").get_json()["faults"]),
            "accounts": [a["account"] for a in client.get("/_sim/accounts").get_json()["accounts"]]}


def _some_state(client) -> dict:
    """What a reset would undo, made through the control plane only (so that, as on a fresh
    server, no vendor request has created the journal file yet)."""
    client.post("/_sim/clock/advance", json={"days": 3})
    client.post("/_sim/faults", json={"vendor": "provet", "preset": "slow", "path": "/never"})
    assert client.post("/_sim/accounts", json={"account": "ci-1"}).status_code == 201
    state = _state(client)
    assert state == {"offset": 72, "faults": 1, "accounts": ["default", "ci-1"]}
    return state


def test_a_reset_in_a_read_only_folder_fails_whole(client, sim, read_only_folder):
    before = _some_state(client)
    assert not os.path.exists(journal_path(sim.options.path))
    read_only_folder(os.path.dirname(sim.options.path))

    response = client.post("/_sim/reset")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert "unable to open database file" in error and journal_path(sim.options.path) in error
    assert client.delete("/_sim/accounts/ci-1").status_code == 503
    assert _state(client) == before


def test_a_reset_whose_journal_cannot_be_opened_changes_nothing(client, sim):
    before = _some_state(client)
    os.mkdir(journal_path(sim.options.path))  # so that no journal file can be created there
    for call in (lambda: client.post("/_sim/reset"), lambda: client.post("/_sim/reset?account=ci-1"),
                 lambda: client.delete("/_sim/accounts/ci-1")):
        response = call()
        assert response.status_code == 503 and "unable to open database file" in \
            response.get_json()["error"]
        assert _state(client) == before
    os.rmdir(journal_path(sim.options.path))
    assert client.post("/_sim/reset").get_json() == {"reset": ["default", "ci-1"]}
    assert _state(client) == {"offset": 0, "faults": 0, "accounts": ["default", "ci-1"]}


def test_a_reset_failing_half_way_keeps_the_journal_too(client, sim, monkeypatch):
    auth = basic_auth("sandbox", "sandbox")
    placed = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=auth).get_json()
    assert client.post("/_sim/accounts", json={"account": "ci-1"}).status_code == 201
    journal = client.get("/_sim/requests").get_json()["requests"]
    assert len(journal) == 1
    real_reset = sim_module.clock.reset

    def failing(db, account):  # the second account's step fails after the first's are done
        if account == "ci-1":
            raise RuntimeError("disk trouble")
        real_reset(db, account)

    monkeypatch.setattr(sim_module.clock, "reset", failing)
    with pytest.raises(RuntimeError):
        sim.reset()
    assert client.get("/_sim/requests").get_json()["requests"] == journal
    assert client.get(f"/provet/api/orders/{placed['id']}", headers=auth).status_code == 200
