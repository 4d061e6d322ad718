"""What every vendor's routes and control calls need from the app, in one place: the simulator
and its settings, the request state (who is calling, at what virtual instant, which sandbox
rules fired), the JSON body of a call and the account a control call names."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, NamedTuple

from flask import current_app, g, request

from ..core import clock
from ..core.accounts import DEFAULT_ACCOUNT
from ..core.db import transaction
from ..core.errors import ControlError

US_PER_SECOND = 1_000_000


class Identity(NamedTuple):
    """Whose request this is, from its credentials alone: the stored credential row that held
    and its account, or (None, None) with the vendor's own refusal (an error to raise, or
    None for "no credentials given") when they did not."""

    credential: dict | None
    account: str | None
    refusal: Exception | None = None


NOBODY = Identity(None, None)


def sim():
    """The app's Simulator."""
    return current_app.extensions["dropsim"]


def setting(name: str) -> Any:
    """One of the app's settings."""
    return current_app.config["DROPSIM"][name]


def interval_us(name: str, settings: dict | None = None) -> int:
    """A duration setting in microseconds (from `settings`, or the app's)."""
    seconds = settings[name] if settings is not None else setting(name)
    return int(seconds * US_PER_SECOND)


# -- the request state -----------------------------------------------------------------------
def identity() -> Identity:
    """What the request pipeline found the request's credentials to be (vendor.identify)."""
    return g.get("identity") or NOBODY


def admit(db, account: str) -> None:
    """The request acts for `account`, at its virtual now."""
    g.account = account
    g.now_us = clock.now_us(db, account)


def fire(*rule_ids: str | None) -> None:
    """Name sandbox rules the request triggered (in X-Dropsim-Rules and the journal)."""
    fired = g.get("rules_fired") or []
    g.rules_fired = fired + [r for r in rule_ids if r and r not in fired]


def json_body(reader: Callable[..., Any], *args: Any) -> Any:
    """The request's JSON body read by the vendor's own `reader(raw, mimetype, max_depth,
    *args)`, which decodes it with core.wire.decode_json and refuses it in its own shape."""
    return reader(request.get_data(cache=True), request.mimetype, setting("json_max_depth"),
                  *args)


@contextmanager
def writing() -> Iterator[Any]:
    """The write transaction of a vendor request, with the account's time (`g.now_us`) read
    again inside it: a clock advance committed after the request began cannot slip between the
    time a write is stamped with and its commit, so every transition is reported exactly once
    (by the advance, or as already past by the write)."""
    with transaction(sim().db()) as db:
        g.now_us = clock.now_us(db, g.account)
        yield db


# -- control calls ---------------------------------------------------------------------------
def control_body() -> dict:
    """The JSON object a control call sent (empty when it sent nothing)."""
    if not request.get_data(cache=True).strip():
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ControlError("the body must be a JSON object")
    return data


def named_account(body: dict | None = None) -> str:
    """The account a control call names (`?account=` or `"account"`; default `default`)."""
    account = request.args.get("account") or (body or {}).get("account") or DEFAULT_ACCOUNT
    if not isinstance(account, str):
        raise ControlError("'account' must be a string")
    return account


def control_account(body: dict | None = None) -> str:
    """The existing account a control call names; a 404 ControlError for an unknown one."""
    account = named_account(body)
    sim().require_account(account)
    return account

