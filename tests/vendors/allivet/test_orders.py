"""Allivet orders over HTTP: the docs' sample, field rules, totals, the Rx flow on the clock,
backorders, update and cancel, isolation."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from flask import g

from .conftest import ORDER_SAMPLE, Api, count, get_token, order_body

@pytest.fixture
def non_rx(sim):
    """An active, unrestricted, non-Rx matrix item and its price."""
    row = sim.db().execute(
        "SELECT m.item_name, m.allivet_price FROM allivet_matrix_items m JOIN allivet_products p "
        "ON p.item_key = m.group_key WHERE p.is_rx_item = 'N' AND m.active = 'A' AND "
        "p.active = 'A' AND m.state_restricted = '[]' ORDER BY m.item_key LIMIT 1").fetchone()
    return row[0], row[1]


def rx_control(client, rx_id, decision, expect=200):
    response = client.post(f"/_sim/allivet/prescriptions/{rx_id}/{decision}")
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()


def test_docs_sample_verbatim_has_no_lines(api, sim):
    before = count(sim, "allivet_orders")
    body = api.post("/api/Orders", ORDER_SAMPLE, expect=400)
    assert body["title"] == "One or more validation errors occurred."
    assert "customerSalesOrderDetail" in body["errors"]
    assert count(sim, "allivet_orders") == before


def test_docs_sample_with_clovite_to_california_is_refused_clearly(api, sim, app):
    before = (count(sim, "allivet_orders"), count(sim, "allivet_customers"))
    body = dict(ORDER_SAMPLE, customerSalesOrderDetail=[{"itemName": "10012-05", "quantity": 1}])
    with app.test_client() as c:
        response = c.post("/allivet/api/Orders", json=body, headers=api.headers)
        assert g.rules_fired == ["allivet.state-restricted"]
    assert response.status_code == 400
    message = response.get_json()["warnings"]["customerSalesOrderDetail[0].itemName"][0]
    assert "cannot be shipped to CA" in message and "CA, CT, GA, IN" in message
    assert (count(sim, "allivet_orders"), count(sim, "allivet_customers")) == before


def test_rx_order_to_ny_matches_documented_shape(api, app):
    with app.test_client() as c:
        response = c.post("/allivet/api/Orders", json=order_body(), headers=api.headers)
        assert g.rules_fired == ["allivet.rx-hold"]
    body = response.get_json()
    # Exactly the keys of the New Order sample response, in its order.
    assert list(body) == ["salesOrderCode", "clientId", "clientOrderId", "customerId",
        "customerKeyId", "salesOrderDate", "shippingMethod", "billToName", "billToAddress",
        "billToCity", "billToState", "billToPostalCode", "billToCountry", "billToPhone",
        "shipToAddressId", "shipToName", "shipToAddress", "shipToCity", "shipToState",
        "shipToPostalCode", "shipToCountry", "shipToPhone", "subTotal", "freight", "freightTax",
        "tax", "total", "isAutoship", "isReship", "reasonCode", "originalClientOrderId",
        "orderStatus", "dateCreated", "dateModified", "customerSalesOrderDetail", "warnings",
        "statusCode"]
    assert body["salesOrderCode"].startswith("SO-") and body["orderStatus"] == "Waiting for Rx"
    assert body["shippingMethod"] == "Allivet Shipping" and body["originalClientOrderId"] == "N/A"
    assert body["salesOrderDate"] == "2014-02-23T20:01:08-08:00"
    line = body["customerSalesOrderDetail"][0]
    assert line["rxStatus"] == "WaitingVetApproval" and line["isRxItem"] == "Y"
    # NY: 4% on items and on freight; GRND free from $49.
    assert (body["subTotal"], body["freight"], body["freightTax"], body["tax"], body["total"]) == \
        (55.99, 0.0, 0.0, 2.24, 58.23)
    assert api.get(f"/api/Orders/{body['salesOrderCode']}") == api.get("/api/Orders/26849758")


@pytest.fixture
def cheap(sim):
    """An active, unrestricted, non-Rx matrix item under the free-ground threshold, and its
    price as stored."""
    row = sim.db().execute(
        "SELECT m.item_name, m.allivet_price FROM allivet_matrix_items m JOIN allivet_products p "
        "ON p.item_key = m.group_key WHERE p.is_rx_item = 'N' AND m.active = 'A' AND "
        "p.active = 'A' AND m.state_restricted = '[]' AND m.allivet_price < 40 "
        "ORDER BY m.item_key LIMIT 1").fetchone()
    return row[0], row[1]


def cents(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# Worked by hand from the documented rates (README, Allivet "Totals"), on the docs' CLOVITE
# (10012-05, $55.99): (subTotal, freight, freightTax, tax, total).
@pytest.mark.parametrize("method, state, qty, expected", [
    # 34.99 next day; TX 6.25% on the items (3.499 -> 3.50) and on freight (2.187 -> 2.19).
    ("1DAY", "TX", 1, (55.99, 34.99, 2.19, 5.69, 96.67)),
    # Oregon has no sales tax.
    ("2DAY", "OR", 1, (55.99, 19.99, 0.0, 0.0, 75.98)),
    # Ground is free from 49.00; NJ 6.625% of 167.97 is 11.128 -> 11.13.
    ("MAPPING", "NJ", 3, (167.97, 0.0, 0.0, 11.13, 179.10)),
    # The spelled-out code; NY 4% of 111.98 (4.479 -> 4.48) and of 19.99 (0.80).
    ("2day - FedEx 2nd Day", "NY", 2, (111.98, 19.99, 0.80, 5.28, 137.25)),
])
def test_totals_follow_the_documented_rates(api, method, state, qty, expected):
    body = api.post("/api/Orders", order_body([("10012-05", qty)], shippingMethod=method,
                                               shipToState=state))
    assert (body["subTotal"], body["freight"], body["freightTax"], body["tax"],
            body["total"]) == expected
    assert body["customerSalesOrderDetail"][0]["extendedPrice"] == expected[0]
    assert api.get(f"/api/Orders/{body['clientOrderId']}")["total"] == expected[4]


def test_ground_under_the_threshold_pays_freight_and_california_does_not_tax_it(api, cheap):
    sku, price = cheap
    body = api.post("/api/Orders", order_body([(sku, 1)], shippingMethod="GRND",
                                               shipToState="CA"))
    tax = cents(Decimal(str(price)) * Decimal("0.0725"))  # CA 7.25%, on the items only
    assert (body["subTotal"], body["freight"], body["freightTax"], body["tax"]) == (
        price, 7.99, 0.0, tax)
    assert body["total"] == cents(Decimal(str(price)) + Decimal("7.99") + Decimal(str(tax)))


def allivet_only(advanced: dict) -> list[dict]:
    """This vendor's transitions (the RetailOps storefront may add POs as the clock moves)."""
    return [t for t in advanced["transitions"] if t["vendor"] == "allivet"]


