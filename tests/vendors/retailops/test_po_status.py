"""Vendor.PO.fetch, MarkSubmitted, MarkAccepted, UpdateEstShipDate."""
from __future__ import annotations

from flask import g

from simulator.core import accounts

from .conftest import KEY_31, ready_po, submit

FETCH = "/Vendor/PO/Fetch.json"
SUBMIT = "/Vendor/PO/MarkSubmitted.json"
ACCEPT = "/Vendor/PO/MarkAccepted.json"
EST = "/Vendor/PO/UpdateEstShipDate.json"


def test_fetch_paging_total_and_items(ro, frozen):
    _, everything = ro(FETCH, {})
    total = everything["total"]
    assert total == len(everything["records"]) >= 9
    assert "items" not in everything["records"][0]
    ids = [p["id"] for p in everything["records"]]
    assert ids == sorted(ids) and ids[0] == 123
    _, page = ro(FETCH, {"start": 2, "limit": 3, "with_items": 1})
    assert page["total"] == total and [p["id"] for p in page["records"]] == ids[2:5]
    assert all(p["items"] and "packages" in p for p in page["records"])
    item = page["records"][0]["items"][0]
    assert set(item) >= {"po_item_id", "vpc", "sku", "quantity", "unit_cost", "description"}
    _, complete = ro(FETCH, {"status": "Complete", "with_items": True})
    assert complete["total"] >= 2 and all(p["status"] == "complete" for p in complete["records"])
    assert all(p["packages"][0]["tracking_number"] for p in complete["records"])
    _, beyond = ro(FETCH, {"start": 10_000})
    assert beyond == {"success": 1, "total": total, "records": []}


def test_fetch_shows_future_date_submit_as_open(ro, frozen):
    _, waiting = ro(FETCH, {"status": "open"})
    assert waiting["total"] >= 1 and all(p["status"] == "open" for p in waiting["records"])
    assert all(p["date_submit"] > frozen["now"] for p in waiting["records"])
    _, due = ro(FETCH, {"status": "ready"})
    assert due["total"] >= 1 and all(p["date_submit"] <= frozen["now"] for p in due["records"])


def test_mark_submitted_and_wrong_status(ro, po_of, frozen):
    _, body = ro(SUBMIT, {"records": [{"po": "D123", "items": [{"po_item_id": 456, "quantity": 1}]}]})
    assert body["success"] == 1 and po_of("D123")["status"] == "submitted"
    _, again = ro(SUBMIT, {"records": [{"po": "D123"}]})
    assert again["ERRORCODE"] == "INVALID_STATUS" and "status 'submitted'" in again["ERROR"]
    assert "D123" in again["ERROR"]


def test_mark_submitted_item_checks(ro, po_of, frozen):
    _, body = ro(SUBMIT, {"records": [{"po": "D123", "items": [{"po_item_id": 999}]}]})
    assert body["ERRORCODE"] == "PO_ITEM_NOT_FOUND" and "po_item_id 999" in body["ERROR"]
    _, body = ro(SUBMIT, {"records": [{"po": "D123", "items": [{"po_item_id": 456, "quantity": 5}]}]})
    assert body["ERRORCODE"] == "QUANTITY_MISMATCH" and "quantity 5" in body["ERROR"]
    assert po_of("D123")["status"] == "ready"


def test_future_date_submit_is_refused(ro, client, po_of, frozen):
    response = client.post("/_sim/retailops/pos", json={
        "vendor": 27, "items": ["ABC123:1"], "date_submit": "2999-01-01T00:00:00Z"})
    number = response.get_json()["po"]["po"]
    with client:
        _, body = ro(SUBMIT, {"records": [{"po": number}]})
        assert g.rules_fired == ["retailops.future-date-submit"]
    assert body["ERRORCODE"] == "DATE_SUBMIT_IN_FUTURE" and "2999-01-01T00:00:00Z" in body["ERROR"]
    assert po_of(number)["status"] == "ready"


def test_partial_batch_applies_good_records(ro, po_of, frozen):
    _, body = ro(SUBMIT, {"records": [{"po": "D123"}, {"po": "D999"}, {"po": 123}]})
    assert body["success"] == 0 and body["ERRORCODE"] == "PARTIAL_FAILURE"
    assert [r["success"] for r in body["records"]] == [1, 0, 0]
    assert body["records"][1]["ERRORCODE"] == "PO_NOT_FOUND"
    assert "the other 1 were applied" in body["ERROR"]
    assert po_of("D123")["status"] == "submitted"


def test_other_vendor_and_other_account_pos_are_not_found(ro, sim, client, frozen):
    _, theirs = ro(FETCH, {}, key=KEY_31)
    number = theirs["records"][0]["po"]
    _, body = ro(SUBMIT, {"records": [{"po": number}]})
    assert body["ERRORCODE"] == "PO_NOT_FOUND" and body["ERROR"] == f"records[0] (po {number}): PO {number} not found for vendor 27"
    db = sim.db()
    accounts.ensure_account(db, "other", 0)
    accounts.add_credential(db, "retailops", "OTHER_KEY", None, "other", {"vendor_id": 27})
    sim.reset("other")
    made = client.post("/_sim/retailops/pos?account=other", json={"vendor": 27, "items": ["ABC123:1"]})
    other_po = made.get_json()["po"]["po"]
    _, mine = ro(FETCH, {}, key="OTHER_KEY")
    assert other_po in [p["po"] for p in mine["records"]]
    default_numbers = {p["po"] for p in ro(FETCH, {"limit": 1000})[1]["records"]}
    if other_po not in default_numbers:  # numbering is per account, so numbers may coincide
        _, body = ro(SUBMIT, {"records": [{"po": other_po}]})
        assert body["ERRORCODE"] == "PO_NOT_FOUND"


