"""Allivet wire format: the documented request properties and their rules (checked by
`binding`), response shapes in the documented key order, casing.

ASP.NET Core with System.Text.Json web defaults (docs/design.md, Allivet): property names match
in any case, numbers may come as numeric strings, a string property refuses a number, unknown
properties are ignored. Validation errors are keyed by the JSON property path
(`customerSalesOrderDetail[0].quantity`); messages are DataAnnotations' own.
"""
from __future__ import annotations

import functools
import json
import re
from typing import Any

from ...core.wire import MAX_JSON_DEPTH, CaseInsensitiveDict, format_dotnet_unspecified
from . import pricing, rules
from .binding import F, check, read_json_body, require_object
from .errors import UnsupportedMediaType, ValidationProblem

PET_TYPES = ("Dog", "Cat", "Horse", "Bird", "Camel", "Ferret", "Fish", "Goat", "Pig", "Hamster",
             "Iguana", "Rabbit", "Rat", "Snake", "Turtle", "Cattle", "Chicken", "Guinea Pig",
             "Llama", "Primate", "Reptiles", "Rodent", "Ruminant", "Sheep", "Swine", "Turkey",
             "Other")
PET_AGES = ("0-1 years", "2-3 years", "4-5 years", "6-7 years", "8-9 years", "10+ years",
            "Unknown")
# The patterns the Allivet REST API document prints beside string properties, as it prints
# petDateOfBirth's: DataAnnotations' RegularExpression, case-sensitive, whole value.
YN, GENDER, ADDRESS_TYPE, REASON = "Y|N", "F|M", "Shipping|Billing", "0|1|2|3|4|5|6|7|8|9"
# The document cuts petAge's pattern off after "8-9 y..."; the rest is the codes it lists
# beneath, with the `+` escaped so that its own code "10+ years" matches.
PET_AGE = r"0-1 years|2-3 years|4-5 years|6-7 years|8-9 years|10\+ years|Unknown"
PET_DOB = r"^(\d{1,2})(\/|-)(\d{1,2})(\/|-)(\d{4})$"


