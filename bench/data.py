"""Bulk data for the scenarios, written straight into the database file through the store's
insert helper (100,000 orders in a couple of seconds, where HTTP would take minutes)."""
from __future__ import annotations

import sqlite_utils

from simulator.core import clock
from simulator.core.db import StoreOptions, connect, insert_rows, transaction
from simulator.vendors.provet import rules

MINUTE_US = 60_000_000
DAY_US = 86_400 * 1_000_000
RECENT = 25  # orders in the 'Sent' window: the page a Status=Sent poll returns


def open_db(path: str) -> sqlite_utils.Database:
    return connect(StoreOptions(path=path))


def add_provet_orders(db: sqlite_utils.Database, account: str, count: int,
                      interval_us: int = 10 * MINUTE_US) -> dict:
    """Give `account` (whose clock is frozen, so the answer stays put) `count` orders: all but
    the newest RECENT created over the 90 days before now, so they are long Shipped (one in 50
    Cancelled by the cancel word, one in 97 AwaitingStock by a quantity of 1000), and the newest
    RECENT between one and two status intervals ago, so they are 'Sent'. Returns what it made."""
    now = clock.now_us(db, account)
    old = count - RECENT
    span = 90 * DAY_US
    oldest = now - span - 3 * interval_us
    with transaction(db):
        # Above every id ever given (sqlite_sequence), as AUTOINCREMENT would: an id below a
        # reset's mark would be hidden.
        first = db.execute(
            "SELECT max(coalesce((SELECT max(id) FROM provet_orders), 0), coalesce((SELECT seq "
            "FROM sqlite_sequence WHERE name = 'provet_orders'), 0)) + 1").fetchone()[0]
        orders, lines = [], []
        for n in range(count):
            if n < old:
                created = oldest + n * span // max(1, old)
                flag = (rules.FLAG_CANCEL if n % 50 == 49
                        else rules.FLAG_AWAITING_STOCK if n % 97 == 96 else None)
            else:  # strictly inside (now - 2I, now - I]
                created = now - 2 * interval_us + (n - old + 1) * interval_us // (RECENT + 1)
                flag = None
            order_id = first + n
            orders.append({
                "id": order_id, "account": account, "created_us": created, "flag": flag,
                "purchase_order_number": f"PO-{order_id}", "customer_name": "Joe Smith",
                "address_line1": "123 Address Street", "suburb": "Suburb", "state": "NSW",
                "postcode": "2222", "country": "Australia",
                "delivery_instructions": "Please cancel" if flag == rules.FLAG_CANCEL else None,
                "customer_email": "joe.smith@email.com", "customer_phone": "0412345678"})
            lines.append({"order_id": order_id, "line_no": 0, "product_code": "FRON 01",
                          "quantity": 1000 if flag == rules.FLAG_AWAITING_STOCK else 4})
        insert_rows(db, "provet_orders", orders)
        insert_rows(db, "provet_order_lines", lines)
    statuses: dict[str, int] = {}
    for order in orders:
        status = rules.status_at(order["created_us"], order["flag"], now, interval_us)
        statuses[status] = statuses.get(status, 0) + 1
    return {"orders": count, "now_us": now, "statuses": statuses}
