"""Provet orders over HTTP: the docs' samples, the sandbox rules at each clock step, filters."""
from __future__ import annotations

import copy
import re

import pytest

from tests.helpers import add_account, basic_auth

# provet-orders.txt, "Create an Order", sample request, verbatim.
DOCS_SAMPLE = {
    "CustomerName": "Joe Smith",
    "AddressLine1": "123 Address Street",
    "Suburb": "Suburb",
    "State": "NSW",
    "Postcode": "2222",
    "Country": "Australia",
    "CustomerEmail": "joe.smith@email.com",
    "CustomerPhone": "0412345678",
    "OrderLines": [{"ProductCode": "fron 01", "Quantity": 4}],
}
# provet-orders.txt, sample response, without the id/date that vary.
DOCS_RESPONSE_KEYS = ["id", "status", "date", "orderLines", "purchaseOrderNumber", "customerTitle",
                      "customerName", "companyName", "addressLine1", "addressLine2", "suburb",
                      "state", "postcode", "country", "deliveryInstructions", "customerEmail",
                      "customerPhone"]
PROVET_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$")


def order(**changes):
    body = copy.deepcopy(DOCS_SAMPLE)
    body.update(changes)
    return body


@pytest.fixture
def place(client, provet_auth):
    def post(body, expect=200):
        response = client.post("/provet/api/orders", json=body, headers=provet_auth)
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()
    return post


@pytest.fixture
def fetch(client, provet_auth):
    def get(order_id):
        response = client.get(f"/provet/api/orders/{order_id}", headers=provet_auth)
        assert response.status_code == 200
        return response.get_json()
    return get


def stored_orders(sim):
    return sim.db().execute("SELECT count(*) FROM provet_orders").fetchone()[0]


def test_docs_sample_verbatim_matches_docs_response(place):
    body = place(DOCS_SAMPLE)
    assert list(body) == DOCS_RESPONSE_KEYS
    assert body["id"] == 464  # the first order of a fresh database is the docs' own id
    assert body["status"] == "Ordered"
    assert PROVET_DATE.match(body["date"])
    assert body["orderLines"] == [{"productCode": "FRON 01", "quantity": 4,
                                   "shippedQuantity": 0, "status": None}]
    assert list(body["orderLines"][0]) == ["productCode", "quantity", "shippedQuantity", "status"]
    assert {k: body[k] for k in DOCS_RESPONSE_KEYS[4:]} == {
        "purchaseOrderNumber": None, "customerTitle": None, "customerName": "Joe Smith",
        "companyName": None, "addressLine1": "123 Address Street", "addressLine2": None,
        "suburb": "Suburb", "state": "NSW", "postcode": "2222", "country": "Australia",
        "deliveryInstructions": None, "customerEmail": "joe.smith@email.com",
        "customerPhone": "0412345678"}


def test_get_returns_what_create_returned(place, fetch):
    created = place(DOCS_SAMPLE)
    fetched = fetch(created["id"])
    # The date comes back as stored (SQL Server datetime, 1/300 s), the rest unchanged.
    assert fetched["date"][:20] == created["date"][:20] and fetched["date"].endswith("0000Z")
    assert {**fetched, "date": None} == {**created, "date": None}


