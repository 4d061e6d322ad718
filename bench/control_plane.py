"""Costs of the control plane: snapshot save and restore at two database sizes, and the
request journal's overhead per vendor request.

    python -m bench.control_plane [--orders 10000]
"""
from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
import time
from pathlib import Path

from simulator import create_app
from simulator.core.db import insert_rows, transaction

AUTH = {"Authorization": "Basic " + base64.b64encode(b"sandbox:sandbox").decode()}
ORDER = {"CustomerName": "Joe Smith", "AddressLine1": "1 St", "Suburb": "S", "State": "NSW",
         "Postcode": "2000", "Country": "Australia", "CustomerEmail": "j@e.com",
         "CustomerPhone": "0400000000", "OrderLines": [{"ProductCode": "FRON 01", "Quantity": 1}]}


def _timed(fn, repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _add_orders(sim, count: int) -> None:
    db = sim.db()
    with transaction(db):
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM provet_orders").fetchone()[0]
        insert_rows(db, "provet_orders", [
            {"id": first + n, "account": "default", "created_us": n, "flag": None,
             "customer_name": "Joe", "address_line1": "1 St", "suburb": "S", "state": "NSW",
             "postcode": "2000", "country": "Australia", "customer_email": "j@e.com",
             "customer_phone": "0400000000"} for n in range(count)])
        insert_rows(db, "provet_order_lines", [
            {"order_id": first + n, "line_no": 0, "product_code": "FRON 01", "quantity": 1}
            for n in range(count)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"db": str(Path(folder) / "bench.db")})
        sim = app.extensions["dropsim"]
        client = app.test_client()
        print("| measure | database | median ms |")
        print("| --- | --- | --- |")
        for label in ("fresh", f"+{args.orders:,} orders"):
            if label != "fresh":
                _add_orders(sim, args.orders)
            sim.db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = Path(sim.options.path).stat().st_size / 1e6
            save = _timed(lambda: sim.save_snapshot("bench", replace=True), 10)
            restore = _timed(lambda: sim.restore_snapshot("bench"), 10)
            print(f"| snapshot save | {label} ({size:.1f} MB) | {save:.1f} |")
            print(f"| snapshot restore | {label} ({size:.1f} MB) | {restore:.1f} |")

        order_id = client.post("/provet/api/orders", json=ORDER, headers=AUTH).get_json()["id"]
        entry = {"account": "default", "real_us": 0, "virtual_us": 0, "vendor": "provet",
                 "method": "GET", "path": f"/provet/api/orders/{order_id}", "query": "",
                 "status": 200, "duration_ms": 0.5, "request_content_type": None,
                 "request_body": None, "response_content_type": "application/json",
                 "response_body": b"x" * 600, "rules": [], "fault": None}
        record = _timed(lambda: sim.journal.record(dict(entry)), 2000) * 1000
        get = _timed(lambda: client.get(f"/provet/api/orders/{order_id}", headers=AUTH), 2000) * 1000
        print(f"| journal record per request | ring of {sim.settings['journal_limit']} | "
              f"{record / 1000:.3f} ({record:.0f} us; a whole GET order in the test client: "
              f"{get:.0f} us) |")


if __name__ == "__main__":
    main()
