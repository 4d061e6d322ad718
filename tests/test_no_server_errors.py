"""No input makes dropsim answer 500: every vendor endpoint and control call driven with
random bodies, values and parameters (seeded, so a failure replays)."""

from __future__ import annotations

import random

import pytest

from tests.vendors.provet_connect.conftest import connect_headers

VALUES = [
    None,
    True,
    False,
    0,
    -1,
    1,
    10**12,
    1.5,
    "",
    " ",
    "x",
    "ABC123",
    "D123",
    "10012-05",
    "FRON 01",
    "2020-01-01",
    "Y",
    "N",
    "ZZ",
    [],
    {},
    [1],
    {"a": 1},
    "😀" * 3,
    "a" * 300,
    "1000",
    -(2**63),
]


def rand_obj(rng, keys):
    return {
        k: rng.choice(VALUES) if rng.random() < 0.8 else rand_obj(rng, keys[:3])
        for k in rng.sample(keys, rng.randint(0, len(keys)))
    }


def targets(prov, alli, ro, connect):
    return [
        (
            "POST",
            "/provet/api/orders",
            prov,
            [
                "CustomerName",
                "AddressLine1",
                "Suburb",
                "State",
                "Postcode",
                "Country",
                "CustomerEmail",
                "CustomerPhone",
                "OrderLines",
                "DeliveryInstructions",
                "PurchaseOrderNumber",
            ],
        ),
        ("GET", "/provet/api/orders?Status={v}&DateFrom={v}&DateTo={v}&page={v}", prov, []),
        ("GET", "/provet/api/orders?pageSize={v}&PAGE={v}", prov, []),
        ("GET", "/provet/api/products?page={v}&pageSize={v}", prov, []),
        ("GET", "/provet/api/products/{v}", prov, []),
        ("GET", "/provet-connect/products?ResultLimit={v}&Search={v}&UpdatedAfter={v}", connect, []),
        ("GET", "/provet-connect/api/products/{v}", connect, []),
        ("GET", "/provet-connect/products", {**connect, "Api-Version": "{v}"}, []),
        ("POST", "/_sim/provet/products/FRON%2001", {}, ["quantityOnHand", "price", "rrp",
                                                        "discontinued"]),
        (
            "POST",
            "/allivet/api/Orders",
            alli,
            [
                "clientOrderId",
                "customerId",
                "shipToName",
                "shipToAddress",
                "shipToCity",
                "shipToState",
                "shipToPostalCode",
                "shipToCountry",
                "shippingMethod",
                "isReship",
                "customerSalesOrderDetail",
                "reasonCode",
                "originalClientOrderId",
                "billToPhone",
            ],
        ),
        (
            "PUT",
            "/allivet/api/Orders",
            alli,
            ["clientOrderId", "customerId", "shipToState", "customerSalesOrderDetail"],
        ),
        ("PUT", "/allivet/api/Orders/{v}/cancel", alli, []),
        ("GET", "/allivet/api/Products?pageno={v}", alli, []),
        ("GET", "/allivet/api/Products/{v}/availability", alli, []),
        ("GET", "/allivet/api/Vets?vetName={v}&vetState={v}&vetPhone={v}", alli, []),
        (
            "POST",
            "/allivet/api/Vets",
            alli,
            [
                "vetName",
                "clinicName",
                "vetCity",
                "vetState",
                "vetPostalCode",
                "vetPhone",
                "vetAddress",
            ],
        ),
        (
            "POST",
            "/allivet/api/salesforce/Customers",
            alli,
            [
                "email",
                "clientCustomerNo",
                "clientAutoshipId",
                "clientRxId",
                "clientReorderId",
                "customerName",
                "firstName",
                "lastName",
                "password",
                "shipTo",
            ],
        ),
        (
            "PUT",
            "/allivet/api/salesforce/Customers?clientCustomerNo={v}",
            alli,
            ["email", "firstName", "lastName"],
        ),
        (
            "POST",
            "/allivet/api/salesforce/Customers/{v}/Pet",
            alli,
            [
                "clientPetId",
                "petName",
                "petOwner",
                "petType",
                "petGender",
                "petAge",
                "petWeight",
                "isPregnant",
                "isDeceased",
                "petDateOfBirth",
            ],
        ),
        (
            "POST",
            "/allivet/api/salesforce/Customers/{v}/Address",
            alli,
            [
                "addressType",
                "isPrimary",
                "addressId",
                "name",
                "address",
                "city",
                "state",
                "postalCode",
                "country",
            ],
        ),
        ("GET", "/allivet/api/customer/{v}/CustomerRx/{v}", alli, []),
        (
            "POST",
            "/retailops/Vendor/PO/Fetch.json",
            ro,
            ["vendor_id", "start", "limit", "status", "with_items"],
        ),
        (
            "POST",
            "/retailops/Vendor/PO/Complete.json",
            ro,
            ["po", "packages", "cancel_remainder", "records"],
        ),
        ("POST", "/retailops/Vendor/PO/MarkSubmitted.json", ro, ["records"]),
        ("POST", "/retailops/Vendor/PO/UpdateEstShipDate.json", ro, ["records"]),
        ("POST", "/retailops/product/externalsku/update~2.json", ro, ["records"]),
        ("POST", "/retailops/Constant/Ship/CarrierClass/fetch.json", ro, ["all", "id"]),
        ("POST", "/retailops/product/sku/get~1.json", ro, ["sku_string", "vendor_id"]),
        (
            "POST",
            "/_sim/faults",
            {},
            [
                "vendor",
                "status",
                "path",
                "method",
                "delay_ms",
                "probability",
                "times",
                "preset",
                "headers",
                "body",
            ],
        ),
        ("POST", "/_sim/clock/advance", {}, ["minutes", "seconds", "hours", "days", "account"]),
        ("POST", "/_sim/accounts", {}, ["account"]),
        ("POST", "/_sim/snapshots", {}, ["name", "replace"]),
        ("POST", "/_sim/retailops/pos", {}, ["vendor", "items", "date_submit", "account"]),
        ("GET", "/_sim/requests?status={v}&limit={v}&vendor={v}", {}, []),
        ("POST", "/_sim/allivet/prescriptions/{v}/approve", {}, []),
        ("POST", "/_sim/allivet/prescriptions/{v}/deny", {}, []),
        ("POST", "/_sim/retailops/pos/{v}/change", {}, ["items"]),
        ("GET", "/_sim/retailops/pos/{v}", {}, []),
        ("DELETE", "/_sim/accounts/{v}", {}, []),
        ("POST", "/_sim/reset", {}, ["account"]),
        ("GET", "/_sim/clock?account={v}", {}, []),
        ("POST", "/_sim/snapshots/{v}/restore", {}, []),
        ("GET", "/_sim/ui/?account={v}", {}, []),
        ("GET", "/_sim/ui/provet?account={v}&status={v}", {}, []),
        (
            "PUT",
            "/allivet/api/salesforce/Customers/{v}/Pet/{v}",
            alli,
            [
                "petName",
                "petOwner",
                "petType",
                "petGender",
                "petAge",
                "petWeight",
                "isPregnant",
                "isDeceased",
            ],
        ),
        (
            "POST",
            "/allivet/api/salesforce/Customers/{v}/Vet",
            alli,
            ["clientVetId", "vetName", "vetPhone", "vetState"],
        ),
    ]


