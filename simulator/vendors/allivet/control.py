"""Allivet control calls under /_sim/allivet/: the vet's decision on a pending prescription,
and an order with what Allivet does not expose (its tracking number and status timeline)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ...core import clock
from ...core.db import transaction
from ...core.errors import ControlError
from ...core.wire import format_iso_micro
from ..toolkit import control_account, interval_us, sim
from . import models, rules, schemas

bp = Blueprint("allivet_control", __name__)


def _interval_us() -> int:
    return interval_us("allivet_status_interval")


def _steps(steps: list[tuple[str, int, str]], now: int) -> list[dict]:
    return [{"status": s, "at": format_iso_micro(at), "rule": rule, "reached": at <= now}
            for s, at, rule in steps]


@bp.get("/orders/<ref>")
def get_order(ref: str):
    """One order (by clientOrderId or salesOrderCode) as GET /api/Orders answers it, plus its
    tracking number once shipped and its status timeline (and the prescriptions')."""
    account, step = control_account(), _interval_us()
    db = sim().db()
    order = models.get_order(db, account, ref)
    if order is None:
        raise ControlError(f"unknown order '{ref}' in account '{account}'", 404)
    now = clock.now_us(db, account)
    status = rules.status_at(order, now, step)
    body = {"account": account, "order": schemas.order_to_wire(order, now, step),
            "trackingNumber": rules.tracking_number(order["sales_order_code"])
            if status == rules.SHIPPED else None,
            "timeline": _steps(rules.timeline(order, step), now)}
    if order["is_rx"]:
        body["prescriptions"] = models.prescription_ids(db, order["id"])
        body["rxTimeline"] = _steps(rules.rx_timeline(order, step), now)
    return jsonify(body)


def _decide(rx_id: int, decision: str):
    account, step = control_account(), _interval_us()
    with transaction(sim().db()) as db:
        # An id past SQLite's 64-bit integers names no prescription (and cannot be bound).
        order = models.prescription_order(db, account, rx_id) if rx_id < 2**63 else None
        if order is None:
            raise ControlError(f"unknown prescription {rx_id} in account '{account}'", 404)
        now = clock.now_us(db, account)
        status = rules.rx_status_at(order, now, step)
        if status != rules.RX_WAITING:
            raise ControlError(f"prescription {rx_id} is {status}, not {rules.RX_WAITING}: "
                               "only a pending prescription can be decided", 409)
        # The decision covers every prescription of the order and takes effect now.
        models.set_order_fields(db, account, order["id"], {"rx_decision": decision,
                                                           "rx_decided_us": now})
        order.update(rx_decision=decision, rx_decided_us=now)
    return jsonify({"account": account, "prescriptionId": rx_id,
                    "salesOrderCode": order["sales_order_code"],
                    "prescriptions": models.prescription_ids(sim().db(), order["id"]),
                    "rxStatus": rules.rx_status_at(order, now, step),
                    "orderStatus": rules.status_at(order, now, step)})


@bp.post("/prescriptions/<int:rx_id>/approve")
def approve(rx_id: int):
    return _decide(rx_id, rules.APPROVED)


@bp.post("/prescriptions/<int:rx_id>/deny")
def deny(rx_id: int):
    return _decide(rx_id, rules.DENIED)
