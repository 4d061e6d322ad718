"""RetailOps sandbox rules (retailops-vendor-dropship-guide.txt): the PO status machine, the
completion arithmetic and the simulated storefront's schedule. Pure functions, no storage.

Statuses: (open ->) ready -> submitted -> (accepted) -> complete; canceled. "accepted" exists
only for vendors with the Vendor Setting "Change POs after submit" (guide section 5). "open" is
never stored: a ready PO whose date_submit is still ahead of the account's clock answers "open"
(the current revision of the guide has vendors retrieve POs in status "Open and Ready" and skip
those whose date_submit is in the future), so it turns ready by itself when the clock passes it.
"""
from __future__ import annotations

import random

from ...core.wire import format_iso_z
from .errors import (DATE_SUBMIT_IN_FUTURE, INVALID_STATUS, OVER_SHIPMENT, QUANTITY_MISMATCH,
                     PO_ITEM_NOT_FOUND, VPC_NOT_FOUND, RecordError)

OPEN, READY, SUBMITTED, ACCEPTED = "open", "ready", "submitted", "accepted"
COMPLETE, CANCELED = "complete", "canceled"
STORED_STATUSES = (READY, SUBMITTED, ACCEPTED, COMPLETE, CANCELED)
STATUSES = (OPEN, *STORED_STATUSES)  # what the API answers and filters by
NOT_FINAL = (READY, SUBMITTED, ACCEPTED)

RULE_FUTURE_SUBMIT = "retailops.future-date-submit"
RULE_ACCEPT_SETTING = "retailops.accept-requires-setting"
RULE_ACCEPT_BEFORE_COMPLETE = "retailops.accept-before-complete"
RULE_STOREFRONT = "retailops.storefront-schedule"
RULE_OVER_SHIPMENT = "retailops.no-over-shipment"
RULE_CHANGED_PO = "retailops.changed-po-must-be-accepted"

_GUIDE = "retailops-vendor-dropship-guide.txt"
# Every RetailOps sandbox rule, with the part of the guide it comes from (GET /_sim/rules).
RULES = [
    {"id": RULE_FUTURE_SUBMIT, "trigger": "a ready PO whose date_submit is ahead of the account's "
                                          "clock",
     "effect": "it answers status open (fetch, its filters and total, /_sim/, the dashboard) and "
               "Vendor.PO.MarkSubmitted refuses it with DATE_SUBMIT_IN_FUTURE; once the clock "
               "reaches date_submit it answers ready (a clock advance lists open -> ready)",
     "source": "the RetailOps guide, Interaction Guide for Dropship Integrations, in its current "
               f"revision ({_GUIDE} is the first), 2. PO Retrieval: \"Vendors must retrieve any "
               "POs in Status: Open and Ready ... they should only retrieve the POs that are "
               "returned that have a date_submit value equal to now or any point in the past\""},
    {"id": RULE_ACCEPT_SETTING, "trigger": "Vendor.PO.MarkAccepted by a vendor without "
                                           "'Change POs after submit'",
     "effect": "INELIGIBLE: the vendor is ineligible for this action; nothing changes",
     "source": f"{_GUIDE}, 5. PO Acknowledgment: \"This integration only applies to vendors for "
               "which the Vendor Setting 'Change POs after submit' is checked.\""},
    {"id": RULE_ACCEPT_BEFORE_COMPLETE, "trigger": "Vendor.PO.Complete of a submitted PO of a "
                                                   "vendor with 'Change POs after submit'",
     "effect": "INVALID_STATUS: mark it accepted first",
     "source": f"{_GUIDE}, 5. PO Acknowledgment: \"vendors must update the PO to Status: Accepted\""},
    {"id": RULE_CHANGED_PO, "trigger": "MarkSubmitted/MarkAccepted items at a PO's old quantities "
                                       "after the storefront changed it",
     "effect": "QUANTITY_MISMATCH: fetch the PO again and accept its new revision",
     "source": f"{_GUIDE}, 5. PO Acknowledgment: \"POs may be modified even after being "
               "submitted to the vendor\""},
    {"id": RULE_OVER_SHIPMENT, "trigger": "Vendor.PO.Complete shipping more than remains on the PO",
     "effect": "OVER_SHIPMENT; nothing of the PO is stored",
     "source": f"{_GUIDE}, 4. PO Completion & Tracking Upload"},
    {"id": RULE_STOREFRONT, "trigger": "each slot of retailops_storefront_interval (default 1 h) "
                                       "on the account's clock",
     "effect": "a simulated shopper may buy in-stock VPCs (advised quantity > 0): a new ready PO "
               "(open while a future date_submit is ahead); the sale holds back advised stock",
     "source": f"{_GUIDE}, 2. PO Retrieval: \"when a customer places an order for a "
               "Dropship-enabled item, RO generates a PO for the item\""},
]

