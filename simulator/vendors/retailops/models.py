"""RetailOps storage. Shared: vendors, their VPC catalogue, carrier classes. Per account:
advised inventory, POs with items and packages, and how far the storefront has run.
No Flask here: routes, the control plane, the CLI and seeding all call these functions."""
from __future__ import annotations

import sqlite_utils

from ...core.accounts import load_fixture
from ...core.db import insert_rows, select, select_one
from . import rules

SHIP_FIELDS = ("first_name", "last_name", "company", "address1", "address2", "city", "state",
               "postal_code", "country", "phone", "email")
PER_ACCOUNT_TABLES = ("retailops_package_items", "retailops_packages", "retailops_po_items",
                      "retailops_pos", "retailops_inventory", "retailops_storefront")


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE retailops_vendors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "change_after_submit INTEGER NOT NULL)")
    db.execute("CREATE TABLE retailops_vpcs (vendor_id INTEGER NOT NULL, vpc TEXT NOT NULL, "
               "sku INTEGER NOT NULL, description TEXT NOT NULL, unit_cost REAL NOT NULL, "
               "PRIMARY KEY (vendor_id, vpc)) WITHOUT ROWID")
    db.execute("CREATE TABLE retailops_carrier_classes (id INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL)")
    db.execute("""CREATE TABLE retailops_inventory (
        account TEXT NOT NULL REFERENCES accounts(id), vendor_id INTEGER NOT NULL,
        vpc TEXT NOT NULL, quantity INTEGER NOT NULL, active INTEGER NOT NULL,
        unit_cost REAL, updated_us INTEGER NOT NULL,
        PRIMARY KEY (account, vendor_id, vpc)) WITHOUT ROWID""")
    ship = ", ".join(f"ship_{f} TEXT" for f in SHIP_FIELDS)
    db.execute(f"""CREATE TABLE retailops_pos (
        account TEXT NOT NULL REFERENCES accounts(id), id INTEGER NOT NULL, po TEXT NOT NULL,
        vendor_id INTEGER NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL,
        date_created_us INTEGER NOT NULL, date_submit_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL, est_ship_date_us INTEGER, ship_class_id INTEGER, {ship},
        revision INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account, id))""")
    db.execute("CREATE UNIQUE INDEX retailops_pos_po ON retailops_pos (account, po)")
    db.execute("CREATE INDEX retailops_pos_fetch ON retailops_pos (account, vendor_id, status, id)")
    db.execute("""CREATE TABLE retailops_po_items (
        account TEXT NOT NULL, po_item_id INTEGER NOT NULL, po_id INTEGER NOT NULL,
        line_no INTEGER NOT NULL, vpc TEXT NOT NULL, sku INTEGER, description TEXT,
        quantity INTEGER NOT NULL, unit_cost REAL, quantity_shipped INTEGER NOT NULL DEFAULT 0,
        quantity_canceled INTEGER NOT NULL DEFAULT 0, est_ship_date_us INTEGER,
        PRIMARY KEY (account, po_item_id))""")
    db.execute("CREATE INDEX retailops_po_items_po ON retailops_po_items (account, po_id, line_no)")
    db.execute("""CREATE TABLE retailops_packages (
        account TEXT NOT NULL, id INTEGER NOT NULL, po_id INTEGER NOT NULL,
        ship_class_id INTEGER NOT NULL, tracking_number TEXT NOT NULL, unit_count INTEGER NOT NULL,
        created_us INTEGER NOT NULL, PRIMARY KEY (account, id))""")
    db.execute("CREATE INDEX retailops_packages_po ON retailops_packages (account, po_id)")
    db.execute("""CREATE TABLE retailops_package_items (
        account TEXT NOT NULL, package_id INTEGER NOT NULL, po_item_id INTEGER NOT NULL,
        vpc TEXT NOT NULL, quantity INTEGER NOT NULL)""")
    db.execute("CREATE INDEX retailops_package_items_pkg ON retailops_package_items "
               "(account, package_id)")
    db.execute("CREATE TABLE retailops_storefront (account TEXT PRIMARY KEY "
               "REFERENCES accounts(id), until_us INTEGER NOT NULL)")


