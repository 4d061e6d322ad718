"""Allivet REST API routes (allivet-rest-api.txt); thin: parse, call models and rules,
serialize. Every endpoint but /api/Auth needs a bearer token whose scope covers it."""
from __future__ import annotations

from flask import current_app, g, jsonify, request

from ...core import clock
from ...core.wire import INT32_MAX, format_iso_z
from ..toolkit import fire, identity, sim, writing
from . import models, rules, schemas, tokens
from .errors import BusinessError, CancelError, ValidationProblem, not_found
from .vets import name_matches
from .web import GROUPS, SCOPES, bp, read_body, scoped, status_interval_us

PER_PAGE = 100


# -- overview and auth -----------------------------------------------------------------------
@bp.post("/api/Overview")
@scoped("overview")
def overview():
    groups = SCOPES[g.scope]
    routes = sorted({f"{m} {r.rule.removeprefix('/allivet')}"
                     for r in current_app.url_map.iter_rules() if GROUPS.get(r.endpoint) in groups
                     for m in r.methods - {"HEAD", "OPTIONS"}})
    return jsonify({"clientID": g.client, "apiScope": g.scope, "endpoints": routes})


# The Auth operation lists 200, 401 ("Scope is not provided or credentials invalid"), 403 and
# 500 only: whatever keeps a known client from naming its scope is that 401.
AUTH_REFUSED = "Scope is not provided or credentials invalid"


def _refused(field: str, reason: str) -> BusinessError:
    return BusinessError({field: [f"{AUTH_REFUSED}: {reason}."]}, 401)


@bp.post("/api/Auth")
def auth():
    values, missing = schemas.parse_auth(request.get_data(cache=True), request.mimetype)
    if values is None:
        raise _refused("credentials", "the body is not a JSON object of clientID, "
                                      "clientSecretKey, apiScope and storeKey")
    if "apiScope" in missing:
        raise _refused("apiScope", "apiScope is not provided")
    if missing:
        raise _refused("credentials", f"{', '.join(missing)} not provided")
    db = sim().db()
    found = identity().credential  # the pipeline checked the body's client, secret and key
    if not found:
        raise _refused("credentials", "clientID, clientSecretKey and storeKey do not match "
                                      "a client")
    scope = values["api_scope"]
    if scope not in SCOPES:
        raise _refused("apiScope", f"scope '{scope}' does not exist")
    if scope != found["extra"].get("apiScope"):
        raise BusinessError({"apiScope": [f"Client '{values['client_id']}' has no access to "
                                          f"scope '{scope}'."]}, 403)
    now = clock.now_us(db, found["account"])
    token, exp = tokens.issue_token(models.signing_key(db), values["client_id"], scope, now)
    return jsonify({"validTo": format_iso_z(exp * 1_000_000), "value": token})


# -- products ---------------------------------------------------------------------------------
def _product(item_id: str):
    if not item_id.strip():
        raise BusinessError({"id": ["Product id not informed."]})
    found = models.get_product(sim().db(), item_id)
    if found is None:
        raise not_found("id", f"Product '{item_id}' not found.")
    return found


@bp.get("/api/Products/<item_id>")
@scoped("products")
def get_product(item_id: str):
    return jsonify(schemas.product_to_wire(*_product(item_id)))


@bp.get("/api/Products/<item_id>/availability")
@scoped("products")
def product_availability(item_id: str):
    return jsonify(schemas.availability_to_wire(*_product(item_id)))


@bp.get("/api/Products")
@scoped("products")
def list_products():
    raw = schemas.query_args(request.args).get("pageno")
    page = 1
    if raw is not None:
        if not raw.strip().lstrip("+").isdigit() or int(raw) > INT32_MAX:
            raise ValidationProblem({"pageno": [f"The value '{raw}' is not valid."]})
        page = int(raw)
        if page < 1:
            raise ValidationProblem({"pageno": ["The field pageno must be between 1 and 2147483647."]})
    total, groups = models.product_page(sim().db(), page, PER_PAGE)
    if not groups:
        raise not_found("pageno", f"Products not found: page {page} is past the last page.")
    last = (total + PER_PAGE - 1) // PER_PAGE
    base = request.base_url
    start = (page - 1) * PER_PAGE
    return jsonify({"current_page": page, "data": [schemas.product_to_wire(*p) for p in groups],
                    "from": start + 1, "last_page": last,
                    "next_page_url": f"{base}?pageno={page + 1}" if page < last else None,
                    "path": base, "per_page": PER_PAGE,
                    "prev_page_url": f"{base}?pageno={page - 1}" if page > 1 else None,
                    "to": start + len(groups), "total": total})


