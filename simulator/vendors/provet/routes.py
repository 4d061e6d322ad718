"""Provet Dropship HTTP routes (provet-products.txt, provet-orders.txt); thin: parse, call
models and rules, serialize."""
from __future__ import annotations

import base64
import binascii
from html import escape

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for

from ...core import accounts, clock
from ...core.db import transaction
from . import models, rules, schemas
from .errors import NotFound, ProvetError, Unauthorized, render

bp = Blueprint("provet", __name__)
bp.register_error_handler(ProvetError, render)

# Product pictures and info pages are fetched by shop front-ends and browsers, without auth.
PUBLIC_ENDPOINTS = {"provet.product_picture", "provet.product_page"}


def _sim():
    return current_app.extensions["dropsim"]


def _interval_us() -> int:
    return int(current_app.config["DROPSIM"]["provet_status_interval"] * 1_000_000)


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


@bp.before_request
def authenticate() -> None:
    """HTTP Basic on every API call; the credential decides the sandbox account."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    credentials = basic_credentials(request)
    db = _sim().db()
    found = credentials and accounts.authenticate(db, "provet", *credentials)
    if not found:
        raise Unauthorized()
    g.account = found["account"]
    g.now_us = clock.now_us(db, g.account)


def _catalogue_day(db) -> tuple[int, object]:
    anchor = models.catalogue_anchor(db)
    return rules.catalogue_day(g.now_us, anchor), anchor


def _links(code: str) -> dict:
    def page(kind: str) -> str:
        return url_for("provet.product_page", code=code, kind=kind, _external=True)

    return {"picture": url_for("provet.product_picture", code=code, _external=True),
            "info_sheet": page("infosheet"), "msds": page("msds"), "page": page("product")}


@bp.get("/api/products")
@bp.get("/products")
def list_products():
    query = schemas.parse_product_query(request.args)
    db = _sim().db()
    day, anchor = _catalogue_day(db)
    positions = {}
    for name in ("updated_after", "created_after"):
        instant = query[f"{name}_us"]
        positions[name] = None if instant is None else rules.local_position(instant, anchor)
    products = models.list_products(db, day, search=query["search"], limit=query["limit"],
                                    **positions)
    return jsonify([schemas.product_summary_to_wire(p, anchor, _links(p["code"]))
                    for p in products])


@bp.get("/api/products/<path:code>")
@bp.get("/products/<path:code>")
def get_product(code: str):
    db = _sim().db()
    day, anchor = _catalogue_day(db)
    product = models.get_product(db, code, day)
    if product is None:
        raise NotFound()
    return jsonify(schemas.product_to_wire(product, anchor, _links(product["code"])))


@bp.post("/api/orders")
def create_order():
    body = schemas.read_json_body(request.get_data(cache=True), request.mimetype)
    order, lines = schemas.parse_order(body)
    db = _sim().db()
    with transaction(db):
        day, _anchor = _catalogue_day(db)
        problems = {}
        for n, line in enumerate(lines):
            product = models.get_product(db, line["product_code"], day)
            problem = models.orderable_problem(product, line["product_code"].strip())
            if problem:
                problems[n] = problem
            else:
                line["product_code"] = product["code"]  # canonical upper case
        if problems:
            g.rules_fired = [rules.RULE_NOT_ORDERABLE]
            raise schemas.line_problems(problems)
        flag = rules.sandbox_flag(order["delivery_instructions"], [l["quantity"] for l in lines])
        order_id = models.create_order(db, g.account, order, lines, g.now_us, flag)
        stored = models.get_order(db, g.account, order_id)
    g.rules_fired = [rules.rule_of_flag(flag)]
    return jsonify(schemas.order_to_wire(stored, g.now_us, _interval_us()))


@bp.get("/api/orders")
def list_orders():
    query = schemas.parse_order_query(request.args)
    orders = models.list_orders(_sim().db(), g.account, g.now_us, _interval_us(), **query)
    return jsonify([schemas.order_to_wire(o, g.now_us, _interval_us()) for o in orders])


@bp.get("/api/orders/<order_id>")
def get_order(order_id: str):
    if not order_id.isdigit() or int(order_id) > 2**63 - 1:
        raise NotFound()
    order = models.get_order(_sim().db(), g.account, int(order_id))
    if order is None:
        raise NotFound()
    return jsonify(schemas.order_to_wire(order, g.now_us, _interval_us()))


# -- product media: the URLs the catalogue hands out answer, so shop imports do not break --
@bp.get("/media/products/<path:code>.svg")
def product_picture(code: str):
    label = escape(code.upper())
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" '
           'viewBox="0 0 400 400"><rect width="400" height="400" fill="#e8f1f5"/>'
           '<text x="200" y="190" font-family="sans-serif" font-size="36" text-anchor="middle" '
           f'fill="#2d5f73">{label}</text><text x="200" y="240" font-family="sans-serif" '
           'font-size="18" text-anchor="middle" fill="#5b7f8f">Provet sandbox picture</text></svg>')
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/connect/products/<path:code>/<kind>")
def product_page(code: str, kind: str):
    if kind not in ("infosheet", "msds", "product"):
        raise NotFound()
    title = {"infosheet": "Info sheet", "msds": "Safety data sheet", "product": "Product"}[kind]
    html = (f"<!doctype html><title>{title} {escape(code.upper())}</title>"
            f"<h1>{title}: {escape(code.upper())}</h1>"
            "<p>Placeholder served by the Provet Dropship sandbox.</p>")
    return Response(html, mimetype="text/html")
