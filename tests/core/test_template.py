"""Seeded templates: a fresh database copied from one is the database seeding would make now,
with its own secrets; a template of another seed, or a broken one, is not used."""
from __future__ import annotations

import os
import sqlite3

from simulator import create_app
from simulator.core import template
from simulator.core.db import connections
from simulator.vendors.provet import rules as provet_rules
from simulator.core.clock import real_now_us


def _fresh(tmp_path, name: str, folder, **settings):
    app = create_app({"db": str(tmp_path / f"{name}.db"), "template_dir": str(folder),
                      **settings})
    sim = app.extensions["dropsim"]
    sim.db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close(sim.options)
    return sqlite3.connect(str(tmp_path / f"{name}.db"))


def _meta(conn) -> dict:
    return dict(conn.execute("SELECT key, value FROM meta"))


def _rows(conn, table: str) -> list[tuple]:
    return sorted(conn.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)


def _tables(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
        "('meta', 'schema_migrations', 'sqlite_sequence') ORDER BY name")]


def test_a_copy_is_the_seeded_database_moved_to_now_with_its_own_secrets(tmp_path):
    folder = tmp_path / "templates"
    seeded = _fresh(tmp_path, "seeded", folder)
    kept = os.listdir(folder)
    assert len(kept) == 1 and kept[0].startswith("dropsim-") and "-seed42-" in kept[0]
    copied = _fresh(tmp_path, "copied", folder)
    first, second = _meta(seeded), _meta(copied)
    by = int(second[template.MADE_KEY]) - int(first[template.MADE_KEY])
    assert by > 0
    assert second["allivet.jwt_signing_key"] != first["allivet.jwt_signing_key"]
    assert second["provet.catalogue_anchor"] == provet_rules.local_date(real_now_us()).isoformat()
    assert _tables(copied) == _tables(seeded)
    for table in _tables(seeded):
        columns = [r[1] for r in seeded.execute(f"PRAGMA table_info([{table}])")]
        times = [i for i, c in enumerate(columns) if c.endswith("_us") and c != "offset_us"]
        owner = columns.index("account") if "account" in columns else (
            0 if table == "accounts" else None)
        expected = _rows(seeded, table)
        if owner is not None and times:  # the default account's instants, moved by `by`
            expected = sorted((tuple(
                v + by if i in times and v is not None and row[owner] == "default" else v
                for i, v in enumerate(row)) for row in expected), key=repr)
        got = _rows(copied, table)
        if table == "allivet_orders":  # the order date printed as text follows its instant
            date = columns.index("sales_order_date")
            expected = [r[:date] + r[date + 1:] for r in expected]
            got = [r[:date] + r[date + 1:] for r in got]
        assert got == expected, table


def test_a_template_of_another_seed_or_a_broken_one_is_not_used(tmp_path):
    folder = tmp_path / "templates"
    _fresh(tmp_path, "seed42", folder)
    _fresh(tmp_path, "seed7", folder, seed=7)
    assert len(os.listdir(folder)) == 2
    broken = template.path_for(str(folder), 7)
    with open(broken, "wb") as handle:
        handle.write(b"not a database")
    again = _fresh(tmp_path, "again", folder, seed=7)
    assert _meta(again)["seeded_with"] == "7"
    assert again.execute("SELECT count(*) FROM provet_products").fetchone()[0] > 0
    with sqlite3.connect(broken) as remade:  # seeded for real, and kept again
        assert dict(remade.execute("SELECT key, value FROM meta"))["seeded_with"] == "7"


def test_an_empty_template_folder_keeps_none(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _fresh(tmp_path, "plain", "")
    assert not (tmp_path / "cache").exists()
    _fresh(tmp_path, "auto", "auto")  # the default: the user's cache
    assert len(os.listdir(tmp_path / "cache" / "dropsim" / "templates")) == 1