def test_non_rx_order_progression_without_tracking_on_the_wire(api, non_rx, frozen, advance):
    # The documented order resource has no tracking number: /_sim/allivet/orders shows it.
    body = api.post("/api/Orders", order_body([non_rx[:1] + (1,)]))
    assert body["orderStatus"] == "Processing" and "trackingNumber" not in body
    moved = allivet_only(advance(minutes=10))
    assert [(t["from"], t["to"]) for t in moved] == [("Processing", "Shipped")]
    shipped = api.get("/api/Orders/26849758")
    assert shipped["orderStatus"] == "Shipped" and "trackingNumber" not in shipped
    assert not any("tracking" in k.lower() for k in shipped)
    assert shipped["customerSalesOrderDetail"][0]["rxStatus"] is None
    updated = api.put("/api/Orders", order_body([non_rx[:1] + (1,)]), expect=400)
    assert "orderStatus" in updated["warnings"]


def test_rx_natural_approval_then_shipping(api, frozen, advance):
    body = api.post("/api/Orders", order_body())
    rx_id = body["customerSalesOrderDetail"][0]["prescriptionId"]
    waiting = api.get("/api/customer/johndoe@gmail.com/CustomerRx/WaitingVetApproval")
    assert [p["PrescriptionId"] for p in waiting["Data"]] == [rx_id]
    moved = allivet_only(advance(minutes=10))
    assert {(t["object"], t["to"]) for t in moved} == {("order", "Processing"), ("prescription", "Valid")}
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Processing"
    assert api.get("/api/customer/johndoe@gmail.com/CustomerRx/Valid")["Data"][0]["RxStatus"] == "Valid"
    advance(minutes=10)
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Shipped"
    rx_control(api.client, rx_id, "deny", expect=409)


