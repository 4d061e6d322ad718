"""RetailOps HTTP routes (retailops-vendor-dropship-guide.txt); thin: parse, call models and
rules, serialize. One catch-all route, because RetailOps paths are case-insensitive and carry an
optional `~N` version: /Vendor/PO/Fetch.json == /vendor/po/fetch~1.json."""
from __future__ import annotations

import re
from typing import Callable

from flask import Blueprint, g, jsonify, request

from ...core import accounts
from ..toolkit import (Identity, admit, fire, identity, interval_us, json_body, setting, sim,
                       writing)
from . import models, rules, schemas, storefront
from .errors import (AUTH_REQUIRED, INELIGIBLE, INVALID_APIKEY, INVALID_SHIP_CLASS,
                     METHOD_NOT_ALLOWED, NOT_FOUND, PARTIAL_FAILURE, PO_ITEM_NOT_FOUND,
                     PO_NOT_FOUND, VENDOR_MISMATCH, VENDOR_NOT_FOUND, VPC_NOT_FOUND,
                     RecordError, RetailOpsError, envelope, render)

bp = Blueprint("retailops", __name__, template_folder="templates")
bp.register_error_handler(RetailOpsError, render)

_PATH = re.compile(r"^/?(?P<name>[a-z]+(?:/[a-z]+)*)(?:~(?P<version>\d+))?(?:\.json)?$")


# -- routing, auth, storefront ---------------------------------------------------------------
CALLS: dict[str, tuple[Callable[[dict], dict], int, str]] = {}


def call(name: str, version: int):
    """Register a handler for a documented API call at its documented version."""
    def register(fn):
        CALLS[name.lower()] = (fn, version, name)
        return fn
    return register


