"""Product.Sku.get~1: the SKUs behind the calling vendor's VPCs; iPaaS connectors test a
connection with {"sku_string": "1"} and expect success 1."""
from __future__ import annotations

import pytest

from .conftest import KEY_31

GET = "/product/sku/get~1.json"
ABC123 = {"sku": 10123, "sku_string": "10123", "vendor_id": 27, "vpc": "ABC123",
          "description": "Acme Insulated Water Bottle 24 oz", "unit_cost": 12.5,
          "quantity": 0, "active": 1}


@pytest.mark.parametrize("path", [GET, "/Product/Sku/Get.json", "/PRODUCT/sku/GET~1.JSON",
                                  "/product/sku/get"])
def test_the_connection_test_of_ipaas_connectors(ro, path):
    status, body = ro(path, {"sku_string": "1"})
    assert (status, body) == (200, {"success": 1, "records": []})


def test_a_sku_of_the_vendor_with_its_advice(ro):
    assert ro(GET, {"sku_string": "10123"})[1] == {"success": 1, "records": [ABC123]}
    assert ro(GET, {"sku_string": " 10123 "})[1]["records"] == [ABC123]
    ro("/product/externalsku/update~2.json", {"records": [
        {"vendor_id": 27, "vpc": "ABC123", "quantity": "12", "active": "0", "unit_cost": "11"}]})
    _, body = ro(GET, {"sku_string": "10123"})
    assert body["records"] == [{**ABC123, "quantity": 12, "active": 0, "unit_cost": 11.0}]


def test_only_exact_matches_of_the_calling_vendors_skus(ro, sim):
    generated = sim.db().execute("SELECT sku, vpc FROM retailops_vpcs WHERE vendor_id = 27 "
                                 "AND vpc != 'ABC123' ORDER BY vpc LIMIT 1").fetchone()
    _, body = ro(GET, {"sku_string": str(generated[0])})
    assert [(r["sku"], r["vpc"]) for r in body["records"]] == [tuple(generated)]
    for partial in ("101", "0123", "10123 10124", "010123", "abc123", "ABC123"):
        assert ro(GET, {"sku_string": partial})[1] == {"success": 1, "records": []}, partial
    # 31001 is vendor 31's: another vendor's key does not see it.
    assert ro(GET, {"sku_string": "31001"})[1]["records"] == []
    _, theirs = ro(GET, {"sku_string": "31001"}, key=KEY_31)
    assert [(r["vendor_id"], r["vpc"]) for r in theirs["records"]] == [(31, "HP-1001")]


def test_a_real_clients_extra_fields(ro):
    # A production integration sends these beside sku_string.
    body = {"sku_string": "10123", "with_inventory": True, "vendor_id": "27", "limit": 99999,
            "start": 0}
    assert ro(GET, body)[1] == {"success": 1, "records": [ABC123]}
    _, other = ro(GET, {**body, "vendor_id": 31})
    assert other["success"] == 0 and other["ERRORCODE"] == "VENDOR_MISMATCH"
    assert "vendor_id 31 does not match this apikey" in other["ERROR"]


@pytest.mark.parametrize("body, message", [
    ({}, "sku_string is required"), ({"sku_string": None}, "sku_string is required"),
    ({"sku_string": "  "}, "sku_string is required"),
    ({"sku_string": 10123}, "sku_string must be a string, not a number"),
    ({"sku_string": ["1"]}, "sku_string must be a string, not an array"),
    ({"sku_string": True}, "sku_string must be a string, not a boolean"),
    ({"sku_string": "1", "vendor_id": "x"}, "vendor_id must be an integer"),
])
def test_bad_requests(ro, body, message):
    status, answer = ro(GET, body)
    assert status == 200 and answer["success"] == 0 and answer["ERRORCODE"] == "INVALID_REQUEST"
    assert answer["ERROR"].startswith(message)


def test_auth_version_and_method(ro, client):
    assert ro(GET, {"sku_string": "1"}, key=None)[1]["ERRORCODE"] == "AUTH_REQUIRED"
    assert ro(GET, {"sku_string": "1"}, key="nope")[0] == 401
    status, body = ro("/product/sku/get~2.json", {"sku_string": "1"})
    assert status == 404 and "Product.Sku.Get version 2 is not available" in body["ERROR"]
    response = client.get("/retailops" + GET, headers={"apikey": "YOUR_APIKEY_GOES_HERE"})
    assert response.status_code == 405 and response.get_json()["ERRORCODE"] == "METHOD_NOT_ALLOWED"
