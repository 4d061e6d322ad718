"""Rejected Provet orders: the ModelState shape, each rule, and that nothing is stored."""
from __future__ import annotations

import pytest

from .test_orders import DOCS_SAMPLE, order, place, stored_orders  # noqa: F401 (fixture)

REQUIRED = ["CustomerName", "AddressLine1", "Suburb", "State", "Postcode", "Country",
            "CustomerEmail", "CustomerPhone"]


@pytest.fixture
def reject(client, provet_auth, sim):
    def post(body=None, *, data=None, content_type="application/json", status=400):
        before = sim.db().execute("SELECT (SELECT count(*) FROM provet_orders), "
                                  "(SELECT count(*) FROM provet_order_lines)").fetchone()
        if data is None:
            response = client.post("/provet/api/orders", json=body, headers=provet_auth)
        else:
            response = client.post("/provet/api/orders", data=data, headers={
                **provet_auth, "Content-Type": content_type})
        assert response.status_code == status, response.get_data(as_text=True)
        after = sim.db().execute("SELECT (SELECT count(*) FROM provet_orders), "
                                 "(SELECT count(*) FROM provet_order_lines)").fetchone()
        assert after == before, "a rejected order must store nothing"
        return response.get_json()
    return post


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field_missing(reject, field):
    body = dict(DOCS_SAMPLE)
    del body[field]
    assert reject(body) == {"message": "The request is invalid.",
                            "modelState": {f"order.{field}": [f"The {field} field is required."]}}


@pytest.mark.parametrize("value", ["", "   ", None])
def test_required_field_blank_or_null(reject, value):
    body = reject(order(CustomerEmail=value))
    assert body["modelState"] == {"order.CustomerEmail": ["The CustomerEmail field is required."]}


def test_every_offending_field_is_listed(reject):
    body = reject({"OrderLines": [{"ProductCode": "FRON 01", "Quantity": 0},
                                  {"Quantity": "many"}]})
    assert set(body["modelState"]) == {f"order.{f}" for f in REQUIRED} | {
        "order.OrderLines[0].Quantity", "order.OrderLines[1].ProductCode",
        "order.OrderLines[1].Quantity"}


def test_missing_order_lines(reject):
    body = dict(DOCS_SAMPLE)
    del body["OrderLines"]
    assert reject(body)["modelState"] == {"order.OrderLines": ["The OrderLines field is required."]}


def test_empty_order_lines(reject):
    assert reject(order(OrderLines=[]))["modelState"] == {
        "order.OrderLines": ["The OrderLines field must contain at least one order line."]}


def test_order_lines_not_an_array(reject):
    state = reject(order(OrderLines={"ProductCode": "FRON 01", "Quantity": 1}))["modelState"]
    assert list(state) == ["order.OrderLines"]
    assert "JSON array" in state["order.OrderLines"][0]


@pytest.mark.parametrize("quantity", [0, -1, "0", "-5"])
def test_quantity_zero_or_negative(reject, quantity):
    state = reject(order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": quantity}]))["modelState"]
    assert state == {"order.OrderLines[0].Quantity": [
        "The field Quantity must be between 1 and 2147483647."]}


@pytest.mark.parametrize("quantity,message", [
    ("four", "Could not convert string to integer: four. Path 'OrderLines[0].Quantity'."),
    (4.5, "Input string '4.5' is not a valid integer. Path 'OrderLines[0].Quantity'."),
    (True, "Could not convert boolean to integer. Path 'OrderLines[0].Quantity'."),
    (99999999999, "JSON integer 99999999999 is too large or small for an Int32. "
                  "Path 'OrderLines[0].Quantity'."),
])
def test_quantity_not_an_integer(reject, quantity, message):
    state = reject(order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": quantity}]))["modelState"]
    assert state == {"order.OrderLines[0].Quantity": [message]}


def test_missing_quantity(reject):
    state = reject(order(OrderLines=[{"ProductCode": "FRON 01"}]))["modelState"]
    assert state == {"order.OrderLines[0].Quantity": ["The Quantity field is required."]}


def test_unknown_product(reject):
    state = reject(order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": 1},
                                     {"ProductCode": "NOPE 99", "Quantity": 1}]))["modelState"]
    assert state == {"order.OrderLines[1].ProductCode": ["The product 'NOPE 99' was not found."]}