def _index_date_submit(db: sqlite_utils.Database) -> None:
    # "open" and "ready" are one stored status split by date_submit: fetch filters and counts
    # by them, and the clock's open -> ready transitions, read this index.
    db.execute("CREATE INDEX retailops_pos_due ON retailops_pos "
               "(account, vendor_id, status, date_submit_us)")


def _replace_carrier_classes(db: sqlite_utils.Database) -> None:
    # A database seeded before the production account's class ids were known gets them now.
    db.execute("DELETE FROM retailops_carrier_classes")
    insert_rows(db, "retailops_carrier_classes",
                load_fixture("retailops_carrier_classes.json")["carrier_classes"])


MIGRATIONS = [("retailops:0001-vendors-pos-inventory", _create_tables),
              ("retailops:0002-index-date-submit", _index_date_submit),
              ("retailops:0003-production-carrier-classes", _replace_carrier_classes)]


# -- shared catalogue ------------------------------------------------------------------------
def get_vendor(db: sqlite_utils.Database, vendor_id: int) -> dict | None:
    """A vendor by id."""
    return select_one(db, "SELECT * FROM retailops_vendors WHERE id = ?", [vendor_id])


def vendor_by_name(db: sqlite_utils.Database, name: str) -> dict | None:
    """A vendor by name, any case."""
    return select_one(db, "SELECT * FROM retailops_vendors WHERE lower(name) = lower(?)", [name])


def get_vpc(db: sqlite_utils.Database, vendor_id: int, vpc: str) -> dict | None:
    """One VPC of the vendor's catalogue (VPCs match exactly, as vendors spell them)."""
    return select_one(db, "SELECT * FROM retailops_vpcs WHERE vendor_id = ? AND vpc = ?",
                      [vendor_id, vpc])


def skus_of_vendor(db: sqlite_utils.Database, account: str, vendor_id: int,
                   sku: str) -> list[dict]:
    """The vendor's VPCs whose SKU is exactly `sku` (as text), with the account's advice."""
    return select(
        db, "SELECT v.sku, v.vendor_id, v.vpc, v.description, coalesce(i.unit_cost, v.unit_cost) "
        "AS unit_cost, i.quantity, i.active FROM retailops_vpcs v LEFT JOIN retailops_inventory "
        "i ON i.account = ? AND i.vendor_id = v.vendor_id AND i.vpc = v.vpc "
        "WHERE v.vendor_id = ? AND CAST(v.sku AS TEXT) = ? ORDER BY v.vpc",
        [account, vendor_id, sku])


def all_vendors(db: sqlite_utils.Database) -> list[dict]:
    """Every vendor, by id."""
    return select(db, "SELECT * FROM retailops_vendors ORDER BY id")


def all_vpcs(db: sqlite_utils.Database) -> list[dict]:
    """Every vendor's VPCs, by vendor and VPC."""
    return select(db, "SELECT vendor_id, vpc, sku, description, unit_cost FROM retailops_vpcs "
                  "ORDER BY vendor_id, vpc")


def advised_inventory(db: sqlite_utils.Database, account: str) -> list[dict]:
    """The account's inventory advice with each VPC's description and effective unit cost."""
    return select(db, "SELECT i.vendor_id, i.vpc, i.quantity, i.active, coalesce(i.unit_cost, "
                  "v.unit_cost) AS unit_cost, i.updated_us, v.description FROM retailops_inventory "
                  "i LEFT JOIN retailops_vpcs v ON v.vendor_id = i.vendor_id AND v.vpc = i.vpc "
                  "WHERE i.account = ? ORDER BY i.vendor_id, i.vpc", [account])


def carrier_classes(db: sqlite_utils.Database) -> list[dict]:
    """Every ship carrier class, by id."""
    return select(db, "SELECT id, name FROM retailops_carrier_classes ORDER BY id")


