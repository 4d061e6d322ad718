"""The request journal: every vendor request, per account, in a bounded ring.

It lives in its own SQLite file beside the main database (`<db>.journal.db`), written with
synchronous=OFF: a journal entry is a debugging aid, not acknowledged vendor data, so recording
one must not cost each request a disk flush. Each account keeps its last `journal_limit`
entries; older ones are deleted in batches of TRIM_EVERY as new ones arrive, so disk use stays
flat under long runs. Deleting one row per request touched several pages of the file each time
and cost about a third of a journalled GET; readers never see past the ring either way, because
`list` bounds itself by the newest sequence number.

Entries are recorded off the request path (see recorder.py): a request queues its entry and a
thread of its process stores the queue in batches; every reader settles the queues first, so
what a client reads after its request includes that request.
"""
from __future__ import annotations

import json
import os

import sqlite_utils

from . import redact
from .db import StoreOptions, check_connection, check_file, connections, migrate, transaction
from .redact import NONE, Secrets
from .recorder import recorder_for

ANONYMOUS = "anonymous"  # requests whose credentials name no account
TRIM_EVERY = 64  # entries between two deletions of what fell out of an account's ring
_ROWS_PER_INSERT = 32  # rows per multi-row INSERT


def journal_path(db_path: str) -> str:
    """Where the journal of the database at `db_path` lives."""
    root, ext = os.path.splitext(db_path)
    return f"{root}.journal{ext or '.db'}"


