"""An account's starting state, generated once and copied: what makes a new account (and a
reset one) cost a few inserts instead of a few hundred statements and Faker's work.

A vendor's seed for an account is deterministic: the same seed and the same shared catalogue
give the same customers, orders and POs, only at other times and under other ids. So the first
seeding in a process runs for real, for a stand-in account inside a savepoint, and the rows it
wrote are read back and rolled away: that is the plan. Every account seeded after it gets a
copy of the plan's rows with its own account name, its times moved by the time since the plan
was made (every `*_us` column), and fresh ids where the vendor's tables use global ones (the
columns that refer to them follow). A table's `derived` expressions recompute what derives
from those (an id printed in a code, a date printed as text). SQLite does the copying, from
temporary tables that hold the plan (one INSERT ... SELECT per table): building the rows in
Python and binding them one by one cost twice as long.
"""
from __future__ import annotations

import itertools
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
    # column -> an SQL expression over the row's other columns (its new id and times): what
    # the vendor derives from them, such as an id printed in a code or a date printed as text
    derived: dict[str, str] = field(default_factory=dict)


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
    serial: int = field(default_factory=lambda: next(_serials))
    statements: dict[str, str] = field(default_factory=dict)  # table -> its copying INSERT
    first_ids: dict[str, int] = field(default_factory=dict)  # table -> its lowest planned id


_plans: dict[tuple, Plan] = {}
_lock = threading.Lock()
_serials = itertools.count(1)


def seed_from_plan(db, account: str, now_us: int, key: tuple, tables: list[Copied],
                   seed: Callable[[object, str, int], None]) -> None:
    """Give `account` the state `seed(db, account, now_us)` would, by copying its plan."""
    with _lock:
        plan = _plans.get(key)
    if plan is None:
        plan = _make(db, tables, seed)
        with _lock:
            _plans[key] = plan
    _copy(db, plan, tables, account, now_us)


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
    plan = Plan(made, {name: _prepared(t, rows) for name, (t, rows) in found.items()})
    plan.first_ids = {name: min(row[rows.id_column] for row in rows.rows)
                      for name, rows in plan.tables.items()
                      if rows.id_column is not None and rows.rows}
    plan.statements = {t.table: _copying(plan, t, set(plan.first_ids)) for t in tables
                       if plan.tables[t.table].rows}
    return plan


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


def _staged(plan: Plan, table: str) -> str:
    return f"temp.[dropsim_plan_{plan.serial}_{table}]"


def _copying(plan: Plan, t: Copied, with_ids: set[str]) -> str:
    """The one statement that copies the plan's rows of `t` for an account: every change a
    copy makes is an SQL expression, so SQLite moves the rows without Python touching one.
    Parameters: :account, :shift (microseconds since the plan), :stand_in and :off_<table>
    (what to add to the planned ids of each table with ids of its own)."""
    planned = plan.tables[t.table]
    refs = dict(planned.refs)
    moved = []
    for i, column in enumerate(planned.columns):
        name = f"[{column}]"
        if i == planned.account:
            value = ":account"
        elif i in planned.times:
            value = f"{name} + :shift"
        elif i in planned.texts:
            value = f"replace({name}, :stand_in, :account)"
        elif i == planned.id_column and t.table in with_ids:
            value = f"{name} + :off_{t.table}"
        elif i in refs and refs[i] in with_ids:
            value = f"{name} + :off_{refs[i]}"
        else:
            value = name
        moved.append(f"{value} AS {name}")
    names = ", ".join(f"[{c}]" for c in planned.columns)
    outer = ", ".join(t.derived.get(c, f"[{c}]") for c in planned.columns)
    return (f"INSERT INTO main.[{t.table}] ({names}) SELECT {outer} FROM "
            f"(SELECT {', '.join(moved)} FROM {_staged(plan, t.table)})")


def _stage(db, plan: Plan) -> None:
    """The plan's rows in temporary tables of this connection, once per connection: TEMP
    tables live and die with the connection (and with a transaction rolled back around their
    making, hence the look in sqlite_temp_master on every copy rather than a note kept here)."""
    for table in plan.statements:
        planned = plan.tables[table]
        db.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_staged(plan, table)} AS "
                        f"SELECT * FROM main.[{table}] WHERE 0")
        db.conn.executemany(f"INSERT INTO {_staged(plan, table)} VALUES "
                            f"({', '.join('?' for _ in planned.columns)})", planned.rows)


def _next_id(db, table: str, column: str) -> int:
    """The id AUTOINCREMENT would give next (it never reuses one, nor may a copy)."""
    top = db.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
    sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    return max(top, sequence[0] if sequence else 0) + 1


def _copy(db, plan: Plan, tables: list[Copied], account: str, now_us: int) -> None:
    if not plan.statements:
        return
    first_table = next(iter(plan.statements))
    marker = f"dropsim_plan_{plan.serial}_{first_table}"
    if db.conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = ?",
                       [marker]).fetchone() is None:
        _stage(db, plan)
    params = {"account": account, "shift": now_us - plan.made_us, "stand_in": STAND_IN}
    for t in tables:
        if t.table in plan.first_ids:
            params[f"off_{t.table}"] = (_next_id(db, t.table, t.id_column)
                                        - plan.first_ids[t.table])
    for t in tables:
        statement = plan.statements.get(t.table)
        if statement is not None:
            db.conn.execute(statement, params)


def shift(db, tables: list[Copied], account: str, by_us: int) -> None:
    """Move every instant (`*_us` column) of the account's rows in `tables` by `by_us`, and
    recompute what each table derives from them: the account as if it had been seeded `by_us`
    later (a database copied from a template, see core/template.py)."""
    for t in tables:
        columns = [row["name"] for row in select(db, f"PRAGMA table_info([{t.table}])")]
        instants = [c for c in columns if c.endswith("_us")]
        where = t.where.replace("?", ":account")
        if instants:
            sets = ", ".join(f"[{c}] = [{c}] + :by" for c in instants)
            db.conn.execute(f"UPDATE [{t.table}] SET {sets} WHERE {where}",
                            {"by": by_us, "account": account})
        if t.derived:  # (after the move: the expressions read the moved instants)
            sets = ", ".join(f"[{c}] = {expression}" for c, expression in t.derived.items())
            db.conn.execute(f"UPDATE [{t.table}] SET {sets} WHERE {where}", {"account": account})
