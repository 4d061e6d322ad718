"""Provet control calls under /_sim/provet (behind the admin token, like all of /_sim/): an
account's view of a catalogue product, for tests of out-of-stock and catalogue-sync flows.

    POST   /_sim/provet/products/{code}  {"quantityOnHand": 0, "price": 9.5, "rrp": 15,
                                          "discontinued": true}   (any of them; null drops one)
    DELETE /_sim/provet/products/{code}  back to the catalogue's own values
    GET    /_sim/provet/products/{code}  what the account sees, and why
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from ...core import clock
from ...core.db import transaction
from ...core.errors import ControlError
from ..toolkit import control_account, control_body, sim
from . import catalogue, schemas

bp = Blueprint("provet_control", __name__)


def _answer(account: str, code: str, change: bool, changes: dict | None = None):
    """Read the product, or change its override (`changes`; None drops it), and answer it."""
    db = sim().db()
    if change:
        with transaction(db):
            view = catalogue.view(db, account, clock.now_us(db, account))
            found = catalogue.override(db, view, code, changes)
    else:
        view = catalogue.view(db, account, clock.now_us(db, account))
        found = catalogue.product(db, view, code)
    if found is None:
        raise ControlError(f"no product '{code}' in the account's catalogue today", 404)
    return jsonify(schemas.stock_view_to_wire(account, found, view))


@bp.get("/products/<path:code>")
def product_view(code: str):
    return _answer(control_account(), code, change=False)


@bp.post("/products/<path:code>")
def set_override(code: str):
    body = control_body()
    return _answer(control_account(body), code, True, schemas.parse_override(body))


@bp.delete("/products/<path:code>")
def drop_override(code: str):
    return _answer(control_account(), code, True, None)