def snake(name: str) -> str:
    """The stored (snake_case) name of a wire property: perksIDNumber -> perks_id_number."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


# A product answer names some 76 keys: worked out once each, not on every request (a GET
# product spent a sixth of its time here). Bounded: stored JSON may carry keys a client sent.
@functools.lru_cache(maxsize=4096)
def camel(name: str) -> str:
    """The wire (camelCase) name of a stored key: as_by_pass -> asByPass."""
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def camel_keys(value: Any) -> Any:
    """A stored JSON structure with camelCase keys, order kept."""
    if isinstance(value, dict):
        return {camel(k): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


AUTH = ("clientID", "clientSecretKey", "apiScope", "storeKey")
VET = (F("vetName", True, 100), F("clinicName", True, 100), F("vetAddress", False, 200),
       F("vetCity", True, 50), F("vetState", True, 2), F("vetPostalCode", True, 10),
       F("vetPhone", True, 50))
ORDER = (F("clientId", True, 30), F("clientOrderId", True, 50), F("customerId", True, 60),
         F("customerKeyId", True, 60), F("salesOrderDate", True, 200, "date"),
         F("shippingMethod", True, 30, "shipping"),
         F("billToName", False, 100), F("billToAddress", False, 200), F("billToCity", False, 50),
         F("billToState", False, 50), F("billToPostalCode", False, 10),
         F("billToCountry", False, 2), F("billToPhone", False, 10),
         F("shipToAddressId", False, 30), F("shipToName", True, 100),
         F("shipToAddress", True, 200), F("shipToCity", True, 50), F("shipToState", True, 50),
         F("shipToPostalCode", True, 10), F("shipToCountry", True, 2), F("shipToPhone", True, 10),
         F("isAutoship", True, 1, "pattern", YN, "N"), F("isReship", False, 1, "pattern", YN, "N"),
         F("reasonCode", False, 1, "pattern", REASON),
         F("originalClientOrderId", False, 30))
# The line item is not documented (its schema is collapsed in allivet-rest-api.txt): dropsim's.
DETAIL = (F("itemName", True, 50), F("quantity", True, kind="int"),
          F("clientPetId", False, 200), F("clientVetId", False, 200))
CUSTOMER = (F("email", True, 100, "email"), F("clientCustomerNo", True, 100),
            F("clientAutoshipId", True, 200), F("clientRxId", True, 200),
            F("clientReorderId", True, 200), F("clientCustomerId", False, 30),
            F("firstName", True, 100), F("middleName", False, 50), F("lastName", True, 100),
            F("customerName", True, 100), F("billToAddressId", False, 100),
            F("billToAddress", False, 200), F("billToCity", False, 50),
            F("billToState", False, 50), F("billToPostalCode", False, 10),
            F("billToCountry", False, 2), F("billToPhone", False, 50), F("password", False, 12),
            F("isOkToReceiveEmail", False, 1, "pattern", YN, "Y"), F("perksIDNumber", False, 50))
# CustomerCreateShipToRequest is collapsed in the docs too: named like the billTo fields.
SHIP_TO = (F("shipToAddressId", True, 100), F("shipToName", False, 100),
           F("shipToAddress", True, 200), F("shipToCity", True, 50), F("shipToState", True, 50),
           F("shipToPostalCode", True, 10), F("shipToCountry", True, 2),
           F("shipToPhone", False, 50), F("isPrimary", False, 1, "pattern", YN))
CUSTOMER_UPDATE = (F("firstName", True, 100), F("lastName", True, 100), F("telephone", True, 50),
                   F("email", True, 100, "email"), F("clientAutoshipId", False, 200),
                   F("clientRxId", False, 200), F("clientReorderId", False, 200),
                   F("clientCustomerId", False, 30), F("mobile", False, 50),
                   F("isOkToReceiveEmail", False, 1, "pattern", YN), F("perksIDNumber", False, 50))
ADDRESS = (F("addressType", True, 200, "pattern", ADDRESS_TYPE),
           F("isPrimary", True, 1, "pattern", YN), F("addressId", True, 100), F("name", True, 100),
           F("address", True, 200), F("city", True, 50), F("state", True, 50),
           F("postalCode", True, 10), F("country", True, 2), F("phone", False, 50))
ADDRESS_UPDATE = tuple(f for f in ADDRESS if f.wire != "addressId")
CUSTOMER_VET = (F("clientVetId", True, 200), F("vetName", True, 100), F("clinicName", False, 100),
                F("vetPhone", True, 50), F("vetCity", False, 50), F("vetState", True, 2),
                F("vetPostalCode", False, 10), F("cbExternalCode", False, 100))
PET = (F("clientPetId", True, 200), F("petName", True, 100), F("petOwner", True, 100),
       F("petType", True, 10, "enum", PET_TYPES), F("petBreed", False, 40),
       F("specialType", False, 10), F("petGender", True, 1, "pattern", GENDER),
       F("petAge", True, 10, "pattern", PET_AGE), F("petDateOfBirth", False, 10, "pattern", PET_DOB),
       F("petWeight", True, kind="double"), F("medicalAllergies", False, 400),
       F("medicationIsTaking", False, 400), F("medicalConditions", False, 400),
       F("isPregnant", True, 1, "pattern", YN), F("isDeceased", True, 1, "pattern", YN),
       F("image", False, 40))
PET_UPDATE = tuple(f for f in PET if f.wire != "clientPetId")


def _pascal(wire: str) -> str:
    return wire[0].upper() + wire[1:]


def parse_auth(raw: bytes, mimetype: str) -> tuple[dict | None, list[str]]:
    """(stored-name credentials, the properties not provided) of an Auth body; (None, []) when
    the body is not a JSON object. Auth documents no 400 or 415: the route answers 401."""
    try:
        data = require_object(read_json_body(raw, mimetype, MAX_JSON_DEPTH, "AuthRequest"),
                              "AuthRequest")
    except (ValidationProblem, UnsupportedMediaType):
        return None, []
    values = {snake(w): data.get(w) for w in AUTH}
    missing = [w for w in AUTH if not isinstance(data.get(w), str) or not data.get(w).strip()]
    return values, missing


def validate(data: CaseInsensitiveDict, fields: tuple[F, ...], errors: dict,
             prefix: str = "") -> dict:
    """Stored-name values of `fields`; problems go into `errors` keyed by JSON path."""
    return {snake(f.wire): check(f, data.get(f.wire), prefix + f.wire, _pascal(f.wire), errors)
            for f in fields}


def parse(body: Any, fields: tuple[F, ...], model: str) -> dict:
    """Validate a flat model; ValidationProblem listing every offending property."""
    errors: dict = {}
    values = validate(require_object(body, model), fields, errors)
    if errors:
        raise ValidationProblem(errors)
    return values


def _object_list(data: CaseInsensitiveDict, wire: str, fields: tuple[F, ...], errors: dict,
                 required: bool) -> list[dict]:
    raw = data.get(wire)
    if raw is None:
        if required:
            errors[wire] = [f"The {_pascal(wire)} field is required."]
        return []
    if not isinstance(raw, list):
        errors[wire] = [f"The JSON value could not be converted to a list. Path: $.{wire}"]
        return []
    if required and not raw:
        errors[wire] = [f"The field {_pascal(wire)} must be a non-empty array."]
    items = []
    for n, item in enumerate(raw):
        if not isinstance(item, dict):
            errors[f"{wire}[{n}]"] = [f"The JSON value could not be converted to an object. "
                                      f"Path: $.{wire}[{n}]"]
            continue
        items.append(validate(CaseInsensitiveDict(item), fields, errors, f"{wire}[{n}]."))
    return items


def parse_order(body: Any) -> tuple[dict, list[dict]]:
    """(order, details) from a New/Update Order body; reship needs reasonCode and
    originalClientOrderId."""
    data = require_object(body, "CreateOrderRequest")
    errors: dict = {}
    order = validate(data, ORDER, errors)
    if order.get("is_reship") == "Y":
        for wire in ("reasonCode", "originalClientOrderId"):
            if not (order.get(snake(wire)) or "").strip() and wire not in errors:
                errors[wire] = [f"The {_pascal(wire)} field is required when IsReship is Y."]
    details = _object_list(data, "customerSalesOrderDetail", DETAIL, errors, True)
    if errors:
        raise ValidationProblem(errors)
    return order, details


def parse_customer(body: Any) -> tuple[dict, list[dict]]:
    """(customer, ship-to addresses) from a Register Customer body."""
    data = require_object(body, "CustomerCreateRequest")
    errors: dict = {}
    customer = validate(data, CUSTOMER, errors)
    ship_to = _object_list(data, "customerShipTo", SHIP_TO, errors, False)
    if errors:
        raise ValidationProblem(errors)
    return customer, ship_to


def query_args(args) -> CaseInsensitiveDict:
    """Query parameters with case-insensitive names (ASP.NET model binding)."""
    return CaseInsensitiveDict((k, v) for k, v in args.items())


# -- responses ---------------------------------------------------------------------------
def _date(us: int | None) -> str | None:
    return None if us is None else format_dotnet_unspecified(us)


def _out(row: dict, fields: tuple[F, ...], skip: tuple[str, ...] = ()) -> dict:
    return {f.wire: row.get(snake(f.wire)) for f in fields if f.wire not in skip}


def ok(body: dict) -> dict:
    """The documented success envelope: the resource plus empty warnings and statusCode 200."""
    return {**body, "warnings": {}, "statusCode": 200}


def product_to_wire(group: dict, items: list[dict]) -> dict:
    """A product group with its matrix items, keys as in the docs' CLOVITE sample."""
    wire = {camel(k): group[k] for k in (
        "item_name", "brand", "manufacturer", "item_type", "item_description", "show_buy_button",
        "as_by_pass", "active", "is_rx_item", "is_cold_item", "is_dangerous_goods", "is_map",
        "is_p65")}
    wire["metaData"] = camel_keys(json.loads(group["meta_data"]))
    wire["productAttribute"] = camel_keys(json.loads(group["product_attribute"]))
    wire["matrixItem"] = [matrix_item_to_wire(i) for i in items]
    wire["bundleComponent"] = camel_keys(json.loads(group["bundle_component"]))
    return wire


