"""The store: WAL mode, migrations applied once, transactions that roll back whole."""
from __future__ import annotations

import pytest

import os
import shutil
import threading

from simulator.core.db import (StoreGone, StoreOptions, close, connect, connections, migrate,
                               transaction)


def test_wal_mode_and_pragmas(sim):
    db = sim.db()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_every_foreign_key_leads_an_index(sim):
    # Deleting a row makes SQLite look up the rows that refer to it; without an index led by
    # the referring column, each deleted parent is a scan of the whole child table.
    db = sim.db()
    missing = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        leading = {db.execute(f"PRAGMA index_info([{index[1]}])").fetchone()[2]
                   for index in db.execute(f"PRAGMA index_list([{table}])").fetchall()}
        leading |= {col[1] for col in db.execute(f"PRAGMA table_info([{table}])") if col[5] == 1}
        missing += [f"{table}.{fk[3]} -> {fk[2]}"
                    for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()
                    if fk[3] not in leading]
    assert missing == []


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


def test_a_write_into_a_file_removed_or_replaced_is_refused(tmp_path):
    path = str(tmp_path / "w.db")
    db = connect(StoreOptions(path=path))
    db.execute("CREATE TABLE t (x)")
    # Replaced during the transaction: it commits into the old file, so it is not acknowledged.
    with pytest.raises(StoreGone, match="was replaced by another file"):
        with transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
            shutil.copyfile(path, path + ".new")
            os.replace(path + ".new", path)
    # From then on, refused before anything is written.
    with pytest.raises(StoreGone, match="restart dropsim"):
        with transaction(db):
            raise AssertionError("never reached")
    os.unlink(path)
    with pytest.raises(StoreGone, match=f"the database file {path} was removed"):
        with transaction(db):
            raise AssertionError("never reached")


def test_a_connection_opened_after_the_file_was_replaced_is_refused(sim, template_db):
    shutil.copyfile(template_db, sim.options.path + ".other")
    os.replace(sim.options.path + ".other", sim.options.path)
    raised = []

    def first_use_in_a_new_thread():
        try:
            sim.db()
        except StoreGone as exc:
            raised.append(str(exc))
        finally:
            connections.close(sim.options)

    thread = threading.Thread(target=first_use_in_a_new_thread)
    thread.start()
    thread.join()
    assert raised and "was replaced by another file" in raised[0]
    with pytest.raises(StoreGone):
        sim.check_store()


def test_a_thread_s_first_connection_after_close_all(tmp_path):
    connections.close_all()  # before this thread ever opened one
    db = connections.get(StoreOptions(path=str(tmp_path / "first.db")))
    assert db.execute("SELECT 1").fetchone() == (1,)
    connections.close_all()


def test_a_database_is_current_once_migrated_and_seeded(tmp_path):
    from simulator import create_app
    from simulator.core.sim import Simulator
    from simulator.vendors import all_vendors

    path = str(tmp_path / "current.db")
    settings = create_app({"db": path}).config["DROPSIM"]
    connections.close_all()
    assert Simulator(settings, all_vendors()).is_current()
    assert not Simulator({**settings, "db": str(tmp_path / "none.db")}, all_vendors()).is_current()
    assert not os.path.exists(tmp_path / "none.db")  # (asking created nothing)
    db = connect(StoreOptions(path=path))
    db.execute("DELETE FROM schema_migrations WHERE id = 'provet:0003-reset-marks'")
    close(db)
    assert not Simulator(settings, all_vendors()).is_current()
    connections.close_all()
