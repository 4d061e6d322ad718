"""The rules listing and snapshots."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading

import pytest

from simulator.core import snapshots
from simulator.core.db import write_lock_path
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def test_rules_cover_every_vendor_with_sources(client, sim):
    rules = client.get("/_sim/rules").get_json()["rules"]
    assert {r["vendor"] for r in rules} == {v.name for v in sim.vendors}
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {"provet.cancel-word", "provet.awaiting-stock-quantity", "provet.status-steps"} <= set(ids)
    for rule in rules:
        assert set(rule) == {"id", "vendor", "trigger", "effect", "source"}
        assert rule["id"].startswith(rule["vendor"] + ".")
        # Each cites a vendor document or a vendor's public page.
        assert ".txt" in rule["source"] or rule["source"].startswith(("Provet", "Allivet",
                                                                      "RetailOps"))
    only = client.get("/_sim/rules?vendor=provet").get_json()["rules"]
    assert only and {r["vendor"] for r in only} == {"provet"}


def test_snapshot_round_trip(client, provet_auth):
    first = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    saved = client.post("/_sim/snapshots", json={"name": "one-order"})
    assert saved.status_code == 201 and saved.get_json()["bytes"] > 0
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    client.post("/_sim/clock/advance", json={"days": 2})
    assert len(client.get("/provet/api/orders", headers=provet_auth).get_json()) == 2
    restored = client.post("/_sim/snapshots/one-order/restore")
    assert restored.status_code == 200
    orders = client.get("/provet/api/orders", headers=provet_auth).get_json()
    assert [o["id"] for o in orders] == [first["id"]]
    assert client.get("/_sim/clock").get_json()["offset_seconds"] < 60
    assert [s["name"] for s in client.get("/_sim/snapshots").get_json()["snapshots"]] == ["one-order"]


def test_snapshot_names_and_conflicts(client):
    assert client.post("/_sim/snapshots", json={"name": "../escape"}).status_code == 400
    assert client.post("/_sim/snapshots", json={}).status_code == 400
    assert client.post("/_sim/snapshots", json={"name": "s"}).status_code == 201
    assert client.post("/_sim/snapshots", json={"name": "s"}).status_code == 409
    assert client.post("/_sim/snapshots", json={"name": "s", "replace": True}).status_code == 201
    assert client.post("/_sim/snapshots/nope/restore").status_code == 404
    assert client.delete("/_sim/snapshots/s").get_json() == {"deleted": "s"}
    assert client.delete("/_sim/snapshots/s").status_code == 404


@pytest.fixture
def guarded(make_app):
    return make_app(admin_token="tok").test_client()


@pytest.mark.parametrize("method,path", [
    ("POST", "/_sim/accounts"), ("GET", "/_sim/accounts"), ("DELETE", "/_sim/accounts/x"),
    ("GET", "/_sim/requests"), ("DELETE", "/_sim/requests"), ("POST", "/_sim/faults"),
    ("GET", "/_sim/faults"), ("DELETE", "/_sim/faults"), ("GET", "/_sim/rules"),
    ("POST", "/_sim/snapshots"), ("GET", "/_sim/snapshots"),
    ("POST", "/_sim/snapshots/x/restore"), ("POST", "/_sim/retailops/pos"),
])
def test_admin_token_guards_the_new_calls(guarded, method, path):
    response = guarded.open(path, method=method, json={})
    assert response.status_code == 401
    allowed = guarded.open(path, method=method, json={}, headers={"Authorization": "Bearer tok"})
    assert allowed.status_code != 401


def test_snapshot_files_are_plain_databases_and_delete_leaves_nothing(client, sim):
    assert client.post("/_sim/snapshots", json={"name": "s1"}).status_code == 201
    folder = snapshots.snapshot_dir(sim.options.path)
    with open(os.path.join(folder, "s1.db"), "rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # rollback mode: read without -wal/-shm
    assert client.post("/_sim/snapshots/s1/restore").status_code == 200
    assert os.listdir(folder) == ["s1.db"]
    # What earlier versions left beside a snapshot they restored goes with it.
    for suffix in ("-wal", "-shm"):
        open(os.path.join(folder, "s1.db" + suffix), "wb").close()
    assert client.delete("/_sim/snapshots/s1").get_json() == {"deleted": "s1"}
    assert os.listdir(folder) == []
    assert client.get("/_sim/snapshots").get_json() == {"snapshots": []}


# A save that is killed after writing its copy and before naming it.
_KILLED_SAVE = """
import os, sys, time
from simulator.core import snapshots
from simulator.core.db import StoreOptions, connect
os.link = os.replace = lambda *args: (print("copied", flush=True), time.sleep(60))
snapshots.save(connect(StoreOptions(sys.argv[1])).conn, sys.argv[1], "big")
"""


def test_what_a_killed_save_left_is_removed_by_the_next_save_and_at_start(client, sim,
                                                                          make_app):
    child = subprocess.Popen([sys.executable, "-c", _KILLED_SAVE, sim.options.path],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "copied\n"
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    folder = snapshots.snapshot_dir(sim.options.path)
    left = os.listdir(folder)
    assert len(left) == 1 and left[0].startswith(".big.") and left[0].endswith(".tmp")
    assert os.path.getsize(os.path.join(folder, left[0])) > 100_000
    # A save in progress holds its file: a clean-up running meanwhile must keep it.
    busy = os.path.join(folder, ".busy.x.tmp")
    with open(busy, "wb") as held:
        held.write(b"x" * 1000)
        fcntl.flock(held, fcntl.LOCK_EX)
        assert client.post("/_sim/snapshots", json={"name": "next"}).status_code == 201
        assert sorted(os.listdir(folder)) == [".busy.x.tmp", "next.db"]
    # Left by a killed save of an earlier version, found at start-up.
    for name in ("old.db.4242.tmp", "old.db.4242.tmp-journal", "gone.db.17.tmp-wal"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"x" * 1000)
    make_app()
    assert sorted(os.listdir(folder)) == ["next.db"]


def test_a_restore_waits_in_the_writers_queue(client, sim):
    assert client.post("/_sim/snapshots", json={"name": "s"}).status_code == 201
    done = []
    with open(write_lock_path(sim.options.path), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a writer in another process holds it
        thread = threading.Thread(target=lambda: done.append(
            sim.restore_snapshot("s")["name"]))
        thread.start()
        thread.join(0.5)
        assert done == []  # still queued behind the writer
    thread.join(10)
    assert done == ["s"]