def _num(value):
    # SQLite REAL gives 5.0 where the docs (a .NET decimal) write 5.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def matrix_item_to_wire(item: dict) -> dict:
    """A matrix item (a sellable SKU such as 10012-05)."""
    wire = {camel(k): _num(item[k]) for k in (
        "item_name", "upc_code", "item_description", "item_type", "allivet_price", "map_price",
        "show_buy_button", "weight_in_pounds", "length_in_inches", "height_in_inches",
        "width_in_inches", "active", "as_by_pass", "is_shipping_restricted")}
    wire["stateRestricted"] = json.loads(item["state_restricted"])
    wire["productAttribute"] = camel_keys(json.loads(item["product_attribute"]))
    return wire


def availability_to_wire(group: dict, items: list[dict]) -> dict:
    """Stock per matrix item (the docs give no sample: dropsim's shape)."""
    return {"itemName": group["item_name"], "itemDescription": group["item_description"],
            "matrixItem": [{"itemName": i["item_name"], "itemDescription": i["item_description"],
                            "active": i["active"], "quantityAvailable": i["quantity_available"],
                            "isAvailable": "Y" if i["active"] == "A" and i["quantity_available"] > 0
                            else "N"} for i in items]}


def vet_to_wire(vet: dict) -> dict:
    """A vet of the directory, as the New Vet sample response."""
    return {"vetId": vet["id"], **_out(vet, VET),
            "dateCreated": _date(vet["created_us"]), "dateModified": _date(vet["modified_us"])}


