"""Provet wire format: request parsing and validation, response shapes and casing.

Provet runs ASP.NET Web API with Json.NET (DESIGN.md section 3): property names match in any
case, numeric strings bind to integers, unknown properties are ignored, responses are camelCase
in the documented key order, and dates carry 7 fractional digits and a Z.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Mapping

from ...core.wire import (CaseInsensitiveDict, WireError, coerce_int32, coerce_string,
                          format_dotnet_utc, parse_datetime, utc_midnight_after_date)
from . import rules
from .errors import InvalidRequest, UnsupportedMediaType

# (documented request name, stored name, required)
ORDER_PROPERTIES = (
    ("PurchaseOrderNumber", "purchase_order_number", False),
    ("CustomerTitle", "customer_title", False),
    ("CustomerName", "customer_name", True),
    ("CompanyName", "company_name", False),
    ("AddressLine1", "address_line1", True),
    ("AddressLine2", "address_line2", False),
    ("Suburb", "suburb", True),
    ("State", "state", True),
    ("Postcode", "postcode", True),
    ("Country", "country", True),
    ("DeliveryInstructions", "delivery_instructions", False),
    ("CustomerEmail", "customer_email", True),
    ("CustomerPhone", "customer_phone", True),
    # Clinic delivery, from Provet's public v2 documentation; optional.
    ("DeliverToVetAccountNumber", "deliver_to_vet_account_number", False),
)
MAX_QUANTITY = 2**31 - 1


def _is_json(mimetype: str) -> bool:
    return mimetype in ("application/json", "text/json") or mimetype.endswith("+json")


def read_json_body(raw: bytes, mimetype: str) -> Any:
    """The decoded JSON body of a POST; 415 for another media type, 400 when malformed."""
    if not raw.strip():
        raise InvalidRequest({"order": ["A non-empty request body is required."]})
    if not _is_json(mimetype):
        raise UnsupportedMediaType(mimetype or "application/octet-stream")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidRequest({"order": ["The request body is not valid UTF-8."]}) from None
    except json.JSONDecodeError as exc:
        raise InvalidRequest({"order": [
            f"Invalid JSON: {exc.msg}. Path '', line {exc.lineno}, position {exc.colno}."]}) from None


def _required_message(name: str) -> str:
    return f"The {name} field is required."


def parse_order(body: Any) -> tuple[dict, list[dict]]:
    """(order, lines) in stored names from a decoded request body; InvalidRequest listing
    every offending field otherwise."""
    if not isinstance(body, dict):
        raise InvalidRequest({"order": [
            "Cannot deserialize the current JSON value into type 'Order' because the type "
            "requires a JSON object (e.g. {\"name\":\"value\"}) to deserialize correctly."]})
    data = CaseInsensitiveDict(body)
    errors: dict[str, list[str]] = {}
    order: dict[str, Any] = {}
    for wire_name, stored, required in ORDER_PROPERTIES:
        key = f"order.{wire_name}"
        try:
            value = coerce_string(data.get(wire_name))
        except WireError as exc:
            errors[key] = [f"{exc} Path '{wire_name}'."]
            continue
        if required and (value is None or not value.strip()):
            errors[key] = [_required_message(wire_name)]
        order[stored] = value
    lines = _parse_lines(data.get("OrderLines"), errors)
    if errors:
        raise InvalidRequest(errors)
    return order, lines


def _parse_lines(value: Any, errors: dict[str, list[str]]) -> list[dict]:
    key = "order.OrderLines"
    if value is None:
        errors[key] = [_required_message("OrderLines")]
        return []
    if not isinstance(value, list):
        errors[key] = ["Cannot deserialize the current JSON value into type 'List<OrderLine>' "
                       "because the type requires a JSON array to deserialize correctly."]
        return []
    if not value:
        errors[key] = ["The OrderLines field must contain at least one order line."]
        return []
    lines = []
    for n, raw in enumerate(value):
        prefix = f"{key}[{n}]"
        if not isinstance(raw, dict):
            errors[prefix] = ["Each order line must be a JSON object with ProductCode and Quantity."]
            continue
        line = CaseInsensitiveDict(raw)
        try:
            code = coerce_string(line.get("ProductCode"))
            if code is None or not code.strip():
                errors[f"{prefix}.ProductCode"] = [_required_message("ProductCode")]
        except WireError as exc:
            code = None
            errors[f"{prefix}.ProductCode"] = [f"{exc} Path 'OrderLines[{n}].ProductCode'."]
        quantity = _parse_quantity(line.get("Quantity"), f"{prefix}.Quantity", n, errors)
        lines.append({"product_code": code, "quantity": quantity})
    return lines


def _parse_quantity(value: Any, key: str, n: int, errors: dict[str, list[str]]) -> int | None:
    if value is None:
        errors[key] = [_required_message("Quantity")]
        return None
    try:
        quantity = coerce_int32(value)
    except WireError as exc:
        errors[key] = [f"{exc} Path 'OrderLines[{n}].Quantity'."]
        return None
    if quantity < 1:
        errors[key] = [f"The field Quantity must be between 1 and {MAX_QUANTITY}."]
    return quantity


def line_problems(problems: Mapping[int, str]) -> InvalidRequest:
    """A 400 for order lines whose products cannot be ordered, keyed by line index."""
    return InvalidRequest({f"order.OrderLines[{n}].ProductCode": [message]
                           for n, message in sorted(problems.items())})


# -- queries -----------------------------------------------------------------------------
def query_args(args: Mapping[str, str]) -> CaseInsensitiveDict:
    """Query parameters with case-insensitive names (ASP.NET model binding)."""
    return CaseInsensitiveDict((k, v) for k, v in args.items())


def _query_date(args: CaseInsensitiveDict, name: str, errors: dict) -> tuple[int, bool] | None:
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return parse_datetime(raw)
    except WireError:
        errors[name] = [f"The value '{raw}' is not valid for {name}."]
        return None


def parse_product_query(args: Mapping[str, str]) -> dict:
    """Search, ResultLimit (default 20, negative = all), UpdatedAfter, CreatedAfter."""
    args = query_args(args)
    errors: dict[str, list[str]] = {}
    limit: int | None = 20
    raw_limit = args.get("ResultLimit")
    if raw_limit not in (None, ""):
        try:
            limit = coerce_int32(raw_limit)
        except WireError:
            errors["ResultLimit"] = [f"The value '{raw_limit}' is not valid for ResultLimit."]
    updated = _query_date(args, "UpdatedAfter", errors)
    created = _query_date(args, "CreatedAfter", errors)
    if errors:
        raise InvalidRequest(errors)
    search = args.get("Search")
    return {"search": search.strip() if search and search.strip() else None,
            "limit": None if limit is not None and limit < 0 else limit,
            "updated_after_us": updated[0] if updated else None,
            "created_after_us": created[0] if created else None}


def parse_order_query(args: Mapping[str, str]) -> dict:
    """DateFrom, DateTo (a date-only DateTo includes that whole day), Status, PurchaseOrderNumber."""
    args = query_args(args)
    errors: dict[str, list[str]] = {}
    date_from = _query_date(args, "DateFrom", errors)
    date_to = _query_date(args, "DateTo", errors)
    status = None
    raw_status = args.get("Status")
    if raw_status not in (None, ""):
        status = rules.canonical_status(raw_status.strip())
        if status is None:
            errors["Status"] = [f"The value '{raw_status}' is not a valid order status; use one "
                                f"of {', '.join(rules.STATUSES)}."]
    if errors:
        raise InvalidRequest(errors)
    date_before = None
    if date_to is not None:
        to_us, date_only = date_to
        date_before = utc_midnight_after_date(to_us) if date_only else to_us + 1
    po = args.get("PurchaseOrderNumber")
    return {"date_from_us": date_from[0] if date_from else None, "date_before_us": date_before,
            "status": status, "purchase_order_number": po if po not in (None, "") else None}


# -- responses ---------------------------------------------------------------------------
def order_to_wire(order: dict, now_us: int, interval_us: int) -> dict:
    """The order resource, keys in the order of provet-orders.txt's sample response."""
    status = rules.status_at(order["created_us"], order["flag"], now_us, interval_us)
    wire = {
        "id": order["id"],
        "status": status,
        "date": format_dotnet_utc(order["created_us"]),
        "orderLines": [{
            "productCode": line["product_code"],
            "quantity": line["quantity"],
            "shippedQuantity": rules.shipped_quantity(line["quantity"], status),
            "status": rules.line_status(line["quantity"], status),
        } for line in order["lines"]],
    }
    for wire_name, stored, _required in ORDER_PROPERTIES:
        if stored == "deliver_to_vet_account_number":
            # Not in the v1 sample response: echoed only for clinic-delivery orders.
            if order[stored] is not None:
                wire["deliverToVetAccountNumber"] = order[stored]
            continue
        wire[wire_name[0].lower() + wire_name[1:]] = order[stored]
    return wire


