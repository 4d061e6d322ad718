"""The /_sim/ control plane. Read endpoints have no side effects."""
from __future__ import annotations

import hmac
import math

from flask import Blueprint, current_app, jsonify, request

from ..core.accounts import list_accounts
from ..core.clock import US_PER_SECOND
from ..core.errors import ControlError
from ..core.wire import JSONBodyError, decode_json, format_iso_micro
from ..vendors.toolkit import control_body, named_account
from ..vendors.toolkit import sim as _sim
from ..version import __version__
from .openapi import api as control_api

bp = Blueprint("control", __name__)

_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def render_control_error(error: ControlError):
    """`{"error": message}` for every /_sim/ error, vendor control calls included."""
    response = jsonify({"error": error.message})
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dropsim control plane"'
    return response


# The dashboard's sign-in form stores the admin token in this cookie (HttpOnly,
# SameSite=Strict), so the browser's calls to /_sim/ carry it without script access to it.
ADMIN_COOKIE = "dropsim_admin"


def has_admin_token() -> bool:
    """Whether the request carries the admin token (Bearer header or the dashboard's cookie),
    or no token is configured."""
    token = current_app.config["DROPSIM"]["admin_token"]
    if not token:
        return True
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    cookie = request.cookies.get(ADMIN_COOKIE)
    return cookie is not None and hmac.compare_digest(cookie.encode(), token.encode())


# Readable without the admin token: whether the server is up, and what its API is.
OPEN_ENDPOINTS = {"control.health", "control.openapi_document"}


def require_admin_token() -> None:
    """DROPSIM_ADMIN_TOKEN, when set, guards everything but GET /_sim/health and
    /_sim/openapi.json; create_app runs it before vendor control calls too."""
    if request.endpoint in OPEN_ENDPOINTS and request.method in ("GET", "HEAD"):
        return
    if not has_admin_token():
        raise ControlError("this control plane needs 'Authorization: Bearer <admin token>'", 401)


bp.before_request(require_admin_token)


def screen_control_body() -> None:
    """Refuse a /_sim/ JSON body that no handler could use, before any handler runs."""
    # Run first on every control blueprint, vendors' included (create_app). A body nested
    # past the parser's depth raised RecursionError, and a lone UTF-16 surrogate
    # ("\\ud800") reached SQLite, which cannot store one: both were 500s. The vendors read
    # bodies the same way.
    if not request.is_json:
        return
    raw = request.get_data(cache=True)
    if not raw.strip():
        return
    try:
        decode_json(raw, current_app.config["DROPSIM"]["json_max_depth"])
    except JSONBodyError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
        raise ControlError(f"the body is not usable JSON: {exc.reason}{where}") from None


def clock_to_wire(state: dict) -> dict:
    """A clock state as JSON."""
    return {"account": state["account"], "now": format_iso_micro(state["now_us"]),
            "frozen": state["frozen"], "offset_seconds": state["offset_seconds"]}


@bp.get("/health")
def health():
    sim = _sim()
    return jsonify({"status": "ok", "version": __version__,
                    "vendors": [{"name": v.name, "title": v.title, "prefix": f"/{v.name}"}
                                for v in sim.vendors],
                    "database": sim.options.path,
                    "accounts": len(list_accounts(sim.db())),
                    # entries waiting to be stored, and those a full queue dropped, since start
                    "journal": sim.journal.recorder.board.totals()})


@bp.get("/openapi.json")
def openapi_document():
    sim = _sim()
    return jsonify(control_api(sim.vendors, sim.settings).document(request.host_url))


@bp.post("/reset")
def reset():
    body = control_body()
    account = request.args.get("account") or body.get("account")
    if account is not None and not isinstance(account, str):
        raise ControlError("'account' must be a string")
    return jsonify({"reset": _sim().reset(account)})


@bp.get("/clock")
def get_clock():
    return jsonify(clock_to_wire(_sim().clock_state(named_account())))


def _seconds(body: dict) -> float:
    total, given = 0.0, False
    for unit, factor in _UNITS.items():
        if unit not in body:
            continue
        value = body[unit]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            raise ControlError(f"'{unit}' must be a number")
        # Compared before any float conversion: an integer of 400 digits has no float.
        if value > 3_000_000 * 86400 // factor:  # beyond any clock's range (see clock.MAX_US)
            raise ControlError(f"'{unit}' is too large")
        if value < 0:
            raise ControlError("the clock only moves forward: amounts cannot be negative")
        total += value * factor
        given = True
    if not given:
        raise ControlError("give how far to move the clock: "
                           "{\"minutes\": 30} (or seconds, hours, days)")
    return total


@bp.post("/clock/advance")
def advance():
    body = control_body()
    result = _sim().advance(named_account(body), _seconds(body))
    return jsonify({
        "account": result["account"],
        "before": format_iso_micro(result["before_us"]),
        "after": format_iso_micro(result["after_us"]),
        "advanced_seconds": (result["after_us"] - result["before_us"]) / US_PER_SECOND,
        "transitions": [{**{k: v for k, v in t.items() if k != "at_us"},
                         "at": format_iso_micro(t["at_us"])} for t in result["transitions"]],
    })


@bp.post("/clock/freeze")
def freeze():
    return jsonify(clock_to_wire(_sim().freeze(named_account(control_body()))))


@bp.post("/clock/resume")
def resume():
    return jsonify(clock_to_wire(_sim().resume(named_account(control_body()))))

