"""Provet Dropship wire format: request parsing and validation, response shapes and casing.

Provet runs ASP.NET Web API with Json.NET: property and query names match in any case, numeric
strings bind to integers, unknown properties are ignored, responses are camelCase in the
documented key order, dates carry 7 fractional digits and a Z, and decimals print without a
trailing `.0` (Provet's Dropship v1 Products page prints `"length": 140`, `"price": 11.1`).
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.errors import ControlError
from ...core.wire import (CaseInsensitiveDict, JSONBodyError, WireError, coerce_int32,
                          coerce_string, decode_json, format_dotnet_utc, parse_datetime,
                          sql_datetime_us, utc_midnight_after_date)
from . import rules
from .errors import InvalidRequest, UnsupportedMediaType

# (documented request name, stored name, required, maximum length). The Orders page states
# no lengths; these are dropsim's, generous for real addresses, so that one order cannot carry
# megabytes into every list that shows it. The OpenAPI document reads the same table.
ORDER_PROPERTIES = (
    ("PurchaseOrderNumber", "purchase_order_number", False, 50),
    ("CustomerTitle", "customer_title", False, 20),
    ("CustomerName", "customer_name", True, 100),
    ("CompanyName", "company_name", False, 100),
    ("AddressLine1", "address_line1", True, 100),
    ("AddressLine2", "address_line2", False, 100),
    ("Suburb", "suburb", True, 50),
    ("State", "state", True, 50),
    ("Postcode", "postcode", True, 10),
    ("Country", "country", True, 50),
    ("DeliveryInstructions", "delivery_instructions", False, 500),
    ("CustomerEmail", "customer_email", True, 254),
    ("CustomerPhone", "customer_phone", True, 30),
    # Clinic delivery, from Provet's public v2 documentation; optional.
    ("DeliverToVetAccountNumber", "deliver_to_vet_account_number", False, 20),
)
PRODUCT_CODE_LENGTH = 50
MAX_QUANTITY = INT32_MAX = 2**31 - 1
DEFAULT_PAGE_SIZE = 20


def _is_json(mimetype: str) -> bool:
    return mimetype in ("application/json", "text/json") or mimetype.endswith("+json")


def read_json_body(raw: bytes, mimetype: str, max_depth: int) -> Any:
    """The decoded JSON body of a POST; 415 for another media type, 400 when unreadable."""
    if not raw.strip():
        raise InvalidRequest({"order": ["A non-empty request body is required."]})
    if not _is_json(mimetype):
        raise UnsupportedMediaType(mimetype or "application/octet-stream")
    try:
        return decode_json(raw, max_depth)
    except JSONBodyError as exc:
        where = "" if exc.line is None else f" Path '', line {exc.line}, position {exc.column}."
        raise InvalidRequest({"order": [f"{exc}{where}"]}) from None


def _required_message(name: str) -> str:
    return f"The {name} field is required."


def _length_message(name: str, length: int) -> str:
    # DataAnnotations' [StringLength] in its own words.
    return f"The field {name} must be a string with a maximum length of {length}."


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
    for wire_name, stored, required, length in ORDER_PROPERTIES:
        key = f"order.{wire_name}"
        try:
            value = coerce_string(data.get(wire_name))
        except WireError as exc:
            errors[key] = [f"{exc} Path '{wire_name}'."]
            continue
        if required and (value is None or not value.strip()):
            errors[key] = [_required_message(wire_name)]
        elif value is not None and len(value) > length:
            errors[key] = [_length_message(wire_name, length)]
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
            elif len(code) > PRODUCT_CODE_LENGTH:
                errors[f"{prefix}.ProductCode"] = [_length_message("ProductCode",
                                                                   PRODUCT_CODE_LENGTH)]
                code = None
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


def _query_int(args: CaseInsensitiveDict, name: str, default: int, low: int, high: int,
               errors: dict) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = coerce_int32(raw)
    except WireError:
        errors[name] = [f"The value '{raw}' is not valid for {name}."]
        return default
    if not low <= value <= high:
        errors[name] = [f"The field {name} must be between {low} and {high}."]
    return value


def _paging(args: CaseInsensitiveDict, max_page_size: int, errors: dict) -> dict:
    # Provet's Dropship v1 overview, Pagination: 20 items by default, `?page` 1-based (omitted:
    # the first page), `?pageSize` for a custom size.
    page = _query_int(args, "page", 1, 1, INT32_MAX, errors)
    size = _query_int(args, "pageSize", DEFAULT_PAGE_SIZE, 1, max_page_size, errors)
    return {"page": page, "page_size": size}


def parse_paging(args: Mapping[str, str], max_page_size: int) -> dict:
    """`page` and `pageSize` in any case; a 400 naming each bad one."""
    errors: dict[str, list[str]] = {}
    paging = _paging(query_args(args), max_page_size, errors)
    if errors:
        raise InvalidRequest(errors)
    return paging


def parse_order_query(args: Mapping[str, str], max_page_size: int) -> dict:
    """DateFrom, DateTo (a date-only DateTo includes that whole day), Status,
    PurchaseOrderNumber, and the page."""
    args = query_args(args)
    errors: dict[str, list[str]] = {}
    paging = _paging(args, max_page_size, errors)
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
            "status": status, "purchase_order_number": po if po not in (None, "") else None,
            **paging}


# -- responses ---------------------------------------------------------------------------
def order_to_wire(order: dict, now_us: int, interval_us: int, *, as_stored: bool = True) -> dict:
    """The order resource, keys in the order of provet-orders.txt's sample response. Its
    `date` is answered as stored (SQL Server's datetime keeps 1/300 s: the sample's POST answers
    `...20.1235600Z` and a later GET `...20.1230000Z`), or at full precision for the answer to
    the POST that placed it (`as_stored=False`)."""
    status = rules.status_at(order["created_us"], order["flag"], now_us, interval_us)
    created = sql_datetime_us(order["created_us"]) if as_stored else order["created_us"]
    wire = {
        "id": order["id"],
        "status": status,
        "date": format_dotnet_utc(created),
        "orderLines": [{
            "productCode": line["product_code"],
            "quantity": line["quantity"],
            "shippedQuantity": rules.shipped_quantity(line["quantity"], status),
            "status": rules.line_status(line["quantity"], status),
        } for line in order["lines"]],
    }
    for key, stored in _ANSWERED:
        wire[key] = order[stored]
    vet = order["deliver_to_vet_account_number"]
    if vet is not None:  # not in the v1 sample response: echoed only for clinic delivery
        wire["deliverToVetAccountNumber"] = vet
    return wire


# (response key, stored column) of every property a GET answers, worked out once; the clinic
# delivery account number comes last, and only when set.
_ANSWERED = [(wire_name[0].lower() + wire_name[1:], stored)
             for wire_name, stored, _required, _length in ORDER_PROPERTIES
             if stored != "deliver_to_vet_account_number"]


def number(value: float | int | None) -> float | int | None:
    """A decimal as Provet prints it: whole numbers without a fraction (`140`, `11.1`)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def product_to_wire(product: dict, image_urls: list[str], single: bool) -> dict:
    """The Dropship v1 product resource in its documented order (Provet's Dropship v1 Products
    page); a single product adds its quantity on hand ("only shown when viewing an individual
    product")."""
    wire = {
        "code": product["code"],
        "description": product["description"],
        "friendlyDescription": product["friendly_description"],
        "longDescription": product["long_description"],
        "teaser": product["teaser"],
        "price": number(product["price"]),
        "rrp": number(product["rrp"]),
        "tags": product["tags"],
        "images": [{"url": url} for url in image_urls],
        "length": number(product["length"]),
        "breadth": number(product["breadth"]),
        "height": number(product["height"]),
        "weight": number(product["weight"]),
    }
    if single:
        wire["quantityOnHand"] = product["quantity_on_hand"]
    return wire


