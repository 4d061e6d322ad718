"""Fault injection: per-account rules that answer a matching vendor request with an error, a
delay, or both, before the vendor's own handler runs (so a faulted write stores nothing).

Whether a fault with a probability below 1 fires is drawn from a generator seeded with the
fault's id and how many requests it has been asked about, so a run replays identically.
"""
from __future__ import annotations

import fnmatch
import json
import math
import random
import re
import secrets
from typing import Any

import sqlite_utils

from . import memo
from .db import select, transaction
from .errors import ControlError

# Ready-made faults integrators reach for; any field given alongside overrides the preset's.
PRESETS: dict[str, dict[str, Any]] = {
    "rate_limit": {"status": 429, "headers": {"Retry-After": "30"}},
    "maintenance": {"status": 503, "headers": {"Retry-After": "120"}},
    "server_error": {"status": 500},
    "slow": {"delay_ms": 2000},
}
FIELDS = ("vendor", "method", "path", "status", "headers", "body", "delay_ms", "probability",
          "times", "preset")


def _create(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE faults (
            id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id),
            vendor TEXT NOT NULL, method TEXT, path TEXT NOT NULL, status INTEGER,
            headers TEXT NOT NULL, body TEXT, delay_ms INTEGER NOT NULL, probability REAL NOT NULL,
            times INTEGER, preset TEXT, asked INTEGER NOT NULL DEFAULT 0,
            fired INTEGER NOT NULL DEFAULT 0, created_seq INTEGER NOT NULL)""")
    db.execute("CREATE INDEX faults_account ON faults (account, vendor)")


MIGRATIONS = [("core:0002-faults", _create)]


MAX_TIMES = 2**63 - 1  # SQLite's largest integer


def _number(spec: dict, name: str, kind: type, low: float, high: float):
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not (math.isfinite(value) and
                                              (kind is float or value.is_integer()))):
        raise ControlError(f"'{name}' must be a {'whole ' if kind is int else ''}number")
    if not low <= value <= high:  # before any conversion: a 400-digit integer has no float
        raise ControlError(f"'{name}' must be between {low} and {high}" if high < MAX_TIMES
                           else f"'{name}' must be at least {low}" if value < low
                           else f"'{name}' must be at most {high}")
    return kind(value)


# RFC 9110's token characters, for a header name.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# Headers that frame the HTTP message: a fault setting one would corrupt the response.
_FRAMING = {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
            "trailer"}


def _headers(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in value.values()):
        raise ControlError("'headers' must be an object of header names to values")
    for name, text in value.items():
        if not _HEADER_NAME.match(name):
            raise ControlError(f"header name {name!r} is not a valid HTTP header name")
        if name.lower() in _FRAMING:
            raise ControlError(f"header '{name}' cannot be set by a fault: it frames the response")
        if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", str(text)):
            # (a newline would end the header: every matching request then failed with a 500)
            raise ControlError(f"the value of header '{name}' holds a line break or another "
                               "control character")
    return {k: str(v) for k, v in value.items()}


def validate(spec: dict, vendors: list[str], max_delay_ms: int = 600_000) -> dict:
    """A stored fault from a request body; ControlError names what is wrong."""
    unknown = set(spec) - set(FIELDS) - {"account"}
    if unknown:
        raise ControlError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
    preset = spec.get("preset")
    if preset is not None and (not isinstance(preset, str) or preset not in PRESETS):
        raise ControlError(f"unknown preset '{preset}'; use one of {', '.join(PRESETS)}")
    merged = {**PRESETS.get(preset, {}), **{k: v for k, v in spec.items() if v is not None}}
    if not isinstance(merged.get("vendor"), str) or merged["vendor"] not in vendors:
        raise ControlError(f"'vendor' must be one of {', '.join(vendors)}")
    path = merged.get("path", "*")
    if not isinstance(path, str) or not path:
        raise ControlError("'path' must be a glob below the vendor prefix, e.g. \"/api/orders*\"")
    method = merged.get("method")
    if method is not None and not isinstance(method, str):
        raise ControlError("'method' must be a string such as \"POST\"")
    headers = _headers(merged.get("headers", {}))
    status = _number(merged, "status", int, 100, 599)
    delay = _number(merged, "delay_ms", int, 0, max_delay_ms) or 0
    if status is None and not delay:
        raise ControlError("a fault needs a 'status', a 'delay_ms', or a 'preset'")
    body = merged.get("body")
    probability = _number(merged, "probability", float, 0, 1)
    return {"vendor": merged["vendor"], "method": method.upper() if method else None,
            "path": path if path.startswith("/") or path.startswith("*") else "/" + path,
            "status": status, "headers": json.dumps(headers),
            "body": None if body is None else json.dumps(body), "delay_ms": delay,
            "probability": 1.0 if probability is None else probability,
            "times": _number(merged, "times", int, 1, MAX_TIMES), "preset": preset}


def add(db: sqlite_utils.Database, account: str, fault: dict) -> str:
    """Store a validated fault for the account; returns its id."""
    fault_id = "flt_" + secrets.token_hex(6)
    seq = db.execute("SELECT coalesce(max(created_seq), 0) + 1 FROM faults").fetchone()[0]
    row = {"id": fault_id, "account": account, **fault, "created_seq": seq}
    db.execute(f"INSERT INTO faults ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
               list(row.values()))
    return fault_id


def to_wire(row: dict) -> dict:
    """A stored fault as the control plane shows it."""
    remaining = None if row["times"] is None else max(0, row["times"] - row["fired"])
    return {"id": row["id"], "account": row["account"], "vendor": row["vendor"],
            "method": row["method"], "path": row["path"], "status": row["status"],
            "headers": json.loads(row["headers"]),
            "body": None if row["body"] is None else json.loads(row["body"]),
            "delay_ms": row["delay_ms"], "probability": row["probability"], "times": row["times"],
            "preset": row["preset"], "fired": row["fired"], "remaining": remaining,
            "active": remaining is None or remaining > 0}


def list_faults(db: sqlite_utils.Database, account: str) -> list[dict]:
    """The account's faults, oldest first."""
    return [to_wire(r) for r in select(
        db, "SELECT * FROM faults WHERE account = ? ORDER BY created_seq", [account])]


def remove(db: sqlite_utils.Database, account: str, fault_id: str | None = None) -> int:
    """Delete one of the account's faults, or all of them; returns how many."""
    if fault_id is None:
        return db.execute("DELETE FROM faults WHERE account = ?", [account]).rowcount
    return db.execute("DELETE FROM faults WHERE account = ? AND id = ?",
                      [account, fault_id]).rowcount


def match(db: sqlite_utils.Database, account: str, vendor: str, method: str,
          path: str) -> dict | None:
    """The first active fault of the account that fires for this request, counted as fired;
    None when none does. `path` is below the vendor prefix."""
    active = memo.read(db, ("faults", account, vendor), lambda: tuple(select(
        db, "SELECT * FROM faults WHERE account = ? AND vendor = ? "
        "AND (times IS NULL OR fired < times) ORDER BY created_seq", [account, vendor])))
    candidates = [r for r in active
                  if (r["method"] is None or r["method"] == method.upper())
                  and fnmatch.fnmatchcase(path.lower(), r["path"].lower())]
    if not candidates:
        return None
    with transaction(db):
        for row in candidates:
            draw = random.Random(f"{row['id']}:{row['asked']}").random()
            fires = draw < row["probability"]
            db.execute("UPDATE faults SET asked = asked + 1, fired = fired + ? WHERE id = ?",
                       [int(fires), row["id"]])
            if fires:
                return to_wire({**row, "fired": row["fired"] + 1})
    return None
