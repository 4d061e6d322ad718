"""The SQLite store: connections, transactions and schema migrations.

All simulator state lives in one SQLite file in WAL mode, so any number of server worker
processes behave as one. Each thread of each process keeps its own connection: opening one
costs far more than a typical query, so connections are reused across requests.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

import sqlite_utils

from . import memo

Migration = tuple[str, Callable[[sqlite_utils.Database], None]]


class StoreGone(RuntimeError):
    """The database file was removed or replaced while a connection to it was open: what it
    writes from now on would land in a file nobody can open again."""


# SQLite errors that say the store (disk, file, lock) failed, not the statement.
_STORAGE_ERRORS = ("unable to open database file", "attempt to write a readonly database",
                   "disk i/o error", "database or disk is full", "database is locked",
                   "file is not a database", "database disk image is malformed")


def storage_problem(exc: BaseException) -> bool:
    """Whether an sqlite3 error is the store failing (answered 503) rather than a bug."""
    return isinstance(exc, sqlite3.DatabaseError) and any(
        text in str(exc).lower() for text in _STORAGE_ERRORS)


@dataclass(frozen=True)
class StoreOptions:
    path: str
    synchronous: str = "FULL"
    busy_timeout_ms: int = 5000


def connect(options: StoreOptions) -> sqlite_utils.Database:
    """Open a new connection in autocommit mode with WAL, a busy timeout and foreign keys."""
    conn = None
    try:
        conn = sqlite3.connect(options.path, isolation_level=None,
                               timeout=options.busy_timeout_ms / 1000)
        conn.execute(f"PRAGMA busy_timeout = {int(options.busy_timeout_ms)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:  # say which file: a simulator has several
        if conn is not None:
            conn.close()
        raise type(exc)(f"{exc} ({options.path})") from None
    conn.execute(f"PRAGMA synchronous = {options.synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    db.write_lock = _open_write_lock(options.path)
    db.store_path, db.identity = options.path, file_identity(options.path)
    db.options = options  # (for threads that open their own connection to the same store)
    db.memo = memo.Memo(conn)
    return db


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None when nothing, or no real file, is there."""
    if path == ":memory:" or path.startswith("file:"):
        return None
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def check_file(path: str, identity: tuple[int, int] | None) -> None:
    """Raise StoreGone unless `path` still names the file that had `identity`."""
    if identity is None:
        return
    now = file_identity(path)
    if now != identity:
        how = "removed" if now is None else "replaced by another file"
        raise StoreGone(f"the database file {path} was {how} while dropsim was running, so "
                        "nothing it stores could be read back; restart dropsim")


def write_lock_path(path: str) -> str:
    """The file whose lock writers queue on (see `transaction`)."""
    return path + "-lock"


