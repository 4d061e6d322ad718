"""Routing (case-insensitive, optional ~N), apikey auth and the error envelope."""
from __future__ import annotations

import pytest

from .conftest import KEY_27, KEY_31

FETCH = {"status": "ready"}


@pytest.mark.parametrize("path", ["/Vendor/PO/Fetch.json", "/vendor/po/fetch~1.json",
                                  "/VENDOR/po/FETCH.JSON", "/vendor/po/fetch"])
def test_paths_are_case_insensitive_with_optional_version(ro, path):
    status, body = ro(path, FETCH)
    assert status == 200 and body["success"] == 1
    assert "D123" in [p["po"] for p in body["records"]]


def test_both_spellings_of_the_inventory_call(ro):
    for path in ("/product/externalsku/update~2.json", "/Product/ExternalSku/Update.json"):
        status, body = ro(path, {"records": [{"vendor_id": 27, "vpc": "ABC123", "quantity": 3}]})
        assert (status, body["success"]) == (200, 1)


def test_unserved_version_is_a_404_naming_the_right_one(ro):
    status, body = ro("/product/externalsku/update~1.json", {"records": []})
    assert status == 404 and body["success"] == 0 and body["ERRORCODE"] == "NOT_FOUND"
    assert "Update~2.json" in body["ERROR"]


def test_unknown_call_and_prefix_root_are_404_in_the_envelope(ro, client):
    status, body = ro("/Vendor/PO/Explode.json", {})
    assert status == 404 and body == {"success": 0, "ERRORCODE": "NOT_FOUND",
                                      "ERROR": body["ERROR"]}
    assert "/retailops/Vendor/PO/Explode.json" in body["ERROR"]
    response = client.post("/retailops")
    assert response.status_code == 404 and response.get_json()["ERRORCODE"] == "NOT_FOUND"


def test_get_is_405_in_the_envelope(client):
    response = client.get("/retailops/Vendor/PO/Fetch.json", headers={"apikey": KEY_27})
    assert response.status_code == 405
    assert response.get_json()["ERRORCODE"] == "METHOD_NOT_ALLOWED"
    assert "POST" in response.get_json()["ERROR"]


def test_missing_and_bad_apikey_are_401(ro):
    status, body = ro("/Vendor/PO/Fetch.json", FETCH, key=None)
    assert status == 401 and body["success"] == 0 and body["ERRORCODE"] == "AUTH_REQUIRED"
    assert "apikey" in body["ERROR"]
    status, body = ro("/Vendor/PO/Fetch.json", FETCH, key="nope")
    assert status == 401 and body["ERRORCODE"] == "INVALID_APIKEY"


def test_apikey_as_query_parameter(client):
    response = client.post(f"/retailops/Vendor/PO/Fetch.json?apikey={KEY_27}", json=FETCH)
    assert response.status_code == 200 and response.get_json()["success"] == 1


def test_each_key_belongs_to_one_vendor(ro):
    status, body = ro("/Vendor/PO/Fetch.json", {"vendor_id": 31}, key=KEY_27)
    assert status == 200 and body["ERRORCODE"] == "VENDOR_MISMATCH"
    assert "vendor_id 31" in body["ERROR"] and "vendor 27" in body["ERROR"]
    _, own = ro("/Vendor/PO/Fetch.json", {"vendor_id": "31"}, key=KEY_31)
    assert own["success"] == 1 and {p["vendor_id"] for p in own["records"]} == {31}


@pytest.mark.parametrize("raw, fragment", [
    ("", "empty"), ("   ", "empty"), ("[1, 2]", "JSON object"), ("{\"records\": [", "not valid JSON"),
    (b"\xff\xfe{", "UTF-8"), ("null", "JSON object"),
    ('{"records": [{"po": "\\ud800"}]}', "lone UTF-16 surrogate"),
    ('{"records": [{"po": "D123", "x": ' + "[" * 5000 + "]" * 5000 + "}]}", "nested more than 64 levels deep"),
])
def test_bad_bodies_get_a_clear_error_not_a_500(ro, po_of, raw, fragment):
    status, body = ro("/Vendor/PO/MarkSubmitted.json", raw)
    assert status == 200 and body["success"] == 0 and body["ERRORCODE"] == "INVALID_JSON"
    assert fragment in body["ERROR"]
    assert po_of("D123")["status"] == "ready"


def test_escaped_surrogate_pairs_are_fine(ro):
    _, body = ro("/product/sku/get~1.json", '{"sku_string": "\\ud83d\\ude00"}')
    assert body == {"success": 1, "records": []}


@pytest.mark.parametrize("body, fragment", [
    ({"status": "shipped"}, "'shipped' is not a PO status"),
    ({"limit": 0}, "limit must be at least 1"),
    ({"limit": 1001}, "limit must be at most 1000"),
    ({"start": -1}, "start must be at least 0"),
    ({"start": "abc"}, "start must be an integer"),
    ({"with_items": "maybe"}, "with_items must be true/false"),
])
def test_fetch_validation_names_the_field(ro, body, fragment):
    status, answer = ro("/Vendor/PO/Fetch.json", body)
    assert status == 200 and answer["ERRORCODE"] == "INVALID_REQUEST" and fragment in answer["ERROR"]


def test_batch_limits(ro, sim):
    status, body = ro("/Vendor/PO/MarkSubmitted.json", {"records": [{"po": "D123"}] * 1001})
    assert body["ERRORCODE"] == "TOO_MANY_RECORDS" and "1001 records" in body["ERROR"]
    status, body = ro("/Vendor/PO/MarkSubmitted.json", {"records": []})
    assert body["ERRORCODE"] == "INVALID_REQUEST" and "records" in body["ERROR"]
    status, body = ro("/Vendor/PO/MarkSubmitted.json", {"po": "D123"})
    assert body["ERRORCODE"] == "INVALID_REQUEST"
    from simulator.vendors.retailops import models
    assert models.get_po(sim.db(), "default", "D123")["status"] == "ready"  # nothing stored
    records = [{"vendor_id": 27, "vpc": "ABC123", "quantity": n} for n in range(1000)]
    _, body = ro("/product/externalsku/update~2.json", {"records": records})
    assert body["success"] == 1 and len(body["records"]) == 1000
    assert models.get_inventory(sim.db(), "default", 27, "ABC123")["quantity"] == 999


def test_new_account_gets_its_own_keys_and_data(ro, sim, client):
    if not hasattr(sim, "create_account"):
        pytest.skip("accounts API not present")
    made = sim.create_account("ro-tenant")["credentials"]["retailops"]
    assert [k["vendor_id"] for k in made["apikeys"]] == [27, 31] and made["vendor_id"] == 27
    ro("/Vendor/PO/MarkSubmitted.json", {"records": [{"po": "D123"}]}, key=made["apikey"])
    _, mine = ro("/Vendor/PO/Fetch.json", {"status": "submitted"}, key=made["apikey"])
    assert "D123" in [p["po"] for p in mine["records"]]
    _, default = ro("/Vendor/PO/Fetch.json", {"status": "ready"})
    assert "D123" in [p["po"] for p in default["records"]]  # the default account's is untouched
    from simulator.vendors.retailops import VENDOR
    request = type("R", (), {"headers": {"apikey": made["apikey"]}, "args": {}})()
    assert VENDOR.identify(sim.db(), request).account == "ro-tenant"
    assert {r["id"] for r in VENDOR.rules} >= {"retailops.future-date-submit",
                                                "retailops.accept-requires-setting"}
