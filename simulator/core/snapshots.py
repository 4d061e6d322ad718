"""Snapshots of the whole simulator database with SQLite's online backup API.

A snapshot is a consistent copy of every account, clock, fault and the shared catalogues,
kept as a file in `<db>.snapshots/`. Saving and restoring run while the server serves: the
backup API copies pages under SQLite's own locking, and a restore appears to every other
connection as one committed write.
"""
from __future__ import annotations

import os
import re
import sqlite3

from .errors import ControlError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def snapshot_dir(db_path: str) -> str:
    """The folder holding the snapshots of the database at `db_path`."""
    root, _ext = os.path.splitext(db_path)
    return f"{root}.snapshots"


def _path(db_path: str, name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ControlError("a snapshot name is 1 to 64 letters, digits, '_', '.' or '-', "
                           "starting with a letter or digit")
    return os.path.join(snapshot_dir(db_path), f"{name}.db")


def save(conn: sqlite3.Connection, db_path: str, name: str, replace: bool = False) -> dict:
    """Copy the live database into snapshot `name`."""
    path = _path(db_path, name)
    if os.path.exists(path) and not replace:
        raise ControlError(f"snapshot '{name}' exists; delete it first or save with replace",
                           status=409)
    os.makedirs(snapshot_dir(db_path), exist_ok=True)
    temp = f"{path}.{os.getpid()}.tmp"
    target = sqlite3.connect(temp)
    try:
        conn.backup(target)
    finally:
        target.close()
    os.replace(temp, path)  # a half-written snapshot never carries the name
    return describe(db_path, name)


def restore(conn: sqlite3.Connection, db_path: str, name: str) -> dict:
    """Replace the live database's contents with snapshot `name`."""
    path = _path(db_path, name)
    if not os.path.exists(path):
        raise ControlError(f"unknown snapshot '{name}'", status=404)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(conn)
    finally:
        source.close()
    return describe(db_path, name)


def describe(db_path: str, name: str) -> dict:
    """A snapshot's name, size and when it was taken (real time)."""
    path = _path(db_path, name)
    stat = os.stat(path)
    return {"name": name, "bytes": stat.st_size, "saved_at_us": int(stat.st_mtime * 1_000_000)}


def list_snapshots(db_path: str) -> list[dict]:
    """Every snapshot, oldest first."""
    folder = snapshot_dir(db_path)
    if not os.path.isdir(folder):
        return []
    names = [f[:-3] for f in os.listdir(folder) if f.endswith(".db") and _NAME.match(f[:-3])]
    return sorted((describe(db_path, n) for n in names), key=lambda s: (s["saved_at_us"], s["name"]))


def delete(db_path: str, name: str) -> None:
    """Remove snapshot `name`."""
    path = _path(db_path, name)
    if not os.path.exists(path):
        raise ControlError(f"unknown snapshot '{name}'", status=404)
    os.unlink(path)


