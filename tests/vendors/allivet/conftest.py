"""Allivet test fixtures: bearer tokens for the fixtures' clients and a small API helper."""
from __future__ import annotations

import copy

import pytest

DEFAULT_CLIENT = {"clientID": "sandbox", "clientSecretKey": "sandbox-secret",
                  "apiScope": "api:dropship", "storeKey": "sandbox-store"}
SCOPED_CLIENTS = {scope: {"clientID": f"sandbox-{scope}", "clientSecretKey": f"sandbox-{scope}-secret",
                          "apiScope": f"api:{scope}", "storeKey": "sandbox-store"}
                  for scope in ("catalog", "orders", "customers", "telehealth", "salesforce")}

# allivet-rest-api.txt, New Order request sample, verbatim (its detail list is collapsed).
ORDER_SAMPLE = {
    "clientId": "DropshipClient", "clientOrderId": "26849758", "customerId": "johndoe@gmail.com",
    "customerKeyId": "ac11JDiERGcI32X3ILwjahBAYM", "salesOrderDate": "2014-02-23T20:01:08-08:00",
    "shippingMethod": "GRND", "billToName": "John Doe", "billToAddress": "23200 Summer Glenn",
    "billToCity": "Harbor City", "billToState": "CA", "billToPostalCode": "90717",
    "billToCountry": "US", "billToPhone": "4245673448",
    "shipToAddressId": "ac1aJDiERGcI32X3ILwjahBAYM", "shipToName": "John Doe",
    "shipToAddress": "23200 Summer Glenn", "shipToCity": "Harbor City", "shipToState": "CA",
    "shipToPostalCode": "90717", "shipToCountry": "US", "shipToPhone": "4245673448",
    "isAutoship": "N", "isReship": "N", "reasonCode": "0", "originalClientOrderId": "0",
    "customerSalesOrderDetail": []}


def order_body(items=(("10012-05", 1),), **changes) -> dict:
    """The docs' order sample shipped to NY (CLOVITE may not go to CA) with the given lines."""
    body = copy.deepcopy(ORDER_SAMPLE)
    body.update(shipToState="NY", billToState="NY")
    body["customerSalesOrderDetail"] = [{"itemName": sku, "quantity": qty} for sku, qty in items]
    body.update(changes)
    return body


def get_token(client, credentials: dict = DEFAULT_CLIENT) -> str:
    response = client.post("/allivet/api/Auth", json=credentials)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["value"]


@pytest.fixture
def token(client) -> str:
    return get_token(client)


@pytest.fixture
def auth(token) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Api:
    """Calls under /allivet with a bearer token, asserting the status."""

    def __init__(self, client, headers: dict) -> None:
        self.client, self.headers = client, headers

    def call(self, method: str, path: str, expect: int = 200, **kwargs):
        response = self.client.open(f"/allivet{path}", method=method, headers=self.headers, **kwargs)
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json(silent=True)

    def get(self, path, expect=200, **kw):
        return self.call("GET", path, expect, **kw)

    def post(self, path, body=None, expect=200, **kw):
        return self.call("POST", path, expect, json=body, **kw)

    def put(self, path, body=None, expect=200, **kw):
        return self.call("PUT", path, expect, json=body, **kw)

    def delete(self, path, expect=200, **kw):
        return self.call("DELETE", path, expect, **kw)


@pytest.fixture
def api(client, auth) -> Api:
    return Api(client, auth)


def count(sim, table: str) -> int:
    return sim.db().execute(f"SELECT count(*) FROM {table}").fetchone()[0]