def test_raw_sample_text_with_content_type_header(client, provet_auth):
    raw = ('{\n    "CustomerName": "Joe Smith",\n    "AddressLine1": "123 Address Street",\n'
           '    "Suburb": "Suburb",\n    "State": "NSW",\n    "Postcode": "2222",\n'
           '    "Country": "Australia",\n    "CustomerEmail": "joe.smith@email.com",\n'
           '    "CustomerPhone": "0412345678",\n    "OrderLines": [\n        {\n'
           '            "ProductCode": "fron 01",\n            "Quantity": 4\n        }\n    ]\n}')
    response = client.post("/provet/api/orders", data=raw, headers={
        **provet_auth, "Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200
    assert response.get_json()["orderLines"][0]["productCode"] == "FRON 01"


def test_normal_order_steps_every_interval(place, fetch, frozen, advance):
    created = place(DOCS_SAMPLE)
    seen = [fetch(created["id"])["status"]]
    for _ in range(4):
        advance(minutes=10)
        body = fetch(created["id"])
        seen.append(body["status"])
        expected_shipped = 4 if body["status"] == "Shipped" else 0
        assert body["orderLines"][0]["shippedQuantity"] == expected_shipped
    assert seen == ["Ordered", "Sent", "Picking", "Shipped", "Shipped"]


def test_status_just_before_a_step_has_not_moved(place, fetch, frozen, advance):
    created = place(DOCS_SAMPLE)
    advance(seconds=599)
    assert fetch(created["id"])["status"] == "Ordered"
    advance(seconds=1)
    assert fetch(created["id"])["status"] == "Sent"


@pytest.mark.parametrize("instructions", ["cancel", "Please CANCEL this", "leave at door; cancel."])
def test_cancel_word_cancels_after_one_interval(place, fetch, frozen, advance, instructions):
    created = place(order(DeliveryInstructions=instructions))
    assert created["status"] == "Ordered"
    advance(minutes=10)
    assert fetch(created["id"])["status"] == "Cancelled"
    advance(days=7)
    body = fetch(created["id"])
    assert body["status"] == "Cancelled"
    assert body["orderLines"][0]["shippedQuantity"] == 0


@pytest.mark.parametrize("instructions", ["cancelled", "uncancel", "cancellation please"])
def test_cancel_must_be_a_whole_word(place, fetch, frozen, advance, instructions):
    created = place(order(DeliveryInstructions=instructions))
    advance(minutes=30)
    assert fetch(created["id"])["status"] == "Shipped"


def test_quantity_1000_awaits_stock_with_line_status(place, fetch, frozen, advance):
    created = place(order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": "1000"},
                                      {"ProductCode": "FRON 01", "Quantity": 2}]))
    assert created["status"] == "Ordered"
    assert [l["status"] for l in created["orderLines"]] == [None, None]
    advance(minutes=10)
    body = fetch(created["id"])
    assert body["status"] == "AwaitingStock"
    assert [l["status"] for l in body["orderLines"]] == ["AwaitingStock", None]
    assert [l["quantity"] for l in body["orderLines"]] == [1000, 2]
    advance(days=3)
    assert fetch(created["id"])["status"] == "AwaitingStock"


