"""The journal's queue: requests never wait on it, a full queue drops the oldest and counts
it, and readers (over HTTP, in any worker) see every request answered before they asked."""
from __future__ import annotations

import threading

import pytest

from tests.live import call


def test_requests_do_not_wait_on_the_journal_and_a_full_queue_drops_the_oldest(
        make_app, provet_auth):
    app = make_app(journal_queue_limit=3)
    client = app.test_client()
    recorder = app.extensions["dropsim"].journal.recorder
    release, storing = threading.Event(), threading.Event()
    store = recorder.store

    def slow_store(batch):
        storing.set()
        assert release.wait(10)
        store(batch)

    recorder.store = slow_store
    try:
        client.get("/provet/api/products?ResultLimit=0", headers=provet_auth)
        assert storing.wait(5)  # the first entry is being stored, and the store is stuck
        for n in range(1, 6):  # answered all the same
            response = client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
            assert response.status_code == 200
        health = client.get("/_sim/health").get_json()
        assert health["journal"] == {"queued": 4, "dropped": 2}  # 1 being stored + 3 queued
    finally:
        release.set()
    entries = client.get("/_sim/requests?limit=100").get_json()["requests"]
    assert [e["query"] for e in entries] == [f"ResultLimit={n}" for n in (5, 4, 3, 0)]
    assert client.get("/_sim/health").get_json()["journal"] == {"queued": 0, "dropped": 2}


def test_a_reset_clears_what_was_still_queued(make_app, provet_auth):
    app = make_app()
    client = app.test_client()
    recorder = app.extensions["dropsim"].journal.recorder
    release, storing = threading.Event(), threading.Event()
    store = recorder.store

    def slow_store(batch):
        storing.set()
        assert release.wait(10)
        store(batch)

    recorder.store = slow_store
    client.get("/provet/api/products?ResultLimit=0", headers=provet_auth)
    assert storing.wait(5)
    for n in range(1, 4):  # queued behind the stuck store when the reset comes
        client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
    threading.Timer(0.2, release.set).start()
    assert client.post("/_sim/reset", json={"account": "default"}).status_code == 200
    assert client.get("/_sim/requests").get_json()["requests"] == []


@pytest.mark.slow
def test_every_worker_s_entries_are_read_at_once(serve, tmp_path):
    """Fresh connections land on either worker; each read right after a request lists it."""
    base, _proc = serve("--db", str(tmp_path / "two.db"), "--workers", "2")
    for n in range(30):
        status, _body, _headers = call(f"{base}/provet/api/products?ResultLimit={n}")
        assert status == 200
        status, body, _headers = call(f"{base}/_sim/requests?limit=100&vendor=provet")
        assert status == 200
        assert [e["query"] for e in body["requests"]] == [
            f"ResultLimit={k}" for k in range(n, -1, -1)]
