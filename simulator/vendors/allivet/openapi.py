"""Allivet's OpenAPI document: request bodies built from the same `F` tables of schemas.py that
binding.check validates with (required, maximum length, pattern, enumeration, kind), the
operations of routes.py and customer_routes.py with their scope groups, and ASP.NET Core's error
shapes (problem details, the business envelope, Cancel Order's own)."""
from __future__ import annotations

from ...core.openapi import (ACCOUNT, DROPSIM_DECISION, INTEGER, NON_BLANK, NOT_FOUND as NO_SUCH,
                             NUMBER, STRING, Api, Operation, array, control_op, empty, error,
                             json_response, nullable, obj, param, ref)
from ...core.wire import INT32_MAX
from . import pricing, rules, schemas
from .binding import MAX_WEIGHT, F
from .routes import SCOPES

DOC = "The Allivet REST API document"
PROBLEM = "application/problem+json"


# -- request bodies, from the F tables --------------------------------------------------------
def field_schema(field: F) -> dict:
    """The JSON Schema of one documented request property, as binding.check enforces it."""
    if field.kind == "int":
        return {"type": "integer", "minimum": 1, "maximum": INT32_MAX}
    if field.kind == "double":
        return {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT}
    out: dict = {"type": "string"}
    if field.max_len is not None:
        out["maxLength"] = field.max_len
    if field.kind == "pattern":
        # RegularExpression lets "" pass; Required refuses it unless the property has a default.
        optional = not field.required or field.default is not None
        out["pattern"] = f"^(?:{field.arg})$" if not optional else f"^(?:(?:{field.arg}))?$"
    elif field.kind == "enum":
        out["enum"] = list(field.arg)
    elif field.kind == "shipping":
        out["enum"] = sorted(pricing.SHIPPING_METHODS)
    elif field.kind == "email":
        out["pattern"] = r"^\s*[^@\s]+@[^@\s]+\s*$"
    elif field.kind == "date":
        out["format"] = "date-time"
    if field.required and field.default is None and field.kind not in ("enum", "shipping"):
        out["minLength"] = 1
        out.setdefault("pattern", NON_BLANK)
    if field.default is not None:
        out["default"] = field.default
    if not field.required or field.default is not None:
        out["type"] = ["string", "null"]
    return out


def model_schema(fields: tuple[F, ...], description: str = "", **lists: tuple) -> dict:
    """An object of `fields`; `lists` adds arrays of nested models: name=(fields, required)."""
    properties = {f.wire: field_schema(f) for f in fields}
    required = [f.wire for f in fields if f.required and f.default is None]
    for name, (nested, needed) in lists.items():
        properties[name] = array(model_schema(nested), **({"minItems": 1} if needed else {}))
        if needed:
            required.append(name)
    return obj(properties, required, **({"description": description} if description else {}))


_UNDOCUMENTED = f"{DROPSIM_DECISION} the document collapses this model; named like its siblings."
REQUESTS = {
    "AuthRequest": obj({w: {"type": "string", "minLength": 1, "pattern": NON_BLANK}
                        for w in schemas.AUTH}, list(schemas.AUTH)),
    "VetRequest": model_schema(schemas.VET),
    "CreateOrderRequest": model_schema(schemas.ORDER, customerSalesOrderDetail=(schemas.DETAIL, True)),
    "CustomerCreateRequest": model_schema(schemas.CUSTOMER, customerShipTo=(schemas.SHIP_TO, False)),
    "CustomerUpdateRequest": model_schema(schemas.CUSTOMER_UPDATE),
    "CustomerAddressRequest": model_schema(schemas.ADDRESS),
    "CustomerAddressUpdateRequest": model_schema(schemas.ADDRESS_UPDATE),
    "CustomerVetRequest": model_schema(schemas.CUSTOMER_VET),
    "CustomerPetRequest": model_schema(schemas.PET),
    "CustomerPetUpdateRequest": model_schema(schemas.PET_UPDATE),
}

