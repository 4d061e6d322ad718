"""Product.ExternalSku.Update~2: inventory advice, per-record results, batch semantics."""
from __future__ import annotations

from simulator.vendors.retailops import models

from .conftest import KEY_31

URL = "/product/externalsku/update~2.json"


def stock(sim, vpc, vendor=27, account="default"):
    return models.get_inventory(sim.db(), account, vendor, vpc)


def test_advice_by_id_and_by_name_keeps_active_and_cost(ro, sim):
    _, body = ro(URL, {"records": [{"vendor_id": 27, "vpc": "ABC123", "quantity": 5,
                                    "active": 0, "unit_cost": "11.75"}]})
    assert body["records"] == [{"success": 1, "vendor_id": 27, "vpc": "ABC123", "quantity": 5,
                                "active": 0, "unit_cost": 11.75}]
    _, body = ro(URL, {"records": [{"vendor_name": "acme dropship supply", "vpc": "ABC123",
                                    "quantity": "7"}]})
    assert body["success"] == 1
    row = stock(sim, "ABC123")
    assert (row["quantity"], row["active"], row["unit_cost"]) == (7, 0, 11.75)


def test_per_record_failures_and_partial_batch(ro, sim):
    records = [
        {"vendor_id": 27, "vpc": "ABC123", "quantity": 4},
        {"vendor_id": 31, "vpc": "HP-1001", "quantity": 4},
        {"vendor_id": 27, "vpc": "NOPE-1", "quantity": 4},
        {"vendor_name": "Nobody Inc", "vpc": "ABC123", "quantity": 4},
        {"vendor_id": 27, "vpc": "ABC123", "quantity": -1},
        {"vpc": "ABC123", "quantity": 1},
        "not an object",
    ]
    status, body = ro(URL, {"records": records})
    assert status == 200 and body["success"] == 0 and body["ERRORCODE"] == "PARTIAL_FAILURE"
    assert "6 of 7 records failed" in body["ERROR"] and "records[1] (vpc HP-1001)" in body["ERROR"]
    codes = [r.get("ERRORCODE") for r in body["records"]]
    assert codes == [None, "VENDOR_MISMATCH", "VPC_NOT_FOUND", "VENDOR_NOT_FOUND",
                     "INVALID_REQUEST", "INVALID_REQUEST", "INVALID_REQUEST"]
    assert body["records"][0]["success"] == 1 and body["records"][2]["vpc"] == "NOPE-1"
    assert "quantity must be at least 0" in body["records"][4]["ERROR"]
    assert "vendor_id or vendor_name is required" in body["records"][5]["ERROR"]
    assert stock(sim, "ABC123")["quantity"] == 4  # the good record was applied
    assert stock(sim, "HP-1001", vendor=31)["quantity"] != 4


def test_all_failed_single_record_uses_its_own_code(ro):
    _, body = ro(URL, {"records": [{"vendor_id": 27, "vpc": "ZZZ", "quantity": 1}]})
    assert body["ERRORCODE"] == "VPC_NOT_FOUND" and body["ERROR"].startswith("records[0] (vpc ZZZ)")


def test_advice_is_per_account(ro, sim):
    from simulator.core import accounts
    db = sim.db()
    accounts.ensure_account(db, "other", 0)
    accounts.add_credential(db, "retailops", "OTHER_KEY", None, "other", {"vendor_id": 27})
    sim.reset("other")
    ro(URL, {"records": [{"vendor_id": 27, "vpc": "ABC123", "quantity": 99}]}, key="OTHER_KEY")
    assert stock(sim, "ABC123", account="other")["quantity"] == 99
    assert stock(sim, "ABC123")["quantity"] == 0


def test_second_vendor_advises_its_own_vpcs(ro, sim):
    _, body = ro(URL, {"records": [{"vendor_id": 31, "vpc": "HP-1001", "quantity": 8}]}, key=KEY_31)
    assert body["success"] == 1 and stock(sim, "HP-1001", vendor=31)["quantity"] == 8
