"""Provet's catalogue as each account sees it: the shared nightly timeline (seed.py), plus the
account's own stock and the overrides its tests set. No Flask here: Provet Dropship's and
Provet Connect's product resources, the order path, the control plane, the CLI and the
dashboard all read products through `view` and `product`/`products`.

Stock is real time and per account (Provet's Dropship overview: "The quantity on hand for a
product is available in real time"): each of an account's orders takes its quantities from the
account's stock of the catalogue day it was placed on, and every night the catalogue's own level
comes back (the nightly update restocks). An override set through the control plane replaces
the account's view of a product's stock, price, RRP or discontinued flag until it is dropped;
orders placed after it take from the overridden stock, across nights.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from ...core.db import get_meta, select, set_meta
from . import rules

ANCHOR_KEY = "provet.catalogue_anchor"


@dataclass(frozen=True)
class View:
    """An account's catalogue at one virtual instant."""

    account: str
    now_us: int
    anchor: date
    day: int  # catalogue day (Sydney days since the anchor)
    seconds: int  # seconds since that day's Sydney midnight

    def instant(self, day: int | None, seconds: int = 0) -> int | None:
        """The instant of a (catalogue day, seconds) position."""
        return None if day is None else rules.instant_of(self.anchor, day, seconds)


def catalogue_anchor(db: sqlite_utils.Database) -> date:
    """The Sydney date catalogue day 0 falls on."""
    return date.fromisoformat(get_meta(db, ANCHOR_KEY))


def set_catalogue_anchor(db: sqlite_utils.Database, anchor: date) -> None:
    """Pin catalogue day 0 to a Sydney date."""
    set_meta(db, ANCHOR_KEY, anchor.isoformat())


def view(db: sqlite_utils.Database, account: str, now_us: int) -> View:
    """The account's catalogue at `now_us`."""
    anchor = catalogue_anchor(db)
    day, seconds = rules.local_position(now_us, anchor)
    return View(account, now_us, anchor, day, seconds)


def position(view_: View, us: int) -> tuple[int, int]:
    """(catalogue day, seconds after Sydney midnight) of an instant, for UpdatedAfter filters."""
    return rules.local_position(us, view_.anchor)


# One product per row as the account sees it. `qoh` is the account's quantity on hand; the
# effective price, RRP, discontinued flag and update position take the override into account
# (an override of stock alone does not move the update time: Provet Connect's Products page,
# "availability changes will not be reflected in this date").
_MERGED = """
    SELECT p.*, o.quantity_on_hand AS override_qoh, o.price AS override_price,
           o.rrp AS override_rrp, o.discontinued AS override_discontinued,
           o.updated_day AS override_day, o.updated_sec AS override_sec,
           coalesce(t.quantity, 0) AS taken_today,
           CASE WHEN o.quantity_on_hand IS NULL THEN max(0, p.stock_available - coalesce(t.quantity, 0))
                ELSE max(0, o.quantity_on_hand - ((SELECT coalesce(sum(s.quantity), 0)
                     FROM provet_stock_taken s WHERE s.account = :account
                     AND s.code_key = p.code_key AND s.day >= o.qoh_day) - o.qoh_taken_before))
           END AS qoh,
           coalesce(o.price, p.price) AS eff_price, coalesce(o.rrp, p.rrp) AS eff_rrp,
           coalesce(o.discontinued, p.discontinued) AS eff_discontinued,
           CASE WHEN o.updated_day IS NOT NULL AND (o.updated_day > p.updated_day OR
                (o.updated_day = p.updated_day AND o.updated_sec > p.updated_sec)) THEN 1 ELSE 0
           END AS override_is_newer
    FROM provet_products p
    LEFT JOIN provet_overrides o ON o.account = :account AND o.code_key = p.code_key
    LEFT JOIN provet_stock_taken t ON t.account = :account AND t.code_key = p.code_key
         AND t.day = :day
    WHERE p.valid_from_day <= :day AND p.valid_to_day > :day"""
_AVAILABLE = "NOT (eff_discontinued AND qoh <= 0)"


