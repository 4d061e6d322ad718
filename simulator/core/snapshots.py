"""Snapshots of the whole simulator database with SQLite's online backup API.

A snapshot is a consistent copy of every account, clock, fault and the shared catalogues,
kept as a file in `<db>.snapshots/`. Saving and restoring run while the server serves: the
backup API copies pages under SQLite's own locking, and a restore appears to every other
connection as one committed write.

Each save writes its own temporary file (any number of saves may run at once, in threads of
one worker or in several) and holds an flock on it while it writes, so that a temporary file
nobody holds is known to be left by a save that was killed, and is removed.
"""
from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import tempfile

import sqlite_utils

from . import memo
from .db import check_connection, write_queue
from .errors import ControlError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_TEMP_SUFFIX = ".tmp"
# Files SQLite may keep beside a database file.
_SIDE_FILES = ("-journal", "-wal", "-shm")


def snapshot_dir(db_path: str) -> str:
    """The folder holding the snapshots of the database at `db_path`."""
    root, _ext = os.path.splitext(db_path)
    return f"{root}.snapshots"


def _path(db_path: str, name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ControlError("a snapshot name is 1 to 64 letters, digits, '_', '.' or '-', "
                           "starting with a letter or digit")
    return os.path.join(snapshot_dir(db_path), f"{name}.db")


def _remove_with_side_files(path: str) -> None:
    for suffix in ("", *_SIDE_FILES):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


def save(conn: sqlite3.Connection, db_path: str, name: str, replace: bool = False) -> dict:
    """Copy the live database into snapshot `name` (without `replace`, a 409 if it exists)."""
    # Of several concurrent saves of a new name, exactly one creates it (see os.link below).
    path = _path(db_path, name)
    exists = ControlError(f"snapshot '{name}' exists; delete it first or save with replace",
                          status=409)
    if os.path.exists(path) and not replace:
        raise exists
    folder = snapshot_dir(db_path)
    os.makedirs(folder, exist_ok=True)
    remove_stale(db_path)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=_TEMP_SUFFIX)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # "in use" to remove_stale (SQLite uses fcntl locks)
        target = sqlite3.connect(temp)
        try:
            conn.backup(target)
            # The copy carries the live file's WAL flag; a snapshot is only ever read, and in
            # rollback mode reading it leaves no -wal and -shm files in the folder.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if replace:
            os.replace(temp, path)  # a half-written snapshot never carries the name
        else:
            try:
                os.link(temp, path)  # atomic: fails when another save got there first
            except FileExistsError:
                raise exists from None
    finally:
        _remove_with_side_files(temp)
        os.close(fd)
    return describe(db_path, name)


def remove_stale(db_path: str) -> int:
    """Remove what killed saves and earlier versions left in the folder; returns how many."""
    # A killed save leaves its temporary file, which no save holds any more, and SQLite's files
    # beside it; earlier versions left -wal and -shm files beside snapshots they restored.
    folder = snapshot_dir(db_path)
    if not os.path.isdir(folder):
        return 0
    entries = set(os.listdir(folder))
    removed = 0
    for entry in sorted(entries):
        base, side = _split_side(entry)
        path = os.path.join(folder, entry)
        if side is not None:
            stale = base.endswith(_TEMP_SUFFIX) and base not in entries or (
                base.endswith(".db") and side != "-journal")
        else:
            # An empty one may be a save's, created and not yet locked: it costs nothing.
            stale = entry.endswith(_TEMP_SUFFIX) and not _held(path) and _size(path) > 0
        if stale:
            _remove_with_side_files(path)
            removed += 1
    return removed


def _split_side(entry: str) -> tuple[str, str | None]:
    for suffix in _SIDE_FILES:
        if entry.endswith(suffix):
            return entry[:-len(suffix)], suffix
    return entry, None


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def _held(path: str) -> bool:
    """Whether a save still holds the temporary file at `path` (or it is already gone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return True  # its save just finished
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # (closing releases the lock)


def restore(db: sqlite_utils.Database, db_path: str, name: str) -> dict:
    """Replace the live database's contents with snapshot `name`."""
    path = _path(db_path, name)
    if not os.path.exists(path):
        raise ControlError(f"unknown snapshot '{name}'", status=404)
    # immutable: a snapshot file never changes once named, and SQLite then needs no -wal and
    # -shm files to read it (snapshots saved by earlier versions are in WAL mode).
    source = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        # In the writers' queue like any write, so no transaction starts half-way through.
        with write_queue(db):
            check_connection(db)
            source.backup(db.conn)
            memo.forget(db)
            check_connection(db)
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
    found = []
    for name in names:
        try:
            found.append(describe(db_path, name))
        except FileNotFoundError:
            continue  # deleted while listing
    return sorted(found, key=lambda s: (s["saved_at_us"], s["name"]))


def delete(db_path: str, name: str) -> None:
    """Remove snapshot `name` and whatever SQLite kept beside it."""
    path = _path(db_path, name)
    try:
        os.unlink(path)
    except FileNotFoundError:
        raise ControlError(f"unknown snapshot '{name}'", status=404) from None
    _remove_with_side_files(path)
