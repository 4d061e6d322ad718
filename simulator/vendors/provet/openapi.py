"""Provet Dropship's OpenAPI document: the operations routes.py serves, the order body built
from the same ORDER_PROPERTIES table that schemas.parse_order validates with, and Web API's
error shapes (shared with Provet Connect, which runs on the same platform)."""
from __future__ import annotations

from ...core.openapi import (ACCOUNT, BOOLEAN, DATE_TIME, DROPSIM_DECISION, INTEGER, NON_BLANK,
                             NOT_FOUND as NO_SUCH, NUMBER, STRING, Api, Operation, array,
                             control_op, empty, json_response, nullable, obj, param, ref)
from . import rules, schemas
from .media import IMAGE_PATH

DOC = "Provet's Dropship v1 documentation"

# -- Web API's error shapes (Provet Dropship and Provet Connect) --------------------------
ERROR_SCHEMAS = {
    "Message": obj({"message": STRING}, ["message"],
                   description="ASP.NET Web API's error body, e.g. an unknown route or 415."),
    "ModelState": obj({"message": {"const": "The request is invalid."},
                       "modelState": {"type": "object",
                                      "additionalProperties": array(STRING)}},
                      ["message", "modelState"],
                      description="400: one key per offending field (`order.CustomerName`, "
                                  "`order.OrderLines[0].Quantity`, `pageSize`), each with its "
                                  "messages."),
}


def message(description: str) -> dict:
    return json_response(description, ref("Message"))


def invalid(description: str = "Invalid request: a ModelState naming each bad field.") -> dict:
    return json_response(description, ref("ModelState"))


def server_responses(with_body: bool) -> dict:
    """What dropsim's request pipeline may answer before the vendor's handler runs."""
    out = {"503": message("dropsim's database is unavailable (or an injected fault).")}
    if with_body:
        out["413"] = message("The body is larger than the max_body_bytes setting.")
    return out


# -- request schemas, from the declarations the server validates with ----------------------
def _string(length: int, required: bool) -> dict:
    if required:
        return {"type": "string", "minLength": 1, "maxLength": length, "pattern": NON_BLANK}
    return {"type": ["string", "null"], "maxLength": length}


def order_request_schema() -> dict:
    """The POST /api/orders body. Lengths are ORDER_PROPERTIES', enforced by parse_order."""
    properties = {wire: _string(length, required)
                  for wire, _stored, required, length in schemas.ORDER_PROPERTIES}
    properties["OrderLines"] = array(obj({
        "ProductCode": _string(schemas.PRODUCT_CODE_LENGTH, True),
        "Quantity": {"type": "integer", "minimum": 1, "maximum": schemas.MAX_QUANTITY},
    }, ["ProductCode", "Quantity"]), minItems=1)
    required = [wire for wire, _s, req, _l in schemas.ORDER_PROPERTIES if req] + ["OrderLines"]
    return obj(properties, required, description=(
        "Property names match in any case (Json.NET). Maximum lengths: " + DROPSIM_DECISION +
        " the Orders page states none; these are generous for real addresses. "
        "DeliverToVetAccountNumber is clinic delivery, from Provet's v2 documentation."))


ORDER_EXAMPLE = {
    "PurchaseOrderNumber": "PO-1001", "CustomerName": "Jane Citizen",
    "AddressLine1": "1 George St", "Suburb": "Sydney", "State": "NSW", "Postcode": "2000",
    "Country": "Australia", "CustomerEmail": "jane@example.com", "CustomerPhone": "0290000000",
    "OrderLines": [{"ProductCode": "ADAP 01", "Quantity": 1}],
}

