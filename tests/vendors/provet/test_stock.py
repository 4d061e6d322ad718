"""Quantity on hand is real time and per account: orders take from it, the nightly catalogue
change restocks, and the control plane (and CLI) override an account's view of a product."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.core.wire import parse_datetime
from simulator.vendors.provet import rules
from tests.helpers import add_account, basic_auth
from tests.vendors.provet_connect.conftest import connect_headers

from .test_orders import order

FRON = "/provet/api/products/FRON%2001"
CONTROL = "/_sim/provet/products/FRON%2001"


@pytest.fixture
def on_hand(client, provet_auth):
    def read(auth=provet_auth, code="FRON%2001"):
        response = client.get(f"/provet/api/products/{code}", headers=auth)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["quantityOnHand"]
    return read


@pytest.fixture
def buy(client, provet_auth):
    def post(quantity, code="FRON 01", auth=provet_auth, expect=200):
        response = client.post("/provet/api/orders", headers=auth,
                               json=order(OrderLines=[{"ProductCode": code, "Quantity": quantity}]))
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()
    return post


def to_sydney_midnight(frozen) -> float:
    local = rules.to_datetime(parse_datetime(frozen["now"])[0]).astimezone(rules.CATALOGUE_ZONE)
    return 24 * 3600 - (local.hour * 3600 + local.minute * 60 + local.second) + 1


def test_orders_take_from_the_accounts_stock(on_hand, buy, client, sim):
    assert on_hand() == 240
    buy(4)
    buy(6)
    assert on_hand() == 230
    add_account(sim, "other", [("provet", "u2", "p2", None)])
    assert on_hand(basic_auth("u2", "p2")) == 240  # another account's stock is its own
    connect = client.get("/provet-connect/products/FRON%2001", headers=connect_headers()).get_json()
    assert connect["stockAvailable"] == 230  # Provet Connect reads the same account stock


def test_stock_never_goes_below_zero_and_an_eta_appears(on_hand, buy, client):
    buy(200)
    buy(100)  # more than is left: accepted, stock stops at 0
    assert on_hand() == 0
    connect = client.get("/provet-connect/products/FRON%2001", headers=connect_headers()).get_json()
    assert connect["stockAvailable"] == 0 and connect["eta"] is not None  # next nightly restock
    buy(1)  # not discontinued: still orderable at 0


def test_the_nightly_change_restocks(on_hand, buy, frozen, advance):
    buy(40)
    assert on_hand() == 200
    advance(seconds=to_sydney_midnight(frozen))
    assert on_hand() == 240


def test_a_stock_override_replaces_the_level_until_dropped(client, on_hand, buy, frozen, advance):
    buy(10)
    response = client.post(CONTROL, json={"quantityOnHand": 5})
    assert response.status_code == 200
    body = response.get_json()
    assert body["quantityOnHand"] == 5 and body["overridden"] is True
    assert body["override"] == {"quantityOnHand": 5, "price": None, "rrp": None,
                                "discontinued": None}
    assert body["catalogue"]["quantityOnHand"] == 240
    buy(2)  # orders after the override take from it
    assert on_hand() == 3
    advance(seconds=to_sydney_midnight(frozen))
    assert on_hand() == 3  # an override outlives the nightly restock
    assert client.delete(CONTROL).get_json()["quantityOnHand"] == 240
    assert on_hand() == 240 and client.get(CONTROL).get_json()["overridden"] is False


def test_discontinued_with_no_stock_leaves_both_lists_and_cannot_be_ordered(client, buy, provet_auth):
    client.post(CONTROL, json={"quantityOnHand": 0, "discontinued": True})
    codes = []
    for number in range(1, 5):
        page = client.get(f"/provet/api/products?pageSize=100&page={number}",
                          headers=provet_auth).get_json()
        codes += [i["code"] for i in page["items"]]
    assert "FRON 01" not in codes
    connect = client.get("/provet-connect/products?Search=FRON&ResultLimit=-1",
                         headers=connect_headers()).get_json()
    assert [p["productCode"] for p in connect if p["productCode"] == "FRON 01"] == []
    refused = buy(1, expect=400)
    assert refused["modelState"] == {"order.OrderLines[0].ProductCode": [
        "The product 'FRON 01' is discontinued and has no stock available."]}
    assert client.get("/provet-connect/products/FRON%2001",
                      headers=connect_headers()).get_json()["discontinued"] is True


def test_a_price_override_is_a_change_a_daily_sync_sees(client, frozen, advance, provet_auth):
    advance(minutes=5)
    since = client.get("/_sim/clock").get_json()["now"]
    advance(minutes=5)
    headers = connect_headers()
    assert "FRON 01" not in [p["productCode"] for p in client.get(
        f"/provet-connect/products?UpdatedAfter={since}&ResultLimit=-1", headers=headers).get_json()]
    body = client.post(CONTROL, json={"price": 39.9, "RRP": 70}).get_json()
    assert body["price"] == 39.9 and body["rrp"] == 70
    synced = client.get(f"/provet-connect/products?UpdatedAfter={since}&ResultLimit=-1",
                        headers=headers).get_json()
    fron = next(p for p in synced if p["productCode"] == "FRON 01")
    assert fron["price"] == 39.9 and fron["rrp"] == 70
    assert parse_datetime(fron["updatedOn"])[0] > parse_datetime(since)[0]
    product = client.get("/provet-connect/products/FRON%2001", headers=headers).get_json()
    assert product["priceBreak"][0] == {"quantity": 1, "price": 39.9}
    v1 = client.get(FRON, headers=provet_auth).get_json()
    assert v1["price"] == 39.9 and v1["rrp"] == 70


def test_a_stock_only_override_does_not_move_updated_on(client):
    before = client.get("/provet-connect/products/FRON%2001", headers=connect_headers()).get_json()
    client.post(CONTROL, json={"quantityOnHand": 1})
    after = client.get("/provet-connect/products/FRON%2001", headers=connect_headers()).get_json()
    # provet-products.txt: "availability changes will not be reflected in this date"
    assert after["stockAvailable"] == 1 and after["updatedOn"] == before["updatedOn"]


def test_dropping_a_price_override_is_a_change_too(client, frozen, advance):
    client.post(CONTROL, json={"price": 10})
    advance(minutes=1)
    since = client.get("/_sim/clock").get_json()["now"]
    advance(minutes=1)
    client.delete(CONTROL)
    synced = client.get(f"/provet-connect/products?UpdatedAfter={since}&ResultLimit=-1",
                        headers=connect_headers()).get_json()
    assert [p["price"] for p in synced if p["productCode"] == "FRON 01"] == [44.55]


def test_overrides_belong_to_one_account(client, sim, on_hand):
    add_account(sim, "other", [("provet", "u2", "p2", None)])
    assert client.post(f"{CONTROL}?account=other", json={"quantityOnHand": 7}).status_code == 200
    assert on_hand(basic_auth("u2", "p2")) == 7 and on_hand() == 240


@pytest.mark.parametrize("body, message", [
    ({}, "give any of quantityOnHand, price, rrp, discontinued"),
    ({"quantityOnHand": -1}, "'quantityOnHand' must be a whole number from 0 to 2147483647"),
    ({"quantityOnHand": 1.5}, "'quantityOnHand' must be a whole number from 0 to 2147483647"),
    ({"quantityOnHand": "5"}, "'quantityOnHand' must be a number (or null to drop it)"),
    ({"price": -2}, "'price' must be between 0 and 1000000"),
    ({"discontinued": "yes"}, "'discontinued' must be true or false (or null to drop it)"),
    ({"stock": 5}, "unknown field(s): stock; give any of quantityOnHand, price, rrp, discontinued"),
])
def test_bad_overrides_are_refused_and_change_nothing(client, on_hand, body, message):
    response = client.post(CONTROL, json=body)
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert on_hand() == 240 and client.get(CONTROL).get_json()["overridden"] is False


def test_unknown_product_or_account(client):
    assert client.post("/_sim/provet/products/NOPE", json={"price": 1}).status_code == 404
    assert client.post(f"{CONTROL}?account=ghost", json={"price": 1}).status_code == 404
    assert client.get("/_sim/provet/products/NOPE").get_json() == {
        "error": "no product 'NOPE' in the account's catalogue today"}


def test_the_admin_token_guards_overrides(make_app):
    client = make_app(admin_token="s3cret").test_client()
    assert client.post(CONTROL, json={"price": 1}).status_code == 401
    assert client.post(CONTROL, json={"price": 1},
                       headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_cli_sets_and_clears_an_override(db_path, app, on_hand):
    runner = CliRunner()
    result = runner.invoke(main, ["provet", "product", "fron 01", "--quantity-on-hand", "3",
                                  "--price", "40", "--db", db_path])
    assert result.exit_code == 0, result.output
    assert '"quantityOnHand": 3' in result.output and '"price": 40' in result.output
    assert on_hand() == 3  # the running app reads the same database file
    result = runner.invoke(main, ["provet", "product", "FRON 01", "--clear", "--db", db_path])
    assert result.exit_code == 0 and '"overridden": false' in result.output
    assert on_hand() == 240
    result = runner.invoke(main, ["provet", "product", "NOPE", "--db", db_path])
    assert result.exit_code == 1 and "no product 'NOPE'" in result.output


def test_dashboard_shows_the_accounts_stock(client, buy):
    buy(5)
    client.post("/_sim/provet/products/FRON%2001", json={"price": 1.5})
    page = client.get("/_sim/ui/provet?q=fron").get_data(as_text=True)
    assert 'data-code="FRON 01" class="overridden"' in page
    assert '<td class="qoh">235</td>' in page
