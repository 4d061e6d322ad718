"""Provet Dropship on the dashboard: orders by status for the overview, and its page (orders
with their timelines and lines, the account's view of the catalogue). Read-only."""
from __future__ import annotations

from ...core.paging import paged, window
from ..toolkit import interval_us
from . import catalogue, models, rules

STOCK_ROWS = 25  # catalogue rows the page shows; a search narrows them
_RULES = {r["id"]: r for r in rules.RULES}


def counts(db, account: str, now_us: int, settings: dict) -> list[tuple[str, int]]:
    """[(status, count)] of the account's orders right now."""
    return models.count_by_status(db, account, now_us,
                                  interval_us("provet_status_interval", settings))


def page(db, account: str, now_us: int, settings: dict, args) -> dict:
    """The page's context: the status filter, the orders it keeps, the catalogue search."""
    wanted = args.get("status") or None
    status = rules.canonical_status(wanted) if wanted else None
    search = (args.get("q") or "").strip() or None
    step = interval_us("provet_status_interval", settings)
    number, size = window(args, settings)
    counted = dict(models.count_by_status(db, account, now_us, step))
    total = counted.get(status, 0) if status else sum(counted.values())
    found = _orders(db, account, now_us, step, status, (number - 1) * size, size)
    return {"statuses": rules.STATUSES, "status": status,
            "orders": found, "paging": paged(found, total, number, size),
            "stock": _stock(db, account, now_us, search)}


def _orders(db, account: str, now: int, step: int, status: str | None, offset: int,
            limit: int) -> list[dict]:
    """One page of the account's orders, newest first, each with its status, lines,
    timeline and the sandbox rule that shapes it."""
    orders = models.list_orders(db, account, now, step, status=status, limit=limit,
                                offset=offset)
    for order in orders:
        order["status"] = rules.status_at(order["created_us"], order["flag"], now, step)
        order["steps"] = [{"status": s, "at_us": at, "past": at <= now,
                           "current": s == order["status"]}
                          for s, at in rules.timeline(order["created_us"], order["flag"], step)]
        order["rule"] = _RULES[rules.rule_of_flag(order["flag"])]
        for line in order["lines"]:
            line["status"] = rules.line_status(line["quantity"], order["status"])
            line["shipped"] = rules.shipped_quantity(line["quantity"], order["status"])
    return orders


def _stock(db, account: str, now: int, search: str | None) -> dict:
    """The account's view of the catalogue (stock, prices, overrides), overridden products
    first, then by code."""
    view = catalogue.view(db, account, now)
    total, found = catalogue.products(db, view, search=search, available_only=False)
    found.sort(key=lambda p: (not p["overridden"], p["code_key"]))
    return {"total": total, "products": found[:STOCK_ROWS], "search": search,
            "codes": [p["code"] for p in found]}


def credential_fields(creds: list[dict]) -> list[list[tuple[str, str]]]:
    """Per user: username and password."""
    return sorted([("username", c["principal"]), ("password", c["secret"])] for c in creds)
