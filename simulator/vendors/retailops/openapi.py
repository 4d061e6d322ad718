"""RetailOps' OpenAPI document: one operation per call of the routes' CALLS registry, at the
path and version it is registered with, the request bodies the schemas.py readers accept, and
the RetailOps envelope (`success: 0` with ERROR and ERRORCODE, HTTP 200 for business errors).

The readers are hand-written (integers as numbers or numeric strings, flags as 1/0 or
true/false), so the bodies here are declared beside them and a test holds each required
property and bound against the server (tests/vendors/retailops/test_openapi_bodies.py)."""
from __future__ import annotations

from ...core.openapi import (ACCOUNT, ANY, DATE_TIME, DROPSIM_DECISION, INTEGER,
                             NOT_FOUND as NO_SUCH, STRING, Api, Operation, array, control_op,
                             json_response, nullable, obj, param, ref)
from . import errors, models, rules, schemas
from .routes import CALLS

DOC = "RetailOps' Interaction Guide for Dropship Integrations"


def whole(minimum: int | None = None, maximum: int = schemas.MAX_INT) -> dict:
    """An integer, or its digits as a string (the guide's samples send `"vendor_id":"27"`)."""
    out = {"type": ["integer", "string"], "pattern": r"^\s*[+-]?[0-9]+\s*$", "maximum": maximum}
    if minimum is not None:
        out["minimum"] = minimum
    return out


FLAG = {"enum": [True, False, 0, 1, "0", "1", "true", "false"]}
TEXT = {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}
STATUS = {"type": "string", "enum": list(rules.STATUSES)}
PO_ITEMS = array(obj({"po_item_id": whole(), "quantity": whole(0)}, ["po_item_id"]))


def records(record: dict) -> dict:
    return obj({"records": array(record, minItems=1, maxItems=schemas.MAX_RECORDS)}, ["records"])


COMPLETE = obj({
    "po": TEXT,
    "packages": array(obj({
        "ship_class_id": whole(), "tracking_number": TEXT,
        "items": array(obj({"vpc": TEXT, "quantity": whole(1)}, ["vpc", "quantity"]),
                       minItems=1),
        "unit_count": whole(1)}, ["ship_class_id", "tracking_number", "items"])),
    "cancel_remainder": FLAG}, ["po"], description=(
        "packages is required unless cancel_remainder is set. " + DROPSIM_DECISION +
        " `{\"records\": [...]}` of these completes several POs at once."))

# Call name (as registered in routes.CALLS) -> (request body, guide section, summary)
BODIES: dict[str, tuple[dict, str, str]] = {
    "product.externalsku.update": (records(obj({
        "vendor_id": whole(), "vendor_name": STRING, "vpc": TEXT, "quantity": whole(0),
        "active": FLAG, "unit_cost": {"type": ["number", "string", "null"], "minimum": 0,
                                      "maximum": 1e9}}, ["vpc", "quantity"],
        description="vendor_id or vendor_name is required.")),
        "1. Inventory Advice", "Advise inventory per VPC"),
    "vendor.po.fetch": (obj({
        "vendor_id": whole(), "start": whole(0), "limit": whole(1, schemas.MAX_LIMIT),
        "status": {"anyOf": [STATUS, array(STATUS, minItems=1)]}, "with_items": FLAG}),
        "2. PO Retrieval", "Fetch POs"),
    "vendor.po.marksubmitted": (records(obj({"po": TEXT, "items": PO_ITEMS}, ["po"])),
                                "3. PO Status Update", "Mark POs submitted"),
    "vendor.po.complete": (COMPLETE, "4. PO Completion & Tracking Upload",
                           "Complete a PO with packages and tracking"),
    "constant.ship.carrierclass.fetch": (obj({"all": FLAG, "id": whole()}),
                                         "Retrieve List of Ship Carrier Classes",
                                         "Fetch ship carrier classes"),
    "vendor.po.markaccepted": (records(obj({"po": TEXT, "items": PO_ITEMS}, ["po"])),
                               "5. PO Acknowledgment (Optional)", "Mark POs accepted"),
    "vendor.po.updateestshipdate": (records(obj({
        "po": TEXT, "estimated_ship_date": STRING, "items": PO_ITEMS},
        ["po", "estimated_ship_date"])), "6. Estimated Ship Date Update (Optional)",
        "Update estimated ship dates"),
    "product.sku.get": (obj({"sku_string": {"type": "string", "minLength": 1, "pattern": r"\S"},
                             "vendor_id": whole()}, ["sku_string"]),
                        f"{DROPSIM_DECISION} Product.Sku.get as iPaaS connectors call it",
                        "Get the SKUs behind a VPC"),
}

