"""A reset of a long Provet order history: hidden at once, deleted afterwards, and never
taken from a snapshot restored before the deletion ran."""
from __future__ import annotations

import time

from simulator.vendors.provet.models import DELETE_AT_ONCE
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def _history(sim, account: str, count: int, created_us: int) -> None:
    """`count` orders with a line each, written straight into the store."""
    db = sim.db()
    with db.conn:
        db.conn.execute("BEGIN")
        for _ in range(count):
            order_id = db.conn.execute(
                "INSERT INTO provet_orders (account, created_us, customer_name, address_line1, "
                "suburb, state, postcode, country, customer_email, customer_phone) VALUES "
                "(?, ?, 'Joe', '1 St', 'S', 'NSW', '2222', 'Australia', 'a@b.c', '1')",
                [account, created_us]).lastrowid
            db.conn.execute("INSERT INTO provet_order_lines VALUES (?, 1, 'FRON 01', 1)",
                            [order_id])


def _stored(sim, account: str) -> int:
    return sim.db().execute("SELECT count(*) FROM provet_orders WHERE account = ?",
                            [account]).fetchone()[0]


def _wait_stored(sim, account: str, want: int) -> int:
    deadline = time.monotonic() + 20
    while _stored(sim, account) != want and time.monotonic() < deadline:
        time.sleep(0.02)
    return _stored(sim, account)


def test_a_long_history_is_hidden_at_once_and_deleted_later(client, sim, provet_auth):
    now_us = sim.clock_state("default")["now_us"]
    _history(sim, "default", DELETE_AT_ONCE + 500, now_us - 1)
    before = client.get("/provet/api/orders", headers=provet_auth).get_json()
    assert len(before) == 20 and _stored(sim, "default") == DELETE_AT_ONCE + 500
    hidden = before[0]["id"]
    assert client.post("/_sim/reset", json={"account": "default"}).status_code == 200
    assert client.get("/provet/api/orders", headers=provet_auth).get_json() == []
    assert client.get(f"/provet/api/orders/{hidden}", headers=provet_auth).status_code == 404
    moved = client.post("/_sim/clock/advance", json={"hours": 2}).get_json()
    assert [t for t in moved["transitions"] if t["vendor"] == "provet"] == []
    placed = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    assert client.get(f"/provet/api/orders/{placed['id']}", headers=provet_auth).status_code == 200
    assert _wait_stored(sim, "default", 1) == 1  # only the new order is left in the store
    assert sim.db().execute("SELECT count(*) FROM provet_order_lines WHERE order_id = ?",
                            [hidden]).fetchone()[0] == 0


def test_a_short_history_is_deleted_by_the_reset_itself(client, sim, provet_auth):
    _history(sim, "default", 3, sim.clock_state("default")["now_us"])
    assert client.post("/_sim/reset", json={"account": "default"}).status_code == 200
    assert _stored(sim, "default") == 0


def test_a_snapshot_restored_before_the_deletion_keeps_its_orders(client, sim, provet_auth,
                                                                   monkeypatch):
    from simulator.core import purge
    from simulator.core.db import transaction

    steps = []  # the deletion, held back until after the restore
    monkeypatch.setattr(purge, "later", lambda db, step: steps.append(step))
    _history(sim, "default", DELETE_AT_ONCE + 10, sim.clock_state("default")["now_us"])
    assert client.post("/_sim/snapshots", json={"name": "before"}).status_code == 201
    assert client.post("/_sim/reset", json={"account": "default"}).status_code == 200
    assert client.get("/provet/api/orders", headers=provet_auth).get_json() == []
    assert client.post("/_sim/snapshots/before/restore", json={}).status_code == 200
    with transaction(sim.db()) as db:
        assert steps and steps[0](db) == 0
    last = client.get("/provet/api/orders?pageSize=100&page=11", headers=provet_auth)
    assert len(last.get_json()) == 10  # all 1,010 in sight again


def test_orders_placed_after_the_deletion_stay_in_sight(client, sim, provet_auth):
    # Once the hidden orders are gone, emptying the table restarts order ids: the mark must
    # not outlive its orders, or the new ids would fall below it.
    _history(sim, "default", DELETE_AT_ONCE + 5, sim.clock_state("default")["now_us"])
    assert client.post("/_sim/reset", json={"account": "default"}).status_code == 200
    assert _wait_stored(sim, "default", 0) == 0
    deadline = time.monotonic() + 20
    while sim.db().execute("SELECT count(*) FROM provet_resets").fetchone()[0] and \
            time.monotonic() < deadline:
        time.sleep(0.02)
    assert sim.db().execute("SELECT count(*) FROM provet_resets").fetchone()[0] == 0
    assert client.post("/_sim/accounts", json={"account": "other"}).status_code == 201
    assert client.post("/_sim/reset", json={"account": "other"}).status_code == 200
    placed = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    listed = client.get("/provet/api/orders", headers=provet_auth).get_json()
    assert [o["id"] for o in listed] == [placed["id"]]