# -- response schemas -----------------------------------------------------------------------
TEXT = nullable(STRING)
NUMBER_OR_NULL = nullable(NUMBER)
RESPONSE_SCHEMAS = {
    "Product": obj({
        "code": STRING, "description": TEXT, "friendlyDescription": TEXT,
        "longDescription": TEXT, "teaser": TEXT, "price": NUMBER_OR_NULL, "rrp": NUMBER_OR_NULL,
        "tags": nullable(array(STRING)), "images": array(obj({"url": STRING}, ["url"])),
        "length": NUMBER_OR_NULL, "breadth": NUMBER_OR_NULL, "height": NUMBER_OR_NULL,
        "weight": NUMBER_OR_NULL,
        "quantityOnHand": {**INTEGER, "description": "Only when viewing an individual product."},
    }, ["code", "description", "price", "images"]),
    "ProductPage": obj({
        "items": array(ref("Product")), "pageNumber": INTEGER, "pageSize": INTEGER,
        "count": INTEGER, "totalCount": INTEGER, "pageCount": INTEGER, "isFirstPage": BOOLEAN,
        "isLastPage": BOOLEAN, "hasPreviousPage": BOOLEAN, "hasNextPage": BOOLEAN,
    }, ["items", "pageNumber", "pageSize", "count", "totalCount", "pageCount"]),
    "Order": obj({
        "id": INTEGER, "status": {"enum": list(rules.STATUSES)}, "date": DATE_TIME,
        "orderLines": array(obj({
            "productCode": STRING, "quantity": INTEGER, "shippedQuantity": INTEGER,
            "status": nullable({"enum": [rules.AWAITING_STOCK]})},
            ["productCode", "quantity", "shippedQuantity"])),
        **{wire[0].lower() + wire[1:]: TEXT for wire, *_ in schemas.ORDER_PROPERTIES},
    }, ["id", "status", "date", "orderLines", "customerName"]),
}

UNAUTHORIZED = empty("No or wrong HTTP Basic credentials: an empty body.",
                     {"WWW-Authenticate": {"schema": STRING}})
NOT_FOUND = empty("Unknown id or code: an empty body (Provet's documents say so); a path no "
                  "route matches (a code with a line break) gets Web API's `{\"message\"}`.")


def _paging(max_page_size: int) -> tuple[dict, ...]:
    return (param("page", "query", {"type": "integer", "minimum": 1,
                                    "maximum": schemas.INT32_MAX},
                  "1-based page; the first page when left out."),
            param("pageSize", "query", {"type": "integer", "minimum": 1,
                                        "maximum": max_page_size},
                  f"Items per page (default {schemas.DEFAULT_PAGE_SIZE}); the maximum is "
                  f"{DROPSIM_DECISION} the provet_max_page_size setting."))


def _authed(responses: dict, with_body: bool = False) -> dict:
    return {**responses, "401": UNAUTHORIZED, **server_responses(with_body)}


def operations(max_page_size: int) -> tuple[Operation, ...]:
    paging = _paging(max_page_size)
    products_200 = json_response("A page of products.", ref("ProductPage"))
    product_200 = json_response("The product, with its quantity on hand.", ref("Product"))
    code = param("code", "path", {**STRING, "example": "ADAP 01"},
                 "A product code such as `ADAP 01`; any case.")
    order_id = param("orderId", "path", INTEGER, "The Provet id of the order.")
    order_200 = json_response("The order.", ref("Order"))
    order_query = paging + (
        param("DateFrom", "query", STRING, "Orders placed at or after this date or date-time."),
        param("DateTo", "query", STRING, "Orders placed up to this date-time; a date alone "
                                         "includes that whole day."),
        param("Status", "query", {"enum": list(rules.STATUSES)}, "Only orders in this status "
              "(any case)."),
        param("PurchaseOrderNumber", "query", STRING, "Only orders with this purchase order "
                                                      "number."))
    ops = []
    for path, suffix, note in (("/api/products", "", ""),
                               ("/products", "Short", "The same call without `/api`.")):
        ops += [
            Operation("GET", path, f"listProducts{suffix}", "List products",
                      f"{DOC}, Products; Pagination", _authed(
                          {"200": products_200, "400": invalid()}),
                      paging, description=note, tag="Products"),
            Operation("GET", path + "/{code}", f"getProduct{suffix}", "Get a product",
                      f"{DOC}, Products", _authed({"200": product_200, "404": NOT_FOUND}),
                      (code,), description=note, tag="Products"),
        ]
    ops += [
        Operation("POST", "/api/orders", "createOrder", "Create an order",
                  f"{DOC}, Orders: Create an Order", _authed({
                      "200": json_response("The order as placed.", ref("Order"), links={
                          "GetOrder": {"operationId": "getOrder",
                                       "parameters": {"orderId": "$response.body#/id"}}}),
                      "400": invalid("A field is missing or too long, or a line's product "
                                     "cannot be ordered."),
                      "415": message("The body is not JSON.")}, with_body=True),
                  body=ref("OrderRequest"), body_example=ORDER_EXAMPLE, tag="Orders"),
        Operation("GET", "/api/orders", "listOrders", "List orders",
                  f"{DOC}, Orders: List Orders", _authed({
                      "200": json_response("The orders that match.", array(ref("Order"))),
                      "400": invalid()}),
                  order_query, tag="Orders"),
        Operation("GET", "/api/orders/{orderId}", "getOrder", "Get an order",
                  f"{DOC}, Orders: Get an Order", _authed(
                      {"200": order_200, "404": NOT_FOUND}), (order_id,), tag="Orders"),
        Operation("GET", IMAGE_PATH + "/{name}", "getProductImage", "A product image",
                  f"{DROPSIM_DECISION} the catalogue's site-relative image URLs answer, "
                  "offline, with a PNG placeholder (also at the site root)", {
                      "200": {"description": "A PNG image.",
                              "content": {"image/png": {"schema": {"type": "string",
                                                                   "format": "binary"}}}},
                      "404": message("No such image."), **server_responses(False)},
                  (param("name", "path", STRING, "e.g. `adap01.png`"),), security=[],
                  tag="Products"),
    ]
    return tuple(ops)


