"""The store: WAL mode, migrations applied once, transactions that roll back whole."""
from __future__ import annotations

import pytest

from simulator.core.db import StoreOptions, connect, migrate, transaction


def test_wal_mode_and_pragmas(sim):
    db = sim.db()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_apply_once_in_order(tmp_path):
    db = connect(StoreOptions(path=str(tmp_path / "m.db")))
    applied = []
    steps = [("t:1", lambda d: (applied.append(1), d.execute("CREATE TABLE a (x)"))),
             ("t:2", lambda d: (applied.append(2), d.execute("CREATE TABLE b (x)")))]
    assert migrate(db, steps) == ["t:1", "t:2"]
    assert migrate(db, steps) == []
    assert applied == [1, 2]


def test_transaction_rolls_back_on_error(tmp_path):
    db = connect(StoreOptions(path=str(tmp_path / "t.db")))
    db.execute("CREATE TABLE t (x)")
    with pytest.raises(RuntimeError):
        with transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
            with transaction(db):  # nested: a savepoint
                db.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with transaction(db):
        db.execute("INSERT INTO t VALUES (3)")
    assert db.execute("SELECT x FROM t").fetchall() == [(3,)]
