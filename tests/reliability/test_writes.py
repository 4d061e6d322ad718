"""Writes from many clients across worker processes, and `kill -9` of the whole server under
write load: exact counts, unique ids, every acknowledged write found after a restart, and a
database that SQLite finds intact."""
from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

from tests import procs
from tests.live import call
from tests.vendors.provet.test_orders import DOCS_SAMPLE



def _writers(base: str, count: int, acknowledged: list, stop: threading.Event) -> list:
    def write(worker: int):
        n = 0
        while not stop.is_set():
            n += 1
            body = {**DOCS_SAMPLE, "PurchaseOrderNumber": f"w{worker}-{n}"}
            try:
                status, order, _ = call(f"{base}/provet/api/orders", body)
            except OSError:
                return  # the server is gone: what it acknowledged before is what counts
            if status == 200:
                acknowledged.append((order["id"], body["PurchaseOrderNumber"]))
    return [threading.Thread(target=write, args=(w,)) for w in range(count)]


def _stored(path) -> dict:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT id, purchase_order_number FROM provet_orders"))


def test_concurrent_writes_across_workers_are_all_kept_once(serve, tmp_path):
    base, _proc = serve("--db", str(tmp_path / "many.db"), "--workers", "2")
    acknowledged, stop = [], threading.Event()
    threads = _writers(base, 12, acknowledged, stop)
    for thread in threads:
        thread.start()
    time.sleep(1)  # (some 1,000 writes on a 2-core machine; the count is not the point)
    stop.set()
    for thread in threads:
        thread.join()
    ids = [order_id for order_id, _ in acknowledged]
    assert len(ids) > 100 and len(set(ids)) == len(ids)
    stored = _stored(tmp_path / "many.db")
    assert stored == dict(acknowledged)
    listed = call(f"{base}/provet/api/orders?pageSize=1")
    assert listed[0] == 200


def test_kill_9_under_write_load_loses_no_acknowledged_write(serve, tmp_path):
    db = tmp_path / "kill.db"
    for round_ in range(3):
        base, proc = serve("--db", str(db), "--workers", "2")
        acknowledged, stop = [], threading.Event()
        threads = _writers(base, 8, acknowledged, stop)
        for thread in threads:
            thread.start()
        time.sleep(0.6)  # (hundreds of writes acknowledged, many more in flight)
        for pid in [proc.pid, *procs.descendants(proc.pid)]:  # every process at once
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join()
        assert len(acknowledged) > 20, round_
        stored = _stored(db)
        missing = [pair for pair in acknowledged if stored.get(pair[0]) != pair[1]]
        assert missing == [], (round_, len(missing), len(acknowledged))
    # And a restarted server serves them.
    base, _proc = serve("--db", str(db))
    assert call(f"{base}/provet/api/orders/{acknowledged[-1][0]}")[0] == 200