# -- advised inventory -----------------------------------------------------------------------
def advise(db: sqlite_utils.Database, account: str, vendor_id: int, vpc: str, quantity: int,
           active: bool | None, unit_cost: float | None, now_us: int) -> dict:
    """Store inventory advice; `active`/`unit_cost` keep their previous value when None."""
    db.execute("""INSERT INTO retailops_inventory
        (account, vendor_id, vpc, quantity, active, unit_cost, updated_us)
        VALUES (:a, :v, :vpc, :q, coalesce(:active, 1), :cost, :now)
        ON CONFLICT (account, vendor_id, vpc) DO UPDATE SET quantity = :q,
        active = coalesce(:active, active), unit_cost = coalesce(:cost, unit_cost), updated_us = :now""",
               {"a": account, "v": vendor_id, "vpc": vpc, "q": quantity,
                "active": None if active is None else int(active), "cost": unit_cost, "now": now_us})
    return get_inventory(db, account, vendor_id, vpc)


def get_inventory(db: sqlite_utils.Database, account: str, vendor_id: int, vpc: str) -> dict | None:
    """The account's advice for one VPC."""
    return select_one(db, "SELECT * FROM retailops_inventory WHERE account = ? AND vendor_id = ? "
                      "AND vpc = ?", [account, vendor_id, vpc])


def in_stock(db: sqlite_utils.Database, account: str, vendor_id: int) -> list[tuple[str, int]]:
    """[(vpc, advised quantity)] of the vendor's active VPCs with quantity > 0, by VPC."""
    return [tuple(r) for r in db.execute(
        "SELECT vpc, quantity FROM retailops_inventory WHERE account = ? AND vendor_id = ? "
        "AND quantity > 0 AND active ORDER BY vpc", [account, vendor_id])]


# -- POs ---------------------------------------------------------------------------------------
def _next(db: sqlite_utils.Database, sql: str, account: str, floor: int) -> int:
    return max(db.execute(sql, [account]).fetchone()[0] or 0, floor) + 1


def create_po(db: sqlite_utils.Database, account: str, vendor_id: int, lines: list[dict],
              address: dict, ship_class_id: int | None, created_us: int, date_submit_us: int,
              source: str, *, po_id: int | None = None, first_item_id: int | None = None) -> dict:
    """Store a ready PO whose lines [{vpc, quantity, sku, description, unit_cost}] are
    validated; ids continue the account's sequence. Call inside a transaction."""
    po_id = po_id or _next(db, "SELECT max(id) FROM retailops_pos WHERE account = ?", account, 122)
    item_id = first_item_id or _next(
        db, "SELECT max(po_item_id) FROM retailops_po_items WHERE account = ?", account, 455)
    insert_rows(db, "retailops_pos", [{
        "account": account, "id": po_id, "po": f"D{po_id}", "vendor_id": vendor_id,
        "status": rules.READY, "source": source, "date_created_us": created_us,
        "date_submit_us": date_submit_us, "updated_us": created_us, "est_ship_date_us": None,
        "ship_class_id": ship_class_id, **{f"ship_{f}": address.get(f) for f in SHIP_FIELDS}}])
    insert_rows(db, "retailops_po_items", [{
        "account": account, "po_item_id": item_id + n, "po_id": po_id, "line_no": n,
        "vpc": line["vpc"], "sku": line["sku"], "description": line["description"],
        "quantity": line["quantity"], "unit_cost": line["unit_cost"]}
        for n, line in enumerate(lines)])
    return get_po(db, account, f"D{po_id}")


def attach_items(db: sqlite_utils.Database, account: str, pos: list[dict]) -> list[dict]:
    """POs (rows of retailops_pos) with their items and packages attached."""
    if not pos:
        return pos
    by_id = {p["id"]: p for p in pos}
    for p in pos:
        p["items"], p["packages"] = [], []
    ids = list(by_id)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        marks = ", ".join("?" for _ in chunk)
        for item in select(db, f"SELECT * FROM retailops_po_items WHERE account = ? AND po_id IN "
                             f"({marks}) ORDER BY po_id, line_no", [account, *chunk]):
            by_id[item["po_id"]]["items"].append(item)
        packages = {}
        for pkg in select(db, f"SELECT * FROM retailops_packages WHERE account = ? AND po_id IN "
                            f"({marks}) ORDER BY id", [account, *chunk]):
            pkg["items"] = []
            packages[pkg["id"]] = pkg
            by_id[pkg["po_id"]]["packages"].append(pkg)
        if packages:
            pmarks = ", ".join("?" for _ in packages)
            for line in select(db, f"SELECT * FROM retailops_package_items WHERE account = ? AND "
                                 f"package_id IN ({pmarks}) ORDER BY rowid",
                                 [account, *packages]):
                packages[line["package_id"]]["items"].append(line)
    return pos


