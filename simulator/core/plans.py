"""An account's starting state, generated once and copied: what makes a new account (and a
reset one) cost a few inserts instead of a few hundred statements and Faker's work.

A vendor's seed for an account is deterministic: the same seed and the same shared catalogue
give the same customers, orders and POs, only at other times and under other ids. So the first
seeding in a process runs for real, for a stand-in account inside a savepoint, and the rows it
wrote are read back and rolled away: that is the plan. Every account seeded after it gets a
copy of the plan's rows with its own account name, its times moved by the time since the plan
was made (every `*_us` column), and fresh ids where the vendor's tables use global ones (the
columns that refer to them follow). A vendor's `fix` recomputes what derives from those (an id
printed in a code, a date printed as text).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from .accounts import ensure_account
from .clock import real_now_us
from .db import select

STAND_IN = "__planned_account__"


@dataclass(frozen=True)
class Copied:
    """One table of a vendor's account state, in the order rows must be inserted."""
    table: str
    where: str = "account = ?"  # selects the account's rows; `?` is the account
    id_column: str | None = None  # a globally unique integer id to give afresh
    refs: dict[str, str] = field(default_factory=dict)  # column -> table whose id it holds


@dataclass
class _Rows:
    """A table's planned rows as tuples, with where in each tuple a copy changes something."""
    columns: list[str]
    rows: list[tuple]
    account: int | None  # the index of the account column
    times: list[int]  # the `*_us` columns
    texts: list[int]  # text columns that name the stand-in account somewhere
    id_column: int | None
    refs: list[tuple[int, str]]  # (index, table whose ids it holds)


@dataclass
class Plan:
    made_us: int
    tables: dict[str, _Rows]


_plans: dict[tuple, Plan] = {}
_lock = threading.Lock()


def seed_from_plan(db, account: str, now_us: int, key: tuple, tables: list[Copied],
                   seed: Callable[[object, str, int], None],
                   fixes: dict[str, Callable[[dict], None]] | None = None) -> None:
    """Give `account` the state `seed(db, account, now_us)` would, by copying its plan;
    `fixes[table](row)` recomputes what a row derives from its id or times."""
    with _lock:
        plan = _plans.get(key)
    if plan is None:
        plan = _make(db, tables, seed)
        with _lock:
            _plans[key] = plan
    _copy(db, plan, tables, account, now_us, fixes or {})


def forget() -> None:
    """Drop every plan (after the shared data they were made from changed)."""
    with _lock:
        _plans.clear()


def _make(db, tables: list[Copied], seed) -> Plan:
    made = real_now_us()
    db.execute("SAVEPOINT plan")
    try:
        ensure_account(db, STAND_IN, made)
        seed(db, STAND_IN, made)
        found = {t.table: (t, select(db, f"SELECT * FROM {t.table} WHERE {t.where}", [STAND_IN]))
                 for t in tables}
    finally:
        db.execute("ROLLBACK TO plan")
        db.execute("RELEASE plan")
    return Plan(made, {name: _prepared(t, rows) for name, (t, rows) in found.items()})


def _prepared(t: Copied, rows: list[dict]) -> _Rows:
    columns = list(rows[0]) if rows else []
    index = {c: i for i, c in enumerate(columns)}
    return _Rows(
        columns, [tuple(r[c] for c in columns) for r in rows], index.get("account"),
        [i for c, i in index.items() if c.endswith("_us")],
        [i for c, i in index.items()
         if any(isinstance(r[c], str) and STAND_IN in r[c] for r in rows)],
        index.get(t.id_column) if t.id_column else None,
        [(index[c], parent) for c, parent in t.refs.items() if c in index])


def _next_id(db, table: str, column: str) -> int:
    """The id AUTOINCREMENT would give next (it never reuses one, nor may a copy)."""
    top = db.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
    sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    return max(top, sequence[0] if sequence else 0) + 1


def _copy(db, plan: Plan, tables: list[Copied], account: str, now_us: int, fixes: dict) -> None:
    shift = now_us - plan.made_us
    offsets = {}
    for t in tables:
        planned = plan.tables[t.table]
        if planned.id_column is not None and planned.rows:
            first = min(row[planned.id_column] for row in planned.rows)
            offsets[t.table] = _next_id(db, t.table, t.id_column) - first
    for t in tables:
        planned = plan.tables[t.table]
        moves = [(planned.id_column, offsets[t.table])] if t.table in offsets else []
        moves += [(i, offsets[parent]) for i, parent in planned.refs if parent in offsets]
        copies = []
        for planned_row in planned.rows:
            row = list(planned_row)
            if planned.account is not None:
                row[planned.account] = account
            for i in planned.times:
                if row[i] is not None:
                    row[i] += shift
            for i in planned.texts:
                if row[i] is not None:
                    row[i] = row[i].replace(STAND_IN, account)
            for i, offset in moves:
                if row[i] is not None:
                    row[i] += offset
            copies.append(row)
        fix = fixes.get(t.table)
        if fix is not None:
            copies = [_fixed(planned.columns, row, fix) for row in copies]
        if copies:
            db.conn.executemany(
                "INSERT INTO [{}] ({}) VALUES ({})".format(
                    t.table, ", ".join(f"[{c}]" for c in planned.columns),
                    ", ".join("?" for _ in planned.columns)), copies)


def _fixed(columns: list[str], row: list, fix) -> list:
    named = dict(zip(columns, row))
    fix(named)
    return [named[c] for c in columns]


def shift(db, tables: list[Copied], account: str, by_us: int,
          fixes: dict[str, Callable[[dict], None]] | None = None) -> None:
    """Move every instant (`*_us` column) of the account's rows in `tables` by `by_us`, and
    recompute what `fixes` derive from them: the account as if it had been seeded `by_us`
    later (a database copied from a template, see core/template.py)."""
    for t in tables:
        columns = [row["name"] for row in select(db, f"PRAGMA table_info([{t.table}])")]
        instants = [c for c in columns if c.endswith("_us")]
        if instants:
            sets = ", ".join(f"[{c}] = [{c}] + :by" for c in instants)
            where = t.where.replace("?", ":account")
            db.conn.execute(f"UPDATE [{t.table}] SET {sets} WHERE {where}",
                            {"by": by_us, "account": account})
        fix = (fixes or {}).get(t.table)
        if fix is None:
            continue
        for row in select(db, f"SELECT rowid AS [__rowid], * FROM [{t.table}] WHERE {t.where}",
                          [account]):
            rowid = row.pop("__rowid")
            fixed = dict(row)
            fix(fixed)
            changed = {k: v for k, v in fixed.items() if row.get(k) != v}
            if changed:
                db.conn.execute(
                    f"UPDATE [{t.table}] SET {', '.join(f'[{k}] = ?' for k in changed)} "
                    "WHERE rowid = ?", [*changed.values(), rowid])