def address_to_wire(a: dict) -> dict:
    """A customer address."""
    return {"addressId": a["address_id"], **_out(a, ADDRESS, ("addressId",)),
            "dateCreated": _date(a["created_us"]), "dateModified": _date(a["modified_us"])}


def customer_to_wire(c: dict, addresses: list[dict]) -> dict:
    """The customer resource, keys as in the Get Customer sample."""
    keys = ("customerGuid", "email", "clientCustomerNo", "clientAutoshipId", "clientRxId",
            "clientReorderId", "clientCustomerId", "firstName", "middleName", "lastName",
            "customerName", "mobile", "isOkToReceiveEmail", "perksIDNumber")
    wire = {k: c[snake(k)] for k in keys}
    wire["dateCreated"], wire["dateModified"] = _date(c["created_us"]), _date(c["modified_us"])
    wire["customerBilling"] = [address_to_wire(a) for a in addresses if a["address_type"] == "Billing"]
    wire["customerShipTo"] = [address_to_wire(a) for a in addresses if a["address_type"] == "Shipping"]
    return ok(wire)


def pet_to_wire(p: dict) -> dict:
    """A customer's pet."""
    return {**_out(p, PET), "dateCreated": _date(p["created_us"]),
            "dateModified": _date(p["modified_us"])}


def customer_vet_to_wire(v: dict) -> dict:
    """A vet linked to a customer."""
    return {**_out(v, CUSTOMER_VET), "dateCreated": _date(v["created_us"]),
            "dateModified": _date(v["modified_us"])}


def order_to_wire(o: dict, now_us: int, interval_us: int) -> dict:
    """The order resource, keys as in the New Order sample response (no tracking number: the
    documented resource has none; /_sim/allivet/orders shows it)."""
    status = rules.status_at(o, now_us, interval_us)
    rx_status = rules.rx_status_at(o, now_us, interval_us) if o["is_rx"] else None
    wire = {"salesOrderCode": o["sales_order_code"]}
    for f in ORDER[:21]:
        wire[f.wire] = o[snake(f.wire)]
    wire["shippingMethod"] = pricing.shipping_description(o["shipping_method"])
    wire.update({"subTotal": o["sub_total"], "freight": o["freight"], "freightTax": o["freight_tax"],
                 "tax": o["tax"], "total": o["total"], "isAutoship": o["is_autoship"],
                 "isReship": o["is_reship"], "reasonCode": o["reason_code"],
                 "originalClientOrderId": o["original_client_order_id"]
                 if o["is_reship"] == "Y" else "N/A",
                 "orderStatus": status,
                 "dateCreated": _date(o["created_us"]), "dateModified": _date(o["modified_us"])})
    wire["customerSalesOrderDetail"] = [{
        "itemName": d["item_name"], "itemDescription": d["item_description"],
        "quantity": d["quantity"], "unitPrice": d["unit_price"],
        "extendedPrice": d["extended_price"], "isRxItem": "Y" if d["is_rx"] else "N",
        "clientPetId": d["client_pet_id"], "clientVetId": d["client_vet_id"],
        "prescriptionId": d["prescription_id"],
        "rxStatus": rx_status if d["is_rx"] else None} for d in o["details"]]
    return ok(wire)


def prescription_to_wire(p: dict, now_us: int, interval_us: int) -> dict:
    """One prescription of Get Customer Prescriptions (PascalCase like its envelope)."""
    return {"PrescriptionId": p["id"], "SalesOrderCode": p["sales_order_code"],
            "ClientOrderId": p["client_order_id"], "ItemName": p["item_name"],
            "ItemDescription": p["item_description"], "Quantity": p["quantity"],
            "ClientPetId": p["client_pet_id"], "ClientVetId": p["client_vet_id"],
            "RxStatus": rules.rx_status_at(p, now_us, interval_us),
            "DateCreated": _date(p["created_us"])}
