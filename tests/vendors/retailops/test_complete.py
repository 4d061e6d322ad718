"""Vendor.PO.Complete: packages, carrier classes, partial shipments, cancel_remainder."""
from __future__ import annotations

from .conftest import KEY_31, ready_po, submit

COMPLETE = "/Vendor/PO/Complete.json"


def package(vpc="ABC123", quantity=1, ship_class_id=7, tracking="1Z999AA10123456784", **extra):
    return {"ship_class_id": ship_class_id, "tracking_number": tracking,
            "items": [{"vpc": vpc, "quantity": quantity}], **extra}


def submitted_po(ro, client, items=("ABC123:3",), vendor=27):
    po = ready_po(ro, vendor=vendor, items=items, client=client)
    submit(ro, po["po"], key=KEY_31 if vendor == 31 else "YOUR_APIKEY_GOES_HERE")
    return po


def test_partial_then_final_completion(ro, client, po_of, frozen):
    po = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(quantity=1, unit_count=1)]})
    result = body["records"][0]
    assert body["success"] == 1 and result["status"] == "submitted"
    assert result["items"][0] | {} == {**result["items"][0], "quantity_shipped": 1, "quantity_remaining": 2}
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [
        package(quantity=1, ship_class_id=62, tracking="1ZA"), package(quantity=1, tracking="1ZB")]})
    assert body["records"][0]["status"] == "complete"
    stored = po_of(po["po"])
    assert stored["status"] == "complete" and stored["items"][0]["quantity_shipped"] == 3
    assert [(p["ship_class_id"], p["tracking_number"], p["unit_count"]) for p in stored["packages"]] == \
        [(7, "1Z999AA10123456784", 1), (62, "1ZA", 1), (7, "1ZB", 1)]
    _, after = ro(COMPLETE, {"po": po["po"], "packages": [package()]})
    assert after["ERRORCODE"] == "INVALID_STATUS" and "already 'complete'" in after["ERROR"]


def test_over_shipping_is_refused_and_changes_nothing(ro, client, po_of, frozen):
    po = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(quantity=2), package(quantity=2)]})
    assert body["success"] == 0 and body["ERRORCODE"] == "OVER_SHIPMENT"
    assert "packages[1].items[0]" in body["ERROR"] and "exceeds the 1 still to ship" in body["ERROR"]
    stored = po_of(po["po"])
    assert stored["packages"] == [] and stored["items"][0]["quantity_shipped"] == 0


def test_unknown_carrier_class_and_vpc(ro, client, po_of, frozen):
    po = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(ship_class_id=4242)]})
    assert body["ERRORCODE"] == "INVALID_SHIP_CLASS" and "4242" in body["ERROR"]
    assert "Constant.Ship.CarrierClass.fetch" in body["ERROR"]
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(vpc="AC-XXXX")]})
    assert body["ERRORCODE"] == "VPC_NOT_FOUND" and "'AC-XXXX' is not on PO" in body["ERROR"]
    assert po_of(po["po"])["packages"] == []


def test_missing_fields_are_named(ro, client, frozen):
    po = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [{"ship_class_id": 7, "items": [
        {"vpc": "ABC123", "quantity": 1}]}]})
    assert body["ERRORCODE"] == "INVALID_REQUEST" and body["ERROR"] == "packages[0].tracking_number is required"
    _, body = ro(COMPLETE, {"po": po["po"]})
    assert body["ERROR"] == "packages must be a non-empty array"
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(quantity=0)]})
    assert body["ERROR"] == "packages[0].items[0].quantity must be at least 1, not 0"


def test_ready_po_cannot_complete(ro, po_of, frozen):
    _, body = ro(COMPLETE, {"po": "D123", "packages": [package()]})
    assert body["ERRORCODE"] == "INVALID_STATUS" and "MarkSubmitted" in body["ERROR"]
    assert po_of("D123")["status"] == "ready"


def test_cancel_remainder(ro, client, po_of, frozen):
    po = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(quantity=1)], "cancel_remainder": True})
    result = body["records"][0]
    assert result["status"] == "complete"
    assert result["items"][0] | {} == {**result["items"][0], "quantity_shipped": 1,
                                       "quantity_canceled": 2, "quantity_remaining": 0}
    nothing = submitted_po(ro, client)
    _, body = ro(COMPLETE, {"po": nothing["po"], "cancel_remainder": 1})
    assert body["records"][0]["status"] == "canceled"
    assert po_of(nothing["po"])["items"][0]["quantity_canceled"] == 3


def test_change_after_submit_vendor_must_accept_first(ro, client, po_of, frozen):
    po = submitted_po(ro, client, items=("HP-1001:1",), vendor=31)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(vpc="HP-1001")]}, key=KEY_31)
    assert body["ERRORCODE"] == "INVALID_STATUS" and "MarkAccepted" in body["ERROR"]
    ro("/Vendor/PO/MarkAccepted.json", {"records": [{"po": po["po"]}]}, key=KEY_31)
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(vpc="HP-1001")]}, key=KEY_31)
    assert body["records"][0]["status"] == "complete" and po_of(po["po"])["status"] == "complete"


def test_batch_complete_with_records(ro, client, po_of, frozen):
    a, b = submitted_po(ro, client), submitted_po(ro, client)
    _, body = ro(COMPLETE, {"records": [
        {"po": a["po"], "packages": [package(quantity=3)]},
        {"po": b["po"], "packages": [package(quantity=4)]}]})
    assert body["ERRORCODE"] == "PARTIAL_FAILURE" and [r["success"] for r in body["records"]] == [1, 0]
    assert po_of(a["po"])["status"] == "complete" and po_of(b["po"])["status"] == "submitted"


def test_two_lines_of_one_vpc_ship_in_line_order(ro, client, po_of, frozen):
    po = submitted_po(ro, client, items=("ABC123:1", "ABC123:2"))
    _, body = ro(COMPLETE, {"po": po["po"], "packages": [package(quantity=2)]})
    shipped = [i["quantity_shipped"] for i in po_of(po["po"])["items"]]
    assert shipped == [1, 1] and body["records"][0]["status"] == "submitted"
