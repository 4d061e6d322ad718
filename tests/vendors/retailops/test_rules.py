"""Unit tests of the RetailOps rules and the deterministic seed."""
from __future__ import annotations

import pytest
import sqlite_utils

from simulator.core import accounts
from simulator.core.db import migrate
from simulator.vendors.retailops import models, rules, seed, storefront
from simulator.vendors.retailops.errors import RecordError

HOUR = 3_600_000_000


def po(status="ready", submit=0, items=None, revision=0):
    return {"po": "D1", "status": status, "date_submit_us": submit, "revision": revision,
            "items": items or [item(1, "A", 3)]}


def item(item_id, vpc, quantity, shipped=0, canceled=0):
    return {"po_item_id": item_id, "vpc": vpc, "quantity": quantity,
            "quantity_shipped": shipped, "quantity_canceled": canceled}


def code(fn, *args):
    with pytest.raises(RecordError) as exc:
        fn(*args)
    return exc.value.code


def test_submit_rules():
    rules.check_submit(po(submit=5), 5)
    assert code(rules.check_submit, po(submit=6), 5) == "DATE_SUBMIT_IN_FUTURE"
    assert code(rules.check_submit, po("submitted"), 5) == "INVALID_STATUS"


def test_accept_and_complete_rules():
    rules.check_accept(po("submitted"), 5)
    assert code(rules.check_accept, po("accepted"), 5) == "INVALID_STATUS"
    rules.check_complete(po("submitted"), False, 5)
    rules.check_complete(po("accepted"), True, 5)
    for status, setting in (("ready", False), ("complete", False), ("canceled", False), ("submitted", True)):
        assert code(rules.check_complete, po(status), setting, 5) == "INVALID_STATUS"
    assert code(rules.check_est_ship_date, po("complete")) == "INVALID_STATUS"
    rules.check_est_ship_date(po(submit=6))  # an open PO may get an estimated ship date


def test_open_is_derived_from_date_submit_and_the_clock():
    assert rules.status_at(po(submit=6), 5) == "open"
    assert rules.status_at(po(submit=5), 5) == rules.status_at(po(submit=4), 5) == "ready"
    assert rules.status_at(po("submitted", submit=6), 5) == "submitted"
    with pytest.raises(RecordError) as exc:
        rules.check_accept(po(submit=6), 5)
    assert "status 'open'" in exc.value.message
    with pytest.raises(RecordError) as exc:
        rules.check_complete(po(submit=6), False, 5)
    assert "status 'open'" in exc.value.message and "still open" in exc.value.message


def test_status_filter_translates_derived_statuses():
    assert rules.status_filter(["ready"], 5) == [("ready", "<=")]
    assert rules.status_filter(["open"], 5) == [("ready", ">")]
    assert rules.status_filter(["open", "ready"], 5) == [("ready", None)]
    assert rules.status_filter(["complete", "open"], 5) == [("ready", ">"), ("complete", None)]
    assert rules.status_filter(rules.STATUSES, 5) == [(s, None) for s in rules.STORED_STATUSES]


def test_item_quantities():
    rules.check_item_quantities(po(), [{"po_item_id": 1, "quantity": 3}, {"po_item_id": 1, "quantity": None}])
    assert code(rules.check_item_quantities, po(), [{"po_item_id": 2, "quantity": 3}]) == "PO_ITEM_NOT_FOUND"
    with pytest.raises(RecordError) as exc:
        rules.check_item_quantities(po(revision=1), [{"po_item_id": 1, "quantity": 2}])
    assert exc.value.rule == rules.RULE_CHANGED_PO


def test_allocate_spreads_over_lines_and_refuses_over_shipping():
    order = po("submitted", items=[item(1, "A", 2, shipped=1), item(2, "A", 3), item(3, "B", 1)])
    packages = [{"items": [{"vpc": "A", "quantity": 2}]}, {"items": [{"vpc": "A", "quantity": 2},
                                                                     {"vpc": "B", "quantity": 1}]}]
    got = [(p, q, i["po_item_id"]) for p, q, i in rules.allocate(order, packages)]
    assert got == [(0, 1, 1), (0, 1, 2), (1, 2, 2), (1, 1, 3)]
    assert code(rules.allocate, order, [{"items": [{"vpc": "A", "quantity": 5}]}]) == "OVER_SHIPMENT"
    assert code(rules.allocate, order, [{"items": [{"vpc": "C", "quantity": 1}]}]) == "VPC_NOT_FOUND"


