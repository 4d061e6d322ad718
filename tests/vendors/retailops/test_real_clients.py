"""What real RetailOps clients send beyond the guide's samples: numbers and flags as strings,
vendor_name for vendor_id, with_detailed_response, +0000 offsets, extra package fields."""
from __future__ import annotations

from simulator.vendors.retailops import models

from .conftest import ready_po, submit

ADVICE = "/product/externalsku/update~2.json"


def test_inventory_advice_with_strings_vendor_name_and_detailed_response(ro, sim):
    _, body = ro(ADVICE, {"with_detailed_response": 0, "records": [
        {"vendor_name": "Acme Dropship Supply", "vpc": "ABC123", "quantity": "17", "active": "0",
         "unit_cost": "9.95"},
        {"vendor_id": "27", "vpc": "ABC123", "quantity": "18", "active": "1"}]})
    assert body == {"success": 1, "records": [
        {"success": 1, "vendor_id": 27, "vpc": "ABC123", "quantity": 17, "active": 0,
         "unit_cost": 9.95},
        {"success": 1, "vendor_id": 27, "vpc": "ABC123", "quantity": 18, "active": 1,
         "unit_cost": 9.95}]}
    row = models.get_inventory(sim.db(), "default", 27, "ABC123")
    assert (row["quantity"], row["active"], row["unit_cost"]) == (18, 1, 9.95)
    _, bad = ro(ADVICE, {"with_detailed_response": 0, "records": [
        {"vendor_name": "Acme Dropship Supply", "vpc": "ABC123", "quantity": "lots"}]})
    assert bad["ERRORCODE"] == "INVALID_REQUEST" and "quantity must be an integer" in bad["ERROR"]
    assert models.get_inventory(sim.db(), "default", 27, "ABC123")["quantity"] == 18


def test_fetch_with_detailed_response_and_string_paging(ro):
    _, body = ro("/Vendor/PO/Fetch.json", {"vendor_id": "27", "start": "0", "limit": "2",
                                           "status": "ready", "with_items": "1",
                                           "with_detailed_response": 0})
    assert body["success"] == 1 and len(body["records"]) == 2 and body["records"][0]["items"]


def test_est_ship_date_with_a_plus_0000_offset(ro, po_of, frozen):
    _, body = ro("/Vendor/PO/UpdateEstShipDate.json", {"records": [
        {"po": "D123", "estimated_ship_date": "2024-05-01T10:00:00+0000"}]})
    assert body["records"][0]["estimated_ship_date"] == "2024-05-01T10:00:00Z"
    assert po_of("D123")["est_ship_date_us"] == 1714557600000000
    _, body = ro("/Vendor/PO/UpdateEstShipDate.json", {"records": [
        {"po": "D123", "estimated_ship_date": "2024-05-01T10:00:00-0500"}]})
    assert body["records"][0]["estimated_ship_date"] == "2024-05-01T15:00:00Z"


def test_complete_with_weight_cost_and_string_flags(ro, client, po_of, frozen):
    po = ready_po(ro, client=client, items=("ABC123:3",))
    submit(ro, po["po"])
    _, body = ro("/Vendor/PO/Complete.json", {
        "po": po["po"], "cancel_remainder": "1", "packages": [{
            "ship_class_id": "62", "tracking_number": "1Z999AA10123456784", "unit_count": "2",
            "weight": "1.25", "cost": 8.4, "items": [{"vpc": "ABC123", "quantity": "2"}]}]})
    assert body["success"] == 1 and body["records"][0]["status"] == "complete"
    stored = po_of(po["po"])
    assert [(p["ship_class_id"], p["unit_count"]) for p in stored["packages"]] == [(62, 2)]
    item = stored["items"][0]
    assert (item["quantity_shipped"], item["quantity_canceled"]) == (2, 1)