def _instant(anchor: date, day: int | None, seconds: int = 0) -> str | None:
    if day is None:
        return None
    return format_dotnet_utc(rules.instant_of(anchor, day, seconds))


def product_summary_to_wire(product: dict, anchor: date, links: dict) -> dict:
    """A ProductSummary of the list endpoint, in the documented order."""
    return {
        "productCode": product["code"],
        "description": product["description"],
        "listPrice": product["list_price"],
        "price": product["price"],
        "rrp": product["rrp"],
        "pictureUrl": links["picture"],
        "manufacturer": product["manufacturer"],
        "manufacturerCode": product["manufacturer_code"],
        "dispensingUnit": product["dispensing_unit"],
        "therapeuticIndex": product["therapeutic_index"],
        "dangerousGoodsClass": product["dangerous_goods_class"],
        "length": product["length"],
        "breadth": product["breadth"],
        "height": product["height"],
        "weight": product["weight"],
        "unitOfMeasure": product["unit_of_measure"],
        "poisonSchedule": product["poison_schedule"],
        "infoSheetUrl": links["info_sheet"],
        "msdsUrl": links["msds"],
        "url": links["page"],
        "updatedOn": _instant(anchor, product["updated_day"], product["updated_sec"]),
        "createdOn": _instant(anchor, product["created_day"], product["created_sec"]),
    }