# -- responses ----------------------------------------------------------------------------------
TEXT, NUM = nullable(STRING), nullable(NUMBER)
WARNINGS = {"type": "object", "additionalProperties": array(STRING)}


def _flat(fields: tuple[F, ...]) -> dict:
    return {f.wire: nullable(NUMBER if f.kind == "double" else
                             INTEGER if f.kind == "int" else STRING) for f in fields}


_DATES = {"dateCreated": TEXT, "dateModified": TEXT}
_OK = {"warnings": WARNINGS, "statusCode": {"const": 200}}
RESPONSES = {
    "ProblemDetails": obj({"type": STRING, "title": STRING, "status": INTEGER, "traceId": STRING,
                           "errors": WARNINGS}, ["type", "title", "status"],
                          description="RFC 7807 problem details (model validation, routing)."),
    "BusinessError": obj({"warnings": WARNINGS, "statusCode": INTEGER}, ["warnings", "statusCode"],
                         description="A business rule refused the request."),
    "CancelResult": obj({"errormessage": TEXT, "statuscode": STRING, "statusmessage": TEXT},
                        ["errormessage", "statuscode", "statusmessage"]),
    "Token": obj({"validTo": STRING, "value": STRING}, ["validTo", "value"]),
    "Overview": obj({"clientID": STRING, "apiScope": STRING, "endpoints": array(STRING)},
                    ["clientID", "apiScope", "endpoints"]),
    "MatrixItem": obj({"itemName": STRING, "allivetPrice": NUM, "active": TEXT,
                       "stateRestricted": {}, "productAttribute": {}}, ["itemName"]),
    "Product": obj({"itemName": STRING, "itemDescription": TEXT, "isRxItem": TEXT,
                    "matrixItem": array(ref("MatrixItem"))}, ["itemName", "matrixItem"]),
    "ProductPage": obj({"current_page": INTEGER, "data": array(ref("Product")), "from": INTEGER,
                        "last_page": INTEGER, "next_page_url": TEXT, "path": STRING,
                        "per_page": INTEGER, "prev_page_url": TEXT, "to": INTEGER,
                        "total": INTEGER}, ["current_page", "data", "last_page", "total"]),
    "Availability": obj({"itemName": STRING, "itemDescription": TEXT, "matrixItem": array(obj({
        "itemName": STRING, "active": TEXT, "quantityAvailable": INTEGER,
        "isAvailable": {"enum": ["Y", "N"]}}, ["itemName", "quantityAvailable", "isAvailable"]))},
        ["itemName", "matrixItem"]),
    "Vet": obj({"vetId": INTEGER, **_flat(schemas.VET), **_DATES}, ["vetId", "vetName"]),
    "Order": obj({
        "salesOrderCode": STRING, **_flat(schemas.ORDER),
        "subTotal": NUM, "freight": NUM, "freightTax": NUM, "tax": NUM, "total": NUM,
        "orderStatus": {"enum": list(rules.ORDER_STATUSES)}, **_DATES,
        "customerSalesOrderDetail": array(obj({
            "itemName": STRING, "itemDescription": TEXT, "quantity": INTEGER, "unitPrice": NUM,
            "extendedPrice": NUM, "isRxItem": {"enum": ["Y", "N"]}, "clientPetId": TEXT,
            "clientVetId": TEXT, "prescriptionId": nullable(INTEGER),
            "rxStatus": nullable({"enum": list(rules.RX_STATUSES)})}, ["itemName", "quantity"])),
        **_OK}, ["salesOrderCode", "clientOrderId", "orderStatus", "customerSalesOrderDetail",
                 "statusCode"]),
    "Address": obj({"addressId": STRING, **_flat(schemas.ADDRESS_UPDATE), **_DATES},
                   ["addressId", "addressType"]),
    "Customer": obj({"customerGuid": STRING, "email": STRING, "clientCustomerNo": STRING,
                     "firstName": TEXT, "lastName": TEXT, **_DATES,
                     "customerBilling": array(ref("Address")),
                     "customerShipTo": array(ref("Address")), **_OK},
                    ["customerGuid", "clientCustomerNo", "customerBilling", "customerShipTo"]),
    "Addresses": obj({"clientCustomerNo": STRING, "address": array(ref("Address"))},
                     ["clientCustomerNo", "address"]),
    "CustomerVet": obj({"clientCustomerNo": STRING,
                        "customerVet": obj({**_flat(schemas.CUSTOMER_VET), **_DATES}), **_OK},
                       ["clientCustomerNo", "customerVet"]),
    "Pet": obj({**_flat(schemas.PET), **_DATES}, ["clientPetId", "petName"]),
    "CustomerPets": obj({"clientCustomerNo": STRING,
                         "customerPet": {"anyOf": [ref("Pet"), array(ref("Pet"))]}, **_OK},
                        ["clientCustomerNo", "customerPet"]),
    "Prescriptions": obj({"ClientId": STRING, "CustomerId": STRING, "Data": array(obj({
        "PrescriptionId": INTEGER, "SalesOrderCode": STRING, "ClientOrderId": STRING,
        "ItemName": STRING, "Quantity": INTEGER, "RxStatus": {"enum": list(rules.RX_STATUSES)}},
        ["PrescriptionId", "RxStatus"]))}, ["ClientId", "CustomerId", "Data"]),
}