def test_rx_denied_by_control_plane_cancels(api, client, frozen, advance, sim):
    rx_id = api.post("/api/Orders", order_body())["customerSalesOrderDetail"][0]["prescriptionId"]
    result = rx_control(client, rx_id, "deny")
    assert result["rxStatus"] == "ClosedOrExpired" and result["orderStatus"] == "Cancelled"
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Cancelled"
    assert allivet_only(advance(minutes=30)) == []
    closed = api.get("/api/customer/johndoe@gmail.com/CustomerRx/ClosedOrExpired")
    assert closed["Data"][0]["PrescriptionId"] == rx_id
    rx_control(client, rx_id, "approve", expect=409)
    rx_control(client, 1, "approve", expect=404)
    assert client.post(f"/_sim/allivet/prescriptions/{rx_id}/deny?account=ghost").status_code == 404


def test_rx_early_approval_ships_one_interval_later(api, client, frozen, advance):
    rx_id = api.post("/api/Orders", order_body())["customerSalesOrderDetail"][0]["prescriptionId"]
    advance(minutes=3)
    result = rx_control(client, rx_id, "approve")
    assert result["orderStatus"] == "Processing" and result["rxStatus"] == "Valid"
    advance(minutes=9)
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Processing"
    moved = allivet_only(advance(minutes=1))
    assert [(t["from"], t["to"]) for t in moved if t["object"] == "order"] == [("Processing", "Shipped")]


def test_backorder_quantity(api, non_rx, frozen, advance, app):
    with app.test_client() as c:
        c.post("/allivet/api/Orders", json=order_body([(non_rx[0], 1000)]), headers=api.headers)
        assert g.rules_fired == ["allivet.backorder-quantity"]
    advance(minutes=10)
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Backordered"
    api.post("/api/Orders", order_body([(non_rx[0], 999)], clientOrderId="B2"))
    advance(minutes=30)
    assert api.get("/api/Orders/B2")["orderStatus"] == "Shipped"
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Backordered"


def test_cancel_before_and_after_shipping(api, non_rx, frozen, advance):
    api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    assert api.put("/api/Orders/26849758/cancel") == {
        "errormessage": None, "statuscode": "200", "statusmessage": "Order Successfully Voided!"}
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Cancelled"
    again = api.put("/api/Orders/26849758/cancel", expect=400)
    assert again["statuscode"] == "400" and again["statusmessage"] is None
    api.post("/api/Orders", order_body([(non_rx[0], 1)], clientOrderId="S2"))
    advance(minutes=10)
    assert "Shipped" in api.put("/api/Orders/S2/cancel", expect=400)["errormessage"]
    assert api.get("/api/Orders/S2")["orderStatus"] == "Shipped"
    missing = api.put("/api/Orders/NOPE/cancel", expect=404)
    assert missing == {"errormessage": "The Order not found.", "statuscode": "404", "statusmessage": None}


def test_cancel_pending_rx_closes_prescription(api, frozen, advance):
    api.post("/api/Orders", order_body())
    api.put("/api/Orders/26849758/cancel")
    advance(minutes=30)
    assert api.get("/api/Orders/26849758")["orderStatus"] == "Cancelled"
    rx = api.get("/api/customer/johndoe@gmail.com/CustomerRx/ClosedOrExpired")["Data"]
    assert len(rx) == 1


