"""Allivet's printed patterns (`Y|N`, `F|M`, `Shipping|Billing`, `0|1|...|9`, the petAge codes,
petDateOfBirth's expression) are regular-expression validation: case-sensitive, whole value;
the enumerations the document lists without a pattern still match in any case."""
from __future__ import annotations

import copy

import pytest

from .conftest import count, order_body
from .test_customers import ADDRESS, PET, REGISTER, UPDATE

C = "/api/salesforce/Customers"
UPDATE_ADDRESS = {k: v for k, v in ADDRESS.items() if k != "addressId"}
UPDATE_PET = {k: v for k, v in PET.items() if k != "clientPetId"}
SHIP_TO = {"shipToAddressId": "S1", "shipToAddress": "1 Main St", "shipToCity": "Albany",
           "shipToState": "NY", "shipToPostalCode": "12207", "shipToCountry": "US"}


def _message(field: str, pattern: str) -> str:
    return f"The field {field[0].upper() + field[1:]} must match the regular expression '{pattern}'."


# (setup, method, path, valid body, property path, refused value, pattern as printed)
CASES = [
    (None, "POST", "/api/Orders", "order", "isAutoship", "y", "Y|N"),
    (None, "POST", "/api/Orders", "order", "isAutoship", "n", "Y|N"),
    (None, "POST", "/api/Orders", "order", "isReship", "n", "Y|N"),
    (None, "POST", "/api/Orders", "order", "isReship", " ", "Y|N"),
    (None, "POST", "/api/Orders", "order", "reasonCode", "A", "0|1|2|3|4|5|6|7|8|9"),
    ("order", "PUT", "/api/Orders", "order", "isAutoship", "y", "Y|N"),
    (None, "POST", C, "register", "isOkToReceiveEmail", "y", "Y|N"),
    (None, "POST", C, "register", "customerShipTo[0].isPrimary", "y", "Y|N"),
    ("customer", "PUT", f"{C}?clientCustomerNo=ACS-123456", "update", "isOkToReceiveEmail", "n",
     "Y|N"),
    ("customer", "POST", f"{C}/ACS-123456/Address", "address", "addressType", "billing",
     "Shipping|Billing"),
    ("customer", "POST", f"{C}/ACS-123456/Address", "address", "addressType", "Billing address",
     "Shipping|Billing"),
    ("customer", "POST", f"{C}/ACS-123456/Address", "address", "isPrimary", "y", "Y|N"),
    ("customer", "PUT", f"{C}/ACS-123456/Address/123456", "update_address", "addressType",
     "SHIPPING", "Shipping|Billing"),
    ("customer", "PUT", f"{C}/ACS-123456/Address/123456", "update_address", "isPrimary", "n",
     "Y|N"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "petGender", "f", "F|M"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "petAge", "unknown",
     r"0-1 years|2-3 years|4-5 years|6-7 years|8-9 years|10\+ years|Unknown"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "petAge", "6-7 Years",
     r"0-1 years|2-3 years|4-5 years|6-7 years|8-9 years|10\+ years|Unknown"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "petDateOfBirth", "3/9/2009\n",
     r"^(\d{1,2})(\/|-)(\d{1,2})(\/|-)(\d{4})$"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "isPregnant", "y", "Y|N"),
    ("customer", "POST", f"{C}/ACS-123456/Pet", "pet", "isDeceased", "n", "Y|N"),
    ("pet", "PUT", f"{C}/ACS-123456/Pet/123456", "update_pet", "petGender", "m", "F|M"),
    ("pet", "PUT", f"{C}/ACS-123456/Pet/123456", "update_pet", "isDeceased", "n", "Y|N"),
]


def _body(kind: str, path: str, value: str) -> dict:
    body = copy.deepcopy({"order": order_body(), "register": REGISTER, "update": UPDATE,
                          "address": ADDRESS, "update_address": UPDATE_ADDRESS, "pet": PET,
                          "update_pet": UPDATE_PET}[kind])
    if kind == "register" and path.startswith("customerShipTo"):
        body["customerShipTo"] = [{**SHIP_TO, "isPrimary": value}]
    elif kind == "order":
        body["customerSalesOrderDetail"] = [{"itemName": "10012-05", "quantity": 1}]
        body[path] = value
    else:
        body[path] = value
    return body


