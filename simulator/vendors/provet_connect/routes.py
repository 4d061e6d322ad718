"""Provet Connect HTTP routes: the product resource of provet-products.txt, at the page's own
paths (`/products`, `/products/{code}`) and under `/api/`; thin: check the headers, parse, read
the catalogue, serialize."""
from __future__ import annotations

from html import escape

from flask import Blueprint, Response, g, jsonify, request, url_for

from ...core import accounts
from ..routing import case_insensitive
from ..toolkit import Identity, admit, identity, sim
from . import models, schemas
from .errors import ConnectError, NotAuthorized, NotFound, render

VENDOR = "provet-connect"
bp = Blueprint("provet_connect", __name__)
bp.register_error_handler(ConnectError, render)
case_insensitive(bp, f"/{VENDOR}")  # ASP.NET Web API routes match in any case

# Product pictures and info pages are opened by browsers and shop front-ends, without tokens.
PUBLIC_ENDPOINTS = {"provet_connect.product_picture", "provet_connect.product_page"}


def identify(db, req) -> Identity:
    """Both tokens must hold: a wrong guess belongs to no account."""
    user_auth = req.headers.get("User-Auth", "").strip()
    client_auth = req.headers.get("Client-Auth", "").strip()
    found = user_auth and accounts.authenticate(db, VENDOR, user_auth, client_auth)
    return Identity(found, found["account"]) if found else Identity(None, None, NotAuthorized())


@bp.before_request
def authenticate() -> None:
    """Connect's header set on every API call; its two tokens decide the sandbox account."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    schemas.check_headers(request.headers, request.method)
    found = identity()
    if found.account is None:
        raise found.refusal or NotAuthorized()
    admit(sim().db(), found.account)


def _links(code: str) -> dict:
    def page(kind: str) -> str:
        return url_for("provet_connect.product_page", code=code, kind=kind, _external=True)

    return {"picture": url_for("provet_connect.product_picture", code=code, _external=True),
            "info_sheet": page("infosheet"), "msds": page("msds"), "page": page("product")}


@bp.get("/products")
@bp.get("/api/products")
def list_products():
    query = schemas.parse_product_query(request.args)
    db = sim().db()
    view = models.view(db, g.account, g.now_us)
    return jsonify([schemas.product_summary_to_wire(p, view, _links(p["code"]))
                    for p in models.list_products(db, view, query)])


@bp.get("/products/<path:code>")
@bp.get("/api/products/<path:code>")
def get_product(code: str):
    db = sim().db()
    view = models.view(db, g.account, g.now_us)
    product = models.get_product(db, view, code)
    if product is None:
        raise NotFound()
    return jsonify(schemas.product_to_wire(product, view, _links(product["code"])))


# -- product media: the URLs the catalogue hands out answer, so imports work offline -------
@bp.get("/media/products/<path:code>.svg")
def product_picture(code: str):
    label = escape(code.upper())
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" '
           'viewBox="0 0 400 400"><rect width="400" height="400" fill="#e8f1f5"/>'
           '<text x="200" y="190" font-family="sans-serif" font-size="36" text-anchor="middle" '
           f'fill="#2d5f73">{label}</text><text x="200" y="240" font-family="sans-serif" '
           'font-size="18" text-anchor="middle" fill="#5b7f8f">Provet sandbox picture</text></svg>')
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/site/products/<path:code>/<kind>")
def product_page(code: str, kind: str):
    if kind not in ("infosheet", "msds", "product"):
        raise NotFound()
    title = {"infosheet": "Info sheet", "msds": "Safety data sheet", "product": "Product"}[kind]
    html = (f"<!doctype html><title>{title} {escape(code.upper())}</title>"
            f"<h1>{title}: {escape(code.upper())}</h1>"
            "<p>Placeholder served by the Provet Connect sandbox.</p>")
    return Response(html, mimetype="text/html")