US_PER_DAY = 86_400_000_000
# A long clock jump materialises at most this many of the latest storefront slots.
MAX_SLOTS = 2000


def status_at(po: dict, now_us: int) -> str:
    """The PO's status as the API shows it at `now_us`: open while a ready PO's date_submit
    is ahead, else the stored status."""
    if po["status"] == READY and po["date_submit_us"] > now_us:
        return OPEN
    return po["status"]


def status_filter(statuses, now_us: int) -> list[tuple[str, str | None]]:
    """The stored-status conditions [(status, date condition)] that select POs in any of
    `statuses` at `now_us`; the condition is "<=" (due), ">" (not yet due) or None (any
    date_submit), to compare date_submit with now."""
    wanted = set(statuses)
    out = []
    for status in STORED_STATUSES:
        if status == READY:
            due, ahead = READY in wanted, OPEN in wanted
            if due or ahead:
                out.append((READY, None if due and ahead else ("<=" if due else ">")))
        elif status in wanted:
            out.append((status, None))
    return out


def _open_detail(po: dict) -> str:
    return (f"PO {po['po']} is still open: its date_submit {format_iso_z(po['date_submit_us'])} "
            "is in the future")


def check_submit(po: dict, now_us: int) -> None:
    """Vendor.PO.MarkSubmitted: only ready POs whose date_submit has come (guide section 2:
    vendors 'should only retrieve the POs ... that have a date_submit value equal to now or
    any point in the past')."""
    if po["status"] != READY:
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is in status '{po['status']}'; only "
                          "POs in status 'ready' can be marked submitted")
    if po["date_submit_us"] > now_us:
        raise RecordError(DATE_SUBMIT_IN_FUTURE, f"{_open_detail(po)}; it cannot be submitted "
                          "before then", RULE_FUTURE_SUBMIT)


def check_accept(po: dict, now_us: int) -> None:
    """Vendor.PO.MarkAccepted: only submitted POs (an accepted PO can no longer change)."""
    if po["status"] != SUBMITTED:
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is in status "
                          f"'{status_at(po, now_us)}'; only POs in status 'submitted' can be "
                          "marked accepted")


def check_est_ship_date(po: dict) -> None:
    """Vendor.PO.UpdateEstShipDate: any PO not yet complete or canceled."""
    if po["status"] not in NOT_FINAL:
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is in status '{po['status']}'; the "
                          "estimated ship date can only change on an open, ready, submitted or "
                          "accepted PO")


def check_complete(po: dict, change_after_submit: bool, now_us: int) -> None:
    """Vendor.PO.Complete: a submitted PO, or an accepted one when the vendor has the
    'Change POs after submit' setting (guide section 5: 'vendors must update the PO to
    Status: Accepted')."""
    if po["status"] == READY:
        status = status_at(po, now_us)
        why = f" ({_open_detail(po)})" if status == OPEN else ""
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is in status '{status}'{why}; mark it "
                          "submitted (Vendor.PO.MarkSubmitted) before completing it")
    if po["status"] in (COMPLETE, CANCELED):
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is already '{po['status']}'; "
                          "nothing is left to ship")
    if change_after_submit and po["status"] != ACCEPTED:
        raise RecordError(INVALID_STATUS, f"PO {po['po']} is 'submitted'; this vendor has "
                          "'Change POs after submit', so mark it accepted (Vendor.PO.MarkAccepted) "
                          "before completing it", RULE_ACCEPT_BEFORE_COMPLETE)


def check_item_quantities(po: dict, given: list[dict]) -> None:
    """The items of a MarkSubmitted/MarkAccepted record must be the PO's own, at the PO's
    current quantities: a PO changed after submit must be fetched again before accepting."""
    by_id = {i["po_item_id"]: i for i in po["items"]}
    for n, item in enumerate(given):
        found = by_id.get(item["po_item_id"])
        if found is None:
            raise RecordError(PO_ITEM_NOT_FOUND, f"items[{n}]: po_item_id {item['po_item_id']} "
                              f"is not an item of PO {po['po']}")
        if item["quantity"] is not None and item["quantity"] != found["quantity"]:
            changed = " (the PO was changed after submit: fetch it again)" if po["revision"] else ""
            raise RecordError(QUANTITY_MISMATCH, f"items[{n}]: quantity {item['quantity']} for "
                              f"po_item_id {found['po_item_id']} does not match PO {po['po']}'s "
                              f"quantity {found['quantity']}{changed}",
                              RULE_CHANGED_PO if po["revision"] else None)