def api(settings: dict) -> Api:
    return Api(
        title="Provet Dropship", prefix="/provet", version="v1",
        description=(
            "Provet Dropship v1 (Australia): products and orders over HTTP Basic, as served "
            f"by dropsim. Follows {DOC} (overview, Products, Orders). Property and query "
            "names match in any case; numeric strings bind to integers; unknown properties "
            "are ignored. Order status advances on dropsim's virtual clock "
            "(see /_sim/openapi.json)."),
        operations=operations(settings["provet_max_page_size"]),
        schemas={**ERROR_SCHEMAS, **RESPONSE_SCHEMAS, "OrderRequest": order_request_schema()},
        security_schemes={"basic": {"type": "http", "scheme": "basic", "description":
                                    "The account's Provet username and password (POST "
                                    "/_sim/accounts answers them; `sandbox`/`sandbox` for the "
                                    "default account)."}},
        security=[{"basic": []}],
        tags=({"name": "Products"}, {"name": "Orders"}),
        try_it=lambda cred: {"basic": {"username": cred["principal"],
                                       "password": cred["secret"]}})


def control_operations(_settings: dict) -> tuple[Operation, ...]:
    """/_sim/provet/products/{code}: what an account sees of a product, and its overrides."""
    code = param("code", "path", {**STRING, "example": "FRON 01"}, "A product code.")
    view = json_response("The account's view of the product: its values, its override and "
                         "the catalogue's own.", obj({
                             "account": STRING, "code": STRING, "quantityOnHand": INTEGER,
                             "price": NUMBER_OR_NULL, "rrp": NUMBER_OR_NULL,
                             "discontinued": BOOLEAN, "overridden": BOOLEAN,
                             "override": {"type": "object"}, "catalogue": {"type": "object"}},
                             ["account", "code", "quantityOnHand", "override", "catalogue"]))
    override = obj({"quantityOnHand": nullable({"type": "integer", "minimum": 0,
                                                "maximum": schemas.INT32_MAX}),
                    "price": NUMBER_OR_NULL, "rrp": NUMBER_OR_NULL,
                    "discontinued": nullable(BOOLEAN), "account": STRING},
                   description="Any of these (names in any case); null drops that override.")
    params = (code, ACCOUNT)
    return (
        control_op("GET", "/products/{code}", "provetProductView", "A product as the account "
                   "sees it", view, params=params, extra=NO_SUCH, tag="Provet Dropship"),
        control_op("POST", "/products/{code}", "provetSetOverride", "Override stock, price or "
                   "discontinued for the account", view, body=override, params=params,
                   extra=NO_SUCH, tag="Provet Dropship"),
        control_op("DELETE", "/products/{code}", "provetDropOverride", "Drop the account's "
                   "override", view, params=params, extra=NO_SUCH, tag="Provet Dropship"),
    )