def get_po(db: sqlite_utils.Database, account: str, po: str) -> dict | None:
    """The account's PO by its number (another account's PO is simply not found)."""
    rows = select(db, "SELECT * FROM retailops_pos WHERE account = ? AND po = ?", [account, po])
    return attach_items(db, account, rows)[0] if rows else None


def _select_in(account: str, vendor_id: int, statuses, now_us: int) -> tuple[str, list]:
    """A SELECT of the vendor's POs in any of `statuses` (every PO when None): one indexed
    branch per stored status, the derived ones as date_submit conditions."""
    branches = [(None, None)] if statuses is None else rules.status_filter(statuses, now_us)
    selects, params = [], []
    for status, due in branches:
        where, values = "account = ? AND vendor_id = ?", [account, vendor_id]
        if status is not None:
            where += " AND status = ?"
            values.append(status)
        if due is not None:
            where += f" AND date_submit_us {due} ?"
            values.append(now_us)
        selects.append(f"SELECT * FROM retailops_pos WHERE {where}")
        params += values
    return " UNION ALL ".join(selects) or "SELECT * FROM retailops_pos WHERE 0", params


def fetch_pos(db: sqlite_utils.Database, account: str, vendor_id: int, statuses, start: int,
              limit: int, with_items: bool, *, now_us: int) -> tuple[int, list[dict]]:
    """(total, page) of the vendor's POs by id, optionally in any of `statuses` at `now_us`."""
    sql, params = _select_in(account, vendor_id, statuses, now_us)
    total = db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    rows = select(db, f"SELECT * FROM ({sql}) ORDER BY id LIMIT ? OFFSET ?",
                  [*params, limit, start])
    return total, (attach_items(db, account, rows) if with_items else rows)


def coming_due(db: sqlite_utils.Database, account: str, after_us: int, upto_us: int) -> list[dict]:
    """Ready POs whose date_submit, in (after, upto], ends a time they were open."""
    found = []
    for vendor_id in vendor_ids(db):  # per vendor, so each query reads retailops_pos_due
        found += select(db, "SELECT po, date_submit_us FROM retailops_pos WHERE account = ? AND "
                          "vendor_id = ? AND status = ? AND date_submit_us > ? AND "
                          "date_submit_us <= ? AND date_submit_us > date_created_us",
                          [account, vendor_id, rules.READY, after_us, upto_us])
    return found


def set_status(db: sqlite_utils.Database, account: str, po_id: int, status: str, now_us: int) -> None:
    """Move a PO to `status`."""
    db.execute("UPDATE retailops_pos SET status = ?, updated_us = ? WHERE account = ? AND id = ?",
               [status, now_us, account, po_id])


def set_est_ship_date(db: sqlite_utils.Database, account: str, po: dict, date_us: int,
                      item_ids: list[int] | None, now_us: int) -> None:
    """The estimated ship date of the PO and of the listed items (all items when None)."""
    db.execute("UPDATE retailops_pos SET est_ship_date_us = ?, updated_us = ? "
               "WHERE account = ? AND id = ?", [date_us, now_us, account, po["id"]])
    ids = item_ids if item_ids is not None else [i["po_item_id"] for i in po["items"]]
    db.conn.executemany("UPDATE retailops_po_items SET est_ship_date_us = ? "
                        "WHERE account = ? AND po_item_id = ?",
                        [(date_us, account, i) for i in ids])


