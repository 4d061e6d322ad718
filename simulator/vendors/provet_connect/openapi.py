"""Provet Connect's OpenAPI document: the product calls routes.py serves, the header set of
rules.REQUIRED_HEADERS (which schemas.check_headers enforces), Web API's error shapes."""
from __future__ import annotations

from ...core.openapi import (BOOLEAN, DATE_TIME, DROPSIM_DECISION, INTEGER, NUMBER, STRING, Api,
                             Operation, array, json_response, nullable, obj, param, ref)
from ..provet.openapi import NOT_FOUND, ERROR_SCHEMAS, invalid, message, server_responses
from . import rules

DOC = "Provet Connect's API Details and Products pages"
TOKENS = {"User-Auth": "userAuth", "Client-Auth": "clientAuth"}
# Accept is set by every client (OpenAPI leaves it out of parameters); the tokens are the
# security schemes; the rest are parameters of every call.
_EXAMPLES = {"Api-Version": 1, "Client": "My PMS 1.0", "Practice": "Sandbox Vet Clinic",
             "User": "Dr Sandbox"}


def header_parameters() -> tuple[dict, ...]:
    out = []
    for name, what in rules.REQUIRED_HEADERS:
        if name == "Accept" or name in TOKENS:
            continue
        schema = ({"type": "integer", "const": rules.API_VERSION} if name == "Api-Version"
                  else {"type": "string", "minLength": 1, "pattern": r"\S"})
        out.append(param(name, "header", {**schema, "example": _EXAMPLES[name]}, what,
                         required=True))
    return tuple(out)


TEXT, NUM = nullable(STRING), nullable(NUMBER)
WHEN = nullable(DATE_TIME)
_COMMON = {"productCode": STRING, "description": TEXT, "listPrice": NUM, "price": NUM,
           "rrp": NUM, "manufacturer": TEXT, "manufacturerCode": TEXT,
           "dispensingUnit": nullable(INTEGER), "therapeuticIndex": TEXT,
           "dangerousGoodsClass": TEXT, "length": NUM, "breadth": NUM, "height": NUM,
           "weight": NUM, "unitOfMeasure": TEXT, "poisonSchedule": TEXT, "infoSheetUrl": STRING,
           "msdsUrl": STRING, "url": STRING, "updatedOn": WHEN, "createdOn": WHEN}
SCHEMAS = {
    "ProductSummary": obj({**_COMMON, "pictureUrl": STRING},
                          ["productCode", "description", "price", "pictureUrl"]),
    "Product": obj({**_COMMON, "gst": BOOLEAN,
                    "priceBreak": array(obj({"quantity": INTEGER, "price": NUMBER},
                                            ["quantity", "price"])),
                    "stockAvailable": INTEGER, "eta": WHEN, "barcode": array(STRING),
                    "picture": STRING, "discontinued": BOOLEAN, "specialOrder": BOOLEAN,
                    "nonReturnable": BOOLEAN},
                   ["productCode", "description", "price", "stockAvailable", "discontinued"]),
}

REFUSED = {
    "400": invalid("A required header is missing, or Api-Version is not 1: a ModelState "
                   "naming each header."),
    "401": message("The User-Auth / Client-Auth pair is not an account's."),
    "406": message(f"{DROPSIM_DECISION} the client accepts only XML, which dropsim does "
                   "not produce."),
}


def operations() -> tuple[Operation, ...]:
    headers = header_parameters()
    query = (param("Search", "query", STRING, "Words in the code or description."),
             param("ResultLimit", "query", {"type": "integer", "minimum": -2**31,
                                            "maximum": 2**31 - 1},
                   "At most this many products (default 20); a negative number: all."),
             param("UpdatedAfter", "query", STRING, "Only products updated after this date."),
             param("CreatedAfter", "query", STRING, "Only products created after this date."))
    code = param("code", "path", {**STRING, "example": "ADAP 01"},
                 "A product code such as `ADAP 01`; any case.")
    ops = []
    for path, suffix in (("/products", ""), ("/api/products", "Api")):
        ops += [
            Operation("GET", path, f"listProducts{suffix}", "List products",
                      f"{DOC}: GET /products", {
                          "200": json_response("The catalogue's products.",
                                               array(ref("ProductSummary"))),
                          **REFUSED, **server_responses(False)},
                      headers + query, tag="Products"),
            Operation("GET", path + "/{code}", f"getProduct{suffix}", "Get a product",
                      f"{DOC}: GET /products/{{code}}", {
                          "200": json_response("The product, with the account's stock.",
                                               ref("Product")),
                          "404": NOT_FOUND, **REFUSED, **server_responses(False)},
                      headers + (code,), tag="Products"),
        ]
    public = {"security": [], "tag": "Media"}
    ops += [
        Operation("GET", "/media/products/{code}.svg", "getProductPicture", "A product picture",
                  f"{DROPSIM_DECISION} the picture URLs the catalogue hands out answer offline "
                  "with an SVG placeholder", {
                      "200": {"description": "An SVG image.", "content": {
                          "image/svg+xml": {"schema": STRING}}}, "404": NOT_FOUND,
                      **server_responses(False)},
                  (code,), **public),
        Operation("GET", "/site/products/{code}/{kind}", "getProductPage",
                  "A product's info sheet, safety data sheet or page",
                  f"{DROPSIM_DECISION} the page URLs the catalogue hands out answer offline "
                  "with an HTML placeholder", {
                      "200": {"description": "An HTML page.", "content": {
                          "text/html": {"schema": STRING}}},
                      "404": NOT_FOUND, **server_responses(False)},
                  (code, param("kind", "path", {"enum": ["infosheet", "msds", "product"]})),
                  **public),
    ]
    return tuple(ops)


def api(_settings: dict) -> Api:
    return Api(
        title="Provet Connect", prefix="/provet-connect", version="1",
        description=(
            "Provet Connect (Australia): the product catalogue practice-management systems read, "
            f"over Connect's header tokens, as served by dropsim. Follows {DOC}. Every call "
            "carries `Accept: application/json`, `Api-Version: 1`, `Client`, `Practice`, "
            "`User` and the two tokens; an incomplete header set is a 400. The catalogue is "
            "the one Provet Dropship serves; StockAvailable is the account's stock."),
        operations=operations(),
        schemas={**ERROR_SCHEMAS, **SCHEMAS},
        security_schemes={scheme: {"type": "apiKey", "in": "header", "name": header,
                                   "description": f"The account's {header} token (POST "
                                                  "/_sim/accounts answers both)."}
                          for header, scheme in TOKENS.items()},
        security=[{scheme: [] for scheme in TOKENS.values()}],
        tags=({"name": "Products"}, {"name": "Media"}),
        try_it=lambda cred: {"userAuth": cred["principal"], "clientAuth": cred["secret"]})
