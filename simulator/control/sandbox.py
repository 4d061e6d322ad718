"""The /_sim/ calls that make dropsim a testing tool: accounts, the request journal, faults,
the rules listing and snapshots, under /_sim/ beside the clock and reset calls (routes.py)."""
from __future__ import annotations

import re

from flask import Blueprint, jsonify, request

from ..core import faults
from ..core.db import transaction
from ..core.errors import ControlError
from ..core.snapshots import list_snapshots as stored_snapshots
from ..core.wire import format_iso_micro
from ..vendors.toolkit import control_body, named_account
from ..vendors.toolkit import sim as _sim
from .routes import require_admin_token

bp = Blueprint("sandbox", __name__)
bp.before_request(require_admin_token)


@bp.post("/accounts")
def create_account():
    body = control_body()
    created = _sim().create_account(body.get("account") or request.args.get("account"))
    return jsonify(created), 201


@bp.get("/accounts")
def list_accounts():
    return jsonify({"accounts": _sim().list_accounts()})


@bp.delete("/accounts/<account>")
def delete_account(account: str):
    _sim().delete_account(account)
    return jsonify({"deleted": account})


# -- the request journal -------------------------------------------------------------------
INT64 = 2**63  # SQLite's integers are 64-bit: a larger one cannot even be compared


def _int_arg(name: str, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    # ASCII digits only: int() also reads other scripts' digits ("٣"), which no client means.
    if not re.fullmatch(r"-?[0-9]{1,19}", raw.strip()) or not -INT64 <= int(raw) < INT64:
        raise ControlError(f"'{name}' must be a whole number from {-INT64} to {INT64 - 1}")
    return int(raw)


def entry_to_wire(entry: dict) -> dict:
    """A journal entry as JSON."""
    return {
        "id": entry["id"], "account": entry["account"],
        "time": format_iso_micro(entry["real_us"]),
        "virtual_time": None if entry["virtual_us"] is None else format_iso_micro(entry["virtual_us"]),
        "vendor": entry["vendor"], "method": entry["method"], "path": entry["path"],
        "query": entry["query"], "status": entry["status"], "duration_ms": entry["duration_ms"],
        "request": {"content_type": entry["request_content_type"], "body": entry["request_body"]},
        "response": {"content_type": entry["response_content_type"], "body": entry["response_body"]},
        "rules": entry["rules"], "fault": entry["fault"],
    }


@bp.get("/requests")
def list_requests():
    sim = _sim()
    account = named_account()
    vendor = request.args.get("vendor") or None
    sim.require_journal_filter(account, vendor)
    entries = sim.journal.list(
        account, vendor=vendor,
        method=(request.args.get("method") or "").upper() or None,
        path=request.args.get("path") or None, status=_int_arg("status"),
        after_id=_int_arg("after"), limit=_int_arg("limit", 100))
    return jsonify({"requests": [entry_to_wire(e) for e in entries]})


@bp.delete("/requests")
def clear_requests():
    sim = _sim()
    account = named_account()
    sim.require_journal_filter(account)
    return jsonify({"deleted": sim.journal.clear(account)})


# -- faults --------------------------------------------------------------------------------
@bp.post("/faults")
def add_fault():
    sim = _sim()
    body = control_body()
    account = named_account(body)
    sim.require_account(account)
    fault = faults.validate(body, [v.name for v in sim.vendors], sim.settings["max_delay_ms"])
    db = sim.db()
    with transaction(db):
        fault_id = faults.add(db, account, fault)
    stored = next(f for f in faults.list_faults(db, account) if f["id"] == fault_id)
    return jsonify(stored), 201


@bp.get("/faults")
def list_faults():
    sim = _sim()
    account = named_account()
    sim.require_account(account)
    return jsonify({"faults": faults.list_faults(sim.db(), account)})


@bp.delete("/faults/<fault_id>")
def delete_fault(fault_id: str):
    sim = _sim()
    with transaction(sim.db()) as db:
        if not faults.remove(db, named_account(), fault_id):
            raise ControlError(f"unknown fault '{fault_id}'", status=404)
    return jsonify({"deleted": fault_id})


@bp.delete("/faults")
def clear_faults():
    sim = _sim()
    account = named_account()
    sim.require_account(account)
    with transaction(sim.db()) as db:
        return jsonify({"deleted": faults.remove(db, account)})


# -- rules ---------------------------------------------------------------------------------
@bp.get("/rules")
def list_rules():
    vendor = request.args.get("vendor")
    return jsonify({"rules": [{"id": r["id"], "vendor": v.name, "trigger": r["trigger"],
                               "effect": r["effect"], "source": r["source"]}
                              for v in _sim().vendors if vendor in (None, "", v.name)
                              for r in v.rules]})


# -- snapshots -----------------------------------------------------------------------------
def _snapshot_to_wire(snap: dict) -> dict:
    return {"name": snap["name"], "bytes": snap["bytes"],
            "saved_at": format_iso_micro(snap["saved_at_us"])}


@bp.post("/snapshots")
def save_snapshot():
    body = control_body()
    replace = body.get("replace", False)
    if not isinstance(replace, bool):
        raise ControlError("'replace' must be true or false")
    snap = _sim().save_snapshot(body.get("name"), replace)
    return jsonify(_snapshot_to_wire(snap)), 201


@bp.get("/snapshots")
def list_snapshots():
    return jsonify({"snapshots": [_snapshot_to_wire(s)
                                  for s in stored_snapshots(_sim().options.path)]})


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name: str):
    return jsonify({"restored": _snapshot_to_wire(_sim().restore_snapshot(name))})


@bp.delete("/snapshots/<name>")
def delete_snapshot(name: str):
    _sim().delete_snapshot(name)
    return jsonify({"deleted": name})
