"""GET /provet/api/orders: newest first, DateFrom/DateTo/Status/PurchaseOrderNumber and their
combinations."""
from __future__ import annotations

import pytest

from .test_orders import order


@pytest.fixture
def history(client, provet_auth, frozen, advance):
    """Orders over three virtual days, in several states, as {name: (id, date)}."""
    made = {}

    def place(name, **changes):
        body = client.post("/provet/api/orders", json=order(**changes), headers=provet_auth).get_json()
        made[name] = (body["id"], body["date"])

    place("day1_normal", PurchaseOrderNumber="PO-1")
    place("day1_cancel", DeliveryInstructions="cancel", PurchaseOrderNumber="PO-2")
    advance(days=1)
    place("day2_awaiting", OrderLines=[{"ProductCode": "FRON 01", "Quantity": 1200}])
    place("day2_normal", PurchaseOrderNumber="PO-1")
    advance(days=1)
    place("day3_shipped")
    advance(minutes=30)
    place("day3_picking")
    advance(minutes=10)
    place("day3_sent")
    advance(minutes=10)
    place("day3_ordered", PurchaseOrderNumber="PO-3")
    return made


@pytest.fixture
def listing(client, provet_auth, history):
    def get(query="", status=200):
        response = client.get(f"/provet/api/orders{query}", headers=provet_auth)
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        if status != 200:
            return body
        names = {v[0]: k for k, v in history.items()}
        return [names[o["id"]] for o in body]
    return get


def test_all_newest_first(listing):
    assert listing() == ["day3_ordered", "day3_sent", "day3_picking", "day3_shipped",
                         "day2_normal", "day2_awaiting", "day1_cancel", "day1_normal"]


@pytest.mark.parametrize("status,expected", [
    ("Ordered", ["day3_ordered"]),
    ("Sent", ["day3_sent"]),
    ("Picking", ["day3_picking"]),
    ("Shipped", ["day3_shipped", "day2_normal", "day1_normal"]),
    ("Cancelled", ["day1_cancel"]),
    ("AwaitingStock", ["day2_awaiting"]),
    ("awaitingstock", ["day2_awaiting"]),
    ("SHIPPED", ["day3_shipped", "day2_normal", "day1_normal"]),
    ("Awaiting Stock", ["day2_awaiting"]),
])
def test_status_filter(listing, status, expected):
    assert listing(f"?Status={status}") == expected


def test_status_filter_agrees_with_each_orders_status(client, provet_auth, history):
    everything = client.get("/provet/api/orders", headers=provet_auth).get_json()
    for status in ("Ordered", "Sent", "Picking", "Shipped", "Cancelled", "AwaitingStock"):
        filtered = client.get(f"/provet/api/orders?status={status}", headers=provet_auth).get_json()
        assert filtered == [o for o in everything if o["status"] == status]


def test_unknown_status_is_a_400(listing):
    body = listing("?Status=Lost", status=400)
    assert body["message"] == "The request is invalid."
    assert list(body["modelState"]) == ["Status"]


def test_purchase_order_number(listing):
    assert listing("?PurchaseOrderNumber=PO-1") == ["day2_normal", "day1_normal"]
    assert listing("?purchaseordernumber=PO-404") == []


def test_date_only_bounds_include_whole_days(listing, history):
    day2 = history["day2_normal"][1][:10]
    assert listing(f"?DateFrom={day2}&DateTo={day2}") == ["day2_normal", "day2_awaiting"]
    assert listing(f"?DateTo={day2}") == ["day2_normal", "day2_awaiting", "day1_cancel",
                                         "day1_normal"]


def test_date_time_bounds_are_inclusive(listing, history):
    sent_at = history["day3_sent"][1]
    picking_at = history["day3_picking"][1]
    assert listing(f"?DateFrom={picking_at}&DateTo={sent_at}") == ["day3_sent", "day3_picking"]


def test_date_with_offset(listing, history):
    # 11:00 at +10:00 is 01:00 UTC: an offset moves the bound, it does not break parsing.
    day3 = history["day3_ordered"][1][:10]
    assert listing(f"?DateFrom={day3}T23:59:00%2B10:00") == listing(f"?DateFrom={day3}T13:59:00Z")


def test_combined_filters(listing, history):
    day1 = history["day1_normal"][1][:10]
    day2 = history["day2_normal"][1][:10]
    assert listing(f"?DateFrom={day1}&DateTo={day2}&Status=Shipped&PurchaseOrderNumber=PO-1") == [
        "day2_normal", "day1_normal"]
    assert listing(f"?DateFrom={day2}&Status=Shipped") == ["day3_shipped", "day2_normal"]
    assert listing(f"?DateTo={day1}&Status=Cancelled&PurchaseOrderNumber=PO-2") == ["day1_cancel"]


def test_bad_date_is_a_400(listing):
    body = listing("?DateFrom=yesterday", status=400)
    assert body == {"message": "The request is invalid.",
                    "modelState": {"DateFrom": ["The value 'yesterday' is not valid for DateFrom."]}}


def test_count_by_status_agrees_with_the_listing(client, provet_auth, history, sim):
    from simulator.core import clock
    from simulator.vendors.provet import models

    db = sim.db()
    counts = dict(models.count_by_status(db, "default", clock.now_us(db, "default"),
                                         600 * 1_000_000))
    listed = client.get("/provet/api/orders", headers=provet_auth).get_json()
    assert counts == {s: sum(o["status"] == s for o in listed) for s in counts}
    assert sum(counts.values()) == len(listed) == 8


# -- paging (Provet's Dropship v1 overview, Pagination): the list stays a bare array --------
def test_pages_of_the_list(listing):
    everything = listing()
    assert listing("?pageSize=3") == everything[:3]
    assert listing("?page=2&pageSize=3") == everything[3:6]
    assert listing("?page=3&pageSize=3") == everything[6:]
    assert listing("?PAGE=4&PageSize=3") == []  # past the end: an empty array


def test_pages_combine_with_filters(listing):
    assert listing("?PurchaseOrderNumber=PO-1&pageSize=1") == ["day2_normal"]
    assert listing("?PurchaseOrderNumber=PO-1&pageSize=1&page=2") == ["day1_normal"]


def test_bad_paging_and_bad_filters_are_reported_together(listing):
    assert listing("?page=0&pageSize=1000&Status=Lost", status=400) == {
        "message": "The request is invalid.", "modelState": {
            "page": ["The field page must be between 1 and 2147483647."],
            "pageSize": ["The field pageSize must be between 1 and 100."],
            "Status": ["The value 'Lost' is not a valid order status; use one of Ordered, Sent, "
                       "Picking, AwaitingStock, Shipped, Cancelled."]}}


def test_default_page_is_twenty_orders(client, provet_auth):
    for _ in range(23):
        assert client.post("/provet/api/orders", json=order(), headers=provet_auth).status_code == 200
    first = client.get("/provet/api/orders", headers=provet_auth).get_json()
    second = client.get("/provet/api/orders?page=2", headers=provet_auth).get_json()
    assert len(first) == 20 and len(second) == 3
    assert not {o["id"] for o in first} & {o["id"] for o in second}