def test_update_order_and_refusal_once_shipped(api, non_rx, frozen, advance, sim):
    api.post("/api/Orders", order_body())
    updated = api.put("/api/Orders", order_body([(non_rx[0], 2)], shipToCity="Albany"))
    assert updated["shipToCity"] == "Albany" and updated["orderStatus"] == "Processing"
    assert updated["customerSalesOrderDetail"][0]["quantity"] == 2
    assert count(sim, "allivet_prescriptions") == sum(1 for _ in sim.db().execute(
        "SELECT 1 FROM allivet_prescriptions p JOIN allivet_orders o ON o.id = p.order_id "
        "WHERE o.client_order_id LIKE 'SEED-%'"))
    api.put("/api/Orders", order_body(clientOrderId="NOPE"), expect=404)
    advance(minutes=10)
    refused = api.put("/api/Orders", order_body([(non_rx[0], 5)]), expect=400)
    assert "orderStatus" in refused["warnings"]
    assert api.get("/api/Orders/26849758")["customerSalesOrderDetail"][0]["quantity"] == 2


def test_duplicate_client_order_id_stores_nothing(api, sim):
    api.post("/api/Orders", order_body())
    before = count(sim, "allivet_orders"), count(sim, "allivet_order_details")
    assert "clientOrderId" in api.post("/api/Orders", order_body(), expect=400)["warnings"]
    assert (count(sim, "allivet_orders"), count(sim, "allivet_order_details")) == before


@pytest.mark.parametrize("sku, fragment", [("NOPE-01", "was not found"),
                                           ("10012", "is a product group"),
                                           ])
def test_unknown_items(api, sku, fragment):
    body = api.post("/api/Orders", order_body([(sku, 1)]), expect=400)
    assert fragment in body["warnings"]["customerSalesOrderDetail[0].itemName"][0]


def test_inactive_item_is_refused(api, sim):
    sku = sim.db().execute("SELECT item_name FROM allivet_matrix_items WHERE active = 'I' "
                           "ORDER BY item_key LIMIT 1").fetchone()[0]
    body = api.post("/api/Orders", order_body([(sku, 1)]), expect=400)
    assert "inactive" in body["warnings"]["customerSalesOrderDetail[0].itemName"][0]


LIMITS = [("clientId", 30), ("clientOrderId", 50), ("customerId", 60), ("customerKeyId", 60),
          ("billToName", 100), ("billToAddress", 200), ("billToCity", 50), ("billToState", 50),
          ("billToPostalCode", 10), ("billToCountry", 2), ("billToPhone", 10),
          ("shipToAddressId", 30), ("shipToName", 100), ("shipToAddress", 200),
          ("shipToCity", 50), ("shipToPostalCode", 10), ("shipToCountry", 2),
          ("shipToPhone", 10)]


@pytest.mark.parametrize("field, limit", LIMITS)
def test_field_limits(api, sim, non_rx, field, limit):
    api.post("/api/Orders", order_body([(non_rx[0], 1)], **{field: "7" * limit}))
    before = count(sim, "allivet_orders")
    body = api.post("/api/Orders", order_body([(non_rx[0], 1)], **{"clientOrderId": "other",
                                                                   field: "8" * (limit + 1)}),
                    expect=400)
    assert list(body["errors"]) == [field]
    assert count(sim, "allivet_orders") == before


@pytest.mark.parametrize("change, field", [
    ({"shippingMethod": "UPS"}, "shippingMethod"), ({"isAutoship": "X"}, "isAutoship"),
    ({"isReship": "YES"}, "isReship"), ({"reasonCode": "A"}, "reasonCode"),
    ({"salesOrderDate": "yesterday"}, "salesOrderDate"), ({"clientId": None}, "clientId"),
    ({"shipToState": ""}, "shipToState"), ({"customerSalesOrderDetail": None}, "customerSalesOrderDetail"),
    ({"customerSalesOrderDetail": [{"itemName": "10012-05", "quantity": 0}]},
     "customerSalesOrderDetail[0].quantity"),
    ({"customerSalesOrderDetail": [{"itemName": "10012-05", "quantity": "two"}]},
     "customerSalesOrderDetail[0].quantity"),
    ({"customerSalesOrderDetail": [{"quantity": 1}]}, "customerSalesOrderDetail[0].itemName"),
    ({"isReship": "Y", "reasonCode": None}, "reasonCode"),
    ({"isReship": "Y", "originalClientOrderId": ""}, "originalClientOrderId"),
])
def test_validation_errors(api, change, field):
    assert field in api.post("/api/Orders", order_body(**change), expect=400)["errors"]