def ok(description: str, schema: str, **kw) -> dict:
    return json_response(description, ref(schema), **kw)


def _problem(description: str) -> dict:
    return json_response(description, ref("ProblemDetails"), media_type=PROBLEM)


def _business(description: str) -> dict:
    return json_response(description, ref("BusinessError"))


def refused(description: str) -> dict:
    """A 400: problem details for model validation, the business envelope for a rule."""
    return {"description": description, "content": {
        PROBLEM: {"schema": ref("ProblemDetails")}, "application/json": {
            "schema": ref("BusinessError")}}}


BEARER = {"401": empty("No, a bad or an expired bearer token: an empty body with a Bearer "
                       "challenge.", {"WWW-Authenticate": {"schema": STRING}}),
          "403": empty("The token's scope does not cover this endpoint: an empty body."),
          "503": _problem("dropsim's database is unavailable (or an injected fault).")}
WITH_BODY = {"413": _problem("The body is larger than the max_body_bytes setting."),
             "415": _problem("The body is not JSON.")}


# -- the operations -----------------------------------------------------------------------------
def _op(method: str, path: str, op_id: str, summary: str, section: str, group: str | None,
        responses: dict, *, body: str | None = None, params: tuple = (), example=None,
        **kw) -> Operation:
    scope = ("" if group is None else
             f"Scope group `{group}`: " + ", ".join(f"`{s}`" for s, groups in SCOPES.items()
                                                  if group in groups) + ".")
    extra = {**(BEARER if group else {}), **(WITH_BODY if body else {})}
    return Operation(method, path, op_id, summary, f"{DOC}, {section}", {**responses, **extra},
                     params, ref(body) if body else None, description=scope,
                     tag=section.split(":")[0], body_example=example, **kw)


def _path(name: str, description: str, schema: dict | None = None) -> dict:
    return param(name, "path", schema or {"type": "string", "pattern": NON_BLANK}, description)


