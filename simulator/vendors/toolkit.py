"""What every vendor's routes and control calls need from the app, in one place: the simulator,
settings, the JSON body of a control call and the account it names."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from flask import current_app, g, request

from ..core import clock
from ..core.accounts import DEFAULT_ACCOUNT
from ..core.db import transaction
from ..core.errors import ControlError


def sim():
    """The app's Simulator."""
    return current_app.extensions["dropsim"]


def setting(name: str) -> Any:
    """One of the app's settings."""
    return current_app.config["DROPSIM"][name]


def interval_us(name: str) -> int:
    """A duration setting in microseconds."""
    return int(setting(name) * 1_000_000)


@contextmanager
def writing() -> Iterator[Any]:
    """The write transaction of a vendor request, with the account's time (`g.now_us`) read
    again inside it: a clock advance committed after the request began cannot slip between the
    time a write is stamped with and its commit, so every transition is reported exactly once
    (by the advance, or as already past by the write)."""
    with transaction(sim().db()) as db:
        g.now_us = clock.now_us(db, g.account)
        yield db


def control_body() -> dict:
    """The JSON object a control call sent (empty when it sent nothing)."""
    if not request.get_data(cache=True).strip():
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ControlError("the body must be a JSON object")
    return data


def control_account(body: dict | None = None) -> str:
    """The existing account a control call names (`?account=` or `"account"`; default
    `default`); a 404 ControlError for an unknown one."""
    account = request.args.get("account") or (body or {}).get("account") or DEFAULT_ACCOUNT
    if not isinstance(account, str):
        raise ControlError("'account' must be a string")
    sim().require_account(account)
    return account