@pytest.mark.parametrize("method, name, freight", [
    ("GRND", "Allivet Shipping", 7.99), ("grnd", "Allivet Shipping", 7.99),
    ("GRND – Standard", "Allivet Shipping", 7.99), ("MAPPING", "Allivet Shipping", 7.99),
    ("2DAY", "FedEx 2nd Day", 19.99), ("1DAY", "FedEx Standard Next Day", 34.99),
    ("1day - FedEx Standard Next Day", "FedEx Standard Next Day", 34.99),
])
def test_shipping_method_codes(api, cheap, method, name, freight):
    body = api.post("/api/Orders", order_body([(cheap[0], 1)], shippingMethod=method,
                                               shipToState="OR"))
    assert (body["shippingMethod"], body["freight"]) == (name, freight)
    assert api.get(f"/api/Orders/{body['clientOrderId']}")["shippingMethod"] == name


def test_an_unknown_shipping_method_is_refused(api, cheap, sim):
    before = count(sim, "allivet_orders")
    body = api.post("/api/Orders", order_body([(cheap[0], 1)], shippingMethod="DRONE"),
                    expect=400)
    assert "shippingMethod" in {**body.get("errors", {}), **body.get("warnings", {})}
    assert count(sim, "allivet_orders") == before


def test_reship_needs_an_existing_original(api, non_rx):
    api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    bad = api.post("/api/Orders", order_body([(non_rx[0], 1)], clientOrderId="R1", isReship="Y",
                                             reasonCode="3", originalClientOrderId="NOPE"), expect=400)
    assert "originalClientOrderId" in bad["warnings"]
    ok = api.post("/api/Orders", order_body([(non_rx[0], 1)], clientOrderId="R1", isReship="Y",
                                            reasonCode="3", originalClientOrderId="26849758"))
    assert ok["isReship"] == "Y" and ok["originalClientOrderId"] == "26849758"


def test_numeric_quantity_strings_and_case_insensitive_properties(api, non_rx):
    body = {k.upper(): v for k, v in order_body().items()}
    body["CUSTOMERSALESORDERDETAIL"] = [{"ITEMNAME": non_rx[0], "QUANTITY": "3"}]
    assert api.post("/api/Orders", body)["customerSalesOrderDetail"][0]["quantity"] == 3


def test_unknown_customer_is_created_and_reused(api, non_rx):
    api.post("/api/Orders", order_body([(non_rx[0], 1)], customerId="ACS-777"))
    customer = api.get("/api/salesforce/Customers/ACS-777")
    assert customer["firstName"] == "John" and customer["customerShipTo"][0]["addressId"] == \
        "ac1aJDiERGcI32X3ILwjahBAYM"
    api.post("/api/Orders", order_body([(non_rx[0], 1)], customerId="acs-777", clientOrderId="2"))
    assert len(api.get("/api/salesforce/Customers/ACS-777")["customerShipTo"]) == 1


def test_order_not_found_and_other_accounts(api, client, sim, non_rx):
    from simulator.core import accounts
    from simulator.core.db import transaction
    api.get("/api/Orders/NOPE", expect=404)
    api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    with transaction(sim.db()) as db:
        accounts.ensure_account(db, "other", 0)
        accounts.add_credential(db, "allivet", "o", "o-secret", "other",
                                {"apiScope": "api:dropship", "storeKey": "s"})
    other = Api(client, {"Authorization": "Bearer " + get_token(client, {
        "clientID": "o", "clientSecretKey": "o-secret", "apiScope": "api:dropship", "storeKey": "s"})})
    other.get("/api/Orders/26849758", expect=404)
    other.put("/api/Orders/26849758/cancel", expect=404)
    other.get("/api/salesforce/Customers/johndoe@gmail.com", expect=404)
    other.post("/api/Orders", order_body([(non_rx[0], 1)]))  # its own clientOrderId space