def _product(row: dict, view_: View) -> dict:
    product = dict(row)
    product["catalogue"] = {"price": row["price"], "rrp": row["rrp"],
                            "discontinued": bool(row["discontinued"]),
                            "quantity_on_hand": row["stock_available"]}
    ratio = row["eff_price"] / row["price"] if row["price"] else 1.0
    product["price_breaks"] = [
        {"quantity": b["quantity"], "price": round(b["price"] * ratio + 1e-9, 2)}
        for b in json.loads(row["price_breaks"] or "[]")]
    product["barcodes"] = json.loads(row["barcodes"] or "[]")
    product["tags"] = None if row["tags"] is None else json.loads(row["tags"])
    product.update(price=row["eff_price"], rrp=row["eff_rrp"], quantity_on_hand=row["qoh"],
                   discontinued=bool(row["eff_discontinued"]))
    for flag in ("gst", "special_order", "non_returnable"):
        product[flag] = bool(row[flag])
    if row["override_is_newer"]:
        product["updated_day"], product["updated_sec"] = row["override_day"], row["override_sec"]
    # Out of stock: the catalogue's ETA, or the next nightly restock when the account's own
    # orders used the stock up; an overridden stock level has no known ETA.
    eta = None
    if row["qoh"] <= 0:
        if row["override_qoh"] is None:
            eta = row["eta_day"] if row["eta_day"] is not None else (
                view_.day + 1 if row["taken_today"] else None)
    product["eta_day"] = eta
    product["overridden"] = any(row[k] is not None for k in (
        "override_qoh", "override_price", "override_rrp", "override_discontinued"))
    return product


def product(db: sqlite_utils.Database, view_: View, code: str) -> dict | None:
    """The product with `code` (any case, surrounding space ignored) as the account sees it."""
    rows = select(db, f"{_MERGED} AND p.code_key = :code",
                  {"account": view_.account, "day": view_.day, "code": code.strip().upper()})
    return _product(rows[0], view_) if rows else None


def products(db: sqlite_utils.Database, view_: View, *, search: str | None = None,
             updated_after: tuple[int, int] | None = None,
             created_after: tuple[int, int] | None = None, available_only: bool = True,
             limit: int | None = None, offset: int = 0) -> tuple[int, list[dict]]:
    """(how many match, the page of them by code). `updated_after`/`created_after` are
    (day, seconds) positions; products no longer available (discontinued with no stock) are
    left out unless `available_only` is False."""
    where, params = [], {"account": view_.account, "day": view_.day}
    if available_only:
        where.append(_AVAILABLE)
    if search:
        where.append("(instr(lower(code), :q) OR instr(lower(description), :q) "
                     "OR instr(lower(manufacturer), :q))")
        params["q"] = search.lower()
    if updated_after is not None:
        where.append("(updated_day > :ud OR (updated_day = :ud AND updated_sec > :us) OR "
                     "(override_is_newer AND (override_day > :ud OR (override_day = :ud "
                     "AND override_sec > :us))))")
        params["ud"], params["us"] = updated_after
    if created_after is not None:
        where.append("(created_day > :cd OR (created_day = :cd AND created_sec > :cs))")
        params["cd"], params["cs"] = created_after
    outer = f"FROM ({_MERGED}){' WHERE ' + ' AND '.join(where) if where else ''}"
    total = db.execute(f"SELECT count(*) {outer}", params).fetchone()[0]
    sql = f"SELECT * {outer} ORDER BY code_key"
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    return total, [_product(r, view_) for r in select(db, sql, params)]


def orderable_problem(found: dict | None, code: str) -> str | None:
    """Why `code` cannot be ordered, or None (Provet Connect's Products page: "Products that
    are marked as discontinued and have 0 StockAvailable cannot be ordered")."""
    if found is None:
        return f"The product '{code}' was not found."
    if found["discontinued"] and found["quantity_on_hand"] <= 0:
        return f"The product '{found['code']}' is discontinued and has no stock available."
    return None