def product_to_wire(product: dict, anchor: date, links: dict) -> dict:
    """A Product of the get endpoint, in the documented order."""
    return {
        "productCode": product["code"],
        "description": product["description"],
        "listPrice": product["list_price"],
        "price": product["price"],
        "gst": product["gst"],
        "priceBreak": [{"quantity": b["quantity"], "price": b["price"]}
                       for b in product["price_breaks"]],
        "rrp": product["rrp"],
        "stockAvailable": product["stock_available"],
        "eta": _instant(anchor, product["eta_day"]),
        "barcode": product["barcodes"],
        "picture": links["picture"],
        "manufacturer": product["manufacturer"],
        "manufacturerCode": product["manufacturer_code"],
        "weight": product["weight"],
        "length": product["length"],
        "breadth": product["breadth"],
        "height": product["height"],
        "dispensingUnit": product["dispensing_unit"],
        "unitOfMeasure": product["unit_of_measure"],
        "therapeuticIndex": product["therapeutic_index"],
        "dangerousGoodsClass": product["dangerous_goods_class"],
        "discontinued": product["discontinued"],
        "specialOrder": product["special_order"],
        "nonReturnable": product["non_returnable"],
        "poisonSchedule": product["poison_schedule"],
        "infoSheetUrl": links["info_sheet"],
        "msdsUrl": links["msds"],
        "url": links["page"],
        "createdOn": _instant(anchor, product["created_day"], product["created_sec"]),
        "updatedOn": _instant(anchor, product["updated_day"], product["updated_sec"]),
    }
