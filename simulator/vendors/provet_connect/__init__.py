"""Provet Connect (Australia): the product catalogue practice-management systems read from
Provet, over Connect's header tokens, under /provet-connect. It reads the catalogue Provet
Dropship seeds: one catalogue, one nightly change, each account's stock."""
from __future__ import annotations

import secrets

from ...core import accounts
from .. import Vendor
from . import openapi, rules
from .errors import render_http_error
from .routes import VENDOR as NAME, bp, identify


def _new_credentials(db, account: str, _token: str) -> None:
    # Two independent secrets, as Connect's user and client tokens are.
    user_auth, client_auth = secrets.token_hex(16), secrets.token_hex(16)
    accounts.add_credential(db, NAME, user_auth, client_auth, account)


def _show_credentials(rows: list[dict]) -> dict:
    return {"User-Auth": rows[0]["principal"], "Client-Auth": rows[0]["secret"]} if rows else {}


def _describe(creds: list[dict]) -> list[str]:
    return [f"headers  User-Auth: {c['principal']}  Client-Auth: {c['secret']}  (and Accept: "
            "application/json, Api-Version: 1, Client, Practice, User)" for c in creds]


def _credential_fields(creds: list[dict]) -> list[list[tuple[str, str]]]:
    return sorted([("User-Auth", c["principal"]), ("Client-Auth", c["secret"])] for c in creds)


def _first_call(creds: dict) -> dict:
    return {"method": "GET", "path": "/provet-connect/products", "json": None,
            "headers": {"User-Auth": creds["User-Auth"], "Client-Auth": creds["Client-Auth"],
                        "Accept": "application/json", "Api-Version": "1", "Client": "dropsim",
                        "Practice": "dropsim", "User": "dropsim"}}


VENDOR = Vendor(
    name=NAME,
    title="Provet Connect",
    blueprint=bp,
    render_http_error=render_http_error,
    describe_credentials=_describe,
    identify=identify,
    first_call=_first_call,
    credential_fields=_credential_fields,
    new_credentials=_new_credentials,
    show_credentials=_show_credentials,
    rules=rules.RULES,
    openapi=openapi.api,
)
