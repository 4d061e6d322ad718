"""The curl samples of retailops-vendor-dropship-guide.txt, verbatim and in order, against a
fresh database."""
from __future__ import annotations

from flask import g

HEADERS = {"Content-Type": "application/json", "apikey": "YOUR_APIKEY_GOES_HERE"}
SAMPLES = [
    ("/product/externalsku/update~2.json",
     '{ "records": [{ "vendor_id":"27","vpc":"ABC123","quantity":12 }] }'),
    ("/Vendor/PO/Fetch.json",
     '{ "vendor_id":"27","start":0,"limit":100,"status":"ready","with_items":true }'),
    ("/Vendor/PO/MarkSubmitted.json",
     '{ "records": [{ "po":"D123","items":[{ "po_item_id":456,"quantity":1 }] }] }'),
    ("/Vendor/PO/Complete.json",
     '{ "po":"D123","packages":[{ "ship_class_id":7,"tracking_number":"1Z1234567890123456",'
     '"items":[{ "vpc":"ABC123","quantity":1 }],"unit_count":1 }] }'),
    ("/Constant/Ship/CarrierClass/fetch.json", '{ "all":1 }'),
    ("/Vendor/PO/MarkAccepted.json",
     '{ "records": [{ "po":"D123","items":[{ "po_item_id":456,"quantity":1 }] }] }'),
    ("/Vendor/PO/UpdateEstShipDate.json",
     '{ "records": [{ "po":"D123","estimated_ship_date":"2015-07-02T14:47:47Z"items":[{ '
     '"po_item_id":456,"quantity":1 }] }] }'),
]


def test_guide_samples_verbatim_in_order(client, sim, frozen):
    answers = []
    with client:
        for path, data in SAMPLES:
            response = client.post("/retailops" + path, data=data, headers=HEADERS)
            assert response.status_code == 200, (path, response.get_data(as_text=True))
            answers.append((response.get_json(), list(getattr(g, "rules_fired", []))))
    (advice, _), (fetch, _), (submitted, _), (done, _), (classes, _), (accept, fired), (est, _) = answers

    assert advice == {"success": 1, "records": [{"success": 1, "vendor_id": 27, "vpc": "ABC123",
                                                 "quantity": 12, "active": 1, "unit_cost": None}]}
    d123 = next(p for p in fetch["records"] if p["po"] == "D123")
    assert fetch["success"] == 1 and fetch["total"] == len(fetch["records"])
    assert all(p["status"] == "ready" and p["vendor_id"] == 27 for p in fetch["records"])
    assert d123["id"] == 123 and d123["ship_service"] == {"ship_class_id": 7, "name": "FedEx Ground"}
    assert d123["items"][0] | {} == {**d123["items"][0], "po_item_id": 456, "vpc": "ABC123",
                                     "quantity": 1, "sku": 10123}
    assert d123["date_submit"].endswith("Z") and len(d123["date_submit"]) == 20

    assert submitted == {"success": 1, "records": [{"success": 1, "po": "D123", "id": 123,
                                                    "status": "submitted"}]}
    assert done["success"] == 1 and done["records"][0]["status"] == "complete"
    assert {"id": 7, "name": "FedEx Ground"} in classes["records"]
    assert {"id": 62, "name": "UPS Ground"} in classes["records"]
    assert {"id": 34, "name": "USPS Priority Mail"} in classes["records"]

    # Vendor 27 lacks "Change POs after submit": the documented ineligible error.
    assert accept["success"] == 0 and accept["ERRORCODE"] == "INELIGIBLE"
    assert "ineligible for this action" in accept["ERROR"] and "Vendor 27" in accept["ERROR"]
    assert fired == ["retailops.accept-requires-setting"]
    # The guide's UpdateEstShipDate sample is not valid JSON: a clear error, not a 500.
    assert est["success"] == 0 and est["ERRORCODE"] == "INVALID_JSON"
    assert "column 73" in est["ERROR"] and "Expecting ',' delimiter" in est["ERROR"]

    from simulator.vendors.retailops import models
    po = models.get_po(sim.db(), "default", "D123")
    assert po["status"] == "complete" and po["est_ship_date_us"] is None
    assert [(p["ship_class_id"], p["tracking_number"], p["unit_count"]) for p in po["packages"]] == \
        [(7, "1Z1234567890123456", 1)]
    assert po["items"][0]["quantity_shipped"] == 1
    assert models.get_inventory(sim.db(), "default", 27, "ABC123")["quantity"] == 12
