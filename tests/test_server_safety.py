"""A live `dropsim serve` left running: its database file removed or replaced under it, and
snapshots saved by many clients at once (several worker processes, several threads each)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.live import call
from tests.vendors.provet.test_orders import DOCS_SAMPLE

RETAILOPS = {"apikey": "YOUR_APIKEY_GOES_HERE"}
ALLIVET_LOGIN = {"clientID": "sandbox", "clientSecretKey": "sandbox-secret",
                 "apiScope": "api:dropship", "storeKey": "sandbox-store"}

pytestmark = pytest.mark.slow  # live servers and processes of their own


@pytest.mark.parametrize("how", ["removed", "replaced"])
def test_a_database_file_removed_or_replaced_is_refused_with_a_503(serve, tmp_path, template_db,
                                                                  db_path, how):
    db = Path(db_path)
    base, proc = serve("--db", str(db), "--workers", "2")
    status, placed, _ = call(f"{base}/provet/api/orders", DOCS_SAMPLE)
    assert status == 200
    if how == "removed":
        os.unlink(db)
    else:  # another seeded database moved over it, as `mv other.db live.db` does
        shutil.copyfile(template_db, tmp_path / "other.db")
        os.replace(tmp_path / "other.db", db)
    expected = f"the database file {db} was {'removed' if how == 'removed' else 'replaced'}"

    # Several times, so that both workers and their threads answer.
    for _ in range(6):
        status, body, _ = call(f"{base}/provet/api/orders",
                               {**DOCS_SAMPLE, "PurchaseOrderNumber": "AFTER-THE-SWAP"})
        assert status == 503 and expected in body["message"], (status, body)
        status, body, _ = call(f"{base}/provet/api/orders/{placed['id']}")
        assert status == 503 and expected in body["message"]
    status, body, _ = call(f"{base}/allivet/api/Auth", ALLIVET_LOGIN)
    assert status == 503 and body["title"] and body["traceId"]  # problem details
    status, body, _ = call(f"{base}/retailops/Vendor/PO/Fetch.json", {}, headers=RETAILOPS)
    assert status == 503 and body["success"] == 0 and body["ERRORCODE"]
    for path, payload in (("/_sim/health", None), ("/_sim/clock/advance", {"minutes": 5}),
                          ("/_sim/reset", {}), ("/_sim/snapshots", {"name": "s"})):
        status, body, _ = call(base + path, payload)
        assert status == 503 and expected in body["error"], (path, status, body)
    proc.terminate()
    out, _ = proc.communicate(timeout=15)
    assert expected in out  # and the log says why

    # Nothing was acknowledged after the swap, and nothing written into the new file.
    if how == "replaced":
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            found = conn.execute("SELECT count(*) FROM provet_orders WHERE "
                                 "purchase_order_number = 'AFTER-THE-SWAP'").fetchone()[0]
        assert found == 0
    assert not (tmp_path / "dropsim.snapshots" / "s.db").exists()


def _race(base: str, body: dict, clients: int = 8) -> Counter:
    barrier = threading.Barrier(clients)
    statuses: list[int] = []

    def save():
        barrier.wait()
        statuses.append(call(f"{base}/_sim/snapshots", body)[0])

    threads = [threading.Thread(target=save) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def test_many_clients_saving_one_snapshot_at_once(serve, tmp_path, db_path):
    base, _proc = serve("--db", db_path, "--workers", "2")
    for round_ in range(3):
        assert _race(base, {"name": f"same-{round_}"}) == {201: 1, 409: 7}
    for _ in range(3):
        assert _race(base, {"name": "replaced", "replace": True}) == {201: 8}
    folder = tmp_path / "dropsim.snapshots"
    # Only finished snapshots, each a database on its own (no temporary files, no -wal/-shm).
    assert sorted(os.listdir(folder)) == ["replaced.db", "same-0.db", "same-1.db", "same-2.db"]
    with sqlite3.connect(f"file:{folder / 'replaced.db'}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    status, placed, _ = call(f"{base}/provet/api/orders", DOCS_SAMPLE)
    assert status == 200
    status, body, _ = call(f"{base}/_sim/snapshots/same-0/restore", {})
    assert status == 200 and body["restored"]["name"] == "same-0"
    assert call(f"{base}/provet/api/orders/{placed['id']}")[0] == 404
    assert sorted(os.listdir(folder)) == ["replaced.db", "same-0.db", "same-1.db", "same-2.db"]


def test_a_journal_file_removed_is_a_503_and_vendors_still_answer(make_app, tmp_path, caplog):
    app = make_app()
    client = app.test_client()
    auth = {"Authorization": "Basic c2FuZGJveDpzYW5kYm94"}
    assert client.get("/provet/api/orders", headers=auth).status_code == 200
    app.extensions["dropsim"].journal.settle()  # (entries are stored off the request path)
    journal = app.extensions["dropsim"].journal.options.path
    os.unlink(journal)
    assert client.get("/provet/api/orders", headers=auth).status_code == 200
    app.extensions["dropsim"].journal.recorder.flush()  # (stored off the request path)
    gone = [r for r in caplog.records if "could not journal" in r.getMessage()]
    assert gone and "was removed while dropsim was running" in gone[0].getMessage()
    assert gone[0].exc_info is None  # one line, not a traceback per request
    response = client.get("/_sim/requests")
    assert response.status_code == 503 and "was removed" in response.get_json()["error"]
