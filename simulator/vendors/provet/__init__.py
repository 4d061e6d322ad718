"""Provet Dropship (Australia): the Dropship v1 products and orders over HTTP Basic, under
/provet. The catalogue it seeds is shared with Provet Connect (vendors/provet_connect)."""
from __future__ import annotations

import base64
import secrets

from flask import Blueprint

from ...core import accounts
from ...core.clock import real_now_us
from .. import Dashboard, Vendor, toolkit
from . import catalogue, dashboard, media, models, openapi, rules, seed
from .cli import group as cli_group
from .control import bp as control_bp
from .errors import render_http_error
from .routes import bp, identify, product_image

# Product images answer at the site root too: the catalogue's URLs are site-relative.
site_bp = Blueprint("provet_site", __name__)
site_bp.add_url_rule(f"{media.IMAGE_PATH}/<name>", view_func=product_image)


def _seed_shared(db, seed_value: int, progress) -> None:
    seed.seed_catalogue(db, seed_value, progress)
    catalogue.set_catalogue_anchor(db, rules.local_date(real_now_us()))


def _renew(db, now_us: int, _by_us: int) -> None:
    # The catalogue is stored relative to its anchor day: day 0 is the day it was seeded.
    catalogue.set_catalogue_anchor(db, rules.local_date(now_us))


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    interval_us = toolkit.interval_us("provet_status_interval", settings)
    found = []
    for order in models.changing_orders(db, account, before_us, after_us, interval_us):
        for old, new, at in rules.transitions_between(order["created_us"], order["flag"],
                                                      before_us, after_us, interval_us):
            found.append({"vendor": "provet", "object": "order", "id": order["id"],
                          "from": old, "to": new, "at_us": at,
                          "rule": rules.rule_of_flag(order["flag"])})
    return found


def _new_credentials(db, account: str, _token: str) -> None:
    # The username is a name, the password an independent secret: knowing one tells nothing
    # of the other.
    username, password = f"provet-{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    accounts.add_credential(db, "provet", username, password, account)


def _show_credentials(rows: list[dict]) -> dict:
    return {"username": rows[0]["principal"], "password": rows[0]["secret"]} if rows else {}


def _describe(creds: list[dict]) -> list[str]:
    return [f"HTTP Basic  username {c['principal']!r}  password {c['secret']!r}" for c in creds]


def _first_call(creds: dict) -> dict:
    token = base64.b64encode(f"{creds['username']}:{creds['password']}".encode()).decode()
    return {"method": "GET", "path": "/provet/api/orders", "json": None,
            "headers": {"Authorization": f"Basic {token}"}}


VENDOR = Vendor(
    name="provet",
    title="Provet Dropship",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=_seed_shared,
    renew=_renew,
    clear_account=models.clear_account,
    reset_account=models.reset_account,
    control_blueprint=control_bp,
    site_blueprint=site_bp,
    cli=cli_group,
    on_advance=_on_advance,
    describe_credentials=_describe,
    identify=identify,
    first_call=_first_call,
    credential_fields=dashboard.credential_fields,
    dashboard=Dashboard(tab="Provet", counted="Provet orders", counts=dashboard.counts,
                        page=dashboard.page),
    new_credentials=_new_credentials,
    show_credentials=_show_credentials,
    rules=rules.RULES,
    openapi=openapi.api,
    control_openapi=openapi.control_operations,
)
