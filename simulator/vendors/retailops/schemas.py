"""RetailOps wire format: JSON bodies in, snake_case records out (the guide's own casing).

Integers may arrive as numeric strings (the guide's samples send `"vendor_id":"27"`); flags as
true/false, 1/0 or "1"/"0"; dates as any ISO 8601 and go out as `2015-07-02T14:47:47Z`.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ...core.wire import (MAX_JSON_DEPTH, JSONBodyError, WireError, decode_json, format_iso_z,
                          parse_datetime)
from . import models, rules
from .errors import (INVALID_JSON, INVALID_REQUEST, TOO_MANY_RECORDS, RecordError,
                     RetailOpsError)

MAX_RECORDS = 1000  # guide sections 3 and 6: "up to 1000 POs with each API call"
MAX_LIMIT = 1000
MAX_INT = 2**31 - 1


def read_json_body(raw: bytes, _mimetype: str, max_depth: int = MAX_JSON_DEPTH) -> dict:
    """The JSON object of a request body, whatever its media type (RetailOps reads every
    body as JSON); INVALID_JSON with the position otherwise."""
    if not raw.strip():
        raise RetailOpsError(INVALID_JSON, "The request body is empty: every call takes a JSON "
                             "object, e.g. {\"records\": [...]}")
    try:
        body = decode_json(raw, max_depth)
    except JSONBodyError as exc:
        if exc.line is None:
            raise RetailOpsError(INVALID_JSON, str(exc).rstrip(".")) from None
        raise RetailOpsError(INVALID_JSON, f"The request body is not valid JSON: {exc.reason} at "
                             f"line {exc.line}, column {exc.column} (near '{exc.near}')") from None
    if not isinstance(body, dict):
        raise RetailOpsError(INVALID_JSON, "The request body must be a JSON object, "
                             f"not {type(body).__name__}")
    return body


def request_level(fn, *args, **kwargs):
    """Run a record parser on a whole-request body: its RecordError becomes the envelope."""
    try:
        return fn(*args, **kwargs)
    except RecordError as exc:
        raise RetailOpsError(exc.code, exc.message) from None


# -- field readers ---------------------------------------------------------------------------
def _bad(field: str, message: str) -> RecordError:
    return RecordError(INVALID_REQUEST, f"{field} {message}")


def integer(value: Any, field: str, *, minimum: int | None = None, required: bool = True) -> int | None:
    """An integer from a JSON number or numeric string."""
    if value is None or value == "":
        if required:
            raise _bad(field, "is required")
        return None
    if isinstance(value, bool):
        raise _bad(field, f"must be an integer, not {json.dumps(value)}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise _bad(field, f"must be an integer, not {json.dumps(value)}")
    if minimum is not None and value < minimum:
        raise _bad(field, f"must be at least {minimum}, not {value}")
    if value > MAX_INT:
        raise _bad(field, f"is too large: {value}")
    return value


def flag(value: Any, field: str) -> bool | None:
    """A boolean from true/false, 1/0 or "1"/"0"/"true"/"false"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false"):
        return value.strip().lower() in ("1", "true")
    raise _bad(field, f"must be true/false or 1/0, not {json.dumps(value)}")


