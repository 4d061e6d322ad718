"""Provet Dropship HTTP routes (Provet's Dropship v1 Products and Orders pages, provet-orders.txt);
thin: parse, call the catalogue and models, serialize."""
from __future__ import annotations

import base64
import binascii

from flask import Blueprint, Response, abort, g, jsonify, request

from ...core import accounts
from ..routing import case_insensitive
from ..toolkit import (Identity, admit, fire, identity, interval_us, json_body, setting, sim,
                       writing)
from . import catalogue, media, models, rules, schemas
from .errors import NotFound, ProvetError, Unauthorized, render

bp = Blueprint("provet", __name__, template_folder="templates")
bp.register_error_handler(ProvetError, render)
case_insensitive(bp, "/provet")  # ASP.NET Web API routes match in any case

# Product images are fetched by shop front-ends and browsers, without auth.
PUBLIC_ENDPOINTS = {"provet.product_image"}


def _interval_us() -> int:
    return interval_us("provet_status_interval")


def basic_credentials(req) -> tuple[str, str] | None:
    """(username, password) from an HTTP Basic Authorization header, or None."""
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def identify(db, req) -> Identity:
    """Only a username with its own password names an account: a wrong guess consumes none of
    the account's faults and is journalled as anonymous."""
    credentials = basic_credentials(req)
    found = credentials and accounts.authenticate(db, "provet", *credentials)
    return Identity(found, found["account"]) if found else Identity(None, None, Unauthorized())


@bp.before_request
def authenticate() -> None:
    """HTTP Basic on every API call; the credential decides the sandbox account."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    found = identity()
    if found.account is None:
        raise found.refusal or Unauthorized()
    admit(sim().db(), found.account)


def _product_wire(product: dict, single: bool) -> dict:
    return schemas.product_to_wire(product, [media.image_url(product["code"])], single)


@bp.get("/api/products")
@bp.get("/products")
def list_products():
    paging = schemas.parse_paging(request.args, setting("provet_max_page_size"))
    db = sim().db()
    size = paging["page_size"]
    total, found = catalogue.products(db, catalogue.view(db, g.account, g.now_us), limit=size,
                                      offset=(paging["page"] - 1) * size)
    return jsonify(schemas.product_page_to_wire([_product_wire(p, False) for p in found],
                                                paging["page"], size, total))


@bp.get("/api/products/<path:code>")
@bp.get("/products/<path:code>")
def get_product(code: str):
    db = sim().db()
    found = catalogue.product(db, catalogue.view(db, g.account, g.now_us), code)
    if found is None:
        raise NotFound()
    return jsonify(_product_wire(found, True))


@bp.post("/api/orders")
def create_order():
    body = json_body(schemas.read_json_body)
    order, lines = schemas.parse_order(body)
    with writing() as db:  # (the order's time is read under the write lock)
        view = catalogue.view(db, g.account, g.now_us)
        problems = {}
        for n, line in enumerate(lines):
            product = catalogue.product(db, view, line["product_code"])
            problem = catalogue.orderable_problem(product, line["product_code"].strip())
            if problem:
                problems[n] = problem
            else:
                line["product_code"] = product["code"]  # canonical upper case
        if problems:
            fire(rules.RULE_NOT_ORDERABLE)
            raise schemas.line_problems(problems)
        flag = rules.sandbox_flag(order["delivery_instructions"], [l["quantity"] for l in lines])
        order_id = models.create_order(db, g.account, order, lines, g.now_us, flag)
        catalogue.take_stock(db, view, lines)
        stored = models.get_order(db, g.account, order_id)
    fire(rules.rule_of_flag(flag))
    return jsonify(schemas.order_to_wire(stored, g.now_us, _interval_us(), as_stored=False))


@bp.get("/api/orders")
def list_orders():
    query = schemas.parse_order_query(request.args, setting("provet_max_page_size"))
    page, size = query.pop("page"), query.pop("page_size")
    orders = models.list_orders(sim().db(), g.account, g.now_us, _interval_us(), **query,
                                limit=size, offset=(page - 1) * size)
    return jsonify([schemas.order_to_wire(o, g.now_us, _interval_us()) for o in orders])


@bp.get("/api/orders/<order_id>")
def get_order(order_id: str):
    if not order_id.isascii() or not order_id.isdigit() or int(order_id) > 2**63 - 1:
        raise NotFound()
    order = models.get_order(sim().db(), g.account, int(order_id))
    if order is None:
        raise NotFound()
    return jsonify(schemas.order_to_wire(order, g.now_us, _interval_us()))


# -- product images: the site-relative URLs the catalogue hands out answer, offline ---------
@bp.get(f"{media.IMAGE_PATH}/<name>")
def product_image(name: str):
    image = media.image(name)
    if image is None:
        abort(404)  # at the site root too, where no vendor's error handler applies
    return Response(image, mimetype="image/png",
                    headers={"Cache-Control": "public, max-age=86400"})