@pytest.mark.slow  # 700 requests each
@pytest.mark.parametrize("seed", [11, 12])
def test_random_requests_never_get_a_server_error(client, provet_auth, seed):
    rng = random.Random(seed)
    token = client.post(
        "/allivet/api/Auth",
        json={
            "clientID": "sandbox",
            "clientSecretKey": "sandbox-secret",
            "apiScope": "api:dropship",
            "storeKey": "sandbox-store",
        },
    ).get_json()["value"]
    table = targets(
        provet_auth, {"Authorization": f"Bearer {token}"}, {"apikey": "YOUR_APIKEY_GOES_HERE"},
        connect_headers(),
    )
    failures = []
    for _ in range(700):
        method, path, headers, keys = rng.choice(table)
        url = path.replace("{v}", str(rng.choice(VALUES)).replace("#", "").replace("?", ""))
        headers = {k: v.replace("{v}", str(rng.choice(VALUES))) for k, v in headers.items()}
        body = None
        if keys:
            body = rand_obj(rng, keys)
            if "records" in keys and rng.random() < 0.3:
                body = {
                    "records": [
                        rand_obj(
                            rng,
                            [
                                "po",
                                "items",
                                "vpc",
                                "quantity",
                                "vendor_id",
                                "estimated_ship_date",
                                "packages",
                            ],
                        )
                        for _ in range(rng.randint(0, 3))
                    ]
                }
            for name, fields in (
                ("OrderLines", ["ProductCode", "Quantity"]),
                ("customerSalesOrderDetail", ["itemName", "quantity"]),
            ):
                if name in keys and rng.random() < 0.3:
                    body[name] = [rand_obj(rng, fields) for _ in range(rng.randint(0, 3))]
            if rng.random() < 0.05:
                response = client.open(
                    url,
                    method=method,
                    headers={**headers, "Content-Type": "application/json"},
                    data=rng.choice(["{", "[]", "null", "1", '"x"', "\xff"]),
                )
            else:
                response = client.open(url, method=method, json=body, headers=headers)
        else:
            response = client.open(url, method=method, headers=headers)
        if response.status_code >= 500 and "X-Dropsim-Fault" not in response.headers:
            failures.append((method, url, body, response.status_code))
    assert failures == []