def product_page_to_wire(items: list[dict], page: int, page_size: int, total: int) -> dict:
    """The paged envelope of Provet's Dropship v1 product list sample. A page past the end
    answers no items with the true totals."""
    page_count = -(-total // page_size)
    return {"items": items, "pageNumber": page, "pageSize": page_size, "count": len(items),
            "totalCount": total, "pageCount": page_count, "isFirstPage": page == 1,
            "isLastPage": page >= page_count, "hasPreviousPage": page > 1,
            "hasNextPage": page < page_count}


# -- the control plane's product overrides (/_sim/provet/products/{code}) ------------------
_OVERRIDES = {"quantityonhand": "quantity_on_hand", "price": "price", "rrp": "rrp",
              "discontinued": "discontinued"}


def _override_value(stored: str, value: Any) -> Any:
    if value is None:
        return None
    if stored == "discontinued":
        if not isinstance(value, bool):
            raise ControlError("'discontinued' must be true or false (or null to drop it)")
        return int(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ControlError(f"'{_WIRE_NAMES[stored]}' must be a number (or null to drop it)")
    if stored == "quantity_on_hand":
        if not float(value).is_integer() or not 0 <= value <= INT32_MAX:
            raise ControlError(f"'quantityOnHand' must be a whole number from 0 to {INT32_MAX}")
        return int(value)
    if not 0 <= value <= 1_000_000:
        raise ControlError(f"'{stored}' must be between 0 and 1000000")
    return round(value + 1e-9, 2)


_WIRE_NAMES = {"quantity_on_hand": "quantityOnHand", "price": "price", "rrp": "rrp",
               "discontinued": "discontinued"}


def parse_override(body: dict) -> dict:
    """The changes a control call asks for, in stored names; ControlError names what is
    wrong. Property names match in any case; null drops that one override."""
    unknown = [k for k in body if k.lower() not in _OVERRIDES and k != "account"]
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}; give any of "
                           "quantityOnHand, price, rrp, discontinued")
    changes = {_OVERRIDES[k.lower()]: v for k, v in body.items() if k.lower() in _OVERRIDES}
    if not changes:
        raise ControlError("give any of quantityOnHand, price, rrp, discontinued, e.g. "
                           "{\"quantityOnHand\": 0}")
    return {stored: _override_value(stored, value) for stored, value in changes.items()}


def stock_view_to_wire(account: str, product: dict, view) -> dict:
    """What the account sees of a product, its override and the catalogue's own values."""
    override = {_WIRE_NAMES[f]: product[f"override_{'qoh' if f == 'quantity_on_hand' else f}"]
                for f in _WIRE_NAMES}
    if override["discontinued"] is not None:
        override["discontinued"] = bool(override["discontinued"])
    shared = product["catalogue"]
    return {
        "account": account, "code": product["code"], "description": product["description"],
        "quantityOnHand": product["quantity_on_hand"], "price": number(product["price"]),
        "rrp": number(product["rrp"]), "discontinued": product["discontinued"],
        "updatedOn": format_dotnet_utc(view.instant(product["updated_day"], product["updated_sec"])),
        "overridden": product["overridden"], "override": override,
        "catalogue": {"quantityOnHand": shared["quantity_on_hand"], "price": number(shared["price"]),
                      "rrp": number(shared["rrp"]), "discontinued": shared["discontinued"]},
    }
