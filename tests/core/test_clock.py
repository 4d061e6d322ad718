"""Unit tests of the per-account virtual clock."""
from __future__ import annotations

import pytest

from simulator.core import clock
from simulator.core.db import transaction
from tests.helpers import add_account

S = clock.US_PER_SECOND


@pytest.fixture
def db(sim):
    add_account(sim, "other", [])
    return sim.db()


def test_running_clock_follows_real_time(db):
    real = clock.real_now_us()
    assert abs(clock.now_us(db, "default") - real) < 5 * S


def test_advance_moves_forward_and_reports_the_window(db):
    before_now = clock.now_us(db, "default")
    with transaction(db):
        before, after = clock.advance(db, "default", 1800)
    assert after - before == 1800 * S
    assert clock.now_us(db, "default") >= before_now + 1800 * S


@pytest.mark.parametrize("seconds", [0, -1, -3600])
def test_clock_never_moves_backwards(db, seconds):
    with pytest.raises(clock.ClockError):
        clock.advance(db, "default", seconds)


def test_freeze_holds_time_and_advance_moves_it(db):
    frozen_at = clock.freeze(db, "default")
    assert clock.now_us(db, "default") == frozen_at
    assert clock.freeze(db, "default") == frozen_at  # idempotent
    clock.advance(db, "default", 60)
    assert clock.now_us(db, "default") == frozen_at + 60 * S
    assert clock.state(db, "default")["frozen"] is True


def test_resume_continues_from_the_frozen_instant(db):
    frozen_at = clock.freeze(db, "default")
    clock.advance(db, "default", 3600)
    resumed_at = clock.resume(db, "default")
    assert resumed_at == frozen_at + 3600 * S
    now = clock.now_us(db, "default")
    assert resumed_at <= now < resumed_at + 5 * S
    assert clock.state(db, "default")["frozen"] is False


def test_accounts_have_separate_clocks(db):
    clock.freeze(db, "other")
    other_before = clock.now_us(db, "other")
    clock.advance(db, "default", 86400)
    assert clock.now_us(db, "other") == other_before
    assert clock.now_us(db, "default") > other_before + 86000 * S


def test_reset_returns_to_real_time(db):
    clock.advance(db, "default", 86400)
    clock.reset(db, "default")
    assert abs(clock.now_us(db, "default") - clock.real_now_us()) < 5 * S


def test_conversions_round_trip():
    us = 1_502_076_320_123_560
    assert clock.from_datetime(clock.to_datetime(us)) == us


def test_clock_stops_short_of_the_calendars_end(db):
    with pytest.raises(clock.ClockError):
        clock.advance(db, "default", 9000 * 365 * 86400)
    assert abs(clock.now_us(db, "default") - clock.real_now_us()) < 5 * S