def remaining(item: dict) -> int:
    """What is still to ship on a PO item."""
    return item["quantity"] - item["quantity_shipped"] - item["quantity_canceled"]


def allocate(po: dict, packages: list[dict]) -> list[tuple[int, int, dict]]:
    """(package index, quantity, item) for every package line, spread over the PO's items with
    that VPC in line order; RecordError for an unknown VPC or more than remains."""
    left = {i["po_item_id"]: remaining(i) for i in po["items"]}
    by_vpc: dict[str, list[dict]] = {}
    for item in po["items"]:
        by_vpc.setdefault(item["vpc"], []).append(item)
    out = []
    for p, package in enumerate(packages):
        for n, line in enumerate(package["items"]):
            items = by_vpc.get(line["vpc"])
            if not items:
                raise RecordError(VPC_NOT_FOUND, f"packages[{p}].items[{n}]: VPC "
                                  f"'{line['vpc']}' is not on PO {po['po']}")
            wanted = line["quantity"]
            available = sum(left[i["po_item_id"]] for i in items)
            if wanted > available:
                raise RecordError(OVER_SHIPMENT, f"packages[{p}].items[{n}]: quantity {wanted} "
                                  f"of VPC '{line['vpc']}' exceeds the {available} still to ship "
                                  f"on PO {po['po']}", RULE_OVER_SHIPMENT)
            for item in items:
                take = min(wanted, left[item["po_item_id"]])
                if take:
                    left[item["po_item_id"]] -= take
                    wanted -= take
                    out.append((p, take, item))
    return out


def status_after_shipping(items: list[dict], current: str) -> str:
    """complete once nothing remains (canceled when nothing ever shipped), else unchanged."""
    if any(remaining(i) > 0 for i in items):
        return current
    return COMPLETE if any(i["quantity_shipped"] for i in items) else CANCELED


# -- the storefront ------------------------------------------------------------------------
# Each vendor has one purchase opportunity per slot of virtual time; whether a customer buys,
# when in the slot, what and where to, are derived from (seed, vendor, slot) alone, so the
# same history replays identically however the clock got there.
BUY_PROBABILITY = 0.5
FUTURE_SUBMIT_PROBABILITY = 0.15
# The ship services US shoppers pick at checkout (carrier class ids of
# fixtures/retailops_carrier_classes.json), most common first: ground, then USPS, then express.
CHECKOUT_SERVICES = (62, 62, 62, 7, 7, 34, 34, 8, 39, 60, 5, 57, 3)


def slot_rng(seed: int, vendor_id: int, slot: int, purpose: str) -> random.Random:
    """The private random source of one vendor's storefront slot, for one purpose."""
    return random.Random(f"retailops-storefront:{seed}:{vendor_id}:{slot}:{purpose}")


def purchase_at(seed: int, vendor_id: int, slot: int, interval_us: int) -> int | None:
    """When in slot `slot` a customer buys from the vendor, or None when nobody does."""
    rng = slot_rng(seed, vendor_id, slot, "when")
    if rng.random() >= BUY_PROBABILITY:
        return None
    return slot * interval_us + rng.randrange(interval_us)


def purchases_between(seed: int, vendor_id: int, after_us: int, upto_us: int,
                      interval_us: int, max_slots: int) -> list[tuple[int, int]]:
    """(slot, instant) of the vendor's purchases in (after, upto], oldest first; only the last
    `max_slots` slots are looked at, which bounds the cost of a long jump."""
    if interval_us <= 0 or upto_us <= after_us:
        return []
    first = max(after_us // interval_us, upto_us // interval_us - max_slots + 1)
    found = []
    for slot in range(first, upto_us // interval_us + 1):
        at = purchase_at(seed, vendor_id, slot, interval_us)
        if at is not None and after_us < at <= upto_us:
            found.append((slot, at))
    return found


def basket(seed: int, vendor_id: int, slot: int, stock: list[tuple[str, int]]) -> dict:
    """What the slot's customer buys from the in-stock VPCs [(vpc, advised quantity > 0)]:
    lines [(vpc, quantity)], the checkout ship class and how long date_submit waits."""
    rng = slot_rng(seed, vendor_id, slot, "basket")
    count = min(len(stock), rng.choice((1, 1, 1, 1, 2, 2, 3)))
    lines = [(vpc, min(available, rng.choice((1, 1, 1, 1, 2, 2, 3))))
             for vpc, available in rng.sample(stock, count)]
    wait_us = rng.randint(1, 5) * US_PER_DAY if rng.random() < FUTURE_SUBMIT_PROBABILITY else 0
    return {"lines": lines, "ship_class_id": rng.choice(CHECKOUT_SERVICES), "submit_wait_us": wait_us,
            "address_seed": f"{seed}:{vendor_id}:{slot}"}
