"""Unit tests of the Provet sandbox rules: pure functions of creation time, flag and now."""
from __future__ import annotations

from datetime import date

import pytest

from simulator.core.clock import from_datetime
from simulator.vendors.provet import rules

I = 600 * 10**6  # the documented 10 minutes, in microseconds
T0 = 1_700_000_000 * 10**6


@pytest.mark.parametrize("flag,expected", [
    (None, ["Ordered", "Sent", "Picking", "Shipped", "Shipped"]),
    ("cancel", ["Ordered", "Cancelled", "Cancelled", "Cancelled", "Cancelled"]),
    ("awaiting_stock", ["Ordered", "AwaitingStock", "AwaitingStock", "AwaitingStock", "AwaitingStock"]),
])
def test_status_at_each_step(flag, expected):
    assert [rules.status_at(T0, flag, T0 + k * I, I) for k in range(5)] == expected
    assert rules.status_at(T0, flag, T0 + I - 1, I) == "Ordered"


@pytest.mark.parametrize("instructions,quantities,flag", [
    (None, [1], None),
    ("cancel", [1], "cancel"),
    ("CaNcEl please", [1], "cancel"),
    ("cancellation", [1], None),
    (None, [999], None),
    (None, [1, 1000], "awaiting_stock"),
    ("cancel", [5000], "cancel"),
])
def test_sandbox_flag(instructions, quantities, flag):
    assert rules.sandbox_flag(instructions, quantities) == flag


def test_line_status_and_shipped_quantity():
    assert rules.line_status(1000, "AwaitingStock") == "AwaitingStock"
    assert rules.line_status(10, "AwaitingStock") is None
    assert rules.line_status(1000, "Cancelled") is None
    assert rules.shipped_quantity(4, "Shipped") == 4
    assert rules.shipped_quantity(4, "Picking") == 0


def test_transitions_between_reports_steps_in_the_window():
    assert rules.transitions_between(T0, None, T0, T0 + 2 * I, I) == [
        ("Ordered", "Sent", T0 + I), ("Sent", "Picking", T0 + 2 * I)]
    assert rules.transitions_between(T0, None, T0 + 2 * I, T0 + 100 * I, I) == [
        ("Picking", "Shipped", T0 + 3 * I)]
    assert rules.transitions_between(T0, "cancel", T0 + I, T0 + 100 * I, I) == []


@pytest.mark.parametrize("status", rules.STATUSES)
@pytest.mark.parametrize("flag", [None, "cancel", "awaiting_stock"])
def test_status_filter_selects_exactly_the_orders_in_that_status(status, flag):
    now = T0 + 50 * I
    for age in range(0, 6 * I, I // 4):
        created = now - age
        actual = rules.status_at(created, flag, now, I)
        selected = any((f == "*" or f == flag) and (lo is None or created > lo)
                       and (hi is None or created <= hi)
                       for f, lo, hi in rules.status_filter(status, now, I))
        assert selected == (actual == status), (status, flag, age)


def test_canonical_status():
    assert rules.canonical_status("awaiting stock") == "AwaitingStock"
    assert rules.canonical_status("SHIPPED") == "Shipped"
    assert rules.canonical_status("lost") is None


def test_catalogue_day_follows_sydney_midnight_across_dst():
    anchor = date(2026, 10, 3)
    # Sydney moves to daylight time (UTC+11) on 2026-10-04 at 02:00 local.
    assert rules.catalogue_day(from_datetime(rules.datetime(2026, 10, 3, 13, 59)), anchor) == 0
    assert rules.catalogue_day(from_datetime(rules.datetime(2026, 10, 3, 14, 0)), anchor) == 1
    # After the change, midnight is 13:00 UTC.
    assert rules.catalogue_day(from_datetime(rules.datetime(2026, 10, 4, 12, 59)), anchor) == 1
    assert rules.catalogue_day(from_datetime(rules.datetime(2026, 10, 4, 13, 0)), anchor) == 2
    assert rules.instant_of(anchor, 2, 0) == from_datetime(rules.datetime(2026, 10, 4, 13, 0))
    assert rules.local_position(rules.instant_of(anchor, 5, 3600), anchor) == (5, 3600)
