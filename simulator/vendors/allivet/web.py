"""The Allivet blueprint and what all its routes share: the endpoint groups of the scopes
fixture, who is calling (bearer JWTs, judged on the account's clock), and how bodies are read.
The routes register on it from routes.py and customer_routes.py."""
from __future__ import annotations

from flask import Blueprint, g, request

from ...core import accounts, clock
from ...core.wire import CaseInsensitiveDict, WireError, decode_json, format_iso_z
from ..routing import case_insensitive
from ..toolkit import (US_PER_SECOND, Identity, admit, fire, identity, interval_us, json_body,
                       sim)
from . import models, rules, schemas, tokens
from .errors import AllivetError, Forbidden, Unauthorized, render

bp = Blueprint("allivet", __name__, template_folder="templates")
bp.register_error_handler(AllivetError, render)
case_insensitive(bp, "/allivet")  # ASP.NET Core routes match in any case; ids keep theirs

SCOPES: dict[str, list[str]] = accounts.load_fixture("allivet_scopes.json")["scopes"]
GROUPS: dict[str, str] = {}  # endpoint -> scope group


def scoped(group: str):
    """Mark a view as belonging to an endpoint group of the scopes fixture."""
    def mark(view):
        GROUPS[f"allivet.{view.__name__}"] = group
        return view
    return mark


def status_interval_us() -> int:
    """The virtual time between an order's status steps."""
    return interval_us("allivet_status_interval")


def read_body(model: str):
    """The request's JSON body, refused as ASP.NET Core's model binding refuses it."""
    return json_body(schemas.read_json_body, model)


def identify(db, req) -> Identity:
    """Only credentials that hold name an account (a wrong guess consumes no fault and is
    journalled as anonymous): a bearer token signed by this database for a known client of
    its scope and not yet expired on its account's clock, or an Auth body naming a client with
    its own secret and store key. Scope coverage is the handler's (403, not 401)."""
    if req.method == "POST" and req.path.lower().endswith("/api/auth"):
        return _auth_body(db, req.get_data(cache=True))  # what Auth itself goes by
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return _bearer(db, token.strip())
    return Identity(None, None, Unauthorized())


def _bearer(db, token: str) -> Identity:
    try:
        claims = tokens.read_token(token, models.signing_key(db))
    except tokens.InvalidToken:
        return Identity(None, None, Unauthorized(description="The signature is invalid"))
    found = accounts.credential(db, "allivet", claims["username"])
    if found is None or found["extra"].get("apiScope") != claims["scopes"]:
        return Identity(None, None, Unauthorized(description="The client is unknown"))
    expires_us = claims["exp"] * US_PER_SECOND
    if expires_us <= clock.now_us(db, found["account"]):
        return Identity(None, None, Unauthorized(
            expired=True, description=f"The token expired at '{format_iso_z(expires_us)}'"))
    return Identity({**found, "scope": claims["scopes"]}, found["account"])


def _auth_body(db, raw: bytes) -> Identity:
    try:
        body = decode_json(raw or b"{}")
    except WireError:
        return Identity(None, None)
    if not isinstance(body, dict):
        return Identity(None, None)
    given = CaseInsensitiveDict(body)
    client, secret = given.get("clientID"), given.get("clientSecretKey")
    if not isinstance(client, str) or not isinstance(secret, str):
        return Identity(None, None)
    found = accounts.authenticate(db, "allivet", client, secret)
    if found and found["extra"].get("storeKey") == given.get("storeKey"):
        return Identity(found, found["account"])
    return Identity(None, None)


@bp.before_request
def authenticate() -> None:
    """Bearer JWT on every endpoint but /api/Auth; expiry judged on the virtual clock."""
    group = GROUPS.get(request.endpoint or "")
    if group is None:
        return
    found = identity()
    if found.account is None or found.credential.get("scope") is None:
        refusal = found.refusal if isinstance(found.refusal, Unauthorized) else Unauthorized()
        if refusal.expired:
            fire(rules.RULE_TOKEN_EXPIRY)
        raise refusal
    if group not in SCOPES.get(found.credential["scope"], []):
        raise Forbidden()
    admit(sim().db(), found.account)
    g.client, g.scope = found.credential["principal"], found.credential["scope"]
