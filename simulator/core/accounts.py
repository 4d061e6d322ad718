"""Sandbox accounts and the vendor credentials that belong to them.

Every credential (a Provet user, an Allivet client, a RetailOps API key) belongs to exactly one
account; a vendor request is served in the account its credential belongs to.
"""
from __future__ import annotations

import hmac
import json
from importlib import resources
from typing import Any

import sqlite_utils

from . import memo
from .db import Migration, select

DEFAULT_ACCOUNT = "default"


def _create_core_tables(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["accounts"].create({"id": str, "created_at_us": int}, pk="id", not_null={"created_at_us"})
    db["clocks"].create({"account": str, "offset_us": int, "frozen_at_us": int}, pk="account",
                        not_null={"offset_us"}, defaults={"offset_us": 0},
                        foreign_keys=[("account", "accounts", "id")])
    db["credentials"].create(
        {"vendor": str, "principal": str, "secret": str, "account": str, "extra": str},
        pk=("vendor", "principal"), not_null={"account"},
        foreign_keys=[("account", "accounts", "id")])
    db["credentials"].create_index(["account"])


MIGRATIONS: list[Migration] = [("core:0001-accounts-clocks-credentials", _create_core_tables)]


def load_fixture(name: str) -> Any:
    """A JSON file from the checked-in fixtures/ (installed as simulator.fixtures)."""
    return json.loads(resources.files("simulator.fixtures").joinpath(name).read_text("utf-8"))


def ensure_account(db: sqlite_utils.Database, account: str, created_at_us: int) -> None:
    """Create the account and its clock if missing."""
    db.execute("INSERT OR IGNORE INTO accounts (id, created_at_us) VALUES (?, ?)",
               [account, created_at_us])
    db.execute("INSERT OR IGNORE INTO clocks (account, offset_us) VALUES (?, 0)", [account])


def account_exists(db: sqlite_utils.Database, account: str) -> bool:
    """Whether the account exists."""
    return db.execute("SELECT 1 FROM accounts WHERE id = ?", [account]).fetchone() is not None


def list_accounts(db: sqlite_utils.Database) -> list[str]:
    """Every account id, oldest first."""
    return [r[0] for r in db.execute("SELECT id FROM accounts ORDER BY created_at_us, id")]


def add_credential(db: sqlite_utils.Database, vendor: str, principal: str, secret: str | None,
                   account: str, extra: dict | None = None) -> None:
    """Register a credential of `vendor` for `account`."""
    db.execute("INSERT OR REPLACE INTO credentials (vendor, principal, secret, account, extra) "
               "VALUES (?, ?, ?, ?, ?)",
               [vendor, principal, secret, account, json.dumps(extra or {}, sort_keys=True)])


def credentials_of(db: sqlite_utils.Database, account: str) -> list[dict]:
    """The account's credentials, as stored."""
    rows = select(db, "SELECT vendor, principal, secret, extra FROM credentials WHERE account = ? "
                  "ORDER BY vendor, principal", [account])
    return [{**r, "extra": json.loads(r["extra"] or "{}")} for r in rows]


def authenticate(db: sqlite_utils.Database, vendor: str, principal: str,
                 secret: str | None = None) -> dict | None:
    """The credential row (account, extra) when `principal` (and `secret`, when the vendor
    uses one) match; None otherwise."""
    row = _credential_row(db, vendor, principal)
    if row is None:
        return None
    account, stored_secret, extra = row
    if stored_secret is not None:
        if secret is None or not hmac.compare_digest(stored_secret.encode(), secret.encode()):
            return None
    return {"account": account, "principal": principal, "extra": json.loads(extra or "{}")}


def credential(db: sqlite_utils.Database, vendor: str, principal: str) -> dict | None:
    """The credential row (account, extra) of a vendor principal (user, client id, API key),
    without checking its secret: for principals a signed token vouches for."""
    row = _credential_row(db, vendor, principal)
    if row is None:
        return None
    return {"account": row[0], "principal": principal, "extra": json.loads(row[2] or "{}")}


def _credential_row(db: sqlite_utils.Database, vendor: str, principal: str) -> tuple | None:
    return memo.read(db, ("credential", vendor, principal), lambda: db.conn.execute(
        "SELECT account, secret, extra FROM credentials WHERE vendor = ? AND principal = ?",
        [vendor, principal]).fetchone())


def install_default_credentials(db: sqlite_utils.Database) -> None:
    """The documented default credentials of the default account, from fixtures/."""
    for cred in load_fixture("credentials.json")["credentials"]:
        add_credential(db, cred["vendor"], cred["principal"], cred.get("secret"),
                       cred.get("account", DEFAULT_ACCOUNT), cred.get("extra"))
