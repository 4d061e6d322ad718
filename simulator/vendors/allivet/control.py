"""Allivet control calls under /_sim/allivet/: the vet's decision on a pending prescription,
and an order with what Allivet does not expose (its tracking number and status timeline)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ...control.routes import require_admin_token
from ...core import clock
from ...core.accounts import DEFAULT_ACCOUNT
from ...core.db import transaction
from ...core.errors import ControlError
from ...core.wire import format_iso_micro
from . import models, rules, schemas

bp = Blueprint("allivet_control", __name__)
bp.before_request(require_admin_token)


def _account() -> str:
    account = request.args.get("account") or DEFAULT_ACCOUNT
    current_app.extensions["dropsim"].require_account(account)
    return account


def _interval_us() -> int:
    return int(current_app.config["DROPSIM"]["provet_status_interval"] * 1_000_000)


def _steps(steps: list[tuple[str, int, str]], now: int) -> list[dict]:
    return [{"status": s, "at": format_iso_micro(at), "rule": rule, "reached": at <= now}
            for s, at, rule in steps]


@bp.get("/orders/<ref>")
def get_order(ref: str):
    """One order (by clientOrderId or salesOrderCode) as GET /api/Orders answers it, plus its
    tracking number once shipped and its status timeline (and the prescriptions')."""
    sim, account, interval_us = current_app.extensions["dropsim"], _account(), _interval_us()
    db = sim.db()
    order = models.get_order(db, account, ref)
    if order is None:
        raise ControlError(f"unknown order '{ref}' in account '{account}'", 404)
    now = clock.now_us(db, account)
    status = rules.status_at(order, now, interval_us)
    body = {"account": account, "order": schemas.order_to_wire(order, now, interval_us),
            "trackingNumber": rules.tracking_number(order["sales_order_code"])
            if status == rules.SHIPPED else None,
            "timeline": _steps(rules.timeline(order, interval_us), now)}
    if order["is_rx"]:
        body["prescriptions"] = models.prescription_ids(db, order["id"])
        body["rxTimeline"] = _steps(rules.rx_timeline(order, interval_us), now)
    return jsonify(body)


def _decide(rx_id: int, decision: str):
    sim, account, interval_us = current_app.extensions["dropsim"], _account(), _interval_us()
    with transaction(sim.db()) as db:
        # An id past SQLite's 64-bit integers names no prescription (and cannot be bound).
        order = models.prescription_order(db, account, rx_id) if rx_id < 2**63 else None
        if order is None:
            raise ControlError(f"unknown prescription {rx_id} in account '{account}'", 404)
        now = clock.now_us(db, account)
        status = rules.rx_status_at(order, now, interval_us)
        if status != rules.RX_WAITING:
            raise ControlError(f"prescription {rx_id} is {status}, not {rules.RX_WAITING}: "
                               "only a pending prescription can be decided", 409)
        # The decision covers every prescription of the order and takes effect now.
        models.set_order_fields(db, account, order["id"], {"rx_decision": decision,
                                                           "rx_decided_us": now})
        order.update(rx_decision=decision, rx_decided_us=now)
    return jsonify({"account": account, "prescriptionId": rx_id,
                    "salesOrderCode": order["sales_order_code"],
                    "prescriptions": models.prescription_ids(sim.db(), order["id"]),
                    "rxStatus": rules.rx_status_at(order, now, interval_us),
                    "orderStatus": rules.status_at(order, now, interval_us)})


@bp.post("/prescriptions/<int:rx_id>/approve")
def approve(rx_id: int):
    return _decide(rx_id, rules.APPROVED)


@bp.post("/prescriptions/<int:rx_id>/deny")
def deny(rx_id: int):
    return _decide(rx_id, rules.DENIED)
