"""RetailOps storefront control calls under /_sim/retailops (behind the admin token): a
customer buys now, and the storefront changes a submitted PO."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ...core import clock
from ...core.db import transaction
from ...core.errors import ControlError
from ...core.wire import WireError, parse_datetime
from ..toolkit import control_account, control_body, sim
from . import models, schemas, storefront

bp = Blueprint("retailops_control", __name__)


def _wire(db, po: dict) -> dict:
    classes = {c["id"]: c["name"] for c in models.carrier_classes(db)}
    now = clock.now_us(db, po["account"])
    return {"account": po["account"], "po": schemas.po_to_wire(po, classes, True, now)}


@bp.post("/pos")
def create_po():
    """A simulated customer buys now: {vendor, items, date_submit?, account?}."""
    body = control_body()
    account = control_account(body)
    vendor = body.get("vendor", body.get("vendor_id"))
    if isinstance(vendor, bool) or not str(vendor).strip().isdigit():
        raise ControlError("give the vendor id: {\"vendor\": 27, \"items\": [\"ABC123:2\"]}")
    db = sim().db()
    try:
        items = storefront.parse_item_specs(body.get("items"))
        submit = body.get("date_submit")
        submit_us = None if submit in (None, "") else parse_datetime(submit)[0]
        with transaction(db):
            po = storefront.order_now(db, account, sim().settings["seed"], int(vendor), items,
                                clock.now_us(db, account), submit_us)
    except WireError as exc:
        raise ControlError(f"date_submit: {exc}") from None
    except storefront.StorefrontError as exc:
        raise ControlError(str(exc), exc.status) from None
    response = jsonify(_wire(db, po))
    response.status_code = 201
    return response


@bp.post("/pos/<number>/change")
def change_po(number: str):
    """The storefront changes a submitted PO: {items: ["456:3"], account?}."""
    body = control_body()
    account = control_account(body)
    db = sim().db()
    try:
        items = storefront.parse_item_specs(body.get("items"))
        with transaction(db):
            po = storefront.change_po(db, account, number, items, clock.now_us(db, account))
    except storefront.StorefrontError as exc:
        raise ControlError(str(exc), exc.status) from None
    return jsonify(_wire(db, po))


@bp.get("/pos/<number>")
def get_po(number: str):
    """Read one PO of the account, with items and packages."""
    account = control_account()
    db = sim().db()
    po = models.get_po(db, account, number)
    if po is None:
        raise ControlError(f"PO {number} not found", 404)
    return jsonify(_wire(db, po))