def _create(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, seq INTEGER NOT NULL,
            real_us INTEGER NOT NULL, virtual_us INTEGER, vendor TEXT NOT NULL,
            method TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL, status INTEGER NOT NULL,
            duration_ms REAL NOT NULL, request_content_type TEXT, request_body TEXT,
            response_content_type TEXT, response_body TEXT, rules TEXT NOT NULL, fault TEXT)""")
    db.execute("CREATE UNIQUE INDEX requests_ring ON requests (account, seq)")


MIGRATIONS = [("journal:0001-requests", _create)]

# A stored entry's columns, in the order Journal._kept gives its values.
_COLUMNS = ("account", "seq", "real_us", "virtual_us", "vendor", "method", "path", "query",
            "status", "duration_ms", "request_content_type", "request_body",
            "response_content_type", "response_body", "rules", "fault")
_ONE = f"({', '.join('?' for _ in _COLUMNS)})"
_INSERT_ONE = f"INSERT INTO requests ({', '.join(_COLUMNS)}) VALUES {_ONE}"
_INSERT_CHUNK = _INSERT_ONE + ", " + ", ".join([_ONE] * (_ROWS_PER_INSERT - 1))


class Journal:
    """The journal file of one simulator database."""

    def __init__(self, db_path: str, limit: int, body_limit: int, queue_limit: int) -> None:
        self.options = StoreOptions(path=journal_path(db_path), synchronous="OFF")
        self.limit = max(1, limit)
        self.body_limit = body_limit
        self._migrated = False
        self.identity: tuple[int, int] | None = None  # of the journal file first opened
        self.recorder = recorder_for(self.options.path, self._store, queue_limit)

    def db(self) -> sqlite_utils.Database:
        """This thread's connection to the journal, migrated on first use."""
        if self.identity is not None:
            # A thread's first connection would otherwise create a new, empty journal where
            # the removed one was.
            check_file(self.options.path, self.identity)
        db = connections.get(self.options)
        if not self._migrated:
            migrate(db, MIGRATIONS)
            self._migrated = True
            self.identity = db.identity
        return db

    def clip(self, body: str | None) -> str | None:
        """A body cut at the size limit in UTF-8 bytes (with a marker saying how much was cut)."""
        if not body:
            return None
        raw = body.encode("utf-8", errors="replace")
        if len(raw) <= self.body_limit:
            return body
        text = raw[:self.body_limit].decode("utf-8", errors="ignore")
        return text + f"...[{len(raw) - self.body_limit} more bytes]"

    def record(self, entry: dict, secrets: Secrets = NONE) -> None:
        """Queue an entry for entry["account"]; it is stored moments later, off the request.
        Its "query" (str) and bodies (bytes) are as they came: the vendor's `secrets` are
        masked and the bodies clipped when it is stored, and only if it is. A body longer
        than the journal keeps is masked and clipped now, so that a queued entry never holds
        on to more than `body_limit` of each (a RetailOps fetch answers 70 KB)."""
        for name in ("request_body", "response_body"):
            raw = entry[name]
            if raw is not None and not isinstance(raw, str) and len(raw) > self.body_limit:
                entry[name] = self._body(raw, secrets)
        self.recorder.put((entry, secrets), len(entry["request_body"] or b"")
                          + len(entry["response_body"] or b""))

    def _body(self, raw: bytes | str | None, secrets: Secrets) -> str | None:
        if not raw or isinstance(raw, str):  # (already masked and clipped by `record`)
            return raw or None
        return self.clip(redact.body(raw.decode("utf-8", errors="replace"), secrets))

    def _kept(self, entry: dict, secrets: Secrets, seq: int) -> tuple:
        """The entry as the row it is stored as (in _COLUMNS' order), masked and clipped."""
        rules = entry.get("rules")
        return (entry["account"], seq, entry["real_us"], entry.get("virtual_us"),
                entry["vendor"], entry["method"], entry["path"],
                redact.query(entry["query"], secrets), entry["status"], entry["duration_ms"],
                entry.get("request_content_type"), self._body(entry["request_body"], secrets),
                entry.get("response_content_type"), self._body(entry["response_body"], secrets),
                json.dumps(rules) if rules else "[]", entry.get("fault"))

    def _newest(self, batch: list) -> list[tuple[dict, Secrets]]:
        # What the ring keeps of the batch: each account's last `limit` entries, the others
        # would be deleted as soon as stored.
        room: dict[str, int] = {}
        kept = []
        for entry, secrets in reversed(batch):
            left = room.setdefault(entry["account"], self.limit)
            if left:
                room[entry["account"]] = left - 1
                kept.append((entry, secrets))
        kept.reverse()
        return kept

    def settle(self) -> None:
        """Store what this process has queued and wait for the other workers' queues."""
        self.recorder.settle()

    def _store(self, batch: list) -> None:
        """Append a batch of queued entries in one transaction, dropping what falls out of
        each account's ring. (Each entry goes straight to its row's tuple: masking, clipping
        and the row's values took 60% of a batch's time as dicts copied twice.)"""
        entries = self._newest(batch)
        if not entries:
            return
        db = self.db()
        with transaction(db):
            last: dict[str, int] = {}
            added: dict[str, int] = {}
            rows = []
            for entry, secrets in entries:
                account = entry["account"]
                if account not in last:
                    last[account] = db.execute("SELECT coalesce(max(seq), 0) FROM requests "
                                               "WHERE account = ?", [account]).fetchone()[0]
                    added[account] = 0
                last[account] += 1
                added[account] += 1
                rows.append(self._kept(entry, secrets, last[account]))
            # Chunks of _ROWS_PER_INSERT rows in one multi-row INSERT, the rest a row at a time:
            # sqlite3 lets go of the GIL around every statement it steps, and a row at a time
            # the request threads and this one handed it back and forth. One chunk size only:
            # every statement text stays prepared in the connection's cache, and a cache of
            # many sizes of a 16-column INSERT held 20 MB after 30,000 requests.
            whole = len(rows) - len(rows) % _ROWS_PER_INSERT
            for start in range(0, whole, _ROWS_PER_INSERT):
                chunk = rows[start:start + _ROWS_PER_INSERT]
                db.conn.execute(_INSERT_CHUNK, [value for row in chunk for value in row])
            db.conn.executemany(_INSERT_ONE, rows[whole:])
            for account, seq in last.items():
                # Trim when the batch crossed a multiple of TRIM_EVERY.
                first = seq - added[account] + 1
                if seq // TRIM_EVERY > (first - 1) // TRIM_EVERY:
                    db.execute("DELETE FROM requests WHERE account = ? AND seq <= ?",
                               [account, seq - self.limit])

    def list(self, account: str, *, vendor: str | None = None, method: str | None = None,
             path: str | None = None, status: int | None = None, after_id: int | None = None,
             limit: int = 100, offset: int = 0, counted: bool = False):
        """The account's entries, newest first, filtered; `path` is a substring, `after_id`
        keeps only entries recorded after that one (for following the journal). With
        `counted`, (entries, how many match in all)."""
        self.settle()
        check_connection(self.db())  # a removed journal file is a 503, not an old answer
        # Up to TRIM_EVERY - 1 entries past the ring may still be stored; they are not shown.
        where = ["account = ?",
                 "seq > (SELECT coalesce(max(seq), 0) FROM requests WHERE account = ?) - ?"]
        params: list = [account, account, self.limit]
        if after_id is not None:
            where.append("id > ?")
            params.append(after_id)
        for column, value in (("vendor", vendor), ("method", method), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if path:
            where.append("instr(path, ?) > 0")
            params.append(path)
        condition = " AND ".join(where)
        rows = self.db().query(f"SELECT * FROM requests WHERE {condition} "
                               # (by time: workers store their batches in their own order)
                               "ORDER BY real_us DESC, id DESC LIMIT ? OFFSET ?",
                               [*params, max(0, min(limit, self.limit)), max(0, offset)])
        entries = [{**r, "rules": json.loads(r["rules"])} for r in rows]
        if not counted:
            return entries
        total = self.db().execute(f"SELECT count(*) FROM requests WHERE {condition}",
                                  params).fetchone()[0]
        return entries, total

    def clear(self, account: str | None = None) -> int:
        """Forget the account's entries (every account's when None); returns how many. Callers
        that clear inside their own journal transaction settle before they open it."""
        db = self.db()
        if not db.conn.in_transaction:
            self.settle()
        with transaction(db):
            if account is None:
                return db.execute("DELETE FROM requests").rowcount
            return db.execute("DELETE FROM requests WHERE account = ?", [account]).rowcount