def operations() -> tuple[Operation, ...]:
    item = _path("itemId", "A product (item) name such as `10012`.")
    customer = _path("customerNo", "The customer's clientCustomerNo.")
    not_found = _business("Not found: the business envelope naming what.")
    customers = "Customers"
    text_query = {"type": "string"}
    return (
        _op("POST", "/api/Auth", "auth", "Get a bearer token", "Auth: Authentication", None, {
            "200": ok("A token, valid until `validTo` on the account's virtual clock.", "Token"),
            "401": _business("Scope is not provided or credentials invalid."),
            "403": _business("The client has no access to the scope it named."),
            "413": _problem("The body is larger than the max_body_bytes setting."),
            "503": _problem("dropsim's database is unavailable.")},
            body="AuthRequest", security=[]),
        _op("POST", "/api/Overview", "overview", "What this token may call", "Overview",
            "overview", {"200": ok("The client, its scope and the endpoints it covers.",
                                   "Overview")}),
        _op("GET", "/api/Products", "listProducts", "Get Product List", "Products: Get Product "
            "List", "products", {
                "200": ok("A page of 100 product groups.", "ProductPage"),
                "400": _problem("pageno is not a whole number from 1."),
                "404": _business("Past the last page.")},
            params=(param("pageno", "query", {"type": "integer", "minimum": 1,
                                              "maximum": INT32_MAX}, "Page, from 1."),)),
        _op("GET", "/api/Products/{itemId}", "getProduct", "Get Product By Id",
            "Products: Get Product By Id", "products",
            {"200": ok("The product group with its matrix items.", "Product"),
             "400": _business("Product id not informed."), "404": not_found}, params=(item,)),
        _op("GET", "/api/Products/{itemId}/availability", "getAvailability",
            "Product Stock Availability", "Products: Product Stock Availability", "products",
            {"200": ok(f"{DROPSIM_DECISION} the document gives no sample.", "Availability"),
             "400": _business("Product id not informed."), "404": not_found}, params=(item,)),
        _op("GET", "/api/Vets", "searchVets", "Search Vets", "Vets: Search Vets", "vets", {
            "200": json_response("The vets found.", array(ref("Vet"))),
            "400": _problem("Not one of the combinations: vetName with vetState, vetPhone, or "
                            "vetPostalCode.")},
            params=tuple(param(n, "query", text_query, "") for n in
                         ("vetName", "vetState", "vetPhone", "vetPostalCode"))),
        _op("POST", "/api/Vets", "createVet", "New Vet", "Vets: New Vet", "vets", {
            "200": ok("The vet as stored.", "Vet", links={"GetVet": {
                "operationId": "getVet", "parameters": {"vetId": "$response.body#/vetId"}}}),
            "400": refused("A property is missing or invalid.")}, body="VetRequest"),
        _op("GET", "/api/Vets/{vetId}", "getVet", "Get Vet", "Vets: Get Vet", "vets", {
            "200": ok("The vet.", "Vet"),
            "404": {"description": "No such vet (the business envelope; problem details for "
                                   "an id that is not a whole number).",
                    "content": {"application/json": {"schema": ref("BusinessError")},
                                PROBLEM: {"schema": ref("ProblemDetails")}}}},
            params=(_path("vetId", "The vet's id.", {"type": "integer", "minimum": 0}),)),
        _op("GET", "/api/Orders/{orderRef}", "getOrder", "Get Order", "Orders: Get Order",
            "orders", {"200": ok("The order.", "Order"), "404": not_found},
            params=(_path("orderRef", "The clientOrderId (or salesOrderCode)."),)),
        _op("POST", "/api/Orders", "createOrder", "New Order", "Orders: New Order", "orders", {
            "200": ok("The order as placed.", "Order", links={"GetOrder": {
                "operationId": "getOrder",
                "parameters": {"orderRef": "$response.body#/clientOrderId"}}}),
            "400": refused("A property is missing or invalid, the clientOrderId is taken, or "
                           "an item cannot be sold (unknown, inactive, state-restricted).")},
            body="CreateOrderRequest"),
        _op("PUT", "/api/Orders", "updateOrder", "Update Order", "Orders: Update Order",
            "orders", {"200": ok("The order as updated.", "Order"),
                       "400": refused("Invalid, or the order has shipped or is cancelled."),
                       "404": not_found}, body="CreateOrderRequest"),
        _op("PUT", "/api/Orders/{orderRef}/cancel", "cancelOrder", "Cancel Order",
            "Orders: Cancel Order", "orders", {
                "200": ok("Order Successfully Voided!", "CancelResult"),
                "400": ok("The order has shipped or is cancelled.", "CancelResult"),
                "404": ok("The Order not found.", "CancelResult")},
            params=(_path("orderRef", "The clientOrderId (or salesOrderCode)."),)),
        *customer_operations(customer, not_found, customers),
    )


