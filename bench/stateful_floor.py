"""The stateful floor: the least work a Provet GET or POST order can be, in a minimal Flask app
served exactly as `dropsim serve` serves dropsim (same server, workers, threads and options).

It checks the Basic credentials against the credentials table, reads the order and its lines
from a dropsim database (or inserts them, in one write transaction), derives the status from
the time, and answers the order as JSON: what any simulator of this API must do, and nothing
else (no account clock, faults, journal, rules, paging, validation). dropsim / this floor is
the cost of dropsim's own features per request.

    python -m bench.stateful_floor --port 8091 dropsim.db
"""
from __future__ import annotations

import argparse
import base64
import datetime
import json
import sqlite3
import threading
import time

from flask import Flask, Response, request

from simulator.config import load_config
from simulator.server import run

STEPS = ("Ordered", "Sent", "Picking", "Shipped")
INTERVAL_US = 600 * 1_000_000


def make_app(db_path: str) -> Flask:
    app = Flask("stateful_floor")
    local = threading.local()

    def db() -> sqlite3.Connection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = sqlite3.connect(db_path, isolation_level=None,
                                                check_same_thread=False)
            conn.execute("PRAGMA synchronous=NORMAL")  # (dropsim's file is in WAL mode already)
            conn.execute("PRAGMA busy_timeout=5000")
        return conn

    def account() -> str | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        user, _, password = base64.b64decode(token).decode().partition(":")
        row = db().execute("SELECT account, secret FROM credentials WHERE vendor = 'provet' "
                           "AND principal = ?", [user]).fetchone()
        return row[0] if row and row[1] == password else None

    def answer(order_id: int, created_us: int, lines: list) -> Response:
        now = time.time_ns() // 1000
        status = STEPS[min(3, max(0, (now - created_us) // INTERVAL_US))]
        date = datetime.datetime.fromtimestamp(created_us / 1e6, datetime.timezone.utc)
        body = {"id": order_id, "status": status,
                "date": date.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z",
                "orderLines": [{"productCode": code, "quantity": qty,
                                "shippedQuantity": qty if status == "Shipped" else 0,
                                "status": status} for code, qty in lines]}
        return Response(json.dumps(body), mimetype="application/json")

    @app.get("/ready")
    def ready():
        return Response(status=204)

    @app.get("/provet/api/orders/<int:order_id>")
    def get_order(order_id: int):
        who = account()
        if who is None:
            return Response(status=401)
        conn = db()
        row = conn.execute("SELECT id, created_us FROM provet_orders WHERE id = ? AND account = ?",
                           [order_id, who]).fetchone()
        if row is None:
            return Response(status=404)
        lines = conn.execute("SELECT product_code, quantity FROM provet_order_lines "
                             "WHERE order_id = ?", [order_id]).fetchall()
        return answer(row[0], row[1], lines)

    @app.post("/provet/api/orders")
    def create_order():
        who = account()
        if who is None:
            return Response(status=401)
        order = request.get_json()
        conn = db()
        created = time.time_ns() // 1000
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO provet_orders (account, created_us, customer_name, address_line1, "
                "suburb, state, postcode, country, customer_email, customer_phone) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [who, created, order["CustomerName"], order["AddressLine1"], order["Suburb"],
                 order["State"], order["Postcode"], order["Country"], order["CustomerEmail"],
                 order["CustomerPhone"]])
            order_id = cursor.lastrowid
            lines = [(line["ProductCode"], line["Quantity"]) for line in order["OrderLines"]]
            conn.executemany("INSERT INTO provet_order_lines (order_id, line_no, product_code, "
                             "quantity) VALUES (?, ?, ?, ?)",
                             [(order_id, n, c, q) for n, (c, q) in enumerate(lines, 1)])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return answer(order_id, created, lines)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("db")
    args = parser.parse_args()
    run(load_config({"port": args.port}), load=lambda: make_app(args.db))


if __name__ == "__main__":
    main()
