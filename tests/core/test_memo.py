"""The per-connection memo of credentials, clocks, faults and meta (core/memo.py): a change
made anywhere (another worker's connection, this connection, a snapshot restore, the CLI) is
seen by the very next request."""
from __future__ import annotations

import threading

import pytest

from simulator.core import clock, memo
from simulator.core.db import connections, transaction
from tests.helpers import basic_auth
from tests.vendors.provet.test_orders import DOCS_SAMPLE


@pytest.fixture
def elsewhere(make_app):
    """Run a control call as another worker would: another app on the same database, called
    from its own thread, so through its own connection."""
    other = make_app()

    def call(method: str, path: str, body=None):
        done = {}

        def run():
            response = other.test_client().open(path, method=method, json=body)
            done["status"], done["body"] = response.status_code, response.get_json()
            connections.close_all()  # (the thread's own connection, as a worker's exit would)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(10)
        assert done["status"] in (200, 201, 204), done
        return done["body"]

    return call


def _order_status(client, auth, order_id) -> str:
    response = client.get(f"/provet/api/orders/{order_id}", headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["status"]


def test_a_clock_moved_by_another_worker_is_seen_by_the_next_request(
        client, provet_auth, elsewhere):
    client.post("/_sim/clock/freeze")
    order = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    assert _order_status(client, provet_auth, order["id"]) == "Ordered"
    assert _order_status(client, provet_auth, order["id"]) == "Ordered"  # (from the memo)
    elsewhere("POST", "/_sim/clock/advance?account=default", {"minutes": 10})
    assert _order_status(client, provet_auth, order["id"]) == "Sent"


def test_credentials_deleted_by_another_worker_stop_working_at_once(client, elsewhere):
    created = client.post("/_sim/accounts", json={}).get_json()
    creds = created["credentials"]["provet"]
    auth = basic_auth(creds["username"], creds["password"])
    assert client.get("/provet/api/orders", headers=auth).status_code == 200
    assert client.get("/provet/api/orders", headers=auth).status_code == 200
    elsewhere("DELETE", f"/_sim/accounts/{created['account']}")
    refused = client.get("/provet/api/orders", headers=auth)
    assert refused.status_code == 401 and refused.data == b""
    assert refused.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_a_fault_added_by_another_worker_answers_the_next_request(client, provet_auth,
                                                                  elsewhere):
    assert client.get("/provet/api/products", headers=provet_auth).status_code == 200
    fault = elsewhere("POST", "/_sim/faults", {"vendor": "provet", "status": 503, "times": 1})
    failed = client.get("/provet/api/products", headers=provet_auth)
    assert failed.status_code == 503 and failed.headers["X-Dropsim-Fault"] == fault["id"]
    # It was counted as fired (a write on this connection): the next request passes.
    assert client.get("/provet/api/products", headers=provet_auth).status_code == 200


def test_this_connection_s_own_control_calls_are_seen(client, provet_auth):
    assert client.get("/provet/api/products", headers=provet_auth).status_code == 200
    fault = client.post("/_sim/faults", json={"vendor": "provet", "status": 429}).get_json()
    limited = client.get("/provet/api/products", headers=provet_auth)
    assert limited.status_code == 429 and limited.headers["X-Dropsim-Fault"] == fault["id"]
    client.delete("/_sim/faults")
    again = client.get("/provet/api/products", headers=provet_auth)
    assert again.status_code == 200 and "X-Dropsim-Fault" not in again.headers
    assert again.get_json()["items"] and "code" in again.get_json()["items"][0]


def test_a_restored_snapshot_is_what_the_next_request_reads(client, provet_auth):
    client.post("/_sim/snapshots", json={"name": "before"})
    created = client.post("/_sim/accounts", json={}).get_json()
    creds = created["credentials"]["provet"]
    auth = basic_auth(creds["username"], creds["password"])
    assert client.get("/provet/api/orders", headers=auth).status_code == 200
    restored = client.post("/_sim/snapshots/before/restore")
    assert restored.status_code == 200, restored.get_data(as_text=True)
    refused = client.get("/provet/api/orders", headers=auth)
    assert refused.status_code == 401 and refused.data == b""
    assert created["account"] not in [a["account"] for a in client.get(
        "/_sim/accounts").get_json()["accounts"]]


def test_outside_a_request_reads_go_to_the_store(client, provet_auth, sim, elsewhere):
    assert client.get("/provet/api/products", headers=provet_auth).status_code == 200
    db = sim.db()
    assert not db.memo.open  # closed when the request ended
    before = clock.state(db, "default")
    elsewhere("POST", "/_sim/clock/advance?account=default", {"hours": 5})
    assert clock.now_us(db, "default") - before["now_us"] >= 5 * 3600 * 1_000_000


def test_a_write_transaction_reads_the_clock_afresh(client, provet_auth, sim, elsewhere):
    """A clock move committed after a request's first look is what its writes are stamped
    with (vendors/toolkit.writing reads the time again inside the transaction)."""
    db = sim.db()
    client.post("/_sim/clock/freeze")
    memo.begin(db)
    try:
        first = clock.now_us(db, "default")
        elsewhere("POST", "/_sim/clock/advance?account=default", {"minutes": 7})
        assert clock.now_us(db, "default") == first  # the request's first look, kept
        with transaction(db):
            assert clock.now_us(db, "default") == first + 7 * 60 * 1_000_000
    finally:
        memo.end(db)