def test_discontinued_product_without_stock(reject, sim, client, provet_auth):
    code = sim.db().execute(
        "SELECT code FROM provet_products WHERE discontinued = 1 AND stock_available = 0 "
        "AND valid_from_day < 0 AND valid_to_day > 0 ORDER BY code_key LIMIT 1").fetchone()[0]
    # Still visible by code, but it cannot be ordered.
    product = client.get(f"/provet/api/products/{code}", headers=provet_auth).get_json()
    assert product["code"] == code and product["quantityOnHand"] == 0
    state = reject(order(OrderLines=[{"ProductCode": code.lower(), "Quantity": 1}]))["modelState"]
    assert state == {"order.OrderLines[0].ProductCode": [
        f"The product '{code}' is discontinued and has no stock available."]}


def test_discontinued_product_with_stock_can_still_be_ordered(sim, client, provet_auth):
    code = sim.db().execute(
        "SELECT code FROM provet_products WHERE discontinued = 1 AND stock_available > 0 "
        "AND valid_from_day < 0 AND valid_to_day > 0 ORDER BY code_key LIMIT 1").fetchone()[0]
    response = client.post("/provet/api/orders", headers=provet_auth,
                           json=order(OrderLines=[{"ProductCode": code, "Quantity": 1}]))
    assert response.status_code == 200
    assert response.get_json()["orderLines"][0]["productCode"] == code


def test_string_field_given_an_object(reject):
    state = reject(order(CustomerName={"first": "Joe"}))["modelState"]
    assert list(state) == ["order.CustomerName"]


def test_numbers_bind_to_string_fields(client, provet_auth):
    response = client.post("/provet/api/orders", headers=provet_auth, json=order(Postcode=2222))
    assert response.status_code == 200
    assert response.get_json()["postcode"] == "2222"


def test_malformed_json(reject):
    body = reject(data='{"CustomerName": "Joe",')
    assert body["message"] == "The request is invalid."
    assert list(body["modelState"]) == ["order"]
    assert body["modelState"]["order"][0].startswith("Invalid JSON:")


def test_body_that_is_not_an_object(reject):
    body = reject(data='[1, 2]')
    assert list(body["modelState"]) == ["order"]


def test_empty_body(reject):
    assert reject(data="")["modelState"] == {"order": ["A non-empty request body is required."]}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type(reject, content_type):
    body = reject(data='{"CustomerName": "Joe"}', content_type=content_type, status=415)
    assert body == {"message": f"The request entity's media type '{content_type}' is not "
                               "supported for this resource."}


# -- bodies and values no vendor could read: a 400, never a 500 -----------------------------
@pytest.mark.parametrize("raw, message", [
    (b"[" * 1000 + b"]" * 1000, "The JSON is nested more than 64 levels deep."),
    (b'{"CustomerName": ' + b"9" * 5000 + b"}", "The JSON holds a number too long to read."),
    (b'{"CustomerName": "\\ud800"}', "The JSON holds a string with a lone UTF-16 surrogate"),
    (b"\xff\xfe", "The request body is not valid UTF-8."),
])
def test_unreadable_bodies_are_a_400(client, provet_auth, sim, raw, message):
    response = client.post("/provet/api/orders", data=raw, headers=provet_auth,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["modelState"]["order"][0].startswith(message)
    assert stored_orders(sim) == 0


def test_a_surrogate_pair_is_a_real_character(place):
    assert place(order(CustomerName="Joe \ud83d\ude00"))["customerName"] == "Joe 😀"


@pytest.mark.parametrize("path", ["/provet/api/orders/³", "/provet/api/orders/٣",
                                  "/provet/api/orders?page=³", "/provet/api/products?pageSize=٣"])
def test_non_ascii_digits_are_not_numbers(client, provet_auth, path):
    response = client.get(path, headers=provet_auth)
    assert response.status_code in (400, 404)


def test_strings_have_documented_lengths(reject):
    state = reject(order(CustomerName="x" * 101, DeliveryInstructions="y" * 501,
                         OrderLines=[{"ProductCode": "Z" * 51, "Quantity": 1}]))["modelState"]
    assert state == {
        "order.CustomerName": ["The field CustomerName must be a string with a maximum length of 100."],
        "order.DeliveryInstructions": [
            "The field DeliveryInstructions must be a string with a maximum length of 500."],
        "order.OrderLines[0].ProductCode": [
            "The field ProductCode must be a string with a maximum length of 50."]}


def test_the_longest_strings_allowed_are_accepted(place):
    body = place(order(CustomerName="x" * 100, Postcode="1" * 10))
    assert body["customerName"] == "x" * 100
