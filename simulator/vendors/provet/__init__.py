"""Provet Dropship (Australia): the Dropship v1 products and orders over HTTP Basic, under
/provet. The catalogue it seeds is shared with Provet Connect (vendors/provet_connect)."""
from __future__ import annotations

import secrets

from flask import Blueprint

from ...core import accounts
from ...core.clock import real_now_us
from .. import Vendor
from . import catalogue, media, models, rules, seed
from .cli import group as cli_group
from .control import bp as control_bp
from .errors import render_http_error
from .routes import basic_credentials, bp, product_image

# Product images answer at the site root too: the catalogue's URLs are site-relative.
site_bp = Blueprint("provet_site", __name__)
site_bp.add_url_rule(f"{media.IMAGE_PATH}/<name>", view_func=product_image)


def _seed_shared(db, seed_value: int, progress) -> None:
    seed.seed_catalogue(db, seed_value, progress)
    catalogue.set_catalogue_anchor(db, rules.local_date(real_now_us()))


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    interval_us = int(settings["provet_status_interval"] * 1_000_000)
    found = []
    for order in models.changing_orders(db, account, before_us, after_us, interval_us):
        for old, new, at in rules.transitions_between(order["created_us"], order["flag"],
                                                      before_us, after_us, interval_us):
            found.append({"vendor": "provet", "object": "order", "id": order["id"],
                          "from": old, "to": new, "at_us": at,
                          "rule": rules.rule_of_flag(order["flag"])})
    return found


def _account_of(db, request) -> str | None:
    # Only a username with its own password names an account: a wrong guess consumes none of
    # the account's faults and is journalled as anonymous.
    credentials = basic_credentials(request)
    found = credentials and accounts.authenticate(db, "provet", *credentials)
    return found["account"] if found else None


def _new_credentials(db, account: str, _token: str) -> None:
    # The username is a name, the password an independent secret: knowing one tells nothing
    # of the other.
    username, password = f"provet-{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    accounts.add_credential(db, "provet", username, password, account)


def _show_credentials(rows: list[dict]) -> dict:
    return {"username": rows[0]["principal"], "password": rows[0]["secret"]} if rows else {}


def _describe(creds: list[dict]) -> list[str]:
    return [f"HTTP Basic  username {c['principal']!r}  password {c['secret']!r}" for c in creds]


VENDOR = Vendor(
    name="provet",
    title="Provet Dropship",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=_seed_shared,
    clear_account=models.clear_account,
    control_blueprint=control_bp,
    site_blueprint=site_bp,
    cli=cli_group,
    on_advance=_on_advance,
    describe_credentials=_describe,
    account_of=_account_of,
    new_credentials=_new_credentials,
    show_credentials=_show_credentials,
    rules=rules.RULES,
)