_WHEN = nullable(DATE_TIME)
SCHEMAS = {
    "Error": obj({"success": {"const": 0}, "ERROR": STRING,
                  "ERRORCODE": {"enum": sorted(v for k, v in vars(errors).items()
                                               if k.isupper() and isinstance(v, str))},
                  "records": array({"type": "object"})},
                 ["success", "ERROR", "ERRORCODE"],
                 description="The RetailOps envelope of a refused call (HTTP 200 for business "
                             "errors; with `records` when a batch failed in part)."),
    "Records": obj({"success": {"const": 1}, "records": array({"type": "object"}),
                    "total": INTEGER}, ["success", "records"],
                   description="A call that succeeded: one result per record."),
    "PO": obj({"po": STRING, "id": INTEGER, "vendor_id": INTEGER, "status": STATUS,
               "date_submit": _WHEN, "date_created": _WHEN, "estimated_ship_date": _WHEN,
               "ship_service": obj({"ship_class_id": nullable(INTEGER),
                                    "name": nullable(STRING)}),
               "ship_address": obj({f: nullable(STRING) for f in models.SHIP_FIELDS}),
               "revision": INTEGER, "items": array({"type": "object"}),
               "packages": array({"type": "object"})},
              ["po", "id", "vendor_id", "status"]),
    "CarrierClass": obj({"id": INTEGER, "name": STRING}, ["id", "name"]),
}


def _answer(description: str) -> dict:
    return json_response(description, {"anyOf": [ref("Records"), ref("Error")]})


def _refused(description: str) -> dict:
    return json_response(description, ref("Error"))


def operations() -> tuple[Operation, ...]:
    ops = []
    for key, (handler, version, name) in CALLS.items():
        body, section, summary = BODIES[key]
        path = "/" + name.replace(".", "/") + f"~{version}.json"
        ops.append(Operation(
            "POST", path, name.replace(".", ""), summary,
            f"{DOC}, {section}" if not section.startswith("**") else section, {
                "200": _answer("`success: 1` with the records, or the envelope of a refusal "
                               "(`success: 0`, ERROR, ERRORCODE): RetailOps answers business "
                               "errors with HTTP 200."),
                "401": _refused("AUTH_REQUIRED or INVALID_APIKEY."),
                "404": _refused("NOT_FOUND: another version of the call."),
                "413": _refused("The body is larger than the max_body_bytes setting."),
                "503": _refused("dropsim's database is unavailable (or an injected fault)."),
            }, body=body, description=(
                f"{handler.__doc__ or ''} The path matches in any case, with or without the "
                f"`~{version}` version and the `.json` suffix ({name.replace('.', '/')}.json "
                "as the guide writes it)."),
            tag=name.split(".")[0]))
    return tuple(ops)


def api(_settings: dict) -> Api:
    return Api(
        title="RetailOps vendor calls", prefix="/retailops", version="1",
        description=(
            "The RetailOps API calls a dropship vendor makes (inventory advice, PO retrieval, "
            f"status updates, completion with tracking), as served by dropsim. Follows {DOC}. "
            "Every call is a POST with a JSON object body and the vendor's `apikey` header; "
            "refusals are the RetailOps envelope, mostly with HTTP 200. POs advance on "
            "dropsim's virtual clock and a simulated storefront keeps placing new ones."),
        operations=operations(),
        schemas=SCHEMAS,
        security_schemes={"apikey": {"type": "apiKey", "in": "header", "name": "apikey",
                                     "description": "The vendor's API key (POST /_sim/accounts "
                                                    "answers it; also accepted as the apikey "
                                                    "query parameter)."}},
        security=[{"apikey": []}],
        tags=tuple({"name": n} for n in ("Product", "Vendor", "Constant")),
        try_it=lambda cred: {"apikey": cred["principal"]})


def control_operations(_settings: dict) -> tuple[Operation, ...]:
    """/_sim/retailops/pos: the storefront's side (a customer buys, a PO changes)."""
    tag = "RetailOps"
    answer = json_response("The PO with its items and packages.", obj({
        "account": STRING, "po": {"type": "object"}}, ["account", "po"]))
    number = param("number", "path", STRING, "The PO number, e.g. `D123`.")
    items = array(STRING, description="`VPC:quantity` (or `po_item_id:quantity` to change).")
    return (
        control_op("POST", "/pos", "retailopsCreatePo", "A customer buys now", answer,
                   status="201", body=obj({"vendor": ANY, "vendor_id": ANY, "items": items,
                                           "date_submit": STRING, "account": STRING},
                                          description="vendor (or vendor_id) is required."),
                   params=(ACCOUNT,), extra=NO_SUCH, tag=tag),
        control_op("POST", "/pos/{number}/change", "retailopsChangePo", "The storefront changes "
                   "a submitted PO", answer, body=obj({"items": items, "account": STRING}),
                   params=(number, ACCOUNT), extra={**NO_SUCH, "409": json_response(
                       "The PO cannot change in its status.", ref("Error"))}, tag=tag),
        control_op("GET", "/pos/{number}", "retailopsPoView", "A PO with items and packages",
                   answer, params=(number, ACCOUNT), extra=NO_SUCH, tag=tag),
    )
