"""The curl samples of the RetailOps guide, Interaction Guide for Dropship Integrations, verbatim
and in order, against a fresh database: the first revision's, and the current revision's, whose
fetch asks for POs in status "Open and Ready"."""
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
    assert all(p["date_submit"] <= frozen["now"] for p in fetch["records"])  # only due POs
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


# The current revision changes the fetch sample only (its inventory and MarkSubmitted samples
# are the first revision's).
CURRENT = [SAMPLES[0],
           ("/Vendor/PO/Fetch.json",
            '{ "vendor_id":"27","start":0,"limit":100,"status":["open","ready"],"with_items":true }'),
           SAMPLES[2]]


def test_current_guide_samples_verbatim_in_order(client, sim, frozen):
    answers = []
    for path, data in CURRENT:
        response = client.post("/retailops" + path, data=data, headers=HEADERS)
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        answers.append(response.get_json())
    advice, fetch, submitted = answers

    assert advice["success"] == 1 and advice["records"][0]["quantity"] == 12
    assert fetch["success"] == 1 and fetch["total"] == len(fetch["records"]) >= 3
    statuses = {p["po"]: p["status"] for p in fetch["records"]}
    assert set(statuses.values()) == {"open", "ready"} and statuses["D123"] == "ready"
    # The guide's note: retrieve only the POs whose date_submit is now or past. Exactly the
    # ready ones pass it; the open ones are those still ahead.
    now = frozen["now"]
    due = {p["po"] for p in fetch["records"] if p["date_submit"] <= now}
    assert due == {n for n, s in statuses.items() if s == "ready"}
    assert all(p["date_submit"] > now for p in fetch["records"] if p["status"] == "open")
    d123 = next(p for p in fetch["records"] if p["po"] == "D123")
    assert d123["items"][0]["po_item_id"] == 456 and d123["items"][0]["vpc"] == "ABC123"
    assert submitted == {"success": 1, "records": [{"success": 1, "po": "D123", "id": 123,
                                                    "status": "submitted"}]}

    # Every due PO it fetched can be marked submitted; an open one cannot, yet.
    other_due = sorted(due - {"D123"})
    body = client.post("/retailops/Vendor/PO/MarkSubmitted.json", headers=HEADERS,
                       json={"records": [{"po": n} for n in other_due]}).get_json()
    assert body["success"] == 1 and len(body["records"]) == len(other_due)
    waiting = next(n for n, s in statuses.items() if s == "open")
    body = client.post("/retailops/Vendor/PO/MarkSubmitted.json", headers=HEADERS,
                       json={"records": [{"po": waiting}]}).get_json()
    assert body["ERRORCODE"] == "DATE_SUBMIT_IN_FUTURE" and "still open" in body["ERROR"]
    from simulator.vendors.retailops import models
    assert models.get_po(sim.db(), "default", waiting)["status"] == "ready"
    assert models.get_po(sim.db(), "default", "D123")["status"] == "submitted"
