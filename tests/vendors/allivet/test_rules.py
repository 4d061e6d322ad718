"""Unit tests of the Allivet sandbox rules: status timelines, money, names, tokens."""
from __future__ import annotations

import jwt
import pytest

from simulator.vendors.allivet import pricing, rules, tokens, vets

I = 600_000_000


def order(**kw):
    base = {"created_us": 0, "is_rx": 0, "is_backorder": 0, "rx_decision": None,
            "rx_decided_us": None, "cancelled_us": None}
    return {**base, **kw}


@pytest.mark.parametrize("o, at, status", [
    (order(), 0, "Processing"), (order(), I - 1, "Processing"), (order(), I, "Shipped"),
    (order(is_rx=1), I - 1, "Waiting for Rx"), (order(is_rx=1), I, "Processing"),
    (order(is_rx=1), 2 * I, "Shipped"), (order(is_backorder=1), I, "Backordered"),
    (order(is_rx=1, is_backorder=1), 5 * I, "Backordered"),
    (order(is_rx=1, rx_decision="denied", rx_decided_us=5), 4, "Waiting for Rx"),
    (order(is_rx=1, rx_decision="denied", rx_decided_us=5), 5, "Cancelled"),
    (order(is_rx=1, rx_decision="approved", rx_decided_us=100), 100, "Processing"),
    (order(is_rx=1, rx_decision="approved", rx_decided_us=100), I + 100, "Shipped"),
    (order(cancelled_us=10), 10 * I, "Cancelled"),
])
def test_status_at(o, at, status):
    assert rules.status_at(o, at, I) == status


def test_rx_status_and_transitions():
    o = order(is_rx=1)
    assert [rules.rx_status_at(o, t, I) for t in (0, I)] == ["WaitingVetApproval", "Valid"]
    closed = order(is_rx=1, rx_decision="closed", rx_decided_us=3)
    assert rules.rx_status_at(closed, 10 * I, I) == "ClosedOrExpired"
    steps = rules.transitions_between(rules.timeline(o, I), 0, 10 * I)
    assert [(a, b) for a, b, _at, _r in steps] == [("Waiting for Rx", "Processing"),
                                                    ("Processing", "Shipped")]
    assert rules.transitions_between(rules.timeline(o, I), I, I) == []


def test_totals_and_shipping():
    assert pricing.totals([(55.99, 1)], "GRND", "NY") == {
        "sub_total": 55.99, "freight": 0.0, "freight_tax": 0.0, "tax": 2.24, "total": 58.23}
    small = pricing.totals([(10.0, 1)], "GRND", "TX")
    assert small["freight"] == 7.99 and small["freight_tax"] == 0.5 and small["tax"] == 1.13
    assert pricing.totals([(10.0, 3)], "1DAY", "OR")["total"] == 64.99
    assert pricing.canonical_shipping_method("2day - fedex 2nd day") == "2DAY"
    assert pricing.canonical_shipping_method("UPS") is None
    assert pricing.money(0.1, 3) == 0.3


def test_names_and_tracking():
    assert vets.name_matches("Anne PEDEN", "Anne Peddon")
    assert not vets.name_matches("John Smith", "Anne Peddon")
    assert rules.tracking_number("SO-1") == rules.tracking_number("SO-1")
    assert len(rules.tracking_number("SO-2")) == 12


def test_tokens_round_trip_and_refuse_tampering():
    key = "k" * 40
    token, exp = tokens.issue_token(key, "sandbox", "api:dropship", 1_000_000_000_000)
    assert exp == 1_000_000 + 3600
    assert tokens.read_token(token, key)["username"] == "sandbox"
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token(token, "x" * 40)
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token(jwt.encode({"username": "sandbox"}, key, algorithm="HS256"), key)