def test_mark_accepted_with_the_setting(ro, client, po_of, frozen):
    po = ready_po(ro, vendor=31, items=("HP-1001:2",), client=client)
    _, early = ro(ACCEPT, {"records": [{"po": po["po"]}]}, key=KEY_31)
    assert early["ERRORCODE"] == "INVALID_STATUS" and "only POs in status 'submitted'" in early["ERROR"]
    submit(ro, po["po"], key=KEY_31)
    item = po["items"][0]["po_item_id"]
    _, body = ro(ACCEPT, {"records": [{"po": po["po"], "items": [{"po_item_id": item, "quantity": 2}]}]},
                 key=KEY_31)
    assert body == {"success": 1, "records": [{"success": 1, "po": po["po"], "id": po["id"],
                                               "status": "accepted", "revision": 0}]}
    assert po_of(po["po"])["status"] == "accepted"


def test_mark_accepted_without_the_setting_is_ineligible(ro, client, po_of, frozen):
    submit(ro, "D123")
    _, body = ro(ACCEPT, {"records": [{"po": "D123"}]})
    assert body == {"success": 0, "ERRORCODE": "INELIGIBLE", "ERROR": body["ERROR"]}
    assert "ineligible for this action" in body["ERROR"] and "Change POs after submit" in body["ERROR"]
    assert po_of("D123")["status"] == "submitted"


def test_changed_po_must_be_accepted_at_its_new_quantities(ro, client, po_of, frozen):
    po = ready_po(ro, vendor=31, items=("HP-1001:2",), client=client)
    submit(ro, po["po"], key=KEY_31)
    item = po["items"][0]["po_item_id"]
    changed = client.post(f"/_sim/retailops/pos/{po['po']}/change", json={"items": [f"{item}:5"]})
    assert changed.status_code == 200 and changed.get_json()["po"]["revision"] == 1
    stale = {"records": [{"po": po["po"], "items": [{"po_item_id": item, "quantity": 2}]}]}
    with client:
        _, body = ro(ACCEPT, stale, key=KEY_31)
        assert g.rules_fired == ["retailops.changed-po-must-be-accepted"]
    assert body["ERRORCODE"] == "QUANTITY_MISMATCH" and "fetch it again" in body["ERROR"]
    _, fetched = ro(FETCH, {"status": "submitted", "with_items": True, "limit": 1000}, key=KEY_31)
    fresh = next(p for p in fetched["records"] if p["po"] == po["po"])
    assert fresh["items"][0]["quantity"] == 5 and fresh["revision"] == 1
    _, body = ro(ACCEPT, {"records": [{"po": po["po"], "items": [{"po_item_id": item, "quantity": 5}]}]},
                 key=KEY_31)
    assert body["success"] == 1 and body["records"][0]["revision"] == 1
    again = client.post(f"/_sim/retailops/pos/{po['po']}/change", json={"items": ["HP-1001:1"]})
    assert again.status_code == 409 and "accepted POs are final" in again.get_json()["error"]


def test_change_refused_for_vendor_without_setting(ro, client, frozen):
    submit(ro, "D123")
    response = client.post("/_sim/retailops/pos/D123/change", json={"items": ["456:3"]})
    assert response.status_code == 409 and "Change POs after submit" in response.get_json()["error"]


def test_update_est_ship_date(ro, po_of, frozen):
    record = {"po": "D123", "estimated_ship_date": "2015-07-02T14:47:47Z",
              "items": [{"po_item_id": 456, "quantity": 1}]}
    _, body = ro(EST, {"records": [record]})
    assert body["records"] == [{"success": 1, "po": "D123", "id": 123, "status": "ready",
                                "estimated_ship_date": "2015-07-02T14:47:47Z"}]
    stored = po_of("D123")
    assert stored["est_ship_date_us"] == stored["items"][0]["est_ship_date_us"] == 1435848467000000
    _, fetched = ro(FETCH, {"status": "ready", "with_items": 1})
    d123 = next(p for p in fetched["records"] if p["po"] == "D123")
    assert d123["estimated_ship_date"] == "2015-07-02T14:47:47Z"
    _, bad = ro(EST, {"records": [{"po": "D123", "estimated_ship_date": "soon"}]})
    assert bad["ERRORCODE"] == "INVALID_REQUEST" and "estimated_ship_date must be an ISO 8601" in bad["ERROR"]
    _, bad = ro(EST, {"records": [{"po": "D123", "estimated_ship_date": "2030-01-01",
                                   "items": [{"po_item_id": 1}]}]})
    assert bad["ERRORCODE"] == "PO_ITEM_NOT_FOUND"
    assert po_of("D123")["est_ship_date_us"] == 1435848467000000