# -- vets ---------------------------------------------------------------------------------------
@bp.get("/api/Vets")
@scoped("vets")
def search_vets():
    args = schemas.query_args(request.args)
    given = {k for k in ("vetName", "vetState", "vetPhone", "vetPostalCode")
             if (args.get(k) or "").strip()}
    db = sim().db()
    if given == {"vetName", "vetState"}:
        vets = [v for v in models.search_vets(db, g.account, state=args.get("vetState"))
                if name_matches(args.get("vetName"), v["vet_name"])]
    elif given == {"vetPhone"}:
        vets = models.search_vets(db, g.account, phone=args.get("vetPhone"))
    elif given == {"vetPostalCode"}:
        vets = models.search_vets(db, g.account, postal_code=args.get("vetPostalCode"))
    else:
        raise ValidationProblem({"query": [
            "Search vets by vetName and vetState, by vetPhone, or by vetPostalCode (one of "
            f"these combinations only; got {', '.join(sorted(given)) or 'none'})."]})
    return jsonify([schemas.vet_to_wire(v) for v in vets])


@bp.post("/api/Vets")
@scoped("vets")
def create_vet():
    vet = schemas.parse(read_body("VetRequest"), schemas.VET, "VetRequest")
    with writing() as db:
        stored = models.create_vet(db, g.account, vet, g.now_us)
    return jsonify(schemas.vet_to_wire(stored))


@bp.get("/api/Vets/<int:vet_id>")
@scoped("vets")
def get_vet(vet_id: int):
    vet = models.get_vet(sim().db(), g.account, vet_id) if vet_id <= INT32_MAX else None
    if vet is None:
        raise not_found("vetId", f"Vet {vet_id} not found.")
    return jsonify(schemas.vet_to_wire(vet))


# -- orders -------------------------------------------------------------------------------------
def _order(db, ref: str) -> dict:
    order = models.get_order(db, g.account, ref)
    if order is None:
        raise not_found("OrderId", f"Order '{ref}' not found.")
    return order


def _order_response(db, order_id_ref: str):
    return jsonify(schemas.order_to_wire(_order(db, order_id_ref), g.now_us, status_interval_us()))


@bp.get("/api/Orders/<order_ref>")
@scoped("orders")
def get_order(order_ref: str):
    return _order_response(sim().db(), order_ref)


def _priced_order(db, order: dict, details: list[dict]) -> tuple[dict, list[dict]]:
    row, lines, warnings = models.price_order(db, g.account, order, details, g.now_us)
    if warnings:
        if any("stateRestricted" in m for ms in warnings.values() for m in ms):
            fire(rules.RULE_STATE_RESTRICTED)
        raise BusinessError(warnings)
    fire(rules.RULE_RX_HOLD if row["is_rx"] else None,
         rules.RULE_BACKORDER if row["is_backorder"] else None)
    return row, lines


@bp.post("/api/Orders")
@scoped("orders")
def create_order():
    order, details = schemas.parse_order(read_body("CreateOrderRequest"))
    with writing() as db:
        if models.order_by_client_id(db, g.account, order["client_order_id"]) is not None:
            raise BusinessError({"clientOrderId": [
                f"An order with clientOrderId '{order['client_order_id']}' already exists."]})
        row, lines = _priced_order(db, order, details)
        models.save_order(db, g.account, row, lines, g.now_us)
        return _order_response(db, order["client_order_id"])


@bp.put("/api/Orders")
@scoped("orders")
def update_order():
    order, details = schemas.parse_order(read_body("UpdateOrderRequest"))
    with writing() as db:
        existing = models.order_by_client_id(db, g.account, order["client_order_id"])
        if existing is None:
            raise not_found("clientOrderId", f"Order '{order['client_order_id']}' not found.")
        status = rules.status_at(existing, g.now_us, status_interval_us())
        if status in (rules.SHIPPED, rules.CANCELLED):
            raise BusinessError({"orderStatus": [
                f"The order is {status} and can no longer be updated."]})
        row, lines = _priced_order(db, order, details)
        models.save_order(db, g.account, row, lines, g.now_us, existing["id"])
        return _order_response(db, order["client_order_id"])


@bp.put("/api/Orders/<order_ref>/cancel")
@scoped("orders")
def cancel_order(order_ref: str):
    with writing() as db:
        order = models.get_order(db, g.account, order_ref)
        if order is None:
            raise CancelError("The Order not found.", status=404)
        status = rules.status_at(order, g.now_us, status_interval_us())
        if status in (rules.SHIPPED, rules.CANCELLED):
            raise CancelError(f"The order is {status} and cannot be voided.", status=400)
        values = {"cancelled_us": g.now_us, "modified_us": g.now_us}
        if order["is_rx"] and rules.rx_status_at(order, g.now_us, status_interval_us()) == rules.RX_WAITING:
            values.update(rx_decision=rules.CLOSED, rx_decided_us=g.now_us)
        models.set_order_fields(db, g.account, order["id"], values)
    return jsonify({"errormessage": None, "statuscode": "200",
                    "statusmessage": "Order Successfully Voided!"})