def test_quantity_999_is_a_normal_order(place, fetch, frozen, advance):
    created = place(order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": 999}]))
    advance(minutes=30)
    assert fetch(created["id"])["status"] == "Shipped"


def test_cancel_wins_over_awaiting_stock(place, fetch, frozen, advance):
    created = place(order(DeliveryInstructions="cancel",
                          OrderLines=[{"ProductCode": "FRON 01", "Quantity": 5000}]))
    advance(minutes=10)
    body = fetch(created["id"])
    assert body["status"] == "Cancelled"
    assert body["orderLines"][0]["status"] is None


def test_advance_reports_each_transition(place, frozen, advance):
    normal = place(DOCS_SAMPLE)["id"]
    cancelled = place(order(DeliveryInstructions="cancel"))["id"]
    result = advance(minutes=35)
    provet = [t for t in result["transitions"] if t["vendor"] == "provet"]
    steps = [(t["id"], t["from"], t["to"]) for t in provet]
    assert steps == [(normal, "Ordered", "Sent"), (cancelled, "Ordered", "Cancelled"),
                     (normal, "Sent", "Picking"), (normal, "Picking", "Shipped")]
    assert {t["rule"] for t in provet if t["id"] == cancelled} == {"provet.cancel-word"}
    assert [t for t in advance(minutes=60)["transitions"] if t["vendor"] == "provet"] == []


def test_status_interval_setting(make_app, provet_auth):
    client = make_app(provet_status_interval="1m").test_client()
    client.post("/_sim/clock/freeze")
    created = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    client.post("/_sim/clock/advance", json={"minutes": 2})
    body = client.get(f"/provet/api/orders/{created['id']}", headers=provet_auth).get_json()
    assert body["status"] == "Picking"


def test_property_names_any_case_and_unknown_ignored(place):
    body = {k.lower(): v for k, v in DOCS_SAMPLE.items()}
    body["orderlines"] = [{"productcode": "Fron 01", "QUANTITY": 3}]
    body["SomethingElse"] = {"nested": True}
    created = place(body)
    assert created["customerName"] == "Joe Smith"
    assert created["orderLines"][0] == {"productCode": "FRON 01", "quantity": 3,
                                        "shippedQuantity": 0, "status": None}


def test_optional_fields_are_stored_and_echoed(place, fetch):
    created = place(order(PurchaseOrderNumber="PO-77", CustomerTitle="Dr", CompanyName="Vet Co",
                          AddressLine2="Unit 4", DeliveryInstructions="Leave at reception"))
    body = fetch(created["id"])
    assert (body["purchaseOrderNumber"], body["customerTitle"], body["companyName"],
            body["addressLine2"], body["deliveryInstructions"]) == (
        "PO-77", "Dr", "Vet Co", "Unit 4", "Leave at reception")
    assert "deliverToVetAccountNumber" not in body


def test_clinic_delivery_is_stored_and_echoed(place, fetch):
    created = place(order(DeliverToVetAccountNumber="VET12345"))
    assert created["deliverToVetAccountNumber"] == "VET12345"
    assert list(created)[-1] == "deliverToVetAccountNumber"
    assert fetch(created["id"])["deliverToVetAccountNumber"] == "VET12345"


def test_get_unknown_order_is_empty_404(client, provet_auth):
    for path in ("/provet/api/orders/99999", "/provet/api/orders/abc", "/provet/api/orders/-1"):
        response = client.get(path, headers=provet_auth)
        assert response.status_code == 404
        assert response.data == b""


def test_delete_is_not_allowed(client, provet_auth, place, fetch):
    created = place(DOCS_SAMPLE)
    response = client.delete(f"/provet/api/orders/{created['id']}", headers=provet_auth)
    assert response.status_code == 405
    assert response.get_json() == {
        "message": "The requested resource does not support http method 'DELETE'."}
    assert fetch(created["id"])["status"] == "Ordered"


def test_another_accounts_order_is_missing(client, sim, place):
    created = place(DOCS_SAMPLE)
    add_account(sim, "other", [("provet", "other-user", "other-pass", None)])
    other = basic_auth("other-user", "other-pass")
    response = client.get(f"/provet/api/orders/{created['id']}", headers=other)
    assert response.status_code == 404 and response.data == b""
    assert client.get("/provet/api/orders", headers=other).get_json() == []


# -- ASP.NET conventions beyond the samples ------------------------------------------------
@pytest.mark.parametrize("path", ["/provet/API/Orders", "/provet/api/ORDERS", "/PROVET/Api/orders"])
def test_routes_match_in_any_case(client, provet_auth, path):
    created = client.post(path, json=DOCS_SAMPLE, headers=provet_auth)
    assert created.status_code == 200 and created.get_json()["customerName"] == "Joe Smith"
    order_id = created.get_json()["id"]
    fetched = client.get(f"{path}/{order_id}", headers=provet_auth)
    assert fetched.status_code == 200 and fetched.get_json()["id"] == order_id
    assert [o["id"] for o in client.get(path, headers=provet_auth).get_json()] == [order_id]


def test_dates_at_the_samples_precision():
    from simulator.core.wire import format_dotnet_utc, parse_datetime, sql_datetime_us

    posted = parse_datetime("2017-08-07T03:25:20.1235600Z")[0]
    assert format_dotnet_utc(posted) == "2017-08-07T03:25:20.1235600Z"  # the POST's answer
    assert format_dotnet_utc(sql_datetime_us(posted)) == "2017-08-07T03:25:20.1230000Z"  # GET's
    # SQL Server datetime shows 1/300 s as .000, .003 or .007, carrying into the next second.
    base = parse_datetime("2020-01-01T00:00:00Z")[0]
    assert [sql_datetime_us(base + us) - base for us in (1_000, 2_000, 5_000, 8_300, 998_400)] == [
        0, 3_000, 7_000, 7_000, 1_000_000]


def test_post_answers_full_precision_and_get_the_stored_one(client, provet_auth, frozen, sim):
    from simulator.core.wire import format_dotnet_utc, sql_datetime_us

    created = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    stored_us = sim.db().execute("SELECT created_us FROM provet_orders WHERE id = ?",
                                 [created["id"]]).fetchone()[0]
    assert created["date"] == format_dotnet_utc(stored_us)
    fetched = client.get(f"/provet/api/orders/{created['id']}", headers=provet_auth).get_json()
    listed = client.get("/provet/api/orders", headers=provet_auth).get_json()[0]
    assert fetched["date"] == listed["date"] == format_dotnet_utc(sql_datetime_us(stored_us))
    assert fetched["date"][20:23][-1] in "037" and fetched["date"].endswith("0000Z")