def text(value: Any, field: str, *, required: bool = True) -> str | None:
    """A non-empty string (numbers are taken as their digits)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _bad(field, "is required")
        return None
    if not isinstance(value, str):
        raise _bad(field, f"must be a string, not {json.dumps(value)}")
    return value.strip()


def money(value: Any, field: str) -> float | None:
    """A non-negative amount."""
    if value is None or value == "":
        return None
    try:
        amount = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        amount = None
    if amount is None or amount != amount or amount < 0 or amount > 1e9:
        raise _bad(field, f"must be a non-negative amount, not {json.dumps(value)}")
    return round(amount, 4)


def date(value: Any, field: str) -> int:
    """Epoch microseconds from an ISO 8601 date or date-time."""
    try:
        return parse_datetime(value)[0]
    except WireError:
        raise _bad(field, f"must be an ISO 8601 date such as 2015-07-02T14:47:47Z, "
                          f"not {json.dumps(value)}") from None


def array(value: Any, field: str, *, required: bool = True) -> list | None:
    """A JSON array (of objects)."""
    if value is None and not required:
        return None
    if not isinstance(value, list) or (required and not value):
        raise _bad(field, "must be a non-empty array")
    for n, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise _bad(f"{field}[{n}]", "must be an object")
    return value


def records(body: dict) -> list:
    """The `records` of a batch call: 1 to 1000 entries."""
    found = body.get("records")
    if not isinstance(found, list) or not found:
        raise RetailOpsError(INVALID_REQUEST, "records must be a non-empty array, e.g. "
                             "{\"records\": [{\"po\": \"D123\", ...}]}")
    if len(found) > MAX_RECORDS:
        raise RetailOpsError(TOO_MANY_RECORDS, f"{len(found)} records sent; at most "
                             f"{MAX_RECORDS} records are accepted per call")
    return found


def _record(record: Any) -> dict:
    if not isinstance(record, dict):
        raise _bad("record", "must be an object")
    return record


# -- requests ----------------------------------------------------------------------------------
def parse_advice(record: Any) -> dict:
    """A Product.ExternalSku.Update~2 record."""
    r = _record(record)
    vendor_id = integer(r.get("vendor_id"), "vendor_id", required=False)
    vendor_name = text(r.get("vendor_name"), "vendor_name", required=False)
    if vendor_id is None and vendor_name is None:
        raise _bad("vendor_id", "or vendor_name is required")
    return {"vendor_id": vendor_id, "vendor_name": vendor_name, "vpc": text(r.get("vpc"), "vpc"),
            "quantity": integer(r.get("quantity"), "quantity", minimum=0),
            "active": flag(r.get("active"), "active"),
            "unit_cost": money(r.get("unit_cost"), "unit_cost")}


_JSON_TYPES = {dict: "an object", list: "an array", bool: "a boolean", int: "a number",
               float: "a number", type(None): "null"}


def statuses(value: Any, field: str = "status") -> tuple[str, ...] | None:
    """PO status names, any case, from a string or a list of strings (the current guide sends
    ["open","ready"]); None (no filter) when left out, null or ""."""
    if value is None or value == "":
        return None
    valid = ", ".join(rules.STATUSES)
    if isinstance(value, list) and not value:
        raise _bad(field, f"must name at least one PO status ({valid}); leave it out for "
                          "every status")
    names = []
    for n, name in enumerate(value if isinstance(value, list) else [value]):
        where = f"{field}[{n}]" if isinstance(value, list) else field
        if not isinstance(name, str):
            raise _bad(where, f"must be a PO status name ({valid}), not "
                              f"{_JSON_TYPES.get(type(name), type(name).__name__)}")
        if name.strip().lower() not in rules.STATUSES:
            shown = name if len(name) <= 40 else name[:40] + "..."
            raise _bad(where, f"'{shown}' is not a PO status; use one of {valid} "
                              "(a string or a list of them)")
        names.append(name.strip().lower())
    return tuple(dict.fromkeys(names))


def parse_fetch(body: dict) -> dict:
    """Vendor.PO.fetch's filters and paging."""
    limit = integer(body.get("limit"), "limit", minimum=1, required=False)
    if limit is not None and limit > MAX_LIMIT:
        raise _bad("limit", f"must be at most {MAX_LIMIT}, not {limit}")
    return {"vendor_id": integer(body.get("vendor_id"), "vendor_id", required=False),
            "start": integer(body.get("start"), "start", minimum=0, required=False) or 0,
            "limit": limit or 100, "status": statuses(body.get("status")),
            "with_items": bool(flag(body.get("with_items"), "with_items"))}


def parse_sku_get(body: dict) -> dict:
    """Product.Sku.get~1: `sku_string` (a string) and an optional `vendor_id`."""
    sku = body.get("sku_string")
    if not isinstance(sku, str) or not sku.strip():
        shown = "is required" if sku is None or isinstance(sku, str) else \
            f"must be a string, not {_JSON_TYPES.get(type(sku), type(sku).__name__)}"
        raise _bad("sku_string", f"{shown}, e.g. {{\"sku_string\": \"10123\"}}")
    return {"sku_string": sku.strip(),
            "vendor_id": integer(body.get("vendor_id"), "vendor_id", required=False)}


def parse_po_items(record: Any) -> dict:
    """A MarkSubmitted / MarkAccepted record: po and optional items [{po_item_id, quantity}]."""
    r = _record(record)
    items = array(r.get("items"), "items", required=False) or []
    return {"po": text(r.get("po"), "po"),
            "items": [{"po_item_id": integer(i.get("po_item_id"), f"items[{n}].po_item_id"),
                       "quantity": integer(i.get("quantity"), f"items[{n}].quantity", minimum=0,
                                           required=False)} for n, i in enumerate(items)]}


