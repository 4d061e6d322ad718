"""The simulator's clock: the single source of domain time.

Each account has its own virtual clock: real UTC time plus a forward offset, or an instant it
is frozen at. Times are integer microseconds since the Unix epoch (UTC) everywhere in the
store, which keeps comparisons and range queries on indexed columns cheap.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

import sqlite_utils

from . import memo

US_PER_SECOND = 1_000_000
# The latest instant a clock may reach: dates must stay renderable (and computable a year
# ahead, for the Provet catalogue) in every vendor's format.
MAX_US = 253_370_764_800 * US_PER_SECOND  # 9999-01-01T00:00:00Z


class ClockError(ValueError):
    """A clock operation that would move time backwards or is otherwise invalid."""


def real_now_us() -> int:
    """Real UTC time; the only place the simulator reads the wall clock."""
    return time.time_ns() // 1000


def to_datetime(us: int) -> datetime:
    """An aware UTC datetime from epoch microseconds."""
    return datetime.fromtimestamp(us // US_PER_SECOND, tz=timezone.utc).replace(
        microsecond=us % US_PER_SECOND)


def from_datetime(dt: datetime) -> int:
    """Epoch microseconds from a datetime; a naive datetime is taken as UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    delta = dt - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def _row(db: sqlite_utils.Database, account: str) -> tuple[int, int | None]:
    row = memo.read(db, ("clock", account), lambda: db.conn.execute(
        "SELECT offset_us, frozen_at_us FROM clocks WHERE account = ?", [account]).fetchone())
    return (0, None) if row is None else (row[0], row[1])


def now_us(db: sqlite_utils.Database, account: str) -> int:
    """The account's virtual now."""
    offset_us, frozen_at_us = _row(db, account)
    return frozen_at_us if frozen_at_us is not None else real_now_us() + offset_us


def state(db: sqlite_utils.Database, account: str) -> dict:
    """The account's clock as a plain dict: now, frozen, offset."""
    offset_us, frozen_at_us = _row(db, account)
    now = frozen_at_us if frozen_at_us is not None else real_now_us() + offset_us
    if frozen_at_us is not None:
        offset_us = frozen_at_us - real_now_us()
    return {"account": account, "now_us": now, "frozen": frozen_at_us is not None,
            "offset_seconds": round(offset_us / US_PER_SECOND, 6)}


def _save(db: sqlite_utils.Database, account: str, offset_us: int, frozen_at_us: int | None):
    db.execute("INSERT INTO clocks (account, offset_us, frozen_at_us) VALUES (?, ?, ?) "
               "ON CONFLICT(account) DO UPDATE SET offset_us = excluded.offset_us, "
               "frozen_at_us = excluded.frozen_at_us", [account, offset_us, frozen_at_us])


def advance(db: sqlite_utils.Database, account: str, seconds: float) -> tuple[int, int]:
    """Move the account's clock forward; returns (before, after) in microseconds.
    Call inside a transaction."""
    delta = int(round(seconds * US_PER_SECOND))
    if delta <= 0:
        raise ClockError("the clock only moves forward: give a positive amount of time")
    offset_us, frozen_at_us = _row(db, account)
    before = frozen_at_us if frozen_at_us is not None else real_now_us() + offset_us
    if before + delta >= MAX_US:
        raise ClockError("that would move the clock past the year 9998; give a smaller amount")
    if frozen_at_us is not None:
        _save(db, account, offset_us, frozen_at_us + delta)
    else:
        _save(db, account, offset_us + delta, None)
    return before, before + delta


def freeze(db: sqlite_utils.Database, account: str) -> int:
    """Stop the account's clock at its current instant (idempotent)."""
    offset_us, frozen_at_us = _row(db, account)
    if frozen_at_us is None:
        frozen_at_us = real_now_us() + offset_us
        _save(db, account, offset_us, frozen_at_us)
    return frozen_at_us


def resume(db: sqlite_utils.Database, account: str) -> int:
    """Let a frozen clock run again from the instant it was frozen at (no jump either way)."""
    offset_us, frozen_at_us = _row(db, account)
    if frozen_at_us is None:
        return real_now_us() + offset_us
    real = real_now_us()
    _save(db, account, frozen_at_us - real, None)
    return frozen_at_us


def reset(db: sqlite_utils.Database, account: str) -> None:
    """Back to real time, running. Only a reset of the account may move its time back."""
    _save(db, account, 0, None)
