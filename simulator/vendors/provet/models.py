"""Provet storage: the schema, and each account's orders (the catalogue as an account sees it
is in catalogue.py). No Flask here: the routes, the control plane, the CLI and seeding all call
these functions."""
from __future__ import annotations

import sqlite_utils

from ...core import purge
from ...core.db import get_meta, insert_rows, select
from . import catalogue, rules
from .seed import seed_catalogue

FIRST_ORDER_ID = 464  # provet-orders.txt's sample order is 464; a fresh database starts there


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE provet_products (
            code TEXT NOT NULL, code_key TEXT NOT NULL, version INTEGER NOT NULL,
            valid_from_day INTEGER NOT NULL, valid_to_day INTEGER NOT NULL,
            description TEXT, list_price REAL, price REAL, rrp REAL, gst INTEGER,
            price_breaks TEXT, stock_available INTEGER, eta_day INTEGER, barcodes TEXT,
            manufacturer TEXT, manufacturer_code TEXT, weight REAL, length REAL, breadth REAL,
            height REAL, dispensing_unit INTEGER, unit_of_measure TEXT, therapeutic_index TEXT,
            dangerous_goods_class TEXT, discontinued INTEGER NOT NULL, special_order INTEGER,
            non_returnable INTEGER, poison_schedule TEXT,
            created_day INTEGER NOT NULL, created_sec INTEGER NOT NULL,
            updated_day INTEGER NOT NULL, updated_sec INTEGER NOT NULL,
            PRIMARY KEY (code_key, version))""")
    db.execute("CREATE INDEX provet_products_valid ON provet_products (valid_from_day, valid_to_day)")
    db.execute("""
        CREATE TABLE provet_orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account TEXT NOT NULL REFERENCES accounts(id),
            created_us INTEGER NOT NULL, flag TEXT,
            purchase_order_number TEXT, customer_title TEXT, customer_name TEXT NOT NULL,
            company_name TEXT, address_line1 TEXT NOT NULL, address_line2 TEXT,
            suburb TEXT NOT NULL, state TEXT NOT NULL, postcode TEXT NOT NULL,
            country TEXT NOT NULL, delivery_instructions TEXT, customer_email TEXT NOT NULL,
            customer_phone TEXT NOT NULL, deliver_to_vet_account_number TEXT)""")
    # Status filters become created_us ranges per flag on this index (see rules.status_filter).
    db.execute("CREATE INDEX provet_orders_status ON provet_orders (account, flag, created_us)")
    db.execute("CREATE INDEX provet_orders_created ON provet_orders (account, created_us)")
    db.execute("CREATE INDEX provet_orders_po ON provet_orders (account, purchase_order_number)")
    db.execute("""
        CREATE TABLE provet_order_lines (
            order_id INTEGER NOT NULL REFERENCES provet_orders(id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL, product_code TEXT NOT NULL, quantity INTEGER NOT NULL,
            PRIMARY KEY (order_id, line_no)) WITHOUT ROWID""")
    _restart_order_ids(db)


def _dropship_v1_products_and_stock(db: sqlite_utils.Database) -> None:
    # The Dropship v1 product resource's shop copy, and each account's stock and overrides.
    for column in ("friendly_description", "long_description", "teaser", "tags"):
        db.execute(f"ALTER TABLE provet_products ADD COLUMN {column} TEXT")
    db.execute("""
        CREATE TABLE provet_stock_taken (
            account TEXT NOT NULL, code_key TEXT NOT NULL, day INTEGER NOT NULL,
            quantity INTEGER NOT NULL, PRIMARY KEY (account, code_key, day)) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE provet_overrides (
            account TEXT NOT NULL, code_key TEXT NOT NULL, quantity_on_hand INTEGER,
            qoh_day INTEGER NOT NULL, qoh_taken_before INTEGER NOT NULL, price REAL, rrp REAL,
            discontinued INTEGER, updated_day INTEGER, updated_sec INTEGER,
            PRIMARY KEY (account, code_key)) WITHOUT ROWID""")
    seeded_with = get_meta(db, "seeded_with")
    if seeded_with is not None:  # a database made before: regenerate its catalogue with copy
        seed_catalogue(db, int(seeded_with), lambda *_args: None)


def _reset_marks(db: sqlite_utils.Database) -> None:
    # An account's orders up to `above_id` were reset away: hidden at once, deleted later.
    db.execute("CREATE TABLE provet_resets (account TEXT PRIMARY KEY, above_id INTEGER NOT NULL)")


MIGRATIONS = [("provet:0001-catalogue-orders", _create_tables),
              ("provet:0002-dropship-v1-products-stock", _dropship_v1_products_and_stock),
              ("provet:0003-reset-marks", _reset_marks)]

# The account's orders a reset has not hidden (one more `?`: the account).
_VISIBLE = "id > coalesce((SELECT above_id FROM provet_resets WHERE account = ?), 0)"
# A reset deletes at once up to this many orders, and hides a larger history to delete later.
DELETE_AT_ONCE = 1000
_PURGE_STEP = 2000


def _restart_order_ids(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'provet_orders'")
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('provet_orders', ?)",
               [FIRST_ORDER_ID - 1])


# -- orders ------------------------------------------------------------------------------
ORDER_FIELDS = ("purchase_order_number", "customer_title", "customer_name", "company_name",
                "address_line1", "address_line2", "suburb", "state", "postcode", "country",
                "delivery_instructions", "customer_email", "customer_phone",
                "deliver_to_vet_account_number")


def create_order(db: sqlite_utils.Database, account: str, order: dict, lines: list[dict],
                 created_us: int, flag: str | None) -> int:
    """Store a validated order and its lines; returns the new id. Call inside a transaction."""
    columns = ("account", "created_us", "flag") + ORDER_FIELDS
    values = [account, created_us, flag] + [order.get(f) for f in ORDER_FIELDS]
    cursor = db.execute(f"INSERT INTO provet_orders ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' for _ in columns)})", values)
    order_id = cursor.lastrowid
    insert_rows(db, "provet_order_lines", [
        {"order_id": order_id, "line_no": n, "product_code": line["product_code"],
         "quantity": line["quantity"]} for n, line in enumerate(lines)])
    return order_id


def _attach_lines(db: sqlite_utils.Database, orders: list[dict]) -> list[dict]:
    if not orders:
        return orders
    by_id = {o["id"]: o for o in orders}
    for o in orders:
        o["lines"] = []
    ids = list(by_id)
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        for line in select(
                db, f"SELECT order_id, product_code, quantity FROM provet_order_lines "
                f"WHERE order_id IN ({', '.join('?' for _ in chunk)}) ORDER BY order_id, line_no",
                chunk):
            by_id[line["order_id"]]["lines"].append(line)
    return orders


def get_order(db: sqlite_utils.Database, account: str, order_id: int) -> dict | None:
    """The account's order with its lines, or None (another account's order included)."""
    rows = select(db, f"SELECT * FROM provet_orders WHERE id = ? AND account = ? AND {_VISIBLE}",
                  [order_id, account, account])
    return _attach_lines(db, rows)[0] if rows else None


def _selects(account: str, now_us: int, interval_us: int, status: str | None,
             conditions: list[tuple[str, object]]) -> tuple[str, list]:
    """A UNION of indexed selects of the account's orders matching `conditions` (SQL with one
    parameter each) and, when given, in `status` at `now_us` (see rules.status_filter)."""
    base = [("account = ?", account), (_VISIBLE, account)] + conditions
    if status is None:
        branches = [base]
    else:
        branches = []
        for flag, after, upto in rules.status_filter(status, now_us, interval_us):
            branch = base + ([("flag IS ?", flag)] if flag != "*" else [])
            branch += [(sql, v) for sql, v in (("created_us > ?", after),
                                                ("created_us <= ?", upto)) if v is not None]
            branches.append(branch)
    sql = " UNION ALL ".join("SELECT * FROM provet_orders WHERE "
                             + " AND ".join(c for c, _ in branch) for branch in branches)
    return sql, [v for branch in branches for _, v in branch]


def list_orders(db: sqlite_utils.Database, account: str, now_us: int, interval_us: int, *,
                date_from_us: int | None = None, date_before_us: int | None = None,
                status: str | None = None, purchase_order_number: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[dict]:
    """The account's orders, newest first, filtered, optionally one page of them.
    `date_before_us` is exclusive."""
    conditions = [(sql, value) for sql, value in (
        ("created_us >= ?", date_from_us), ("created_us < ?", date_before_us),
        ("purchase_order_number = ?", purchase_order_number)) if value is not None]
    sql, params = _selects(account, now_us, interval_us, status, conditions)
    sql = f"SELECT * FROM ({sql}) ORDER BY created_us DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return _attach_lines(db, select(db, sql, params))


def count_by_status(db: sqlite_utils.Database, account: str, now_us: int,
                    interval_us: int) -> list[tuple[str, int]]:
    """[(status, how many of the account's orders are in it at `now_us`)], every status."""
    counts = []
    for status in rules.STATUSES:
        sql, params = _selects(account, now_us, interval_us, status, [])
        counts.append((status, db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]))
    return counts


def changing_orders(db: sqlite_utils.Database, account: str, before_us: int, after_us: int,
                    interval_us: int) -> list[dict]:
    """Orders that may change status in (before, after]: only those younger than the longest
    status sequence at `before`, so the cost does not grow with the account's history."""
    return select(
        db, "SELECT id, created_us, flag FROM provet_orders WHERE account = ? AND created_us > ? "
        f"AND created_us <= ? AND {_VISIBLE} ORDER BY created_us, id",
        [account, before_us - rules.MAX_STEPS * interval_us, after_us, account])


def reset_account(db: sqlite_utils.Database, account: str) -> None:
    """Clear the account before its reseeding. A long order history is hidden at once (every
    order id so far is below the account's mark) and deleted by a thread afterwards: a reset
    then costs the same with 100 orders or 100,000 (core/purge.py)."""
    held = db.execute("SELECT count(*) FROM (SELECT 1 FROM provet_orders WHERE account = ? "
                      "LIMIT ?)", [account, DELETE_AT_ONCE + 1]).fetchone()[0]
    if held <= DELETE_AT_ONCE:
        clear_account(db, account)
        return
    catalogue.clear_account(db, account)
    db.execute("INSERT INTO provet_resets (account, above_id) VALUES (?, "
               "(SELECT seq FROM sqlite_sequence WHERE name = 'provet_orders')) "
               "ON CONFLICT(account) DO UPDATE SET above_id = excluded.above_id", [account])
    purge.later(db, lambda own: _purge_step(own, account))


def _purge_step(db: sqlite_utils.Database, account: str) -> int:
    # The mark is read now, not when the reset ran: a snapshot restored since may have brought
    # those orders back into sight.
    deleted = db.execute(
        "DELETE FROM provet_orders WHERE id IN (SELECT id FROM provet_orders WHERE account = ? "
        "AND id <= (SELECT above_id FROM provet_resets WHERE account = ?) LIMIT ?)",
        [account, account, _PURGE_STEP]).rowcount
    if deleted == 0:  # nothing below the mark any more: it goes with its orders, so that ids
        # restarted once the table is empty never fall below it
        db.execute("DELETE FROM provet_resets WHERE account = ?", [account])
    return deleted


def clear_account(db: sqlite_utils.Database, account: str) -> None:
    """Delete the account's orders (lines follow by cascade), stock movements and overrides."""
    catalogue.clear_account(db, account)
    db.execute("DELETE FROM provet_resets WHERE account = ?", [account])
    db.execute("DELETE FROM provet_order_lines WHERE order_id IN "
               "(SELECT id FROM provet_orders WHERE account = ?)", [account])
    db.execute("DELETE FROM provet_orders WHERE account = ?", [account])
    if db.execute("SELECT 1 FROM provet_orders UNION ALL SELECT 1 FROM provet_resets "
                  "LIMIT 1").fetchone() is None:  # ids may restart below no account's mark
        _restart_order_ids(db)
