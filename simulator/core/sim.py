"""Vendor-neutral operations on a simulator database, shared by the HTTP control plane and
the CLI (which works on the database file directly, with or without a running server)."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import re
import secrets
import tempfile
from typing import Any, Callable

import sqlite_utils

from . import accounts, clock, faults, snapshots, template
from .db import (StoreGone, StoreOptions, check_file, connections, get_meta, migrate, set_meta,
                 transaction, write_queue)
from .errors import ControlError
from .journal import ANONYMOUS, Journal

# The settings a server's clock rules run with (Provet's status interval, the RetailOps
# storefront's...): every setting named *_interval. A starting server records its values in the
# database and CLI commands use them, so `dropsim clock advance` on the file reports the
# transitions that server would.
RECORDED_META_KEY = "server_intervals"


def is_recorded_setting(name: str) -> bool:
    """Whether the server records setting `name` in the database for the CLI."""
    return name.endswith("_interval")


# progress(label, steps_done_since_last_call, total_steps_or_None)
Progress = Callable[..., None]


def _no_progress(_label: str, _steps: int, _total: int | None = None) -> None:
    pass


def resolve_db_path(path: str) -> str:
    """A real file for ':memory:' (removed at exit), so that every worker sees one state."""
    if path != ":memory:":
        return os.path.abspath(path)
    _sweep_abandoned_temporaries()
    owner = os.getpid()
    # Everything of the throwaway database (its -wal and -shm files, the journal, snapshots)
    # lives in one folder named after its process, so that it goes in one piece.
    folder = tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{owner}-")

    def _remove() -> None:
        # Forked server workers inherit this hook; only the process that made the file
        # removes it.
        if os.getpid() == owner:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(_remove)
    return os.path.join(folder, "dropsim.db")


_TEMP_PREFIX = "dropsim-memory-"


def _sweep_abandoned_temporaries() -> None:
    """Remove the ':memory:' folders of servers that were killed (`kill -9` runs no exit
    hook): a folder is abandoned when the process its name carries is gone."""
    root = tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        if not name.startswith(_TEMP_PREFIX):
            continue
        pid = name[len(_TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def location_problem(path: str) -> str | None:
    """Why a database cannot live at `path` (a missing or read-only folder...), or None."""
    # The folder must be writable even when the file exists: SQLite keeps `-wal` and `-shm`
    # files beside it, and dropsim its `-lock` file, journal and snapshots.
    folder = os.path.dirname(path) or "."
    if not os.path.exists(folder):
        return f"the database folder {folder} does not exist (create it, or choose another --db)"
    if not os.path.isdir(folder):
        return f"{folder} is not a folder, so it cannot hold the database {path}"
    if os.path.isdir(path):
        return f"{path} is a folder, not a database file"
    try:  # really writing: os.access cannot tell, e.g. for root or a read-only mount
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".dropsim-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return (f"cannot write in the database folder {folder} ({exc.strerror}): dropsim keeps "
                "the database's -wal, -shm and -lock files, its journal and its snapshots there")
    # (os.access, not open: closing any descriptor of the file would drop SQLite's locks)
    if os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK):
        return f"cannot open {path} for reading and writing (permission denied)"
    return None


class Simulator:
    """A simulator database and the operations the control plane and the CLI share."""

    def __init__(self, settings: dict[str, Any], vendors: list) -> None:
        """`vendors`: the Vendor objects (simulator/vendors) it serves, in registration order."""
        self.settings = settings
        self.options = StoreOptions(path=settings["db"], synchronous=settings["sqlite_synchronous"],
                                    busy_timeout_ms=settings["busy_timeout_ms"])
        self.vendors = list(vendors)
        self.journal = Journal(settings["db"], settings["journal_limit"],
                               settings["journal_body_limit"], settings["journal_queue_limit"])
        self.identity: tuple[int, int] | None = None  # of the file `initialise` opened

    def db(self) -> sqlite_utils.Database:
        """This thread's connection to the store."""
        db = connections.get(self.options)
        if self.identity is not None and db.identity != self.identity:
            # Opened after the file at the path was swapped (e.g. by a worker thread's first
            # request): the rest of the server still holds the original file.
            check_file(self.options.path, self.identity)
            raise StoreGone(f"the database file {self.options.path} was replaced while dropsim "
                            "was running; restart dropsim")
        return db

    def check_store(self) -> None:
        """Raise StoreGone when the database file was removed or replaced since `initialise`."""
        check_file(self.options.path, self.identity)

    # -- lifecycle ---------------------------------------------------------------------
    def initialise(self, progress: Progress = _no_progress) -> bool:
        """Create and migrate the schema; seed it when empty (from a seeded template when one
        is kept, see core/template.py). True when it seeded."""
        db = self.db()
        empty = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        # (the template's name digests the code: 9 ms that a database in use does not need)
        kept = self._template() if empty else None
        restored = bool(kept and self._restore_template(db, kept))
        migrate(db, self._migrations())
        self.identity = db.identity
        snapshots.remove_stale(self.options.path)
        if restored:
            return True
        with transaction(db):
            if get_meta(db, "seeded_with") is not None:
                return False
            self._seed_everything(db, progress)
        kept = kept or self._template()
        if kept:
            template.save(db.conn, kept)
        return True

    def _migrations(self) -> list:
        found = list(accounts.MIGRATIONS) + list(faults.MIGRATIONS)
        for vendor in self.vendors:
            found.extend(vendor.migrations)
        return found

    def is_current(self) -> bool:
        """Whether the database file exists with every migration applied and seeded, so that
        `initialise` would create, migrate and seed nothing."""
        if not os.path.isfile(self.options.path):
            return False
        db = self.db()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"schema_migrations", "meta"} <= tables:
            return False
        applied = {r[0] for r in db.execute("SELECT id FROM schema_migrations")}
        return ({m[0] for m in self._migrations()} <= applied
                and get_meta(db, "seeded_with") is not None)

    def _template(self) -> str | None:
        folder = self.settings["template_dir"].strip()
        if not folder:
            return None
        if folder == "auto":
            folder = template.default_folder()
        return template.path_for(folder, self.settings["seed"])

    def _restore_template(self, db: sqlite_utils.Database, kept: str) -> bool:
        """Start the empty database as a copy of the template, made this database's own."""
        with write_queue(db):
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return False  # another process got there first
            if not template.restore(db.conn, kept, self.settings["seed"]):
                return False
        with transaction(db):
            made = get_meta(db, template.MADE_KEY)
            now = clock.real_now_us()
            by = now - int(made)
            db.execute("UPDATE accounts SET created_at_us = created_at_us + ? WHERE id = ?",
                       [by, accounts.DEFAULT_ACCOUNT])
            for vendor in self.vendors:
                vendor.renew(db, now, by)
            set_meta(db, template.MADE_KEY, str(now))
        return True

    def record_server_settings(self) -> None:
        """Store this server's rule intervals in the database, for CLI commands to use."""
        recorded = {k: v for k, v in self.settings.items() if is_recorded_setting(k)}
        with transaction(self.db()) as db:
            set_meta(db, RECORDED_META_KEY, json.dumps(recorded, sort_keys=True))

    def use_server_settings(self) -> dict[str, Any]:
        """Take the rule intervals the last server on this database recorded (where one did);
        returns them."""
        raw = get_meta(self.db(), RECORDED_META_KEY)
        recorded = {k: v for k, v in json.loads(raw or "{}").items()
                    if k in self.settings and is_recorded_setting(k)}
        self.settings.update(recorded)
        return recorded

    def _seed_everything(self, db: sqlite_utils.Database, progress: Progress) -> None:
        seed = self.settings["seed"]
        for vendor in self.vendors:
            vendor.seed_shared(db, seed, progress)
        now = clock.real_now_us()
        accounts.ensure_account(db, accounts.DEFAULT_ACCOUNT, now)
        accounts.install_default_credentials(db)
        for vendor in self.vendors:
            vendor.seed_account(db, accounts.DEFAULT_ACCOUNT, seed, now)
        set_meta(db, "seeded_with", str(seed))
        set_meta(db, template.MADE_KEY, str(now))

    def reset(self, account: str | None = None) -> list[str]:
        """Back to the seeded state: one account, or every account plus the shared data.
        The account's objects, clock, faults and journal start over; its credentials stay.
        Returns the accounts reset."""
        db = self.db()
        self.journal.settle()  # (entries queued before the reset are cleared with the rest)
        # All or nothing: the journal is its own file, so it is opened (created, on a first
        # reset) before anything changes and committed only after the main database.
        with transaction(self.journal.db()), transaction(db):
            if account is not None:
                self.require_account(account)
                targets = [account]
            else:
                targets = accounts.list_accounts(db)
                for vendor in self.vendors:
                    vendor.seed_shared(db, self.settings["seed"], _no_progress)
                set_meta(db, "seeded_with", str(self.settings["seed"]))
            for target in targets:
                clock.reset(db, target)
                faults.remove(db, target)
                for vendor in self.vendors:
                    (vendor.reset_account or vendor.clear_account)(db, target)
                now = clock.real_now_us()
                for vendor in self.vendors:
                    vendor.seed_account(db, target, self.settings["seed"], now)
                self.journal.clear(target)
        return targets

    # -- accounts and clocks -----------------------------------------------------------
    def create_account(self, name: str | None = None) -> dict:
        """A new isolated account: fresh credentials for every vendor, its own clock, and its
        own copy of the fixture state. Returns its id and credentials."""
        if name is not None and (not isinstance(name, str) or not _ACCOUNT_NAME.match(name)):
            raise ControlError("an account id is 1 to 64 letters, digits, '_' or '-'")
        account = name or "acct_" + secrets.token_hex(6)
        db = self.db()
        with transaction(db):
            if accounts.account_exists(db, account):
                raise ControlError(f"account '{account}' exists", status=409)
            now = clock.real_now_us()
            accounts.ensure_account(db, account, now)
            for vendor in self.vendors:
                vendor.new_credentials(db, account, secrets.token_hex(8))
                vendor.seed_account(db, account, self.settings["seed"], now)
            return self._account_to_wire(db, account)

    def list_accounts(self) -> list[dict]:
        """Every account with its credentials, oldest first, each as `create_account` shows
        a new one."""
        db = self.db()
        return [self._account_to_wire(db, account) for account in accounts.list_accounts(db)]

    def _account_to_wire(self, db: sqlite_utils.Database, account: str) -> dict:
        rows = accounts.credentials_of(db, account)
        return {"account": account, "credentials": {
            vendor.name: vendor.show_credentials([r for r in rows if r["vendor"] == vendor.name])
            for vendor in self.vendors}}

    def delete_account(self, account: str) -> None:
        """Delete an account and everything it owns; the default account stays."""
        if account == accounts.DEFAULT_ACCOUNT:
            raise ControlError("the default account cannot be deleted (reset it instead)")
        self.require_account(account)
        db = self.db()
        self.journal.settle()
        with transaction(self.journal.db()), transaction(db):  # all or nothing, as in reset
            for vendor in self.vendors:
                vendor.clear_account(db, account)
            faults.remove(db, account)
            for table in ("credentials", "clocks"):
                db.execute(f"DELETE FROM {table} WHERE account = ?", [account])
            db.execute("DELETE FROM accounts WHERE id = ?", [account])
            self.journal.clear(account)

    def require_account(self, account: str) -> None:
        """Raise a 404 ControlError for an unknown account."""
        if not accounts.account_exists(self.db(), account):
            raise ControlError(f"unknown account '{account}'", status=404)

    def require_journal_filter(self, account: str, vendor: str | None = None) -> None:
        """Raise a ControlError for an unknown account (the journal's anonymous one is known)
        or vendor name: a typo must not read as "no requests"."""
        if account != ANONYMOUS:
            self.require_account(account)
        names = [v.name for v in self.vendors]
        if vendor is not None and vendor not in names:
            raise ControlError(f"unknown vendor '{vendor}'; use one of {', '.join(names)}")

    def clock_state(self, account: str) -> dict:
        """The account's clock."""
        self.require_account(account)
        return clock.state(self.db(), account)

    def advance(self, account: str, seconds: float) -> dict:
        """Move the account's clock forward and report every transition it caused."""
        db = self.db()
        self.require_account(account)
        with transaction(db):
            try:
                before, after = clock.advance(db, account, seconds)
            except clock.ClockError as exc:
                raise ControlError(str(exc)) from None
            transitions = []
            for vendor in self.vendors:
                transitions.extend(vendor.on_advance(db, account, before, after, self.settings))
        transitions.sort(key=lambda t: (t["at_us"], t["vendor"], str(t["id"])))
        return {"account": account, "before_us": before, "after_us": after,
                "transitions": transitions}

    def freeze(self, account: str) -> dict:
        """Freeze the account's clock."""
        self.require_account(account)
        with transaction(self.db()) as db:
            clock.freeze(db, account)
        return self.clock_state(account)

    def resume(self, account: str) -> dict:
        """Let the account's clock run again."""
        self.require_account(account)
        with transaction(self.db()) as db:
            clock.resume(db, account)
        return self.clock_state(account)

    # -- snapshots ---------------------------------------------------------------------
    def save_snapshot(self, name: str, replace: bool = False) -> dict:
        """Save the whole database as snapshot `name`."""
        self.check_store()
        return snapshots.save(self.db().conn, self.options.path, name, replace)

    def restore_snapshot(self, name: str) -> dict:
        """Bring the whole database back to snapshot `name`."""
        restored = snapshots.restore(self.db(), self.options.path, name)
        # The snapshot carries the intervals of the server that ran when it was saved; the
        # running one's (a server's own, a CLI command's as recorded) are the ones that hold.
        self.record_server_settings()
        return restored

    def delete_snapshot(self, name: str) -> None:
        """Remove snapshot `name` and every file SQLite kept beside it."""
        snapshots.delete(self.options.path, name)


_ACCOUNT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
