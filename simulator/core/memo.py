"""Reads that nearly every vendor request repeats (its credential, the account's clock and
faults, Allivet's signing key), kept per connection while the store has not changed.

The request pipeline opens a connection's memo when a vendor request starts (`begin`) and
closes it when the request ends (`end`). Opening compares SQLite's `PRAGMA data_version`,
which moves with every commit of any other connection (another thread or worker, the CLI),
and the connection's own `total_changes` with what they were when the values were read: any
change empties the memo. A write on the connection itself during the request empties it too,
at the next read. While the memo is closed (the CLI, the control plane, background threads)
every read goes to the store. What changes a file's content without moving either number (a
snapshot restored by SQLite's backup) empties it explicitly (`forget`).

Values are kept as read (tuples and rows): callers build what they hand on from them.
"""
from __future__ import annotations

from typing import Any, Callable


class Memo:
    """The kept reads of one connection."""

    __slots__ = ("conn", "version", "changes", "values", "open")

    def __init__(self, conn) -> None:
        self.conn = conn
        self.version: int | None = None
        self.changes = -1
        self.values: dict = {}
        self.open = False


def begin(db) -> None:
    """Open the memo of `db` for a request: one statement, instead of the reads it saves."""
    memo = db.memo
    version = memo.conn.execute("PRAGMA data_version").fetchone()[0]
    changes = memo.conn.total_changes
    if version != memo.version or changes != memo.changes:
        memo.values.clear()
        memo.version, memo.changes = version, changes
    memo.open = True


def end(db) -> None:
    """Close the memo of `db`: reads go to the store again."""
    db.memo.open = False


def forget(db) -> None:
    """Empty the memo of `db`: its file's content was replaced under the connection, or a
    write transaction starts (what it reads must be the store's latest, not the request's
    first look)."""
    memo = getattr(db, "memo", None)
    if memo is not None:
        memo.values.clear()
        memo.version = None


def read(db, key: tuple, load: Callable[[], Any]) -> Any:
    """`load()`'s value, from the memo while it is open and still holds."""
    memo = getattr(db, "memo", None)
    if memo is None or not memo.open:
        return load()
    values = memo.values
    changes = memo.conn.total_changes
    if changes != memo.changes:  # this connection wrote since
        values.clear()
        memo.changes = changes
    try:
        return values[key]
    except KeyError:
        value = values[key] = load()
        return value