def customer_operations(customer: dict, not_found: dict, tag: str) -> tuple[Operation, ...]:
    invalid = refused("A property is missing or invalid, or a business rule refused it.")
    group, section = "customers", "Customers"
    address = _path("addressId", "The client's id of the address.")
    pet = _path("petId", "The client's id of the pet (clientPetId).")
    base = "/api/salesforce/Customers"
    return (
        _op("GET", base + "/{customerNo}", "getCustomer", "Get Customer",
            f"{section}: Get Customer", group, {"200": ok("The customer.", "Customer"),
                                                "400": invalid, "404": not_found},
            params=(customer,)),
        _op("POST", base, "registerCustomer", "Register Customer",
            f"{section}: Register Customer", group, {
                "200": ok("The customer as registered.", "Customer", links={"GetCustomer": {
                    "operationId": "getCustomer",
                    "parameters": {"customerNo": "$response.body#/clientCustomerNo"}}}),
                "400": invalid}, body="CustomerCreateRequest"),
        _op("PUT", base, "updateCustomer", "Update Customer", f"{section}: Update Customer",
            group, {"200": ok("The customer as updated.", "Customer"), "400": invalid,
                    "404": not_found}, body="CustomerUpdateRequest",
            params=(param("clientCustomerNo", "query", {"type": "string"},
                          "The customer to update.", required=True),)),
        _op("POST", base + "/{customerNo}/Address", "createAddress", "New Address",
            f"{section}: New Address", group, {
                "200": ok("The customer's addresses.", "Addresses"), "400": invalid,
                "404": not_found}, body="CustomerAddressRequest", params=(customer,)),
        _op("PUT", base + "/{customerNo}/Address/{addressId}", "updateAddress",
            "Set Primary Address", f"{section}: Set Primary Address", group, {
                "200": ok("The customer's addresses.", "Addresses"), "400": invalid,
                "404": not_found}, body="CustomerAddressUpdateRequest",
            params=(customer, address)),
        _op("DELETE", base + "/{customerNo}/Address/{addressId}", "deleteAddress",
            "Delete Address", f"{section}: Delete Address", group, {
                "200": ok("The customer's remaining addresses.", "Addresses"), "400": invalid,
                "404": not_found}, params=(customer, address)),
        _op("POST", base + "/{customerNo}/Vet", "linkVet", "New Customer Vet",
            f"{section}: New Vet", group, {
                "200": ok("The vet linked.", "CustomerVet"), "400": invalid,
                "404": not_found}, body="CustomerVetRequest", params=(customer,)),
        _op("PUT", base + "/{customerNo}/Vet/{clientVetId}/Remove", "removeVet",
            "Remove Customer Vet", f"{section}: Remove Vet", group, {
                "200": ok("The vet unlinked.", "CustomerVet"), "400": invalid,
                "404": not_found},
            params=(customer, _path("clientVetId", "The client's id of the vet."))),
        _op("POST", base + "/{customerNo}/Pet", "createPet", "New Pet", f"{section}: New Pet",
            group, {"200": ok("The customer's pets.", "CustomerPets"), "400": invalid,
                    "404": not_found}, body="CustomerPetRequest", params=(customer,)),
        _op("PUT", base + "/{customerNo}/Pet/{petId}", "updatePet", "Update Pet",
            f"{section}: Update Pet", group, {
                "200": ok("The customer's pets.", "CustomerPets"), "400": invalid,
                "404": not_found}, body="CustomerPetUpdateRequest",
            params=(customer, pet, param("clientPetId", "query", {"type": "string"},
                                         "The document's spelling: the pet's id as a query "
                                         "parameter (wins over the path)."))),
        _op("DELETE", base + "/{customerNo}/Pet/{petId}", "deletePet", "Delete Pet",
            f"{section}: Delete Pet", group, {
                "200": ok("The pet deleted.", "CustomerPets"), "400": invalid,
                "404": not_found}, params=(customer, pet)),
        _op("GET", "/api/customer/{customerId}/CustomerRx/{rxStatus}", "customerPrescriptions",
            "Get Customer Prescriptions", f"{section}: Get Customer Prescriptions", group, {
                "200": ok("The customer's prescriptions in that status.", "Prescriptions"),
                "400": _problem("rxStatus is not one of the statuses."), "404": not_found},
            params=(_path("customerId", "The customer's clientCustomerNo or GUID."),
                    param("rxStatus", "path", {"enum": list(rules.RX_STATUSES)},
                          "Any case."))),
    )