@bp.route("/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def dispatch(path: str):
    body = json_body(schemas.read_json_body)
    return jsonify(g.call(body))


@bp.before_request
def prepare() -> None:
    """Resolve the call, authenticate the apikey, bring the storefront up to now."""
    path = (request.view_args or {}).get("path", "")
    match = _PATH.match(path.lower())
    found = CALLS.get(match.group("name").replace("/", ".")) if match else None
    if found is None:
        raise RetailOpsError(NOT_FOUND, f"No API call at '{request.path}'. Calls look like "
                             "POST /retailops/Vendor/PO/Fetch.json", status=404)
    handler, version, name = found
    if match.group("version") and int(match.group("version")) != version:
        raise RetailOpsError(NOT_FOUND, f"{name} version {match.group('version')} is not "
                             f"available; use version {version} ({name.replace('.', '/')}"
                             f"~{version}.json)", status=404)
    if request.method != "POST":
        raise RetailOpsError(METHOD_NOT_ALLOWED, f"{request.method} is not allowed: {name} is "
                             "a POST with a JSON body", status=405)
    found = identity()
    if found.account is None:
        raise found.refusal
    db = sim().db()
    admit(db, found.account)
    g.call = handler
    g.vendor = models.get_vendor(db, int(found.credential["extra"]["vendor_id"]))
    _catch_up_storefront(db)


def identify(db, req) -> Identity:
    """The apikey (header, or query parameter) names the account and the RetailOps vendor."""
    key = req.headers.get("apikey") or req.args.get("apikey")
    if not key:
        return Identity(None, None, RetailOpsError(
            AUTH_REQUIRED, "Missing apikey: send it in the 'apikey' header (or the apikey query "
            "parameter)", status=401))
    found = accounts.authenticate(db, "retailops", key)
    if not found:
        return Identity(None, None, RetailOpsError(
            INVALID_APIKEY, "Invalid apikey: no RetailOps vendor has this key", status=401))
    return Identity(found, found["account"])


def _catch_up_storefront(db) -> None:
    interval = interval_us("retailops_storefront_interval")
    until = models.storefront_until(db, g.account)
    if interval <= 0 or until is None or g.now_us <= until:
        return
    seed = setting("seed")
    due = any(rules.purchases_between(seed, v, until, g.now_us, interval, rules.MAX_SLOTS)
              for v in models.vendor_ids(db))
    if due:  # writes only when a customer has bought since the last request
        with writing():
            storefront.run_storefront(db, g.account, seed, g.now_us, interval, rules.MAX_SLOTS)


# -- batches ---------------------------------------------------------------------------------
def _batch(records: list, apply: Callable[[object], dict], key: str, single: bool = False) -> dict:
    """Apply each record in its own savepoint: good records are applied, a failed record
    changes nothing, and every record gets its own result."""
    results, failures = [], []
    with writing() as db:
        for n, record in enumerate(records):
            try:
                with db.atomic():
                    results.append(apply(record))
            except RecordError as exc:
                fire(exc.rule)
                ident = record.get(key) if isinstance(record, dict) else None
                results.append({"success": 0, key: ident, **envelope(exc.code, exc.message)})
                failures.append((n, ident, exc))
    if not failures:
        return {"success": 1, "records": results}
    n, ident, first = failures[0]
    where = "" if single else f"records[{n}]" + (f" ({key} {ident})" if ident is not None else "") + ": "
    if len(failures) == len(records):
        more = f" ({len(failures) - 1} more records failed too)" if len(failures) > 1 else ""
        return {**envelope(first.code, f"{where}{first.message}{more}"), "records": results}
    applied = len(records) - len(failures)
    return {**envelope(PARTIAL_FAILURE, f"{len(failures)} of {len(records)} records failed and "
                       f"changed nothing; the other {applied} were applied. First failure: "
                       f"{where}{first.message}"), "records": results}


def _own_po(db, number: str) -> dict:
    po = models.get_po(db, g.account, number)
    if po is None or po["vendor_id"] != g.vendor["id"]:
        raise RecordError(PO_NOT_FOUND, f"PO {number} not found for vendor {g.vendor['id']}")
    return po


def _mismatch(vendor_id: int) -> str:
    return (f"vendor_id {vendor_id} does not match this apikey, which belongs to vendor "
            f"{g.vendor['id']} ({g.vendor['name']})")


# -- the calls -------------------------------------------------------------------------------
@call("Product.ExternalSku.Update", 2)
def update_external_sku(body: dict) -> dict:
    """Inventory advice (guide section 1), per vendor and VPC."""
    db = sim().db()

    def apply(record) -> dict:
        advice = schemas.parse_advice(record)
        if advice["vendor_id"] is None:
            named = models.vendor_by_name(db, advice["vendor_name"])
            if named is None:
                raise RecordError(VENDOR_NOT_FOUND, f"vendor_name '{advice['vendor_name']}' is "
                                  "not a RetailOps vendor")
            advice["vendor_id"] = named["id"]
        if advice["vendor_id"] != g.vendor["id"]:
            raise RecordError(VENDOR_MISMATCH, _mismatch(advice["vendor_id"]))
        if models.get_vpc(db, g.vendor["id"], advice["vpc"]) is None:
            raise RecordError(VPC_NOT_FOUND, f"VPC '{advice['vpc']}' is not in vendor "
                              f"{g.vendor['id']}'s catalogue")
        row = models.advise(db, g.account, g.vendor["id"], advice["vpc"], advice["quantity"],
                            advice["active"], advice["unit_cost"], g.now_us)
        return schemas.advice_to_wire(g.vendor["id"], row)

    return _batch(schemas.records(body), apply, "vpc")


@call("Vendor.PO.Fetch", 1)
def fetch_pos(body: dict) -> dict:
    """The vendor's POs (guide section 2), by id, with paging and a total."""
    query = schemas.request_level(schemas.parse_fetch, body)
    if query["vendor_id"] is not None and query["vendor_id"] != g.vendor["id"]:
        raise RetailOpsError(VENDOR_MISMATCH, _mismatch(query["vendor_id"]))
    db, now_us = sim().db(), g.now_us
    total, pos = models.fetch_pos(db, g.account, g.vendor["id"], query["status"], query["start"],
                                  query["limit"], query["with_items"], now_us=now_us)
    classes = {c["id"]: c["name"] for c in models.carrier_classes(db)}
    records = [schemas.po_to_wire(p, classes, query["with_items"], now_us) for p in pos]
    if any(r["status"] == rules.OPEN for r in records):
        fire(rules.RULE_FUTURE_SUBMIT)
    return {"success": 1, "total": total, "records": records}


@call("Vendor.PO.MarkSubmitted", 1)
def mark_submitted(body: dict) -> dict:
    """ready -> submitted (guide section 3); refused while date_submit is in the future."""
    db = sim().db()

    def apply(record) -> dict:
        parsed = schemas.parse_po_items(record)
        po = _own_po(db, parsed["po"])
        rules.check_submit(po, g.now_us)
        rules.check_item_quantities(po, parsed["items"])
        models.set_status(db, g.account, po["id"], rules.SUBMITTED, g.now_us)
        return schemas.po_result(po, g.now_us, status=rules.SUBMITTED)

    return _batch(schemas.records(body), apply, "po")


@call("Vendor.PO.MarkAccepted", 1)
def mark_accepted(body: dict) -> dict:
    """submitted -> accepted, only for vendors with 'Change POs after submit' (guide section 5)."""
    if not g.vendor["change_after_submit"]:
        fire(rules.RULE_ACCEPT_SETTING)
        raise RetailOpsError(INELIGIBLE, f"Vendor {g.vendor['id']} ({g.vendor['name']}) is "
                             "ineligible for this action: Vendor.PO.MarkAccepted only applies to "
                             "vendors with the Vendor Setting 'Change POs after submit'")
    db = sim().db()

    def apply(record) -> dict:
        parsed = schemas.parse_po_items(record)
        po = _own_po(db, parsed["po"])
        rules.check_accept(po, g.now_us)
        rules.check_item_quantities(po, parsed["items"])
        models.set_status(db, g.account, po["id"], rules.ACCEPTED, g.now_us)
        return schemas.po_result(po, g.now_us, status=rules.ACCEPTED, revision=po["revision"])

    return _batch(schemas.records(body), apply, "po")


@call("Vendor.PO.UpdateEstShipDate", 1)
def update_est_ship_date(body: dict) -> dict:
    """The estimated ship date of POs and their items (guide section 6)."""
    db = sim().db()

    def apply(record) -> dict:
        parsed = schemas.parse_est_ship_date(record)
        po = _own_po(db, parsed["po"])
        rules.check_est_ship_date(po)
        known = {i["po_item_id"] for i in po["items"]}
        for n, item in enumerate(parsed["items"]):
            if item["po_item_id"] not in known:
                raise RecordError(PO_ITEM_NOT_FOUND, f"items[{n}]: po_item_id "
                                  f"{item['po_item_id']} is not an item of PO {po['po']}")
        ids = [i["po_item_id"] for i in parsed["items"]] or None
        models.set_est_ship_date(db, g.account, po, parsed["estimated_ship_date_us"], ids, g.now_us)
        return schemas.po_result(po, g.now_us, estimated_ship_date=schemas.format_iso_z(
            parsed["estimated_ship_date_us"]))

    return _batch(schemas.records(body), apply, "po")


@call("Vendor.PO.Complete", 1)
def complete(body: dict) -> dict:
    """Packages with tracking (guide section 4); partial shipments, cancel_remainder."""
    db = sim().db()
    classes = {c["id"] for c in models.carrier_classes(db)}

    def apply(record) -> dict:
        if not isinstance(record, dict):
            raise RecordError("INVALID_REQUEST", "record must be an object")
        parsed = schemas.parse_complete(record)
        po = _own_po(db, parsed["po"])
        rules.check_complete(po, bool(g.vendor["change_after_submit"]), g.now_us)
        for p, package in enumerate(parsed["packages"]):
            if package["ship_class_id"] not in classes:
                raise RecordError(INVALID_SHIP_CLASS, f"packages[{p}].ship_class_id "
                                  f"{package['ship_class_id']} is not a ship carrier class; "
                                  "list them with Constant.Ship.CarrierClass.fetch")
        allocations = rules.allocate(po, parsed["packages"])
        status = models.ship(db, g.account, po, parsed["packages"], allocations,
                             parsed["cancel_remainder"], g.now_us)
        return schemas.po_result(po, g.now_us, status=status, items=[
            {"po_item_id": i["po_item_id"], "vpc": i["vpc"], "quantity": i["quantity"],
             "quantity_shipped": i["quantity_shipped"], "quantity_canceled": i["quantity_canceled"],
             "quantity_remaining": rules.remaining(i)} for i in po["items"]])

    if "records" in body:  # several POs at once, like the other batch calls
        return _batch(schemas.records(body), apply, "po")
    return _batch([body], apply, "po", single=True)


@call("Constant.Ship.CarrierClass.Fetch", 1)
def carrier_classes(body: dict) -> dict:
    """Every ship carrier class ({"all":1}), or the one with `id`."""
    records = models.carrier_classes(sim().db())
    everything = schemas.request_level(schemas.flag, body.get("all"), "all")
    wanted = None if everything else schemas.request_level(schemas.integer, body.get("id"), "id",
                                                           required=False)
    if wanted is not None:
        records = [r for r in records if r["id"] == wanted]
    return {"success": 1, "records": records}

@call("Product.Sku.Get", 1)
def get_sku(body: dict) -> dict:
    """The SKUs behind the vendor's VPCs whose SKU is exactly `sku_string` (iPaaS connectors
    send {"sku_string": "1"} to test a connection and expect success 1)."""
    query = schemas.request_level(schemas.parse_sku_get, body)
    if query["vendor_id"] is not None and query["vendor_id"] != g.vendor["id"]:
        raise RetailOpsError(VENDOR_MISMATCH, _mismatch(query["vendor_id"]))
    rows = models.skus_of_vendor(sim().db(), g.account, g.vendor["id"], query["sku_string"])
    return {"success": 1, "records": [schemas.sku_to_wire(r) for r in rows]}
