"""Ship carrier classes: the ids and names of a production RetailOps account, the storefront's
checkout services among them, and Complete refusing any other id."""
from __future__ import annotations

import pytest

from simulator import create_app
from simulator.core.db import connections
from simulator.vendors.retailops import rules
from tests.helpers import close_app

from .conftest import ready_po, submit

CLASSES = "/Constant/Ship/CarrierClass/fetch.json"
PRODUCTION = [
    (3, "FedEx Priority Overnight"), (4, "FedEx Standard Overnight"), (5, "FedEx 2Day"),
    (6, "FedEx Express Saver"), (7, "FedEx Ground"), (8, "FedEx Home Delivery"),
    (9, "FedEx International Priority"), (10, "FedEx International Economy"),
    (34, "USPS Priority Mail"), (35, "USPS Parcel Select Nonpresort"),
    (37, "USPS Media Mail Single-Piece"), (38, "USPS Bound Printed Matter Single Piece"),
    (39, "USPS First-Class Mail"), (50, "USPS Priority Mail Express"), (57, "UPS Next Day Air"),
    (58, "UPS Next Day Air Saver"), (59, "UPS 2nd Day Air A.M."), (60, "UPS 2nd Day Air"),
    (62, "UPS Ground"), (63, "UPS Worldwide Expedited"), (64, "UPS Worldwide Express Plus"),
    (65, "UPS Worldwide Express"), (66, "UPS Worldwide Express Saver"),
    (67, "UPS Standard Canada"), (71, "FedEx SmartPost Parcel Select"),
    (74, "FedEx SmartPost Standard Mail"), (113, "FedEx Ground"), (114, "LTL")]
INTERNATIONAL = {9, 10, 63, 64, 65, 66, 67}


def test_all_answers_exactly_the_production_classes_in_id_order(ro):
    _, body = ro(CLASSES, {"all": 1})
    assert body == {"success": 1, "records": [{"id": i, "name": n} for i, n in PRODUCTION]}
    assert ro(CLASSES, {"id": "113"})[1]["records"] == [{"id": 113, "name": "FedEx Ground"}]
    assert ro(CLASSES, {"id": 33})[1] == {"success": 1, "records": []}


def test_checkout_services_are_domestic_production_classes(ro, client, frozen, advance):
    known = dict(PRODUCTION)
    assert set(rules.CHECKOUT_SERVICES) <= set(known) - INTERNATIONAL - {114}
    ro("/product/externalsku/update~2.json",
       {"records": [{"vendor_id": 27, "vpc": "ABC123", "quantity": 5000}]})
    advance(days=2)
    _, body = ro("/Vendor/PO/Fetch.json", {"limit": 1000})
    services = {p["po"]: p["ship_service"] for p in body["records"]}
    assert len(services) > 20
    assert services["D123"] == {"ship_class_id": 7, "name": "FedEx Ground"}
    for number, service in services.items():
        assert service["name"] == known[service["ship_class_id"]], number
        assert number == "D123" or service["ship_class_id"] in rules.CHECKOUT_SERVICES, number
    assert len({s["ship_class_id"] for s in services.values()}) >= 4


@pytest.mark.parametrize("class_id, accepted", [(39, True), ("113", True), (114, True),
                                                (33, False), (2, False), (95, False), (0, False)])
def test_complete_takes_only_production_class_ids(ro, client, po_of, frozen, class_id, accepted):
    po = ready_po(ro, client=client, items=("ABC123:1",))
    submit(ro, po["po"])
    _, body = ro("/Vendor/PO/Complete.json", {"po": po["po"], "packages": [{
        "ship_class_id": class_id, "tracking_number": "9400100000000000000000",
        "items": [{"vpc": "ABC123", "quantity": 1}]}]})
    stored = po_of(po["po"])
    if accepted:
        assert body["success"] == 1 and body["records"][0]["status"] == "complete"
        assert [p["ship_class_id"] for p in stored["packages"]] == [int(class_id)]
    else:
        assert body["ERRORCODE"] == "INVALID_SHIP_CLASS"
        assert body["ERROR"] == (f"packages[0].ship_class_id {class_id} is not a ship carrier "
                                 "class; list them with Constant.Ship.CarrierClass.fetch")
        assert stored["status"] == "submitted" and stored["packages"] == []


def test_a_database_seeded_with_the_old_classes_gets_the_production_ones(db_path):
    app = create_app({"db": db_path})
    db = app.extensions["dropsim"].db()
    db.execute("DELETE FROM retailops_carrier_classes")
    db.execute("INSERT INTO retailops_carrier_classes VALUES (33, 'USPS First Class Mail'), "
               "(63, 'UPS SurePost')")
    db.execute("DELETE FROM schema_migrations WHERE id = ?",
               ["retailops:0003-production-carrier-classes"])
    db.conn.commit()
    connections.close(app.extensions["dropsim"].options)
    again = create_app({"db": db_path})
    try:
        response = again.test_client().post(
            "/retailops" + CLASSES, json={"all": 1}, headers={"apikey": "YOUR_APIKEY_GOES_HERE"})
        assert [(r["id"], r["name"]) for r in response.get_json()["records"]] == PRODUCTION
    finally:
        close_app(again)
