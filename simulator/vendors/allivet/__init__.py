"""Allivet (US pet pharmacy): catalogue, vets, customers, orders and prescriptions over
bearer JWTs, under /allivet."""
from __future__ import annotations

import secrets

from ...core import accounts
from ...core.redact import Secrets
from .. import Dashboard, Vendor, toolkit
from . import customer_routes, dashboard, models, openapi, routes, rules, seed  # noqa: F401 (views)
from .control import bp as control_bp
from .errors import render_http_error
from .web import bp, identify


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    interval_us = toolkit.interval_us("allivet_status_interval", settings)
    found = []
    for order in models.changing_orders(db, account, before_us, after_us, interval_us):
        for old, new, at, rule in rules.transitions_between(
                rules.timeline(order, interval_us), before_us, after_us):
            found.append({"vendor": "allivet", "object": "order", "id": order["sales_order_code"],
                          "from": old, "to": new, "at_us": at, "rule": rule})
        if not order["is_rx"]:
            continue
        steps = rules.transitions_between(rules.rx_timeline(order, interval_us), before_us, after_us)
        for rx_id in models.prescription_ids(db, order["id"]) if steps else []:
            found.extend({"vendor": "allivet", "object": "prescription", "id": rx_id, "from": old,
                          "to": new, "at_us": at, "rule": rule} for old, new, at, rule in steps)
    return found


def _new_credentials(db, account: str, _token: str) -> None:
    # Each part its own random value: a client id and store key reveal nothing of the secret.
    accounts.add_credential(db, "allivet", f"allivet-{secrets.token_hex(4)}",
                            secrets.token_urlsafe(24), account,
                            {"apiScope": "api:dropship", "storeKey": f"store-{secrets.token_hex(4)}"})


def _show_credentials(rows: list[dict]) -> dict:
    # The client that may call every endpoint first, then every client of the account (the
    # default account's scoped ones too), as RetailOps lists its keys.
    clients = sorted(({"clientID": r["principal"], "clientSecretKey": r["secret"],
                       "apiScope": r["extra"].get("apiScope"),
                       "storeKey": r["extra"].get("storeKey")} for r in rows),
                     key=lambda c: (c["apiScope"] != "api:dropship", c["clientID"]))
    return {**clients[0], "clients": clients} if clients else {}


def _describe(creds: list[dict]) -> list[str]:
    return [f"POST /allivet/api/Auth  clientID {c['principal']!r}  clientSecretKey "
            f"{c['secret']!r}  apiScope {c['extra'].get('apiScope')!r}  storeKey "
            f"{c['extra'].get('storeKey')!r}" for c in creds]


def _first_call(creds: dict) -> dict:
    return {"method": "POST", "path": "/allivet/api/Auth", "headers": {},
            "json": {k: creds[k] for k in ("clientID", "clientSecretKey", "apiScope", "storeKey")}}


VENDOR = Vendor(
    name="allivet",
    title="Allivet",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=seed.seed_catalogue,
    seed_account=seed.seed_account,
    renew=seed.renew,
    clear_account=models.clear_account,
    on_advance=_on_advance,
    describe_credentials=_describe,
    control_blueprint=control_bp,
    rules=rules.RULES,
    identify=identify,
    first_call=_first_call,
    credential_fields=dashboard.credential_fields,
    dashboard=Dashboard(tab="Allivet", counted="Allivet orders", counts=dashboard.counts,
                        page=dashboard.page),
    new_credentials=_new_credentials,
    show_credentials=_show_credentials,
    openapi=openapi.api,
    control_openapi=openapi.control_operations,
    # A client's secret and store key, wrong guesses included, and a customer's password; the
    # tokens Auth issues are masked as JWTs wherever they appear.
    secrets=Secrets.of(("clientSecretKey", "storeKey", "password")),
)