def _state(sim) -> list:
    db = sim.db()
    return [db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in (
        "allivet_orders", "allivet_customers", "allivet_addresses", "allivet_pets")]


@pytest.mark.parametrize("setup, method, path, kind, field, value, pattern", CASES)
def test_patterns_are_case_sensitive_and_whole_value(api, sim, setup, method, path, kind, field,
                                                     value, pattern):
    if setup:
        api.post(C, REGISTER)
    if setup == "order":
        api.post("/api/Orders", _body("order", "isAutoship", "N"))
    if setup == "pet":
        api.post(f"{C}/ACS-123456/Pet", PET)
    before = _state(sim)
    body = api.call(method, path, 400, json=_body(kind, field, value))
    assert body["title"] == "One or more validation errors occurred." and body["status"] == 400
    last = field.rsplit(".", 1)[-1]
    assert body["errors"] == {field: [_message(last, pattern)]}
    assert _state(sim) == before


def test_a_value_too_long_and_off_pattern_gets_both_messages(api):
    body = api.post("/api/Orders", _body("order", "isAutoship", "yes"), expect=400)
    assert body["errors"]["isAutoship"] == [
        "The field IsAutoship must be a string with a maximum length of 1.",
        "The field IsAutoship must match the regular expression 'Y|N'."]


def test_values_as_printed_pass_and_are_stored_as_given(api):
    customer = api.post(C, {**REGISTER, "isOkToReceiveEmail": "N",
                            "customerShipTo": [{**SHIP_TO, "isPrimary": "Y"}]})
    assert customer["isOkToReceiveEmail"] == "N"
    assert customer["customerShipTo"][0]["isPrimary"] == "Y"
    address = api.post(f"{C}/ACS-123456/Address", {**ADDRESS, "addressId": "9",
                                                   "addressType": "Shipping", "isPrimary": "N"})
    assert {a["addressId"]: a["addressType"] for a in address["address"]}["9"] == "Shipping"
    pets = api.post(f"{C}/ACS-123456/Pet", {**PET, "petAge": "10+ years", "petGender": "M",
                                            "petDateOfBirth": "1-2-2020"})
    assert pets["customerPet"][0]["petAge"] == "10+ years"
    assert pets["customerPet"][0]["petDateOfBirth"] == "1-2-2020"
    order = api.post("/api/Orders", _body("order", "isAutoship", "Y"))
    assert order["isAutoship"] == "Y" and order["reasonCode"] == "0"


def test_optional_patterns_let_empty_strings_pass(api):
    # RegularExpression passes "" (Required is what refuses it): the documented defaults apply.
    customer = api.post(C, {**REGISTER, "isOkToReceiveEmail": ""})
    assert customer["isOkToReceiveEmail"] == "Y"
    order = api.post("/api/Orders", _body("order", "isReship", ""))
    assert order["isReship"] == "N"
    refused = api.post(f"{C}/ACS-123456/Pet", {**PET, "isPregnant": ""}, expect=400)
    assert refused["errors"] == {"isPregnant": ["The IsPregnant field is required."]}


def test_enumerations_without_a_pattern_still_match_in_any_case(api, sim):
    api.post(C, REGISTER)
    pets = api.post(f"{C}/ACS-123456/Pet", {**PET, "petType": "guinea pig"})
    assert pets["customerPet"][0]["petType"] == "Guinea Pig"
    order = api.post("/api/Orders", {**_body("order", "isAutoship", "N"), "shippingMethod": "2day"})
    assert order["shippingMethod"] == "FedEx 2nd Day"
    assert count(sim, "allivet_orders") >= 1
    api.get("/api/customer/ACS-123456/CustomerRx/valid", expect=404)
    assert "rxStatus" in api.get("/api/customer/ACS-123456/CustomerRx/Pending", expect=400)["errors"]