def _open_write_lock(path: str) -> int | None:
    if path == ":memory:" or path.startswith("file:"):
        return None
    try:
        return os.open(write_lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None  # e.g. a read-only folder: SQLite's own busy handler still applies


def close(db: sqlite_utils.Database) -> None:
    """Close a connection opened by `connect` and its write lock."""
    db.conn.close()
    fd = getattr(db, "write_lock", None)
    if fd is not None:
        db.write_lock = None
        os.close(fd)


class ConnectionCache:
    """One connection per (thread, process, options); forked workers open their own."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self, options: StoreOptions) -> sqlite_utils.Database:
        """The calling thread's connection for `options`, opened on first use."""
        cache = getattr(self._local, "conns", None)
        if cache is None or getattr(self._local, "pid", None) != os.getpid():
            cache = self._local.conns = {}
            self._local.pid = os.getpid()
        db = cache.get(options)
        if db is None:
            db = cache[options] = connect(options)
        return db

    def close(self, options: StoreOptions) -> None:
        """Close this thread's connection for `options`, if open."""
        db = getattr(self._local, "conns", {}).pop(options, None)
        if db is not None:
            close(db)

    def close_all(self) -> None:
        """Close this thread's connections (used by tests and at exit)."""
        for db in getattr(self._local, "conns", {}).values():
            close(db)
        self._local.conns = {}


connections = ConnectionCache()


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction; takes the write lock up front (BEGIN IMMEDIATE) so concurrent
    writers queue instead of failing on a lock upgrade. Nested calls become savepoints.

    Writers first queue on an flock of `<db>-lock` (threads and processes alike): the kernel
    wakes the next writer the moment the lock is free, where SQLite's busy handler would
    sleep 1, 2, 5, 10... ms between retries, which under concurrent requests cost far more
    than the write itself. Connections not opened by `connect` still meet SQLite's own lock."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    with write_queue(db):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Checked under the lock, where no other dropsim writer can move the file: a
            # write into a removed or replaced file would be acknowledged and then lost.
            check_connection(db)
            # What the request read before may have changed since: inside, the store decides.
            memo.forget(db)
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")
        check_connection(db)  # never acknowledge what cannot be read back


def check_connection(db: sqlite_utils.Database) -> None:
    """Raise StoreGone when the file `db` was opened on is no longer at its path."""
    identity = getattr(db, "identity", None)
    if identity is not None:
        check_file(db.store_path, identity)


@contextlib.contextmanager
def write_queue(db: sqlite_utils.Database) -> Iterator[None]:
    """Hold the writers' lock of `db` (an flock of `<db>-lock`) without a transaction."""
    # For work SQLite runs outside of a transaction, such as a snapshot restore.
    fd = getattr(db, "write_lock", None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)


def select(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    """The rows of a read-only SELECT as dicts. Unlike `db.query` it runs no savepoint
    around the statement: on a request's hot path that is two statements saved per read."""
    cursor = db.conn.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    # (fetchall steps the statement in C; iterated row by row from Python, a page of 100
    # RetailOps POs took 8% longer)
    return [dict(zip(keys, row)) for row in cursor.fetchall()]


def select_one(db: sqlite_utils.Database, sql: str, params=()) -> dict | None:
    """The first row of a read-only SELECT as a dict, or None."""
    rows = select(db, sql, params)
    return rows[0] if rows else None


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row; returns its rowid."""
    columns = list(row)
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns))
    return db.conn.execute(sql, [row[c] for c in columns]).lastrowid


def update_rows(db: sqlite_utils.Database, table: str, values: dict, where: str,
                params: Sequence) -> None:
    """Set `values` on the rows of `table` matching `where` (an SQL condition on `params`)."""
    sets = ", ".join(f"[{k}] = ?" for k in values)
    db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*values.values(), *params])


def insert_rows(db: sqlite_utils.Database, table: str, rows: Sequence[dict]) -> None:
    """Insert dicts that share their keys into `table` with one prepared statement."""
    if not rows:
        return
    columns = list(rows[0])
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns))
    db.conn.executemany(sql, ([row[c] for c in columns] for row in rows))


def migrate(db: sqlite_utils.Database, migrations: Iterable[Migration]) -> list[str]:
    """Apply the migrations not applied yet, in order, each in its own transaction."""
    with transaction(db):
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                   "(id TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    applied = {row[0] for row in db.execute("SELECT id FROM schema_migrations").fetchall()}
    done = []
    for migration_id, apply in migrations:
        if migration_id in applied:
            continue
        with transaction(db):
            # Re-check under the write lock: another worker may have migrated meanwhile.
            if db.execute("SELECT 1 FROM schema_migrations WHERE id = ?",
                          [migration_id]).fetchone():
                continue
            apply(db)
            # Bookkeeping only, not domain time.
            db.execute("INSERT INTO schema_migrations VALUES (?, ?)", [migration_id, time.time()])
        done.append(migration_id)
    return done


def get_meta(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    """A value from the key/value `meta` table (created by the core migration)."""
    row = memo.read(db, ("meta", key), lambda: db.conn.execute(
        "SELECT value FROM meta WHERE key = ?", [key]).fetchone())
    return default if row is None else row[0]


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Store a value in the `meta` table."""
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