def ship(db: sqlite_utils.Database, account: str, po: dict, packages: list[dict],
         allocations: list[tuple[int, int, dict]], cancel_remainder: bool, now_us: int) -> str:
    """Store packages and shipped quantities, cancel what remains when asked; returns the
    PO's new status. Call inside a transaction."""
    next_pkg = _next(db, "SELECT max(id) FROM retailops_packages WHERE account = ?", account, 0)
    insert_rows(db, "retailops_packages", [{
        "account": account, "id": next_pkg + p, "po_id": po["id"],
        "ship_class_id": pkg["ship_class_id"], "tracking_number": pkg["tracking_number"],
        "unit_count": pkg["unit_count"], "created_us": now_us} for p, pkg in enumerate(packages)])
    shipped: dict[int, int] = {}
    lines = []
    for p, quantity, item in allocations:
        shipped[item["po_item_id"]] = shipped.get(item["po_item_id"], 0) + quantity
        lines.append({"account": account, "package_id": next_pkg + p,
                      "po_item_id": item["po_item_id"], "vpc": item["vpc"], "quantity": quantity})
    insert_rows(db, "retailops_package_items", lines)
    for item in po["items"]:
        item["quantity_shipped"] += shipped.get(item["po_item_id"], 0)
        if cancel_remainder:
            item["quantity_canceled"] += rules.remaining(item)
        db.execute("UPDATE retailops_po_items SET quantity_shipped = ?, quantity_canceled = ? "
                   "WHERE account = ? AND po_item_id = ?",
                   [item["quantity_shipped"], item["quantity_canceled"], account, item["po_item_id"]])
    status = rules.status_after_shipping(po["items"], po["status"])
    set_status(db, account, po["id"], status, now_us)
    return status


def change_quantities(db: sqlite_utils.Database, account: str, po: dict,
                      quantities: dict[int, int], now_us: int) -> None:
    """A storefront change to a submitted PO: new item quantities, next revision."""
    db.conn.executemany("UPDATE retailops_po_items SET quantity = ? WHERE account = ? AND "
                        "po_item_id = ?", [(q, account, i) for i, q in quantities.items()])
    db.execute("UPDATE retailops_pos SET revision = revision + 1, updated_us = ? "
               "WHERE account = ? AND id = ?", [now_us, account, po["id"]])


# -- the storefront ----------------------------------------------------------------------------
def storefront_until(db: sqlite_utils.Database, account: str) -> int | None:
    """Up to which instant the account's storefront has been materialised."""
    row = db.execute("SELECT until_us FROM retailops_storefront WHERE account = ?",
                     [account]).fetchone()
    return None if row is None else row[0]


def set_storefront_until(db: sqlite_utils.Database, account: str, until_us: int) -> None:
    """Record how far the account's storefront has run."""
    db.execute("INSERT INTO retailops_storefront (account, until_us) VALUES (?, ?) ON CONFLICT "
               "(account) DO UPDATE SET until_us = excluded.until_us", [account, until_us])


def take_stock(db: sqlite_utils.Database, account: str, vendor_id: int, vpc: str, quantity: int) -> None:
    """A storefront sale holds back advised stock until the vendor's next advice."""
    db.execute("UPDATE retailops_inventory SET quantity = max(0, quantity - ?) WHERE account = ? "
               "AND vendor_id = ? AND vpc = ?", [quantity, account, vendor_id, vpc])


def count_by_status(db: sqlite_utils.Database, account: str, now_us: int) -> list[tuple[str, int]]:
    """[(status, how many of the account's POs are in it at `now_us`)], every status."""
    stored = dict(db.execute(
        "SELECT CASE WHEN status = ? AND date_submit_us > ? THEN ? ELSE status END AS shown, "
        "count(*) FROM retailops_pos WHERE account = ? GROUP BY shown",
        [rules.READY, now_us, rules.OPEN, account]).fetchall())
    return [(status, stored.get(status, 0)) for status in rules.STATUSES]


def vendor_ids(db: sqlite_utils.Database) -> list[int]:
    """Every vendor id."""
    return [r[0] for r in db.execute("SELECT id FROM retailops_vendors ORDER BY id")]


def clear_account(db: sqlite_utils.Database, account: str) -> None:
    """Delete everything the account owns in RetailOps."""
    for table in PER_ACCOUNT_TABLES:
        db.execute(f"DELETE FROM {table} WHERE account = ?", [account])
