"""Allivet (US pet pharmacy): catalogue, vets, customers, orders and prescriptions over
bearer JWTs, under /allivet."""
from __future__ import annotations

import json

import jwt

from ...core import accounts
from .. import Vendor
from . import models, rules, seed
from .control import bp as control_bp
from .errors import render_http_error
from .routes import bp


# -- ASP.NET Core routing is case-insensitive: /allivet/api/products == /allivet/api/Products.
class CanonicalPaths:
    """WSGI middleware that rewrites the literal segments of an /allivet path to the case
    the routes are registered with; path parameters (ids) are left untouched."""

    def __init__(self, app, wsgi_app) -> None:
        self.app, self.wsgi_app, self.templates = app, wsgi_app, None

    def canonical(self, path: str) -> str:
        """The path with its literal segments in registered case."""
        if self.templates is None:
            self.templates = [r.rule.split("/") for r in self.app.url_map.iter_rules()
                              if r.endpoint.startswith("allivet.")]
        parts, best = path.split("/"), None
        for template in self.templates:
            if len(template) == len(parts) and all(
                    t.startswith("<") or t.lower() == p.lower() for t, p in zip(template, parts)):
                literals = sum(not t.startswith("<") for t in template)
                if best is None or literals > best[0]:
                    best = (literals, template)
        if best is None:
            return path
        return "/".join(p if t.startswith("<") else t for t, p in zip(best[1], parts))

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/allivet/"):
            environ["PATH_INFO"] = self.canonical(path)
        return self.wsgi_app(environ, start_response)


@bp.record_once
def _install_canonical_paths(state) -> None:
    state.app.wsgi_app = CanonicalPaths(state.app, state.app.wsgi_app)


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    interval_us = int(settings["provet_status_interval"] * 1_000_000)
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


def _account_of(db, request) -> str | None:
    # A bearer token names its client in the `username` claim; /api/Auth names it in the body.
    # The token's signature is checked here (cheap, and a forged token names nobody); its
    # expiry and scope are left to the vendor's own handler.
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    client = None
    if scheme.lower() == "bearer" and token.strip():
        try:
            client = rules.read_token(token.strip(), models.signing_key(db))["username"]
        except jwt.InvalidTokenError:
            return None
    elif request.method == "POST" and request.path.lower().endswith("/api/auth"):
        try:
            body = json.loads(request.get_data(cache=True) or b"{}")
        except ValueError:
            return None
        if isinstance(body, dict):
            client = next((v for k, v in body.items() if k.lower() == "clientid"), None)
    return accounts.account_of(db, "allivet", client) if isinstance(client, str) else None


def _new_credentials(db, account: str, token: str) -> dict:
    creds = {"clientID": f"allivet-{token[:8]}", "clientSecretKey": token,
             "apiScope": "api:dropship", "storeKey": f"store-{token[8:14]}"}
    accounts.add_credential(db, "allivet", creds["clientID"], creds["clientSecretKey"], account,
                            {"apiScope": creds["apiScope"], "storeKey": creds["storeKey"]})
    return creds


def _describe(creds: list[dict]) -> list[str]:
    return [f"POST /allivet/api/Auth  clientID {c['principal']!r}  clientSecretKey "
            f"{c['secret']!r}  apiScope {c['extra'].get('apiScope')!r}  storeKey "
            f"{c['extra'].get('storeKey')!r}" for c in creds]


VENDOR = Vendor(
    name="allivet",
    title="Allivet",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=seed.seed_catalogue,
    seed_account=seed.seed_account,
    clear_account=models.clear_account,
    on_advance=_on_advance,
    describe_credentials=_describe,
    control_blueprint=control_bp,
    rules=rules.RULES,
    account_of=_account_of,
    new_credentials=_new_credentials,
)
