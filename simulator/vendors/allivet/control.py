"""Allivet control calls under /_sim/allivet/: the vet's decision on a pending prescription."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ...control.routes import require_admin_token
from ...core import clock
from ...core.accounts import DEFAULT_ACCOUNT
from ...core.db import transaction
from ...core.errors import ControlError
from . import models, rules

bp = Blueprint("allivet_control", __name__)
bp.before_request(require_admin_token)


def _decide(rx_id: int, decision: str):
    sim = current_app.extensions["dropsim"]
    account = request.args.get("account") or DEFAULT_ACCOUNT
    sim.require_account(account)
    interval_us = int(current_app.config["DROPSIM"]["provet_status_interval"] * 1_000_000)
    with transaction(sim.db()) as db:
        order = models.prescription_order(db, account, rx_id)
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