def parse_est_ship_date(record: Any) -> dict:
    """An UpdateEstShipDate record: po, estimated_ship_date, optional items."""
    parsed = parse_po_items(record)
    parsed["estimated_ship_date_us"] = date(record.get("estimated_ship_date"), "estimated_ship_date")
    return parsed


def parse_complete(body: dict) -> dict:
    """A Vendor.PO.Complete request: po, packages, optional cancel_remainder."""
    cancel = bool(flag(body.get("cancel_remainder"), "cancel_remainder"))
    packages = []
    for p, pkg in enumerate(array(body.get("packages"), "packages", required=not cancel) or []):
        where = f"packages[{p}]"
        items = [{"vpc": text(i.get("vpc"), f"{where}.items[{n}].vpc"),
                  "quantity": integer(i.get("quantity"), f"{where}.items[{n}].quantity", minimum=1)}
                 for n, i in enumerate(array(pkg.get("items"), f"{where}.items"))]
        packages.append({
            "ship_class_id": integer(pkg.get("ship_class_id"), f"{where}.ship_class_id"),
            "tracking_number": text(pkg.get("tracking_number"), f"{where}.tracking_number"),
            "items": items,
            "unit_count": integer(pkg.get("unit_count"), f"{where}.unit_count", minimum=1,
                                  required=False) or sum(i["quantity"] for i in items)})
    return {"po": text(body.get("po"), "po"), "packages": packages, "cancel_remainder": cancel}


# -- responses ---------------------------------------------------------------------------------
def _date(us: int | None) -> str | None:
    return None if us is None else format_iso_z(us)


_SHIP_COLUMNS = [(f, f"ship_{f}") for f in models.SHIP_FIELDS]  # (wire name, column)


def po_to_wire(po: dict, classes: dict[int, str], with_items: bool, now_us: int) -> dict:
    """A PO as Vendor.PO.fetch returns it, in its status at `now_us`."""
    out = {"po": po["po"], "id": po["id"], "vendor_id": po["vendor_id"],
           "status": rules.status_at(po, now_us),
           "date_submit": _date(po["date_submit_us"]), "date_created": _date(po["date_created_us"]),
           "estimated_ship_date": _date(po["est_ship_date_us"]),
           "ship_service": {"ship_class_id": po["ship_class_id"],
                            "name": classes.get(po["ship_class_id"])},
           "ship_address": {name: po[column] for name, column in _SHIP_COLUMNS},
           "revision": po["revision"]}
    if with_items:
        out["items"] = [{"po_item_id": i["po_item_id"], "vpc": i["vpc"], "sku": i["sku"],
                         "quantity": i["quantity"], "unit_cost": i["unit_cost"],
                         "description": i["description"], "quantity_shipped": i["quantity_shipped"],
                         "quantity_canceled": i["quantity_canceled"],
                         "estimated_ship_date": _date(i["est_ship_date_us"])} for i in po["items"]]
        out["packages"] = [{"package_id": p["id"], "ship_class_id": p["ship_class_id"],
                            "tracking_number": p["tracking_number"], "unit_count": p["unit_count"],
                            "date_shipped": _date(p["created_us"]),
                            "items": [{"po_item_id": i["po_item_id"], "vpc": i["vpc"],
                                       "quantity": i["quantity"]} for i in p["items"]]}
                           for p in po["packages"]]
    return out


def advice_to_wire(vendor_id: int, row: dict) -> dict:
    """An inventory advice result."""
    return {"success": 1, "vendor_id": vendor_id, "vpc": row["vpc"], "quantity": row["quantity"],
            "active": row["active"], "unit_cost": row["unit_cost"]}


def po_result(po: dict, now_us: int, **extra: Any) -> dict:
    """A per-record success for a PO call (`status` in `extra` wins over the PO's own)."""
    return {"success": 1, "po": po["po"], "id": po["id"], "status": rules.status_at(po, now_us),
            **extra}


def sku_to_wire(row: dict) -> dict:
    """A Product.Sku.get record: the SKU behind one of the vendor's VPCs, with the account's
    advised quantity and active flag (null before any advice)."""
    return {"sku": row["sku"], "sku_string": str(row["sku"]), "vendor_id": row["vendor_id"],
            "vpc": row["vpc"], "description": row["description"], "unit_cost": row["unit_cost"],
            "quantity": row["quantity"], "active": row["active"]}
