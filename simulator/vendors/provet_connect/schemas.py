"""Provet Connect wire format (provet-products.txt, and Provet Connect's API Details page):
the request headers, the product list's query, and ProductSummary and Product in their
documented order, camelCased as Json.NET writes them (`RRP` -> `rrp`, `MSDSUrl` -> `msdsUrl`)."""
from __future__ import annotations

from typing import Mapping

from ...core.wire import (CaseInsensitiveDict, WireError, coerce_int32, format_dotnet_utc,
                          parse_datetime)
from ..provet.schemas import number
from . import rules
from .errors import InvalidRequest, NotAcceptable

JSON, XML = "application/json", "application/xml"


def check_headers(headers: Mapping[str, str], method: str) -> tuple[str, str]:
    """(User-Auth, Client-Auth) when every required header is there and valid; a 400 naming
    each missing or invalid one, or a 406 for a client that accepts only XML."""
    problems: dict[str, list[str]] = {}
    required = [name for name, _what in rules.REQUIRED_HEADERS]
    if method in ("POST", "PUT"):
        required.append("Content-Type")
    for name in required:
        if not (headers.get(name) or "").strip():
            problems[name] = [f"The {name} header is required."]
    accept = [part.split(";")[0].strip().lower() for part in headers.get("Accept", "").split(",")]
    if "Accept" not in problems and JSON not in accept and XML not in accept:
        problems["Accept"] = ["The Accept header must be application/json or application/xml."]
    version = (headers.get("Api-Version") or "").strip()
    if "Api-Version" not in problems:
        try:
            if coerce_int32(version) != rules.API_VERSION:
                problems["Api-Version"] = [f"Api-Version {version} is not supported; the current "
                                           f"version is {rules.API_VERSION}."]
        except WireError:
            problems["Api-Version"] = ["The Api-Version header must be an integer."]
    if problems:
        raise InvalidRequest(problems)
    if JSON not in accept:
        raise NotAcceptable()
    return headers["User-Auth"].strip(), headers["Client-Auth"].strip()


def parse_product_query(args: Mapping[str, str]) -> dict:
    """Search, ResultLimit (default 20, negative = all), UpdatedAfter, CreatedAfter; names in
    any case."""
    args = CaseInsensitiveDict(args.items())
    errors: dict[str, list[str]] = {}
    limit: int | None = 20
    raw_limit = args.get("ResultLimit")
    if raw_limit not in (None, ""):
        try:
            limit = coerce_int32(raw_limit)
        except WireError:
            errors["ResultLimit"] = [f"The value '{raw_limit}' is not valid for ResultLimit."]
    dates = {}
    for name in ("UpdatedAfter", "CreatedAfter"):
        raw = args.get(name)
        if raw not in (None, ""):
            try:
                dates[name] = parse_datetime(raw)[0]
            except WireError:
                errors[name] = [f"The value '{raw}' is not valid for {name}."]
    if errors:
        raise InvalidRequest(errors)
    search = args.get("Search")
    return {"search": search.strip() if search and search.strip() else None,
            "limit": None if limit is not None and limit < 0 else limit,
            "updated_after_us": dates.get("UpdatedAfter"),
            "created_after_us": dates.get("CreatedAfter")}


def _instant(view, day: int | None, seconds: int = 0) -> str | None:
    return None if day is None else format_dotnet_utc(view.instant(day, seconds))


def product_summary_to_wire(product: dict, view, links: dict) -> dict:
    """A ProductSummary of the list endpoint, in the documented order."""
    return {
        "productCode": product["code"],
        "description": product["description"],
        "listPrice": number(product["list_price"]),
        "price": number(product["price"]),
        "rrp": number(product["rrp"]),
        "pictureUrl": links["picture"],
        "manufacturer": product["manufacturer"],
        "manufacturerCode": product["manufacturer_code"],
        "dispensingUnit": product["dispensing_unit"],
        "therapeuticIndex": product["therapeutic_index"],
        "dangerousGoodsClass": product["dangerous_goods_class"],
        "length": number(product["length"]),
        "breadth": number(product["breadth"]),
        "height": number(product["height"]),
        "weight": number(product["weight"]),
        "unitOfMeasure": product["unit_of_measure"],
        "poisonSchedule": product["poison_schedule"],
        "infoSheetUrl": links["info_sheet"],
        "msdsUrl": links["msds"],
        "url": links["page"],
        "updatedOn": _instant(view, product["updated_day"], product["updated_sec"]),
        "createdOn": _instant(view, product["created_day"], product["created_sec"]),
    }


def product_to_wire(product: dict, view, links: dict) -> dict:
    """A Product of the get endpoint, in the documented order. StockAvailable is the account's
    quantity on hand, the same figure Provet Dropship answers."""
    return {
        "productCode": product["code"],
        "description": product["description"],
        "listPrice": number(product["list_price"]),
        "price": number(product["price"]),
        "gst": product["gst"],
        "priceBreak": [{"quantity": b["quantity"], "price": number(b["price"])}
                       for b in product["price_breaks"]],
        "rrp": number(product["rrp"]),
        "stockAvailable": product["quantity_on_hand"],
        "eta": _instant(view, product["eta_day"]),
        "barcode": product["barcodes"],
        "picture": links["picture"],
        "manufacturer": product["manufacturer"],
        "manufacturerCode": product["manufacturer_code"],
        "weight": number(product["weight"]),
        "length": number(product["length"]),
        "breadth": number(product["breadth"]),
        "height": number(product["height"]),
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
        "createdOn": _instant(view, product["created_day"], product["created_sec"]),
        "updatedOn": _instant(view, product["updated_day"], product["updated_sec"]),
    }