def test_status_after_shipping():
    assert rules.status_after_shipping([item(1, "A", 2, shipped=1)], "submitted") == "submitted"
    assert rules.status_after_shipping([item(1, "A", 2, shipped=1, canceled=1)], "accepted") == "complete"
    assert rules.status_after_shipping([item(1, "A", 2, canceled=2)], "submitted") == "canceled"


def test_purchases_are_a_pure_function_of_seed_vendor_and_slot():
    a = rules.purchases_between(42, 27, 0, 48 * HOUR, HOUR, 2000)
    assert a == rules.purchases_between(42, 27, 0, 48 * HOUR, HOUR, 2000)
    assert a != rules.purchases_between(7, 27, 0, 48 * HOUR, HOUR, 2000)
    # Splitting the interval finds the same purchases: no double and no missed slot.
    assert a == rules.purchases_between(42, 27, 0, 17 * HOUR + 5, HOUR, 2000) + \
        rules.purchases_between(42, 27, 17 * HOUR + 5, 48 * HOUR, HOUR, 2000)
    assert all(slot * HOUR <= at < (slot + 1) * HOUR for slot, at in a)
    assert 10 < len(a) < 40
    assert rules.purchases_between(42, 27, 0, 10_000 * HOUR, HOUR, 100)[0][0] >= 9_900
    assert rules.purchases_between(42, 27, 0, 48 * HOUR, 0, 2000) == []


def test_basket_buys_only_in_stock_and_never_more_than_advised():
    stock = [("A", 1), ("B", 50)]
    for slot in range(200):
        basket = rules.basket(42, 27, slot, stock)
        assert basket["lines"] and all(vpc in ("A", "B") for vpc, _ in basket["lines"])
        assert all(q <= dict(stock)[vpc] for vpc, q in basket["lines"])
        assert basket["ship_class_id"] in rules.CHECKOUT_SERVICES
    assert rules.basket(42, 27, 5, stock) == rules.basket(42, 27, 5, stock)


def _seeded(seed_value: int) -> dict:
    db = sqlite_utils.Database(memory=True)
    migrate(db, accounts.MIGRATIONS + models.MIGRATIONS)
    accounts.ensure_account(db, "default", 0)
    seed.seed_shared(db, seed_value, lambda *_: None)
    seed.seed_account(db, "default", seed_value, 1_700_000_000_000_000)
    return {t: sorted(db.query(f"SELECT * FROM {t}"), key=repr)
            for t in ("retailops_vendors", "retailops_vpcs", "retailops_carrier_classes",
                      "retailops_inventory", "retailops_pos", "retailops_po_items",
                      "retailops_packages", "retailops_package_items")}


def test_seeding_is_deterministic():
    first = _seeded(42)
    assert first == _seeded(42)
    assert first["retailops_vpcs"] != _seeded(43)["retailops_vpcs"]
    pos = {p["po"]: p for p in first["retailops_pos"]}
    assert pos["D123"]["status"] == "ready" and pos["D123"]["vendor_id"] == 27
    assert [i for i in first["retailops_po_items"] if i["po_item_id"] == 456][0]["vpc"] == "ABC123"
    assert {p["status"] for p in first["retailops_pos"]} == set(rules.STORED_STATUSES)
    assert any(p["date_submit_us"] > 1_700_000_000_000_000 for p in first["retailops_pos"])


def test_us_address_is_realistic_and_stable():
    a = storefront.us_address("k")
    assert a == storefront.us_address("k") and a["country"] == "US" and len(a["state"]) == 2
    assert len(a["postal_code"]) == 5 and a["address1"] and a["city"]