def api(_settings: dict) -> Api:
    return Api(
        title="Allivet", prefix="/allivet", version="v1",
        description=(
            "Allivet (US pet pharmacy): catalogue, vets, customers, orders and prescriptions "
            f"over bearer JWTs, as served by dropsim. Follows {DOC}. Property names match in "
            "any case, numbers may come as numeric strings, unknown properties are ignored. "
            "Sign in: POST /api/Auth with the account's clientID, clientSecretKey, apiScope "
            "and storeKey (POST /_sim/accounts answers them) answers a token; send it as "
            "`Authorization: Bearer <value>` until its validTo on the account's virtual clock."),
        operations=operations(),
        schemas={**RESPONSES, **REQUESTS},
        security_schemes={"bearer": {
            "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
            "description": "A token from POST /api/Auth (HS256, expiry on the virtual clock); "
                           "its scope decides which endpoint groups it may call (403 "
                           "otherwise)."}},
        security=[{"bearer": []}],
        tags=tuple({"name": n} for n in ("Auth", "Overview", "Products", "Vets", "Orders",
                                         "Customers")),
        try_it=lambda cred: {"bearer": {"token_from": "/api/Auth", "body": {
            "clientID": cred["principal"], "clientSecretKey": cred["secret"],
            "apiScope": cred["extra"].get("apiScope"), "storeKey": cred["extra"].get("storeKey")}}})


def control_operations(_settings: dict) -> tuple[Operation, ...]:
    """/_sim/allivet/: an order with what Allivet does not expose, and the vet's decision."""
    tag = "Allivet"
    rx = param("rxId", "path", {"type": "integer", "minimum": 0}, "A prescription id.")
    decided = json_response("The decision and the order's statuses after it.", obj({
        "account": STRING, "prescriptionId": INTEGER, "salesOrderCode": STRING,
        "prescriptions": array(INTEGER), "rxStatus": STRING, "orderStatus": STRING},
        ["account", "prescriptionId", "rxStatus", "orderStatus"]))
    refused = {**NO_SUCH, "409": error("The prescription is not pending.")}
    return (
        control_op("GET", "/orders/{ref}", "allivetOrderView", "An order with its tracking "
                   "number and status timeline", json_response("The order.", obj({
                       "account": STRING, "order": {"type": "object"},
                       "trackingNumber": nullable(STRING), "timeline": array({"type": "object"}),
                       "prescriptions": array(INTEGER), "rxTimeline": array({"type": "object"})},
                       ["account", "order", "timeline"])),
                   params=(param("ref", "path", STRING, "clientOrderId or salesOrderCode."),
                           ACCOUNT), extra=NO_SUCH, tag=tag),
        control_op("POST", "/prescriptions/{rxId}/approve", "allivetApprove", "The vet approves "
                   "a pending prescription", decided, params=(rx, ACCOUNT), extra=refused,
                   tag=tag),
        control_op("POST", "/prescriptions/{rxId}/deny", "allivetDeny", "The vet denies a "
                   "pending prescription", decided, params=(rx, ACCOUNT), extra=refused, tag=tag),
    )