# -- the account's stock and overrides ---------------------------------------------------
def take_stock(db: sqlite_utils.Database, view_: View, lines: list[dict]) -> None:
    """An order takes its quantities from the account's stock. Call inside the order's
    transaction."""
    for line in lines:
        db.execute("INSERT INTO provet_stock_taken (account, code_key, day, quantity) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (account, code_key, day) "
                   "DO UPDATE SET quantity = quantity + excluded.quantity",
                   [view_.account, line["product_code"].upper(), view_.day, line["quantity"]])


OVERRIDE_FIELDS = ("quantity_on_hand", "price", "rrp", "discontinued")


def set_override(db: sqlite_utils.Database, view_: View, code_key: str, changes: dict) -> None:
    """Override the account's view of a product: any of OVERRIDE_FIELDS (None drops that
    field's override). Changing price, RRP or discontinued moves the product's update time to
    now, as a real catalogue change would. Call inside a transaction."""
    row = select(db, "SELECT * FROM provet_overrides WHERE account = ? AND code_key = ?",
                 [view_.account, code_key])
    current = row[0] if row else {"quantity_on_hand": None, "qoh_day": view_.day,
                                  "qoh_taken_before": 0, "price": None, "rrp": None,
                                  "discontinued": None, "updated_day": None, "updated_sec": None}
    merged = {**current, **changes}
    if "quantity_on_hand" in changes:
        # Orders placed earlier today took from the stock the override replaces.
        taken = db.execute("SELECT quantity FROM provet_stock_taken WHERE account = ? AND "
                           "code_key = ? AND day = ?", [view_.account, code_key, view_.day]).fetchone()
        merged.update(qoh_day=view_.day, qoh_taken_before=taken[0] if taken else 0)
    if set(changes) - {"quantity_on_hand"}:
        merged.update(updated_day=view_.day, updated_sec=view_.seconds)
    _save(db, view_.account, code_key, merged)


def override(db: sqlite_utils.Database, view_: View, code: str,
             changes: dict | None) -> dict | None:
    """Set (`changes`) or drop (None) the account's override of the product `code`; the
    product as the account now sees it, or None when today's catalogue has no such product.
    Call inside a transaction."""
    found = product(db, view_, code)
    if found is None:
        return None
    if changes is None:
        clear_override(db, view_, found["code_key"])
    else:
        set_override(db, view_, found["code_key"], changes)
    return product(db, view_, code)


def clear_override(db: sqlite_utils.Database, view_: View, code_key: str) -> bool:
    """Drop the account's override of a product; False when it had none. Dropping an override
    of price, RRP or discontinued is itself a change of the product (its update time moves)."""
    row = select(db, "SELECT * FROM provet_overrides WHERE account = ? AND code_key = ?",
                 [view_.account, code_key])
    if not row or all(row[0][f] is None for f in OVERRIDE_FIELDS):
        return False
    metadata = any(row[0][f] is not None for f in ("price", "rrp", "discontinued"))
    if metadata:  # keep the update time, so that a sync sees the product change back
        _save(db, view_.account, code_key, {f: None for f in OVERRIDE_FIELDS} | {
            "qoh_day": view_.day, "qoh_taken_before": 0, "updated_day": view_.day,
            "updated_sec": view_.seconds})
    else:
        db.execute("DELETE FROM provet_overrides WHERE account = ? AND code_key = ?",
                   [view_.account, code_key])
    return True


def _save(db: sqlite_utils.Database, account: str, code_key: str, row: dict) -> None:
    columns = ("quantity_on_hand", "qoh_day", "qoh_taken_before", "price", "rrp",
               "discontinued", "updated_day", "updated_sec")
    db.execute(f"INSERT OR REPLACE INTO provet_overrides (account, code_key, {', '.join(columns)}) "
               f"VALUES (?, ?, {', '.join('?' for _ in columns)})",
               [account, code_key] + [row[c] for c in columns])


def clear_account(db: sqlite_utils.Database, account: str) -> None:
    """Forget the account's stock movements and overrides."""
    db.execute("DELETE FROM provet_stock_taken WHERE account = ?", [account])
    db.execute("DELETE FROM provet_overrides WHERE account = ?", [account])
