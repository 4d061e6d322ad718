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
from .db import insert_rows, select

STAND_IN = "__planned_account__"


@dataclass(frozen=True)
class Copied:
    """One table of a vendor's account state, in the order rows must be inserted."""
    table: str
    where: str = "account = ?"  # selects the account's rows; `?` is the account
    id_column: str | None = None  # a globally unique integer id to give afresh
    refs: dict[str, str] = field(default_factory=dict)  # column -> table whose id it holds


@dataclass
class Plan:
    made_us: int
    rows: dict[str, list[dict]]


_plans: dict[tuple, Plan] = {}
_lock = threading.Lock()


def seed_from_plan(db, account: str, now_us: int, key: tuple, tables: list[Copied],
                   seed: Callable[[object, str, int], None],
                   fix: Callable[[str, dict], None] | None = None) -> None:
    """Give `account` the state `seed(db, account, now_us)` would, by copying its plan."""
    with _lock:
        plan = _plans.get(key)
    if plan is None:
        plan = _make(db, tables, seed)
        with _lock:
            _plans[key] = plan
    _copy(db, plan, tables, account, now_us, fix)


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
        rows = {t.table: select(db, f"SELECT * FROM {t.table} WHERE {t.where}", [STAND_IN])
                for t in tables}
    finally:
        db.execute("ROLLBACK TO plan")
        db.execute("RELEASE plan")
    return Plan(made, rows)


def _next_id(db, table: str, column: str) -> int:
    """The id AUTOINCREMENT would give next (it never reuses one, nor may a copy)."""
    top = db.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
    sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    return max(top, sequence[0] if sequence else 0) + 1


def _copy(db, plan: Plan, tables: list[Copied], account: str, now_us: int, fix) -> None:
    shift = now_us - plan.made_us
    offsets = {}
    for t in tables:
        planned = plan.rows[t.table]
        if t.id_column and planned:
            first = min(row[t.id_column] for row in planned)
            offsets[t.table] = _next_id(db, t.table, t.id_column) - first
    for t in tables:
        copies = []
        for planned in plan.rows[t.table]:
            row = {}
            for column, value in planned.items():
                if column == "account":
                    value = account
                elif column.endswith("_us") and isinstance(value, int):
                    value += shift
                elif isinstance(value, str) and STAND_IN in value:
                    value = value.replace(STAND_IN, account)
                row[column] = value
            if t.table in offsets:
                row[t.id_column] += offsets[t.table]
            for column, parent in t.refs.items():
                if row.get(column) is not None and parent in offsets:
                    row[column] += offsets[parent]
            if fix is not None:
                fix(t.table, row)
            copies.append(row)
        insert_rows(db, t.table, copies)
