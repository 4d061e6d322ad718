"""Provet Connect storage: it keeps nothing of its own. Its products are Provet's one
catalogue (shared timeline, nightly change, each account's stock and overrides), read through
provet.catalogue; these functions turn its query into that catalogue's terms."""
from __future__ import annotations

import sqlite_utils

from ..provet import catalogue

View = catalogue.View


def view(db: sqlite_utils.Database, account: str, now_us: int) -> View:
    """The account's catalogue at `now_us`."""
    return catalogue.view(db, account, now_us)


def list_products(db: sqlite_utils.Database, view_: View, query: dict) -> list[dict]:
    """The products a Connect product list answers (parsed query of schemas.parse_product_query)."""
    positions = {name: None if query[f"{name}_us"] is None
                 else catalogue.position(view_, query[f"{name}_us"])
                 for name in ("updated_after", "created_after")}
    _total, found = catalogue.products(db, view_, search=query["search"], limit=query["limit"],
                                       **positions)
    return found


def get_product(db: sqlite_utils.Database, view_: View, code: str) -> dict | None:
    """One product by code (any case), discontinued ones included."""
    return catalogue.product(db, view_, code)
