"""The documents state the constraints the servers enforce: every required property of a
request body is refused when missing, every maximum length at one character more (and taken at
the maximum). Read from the served documents, checked against the same server, so a document
and its validation cannot drift apart unnoticed."""
from __future__ import annotations

import copy

import pytest

from tests.vendors.allivet.conftest import DEFAULT_CLIENT, order_body
from tests.vendors.allivet.test_document_samples import NEW_PET, NEW_VET, REGISTER
from tests.vendors.retailops.conftest import KEY_27
from tests.vendors.retailops.test_guide_samples import SAMPLES as GUIDE


def _schema(client, name: str, model: str) -> dict:
    return client.get(f"/{name}/openapi.json").get_json()["components"]["schemas"][model]


# -- Provet Dropship ----------------------------------------------------------------------
def _provet_order(client, provet_auth, body) -> tuple[int, dict]:
    response = client.post("/provet/api/orders", json=body, headers=provet_auth)
    return response.status_code, response.get_json() or {}


def test_provet_every_required_order_property_is_refused_when_missing(client, provet_auth):
    schema = _schema(client, "provet", "OrderRequest")
    example = client.get("/provet/openapi.json").get_json()["paths"]["/api/orders"]["post"][
        "requestBody"]["content"]["application/json"]["example"]
    assert _provet_order(client, provet_auth, example)[0] == 200

    for name in schema["required"]:
        body = {k: v for k, v in example.items() if k != name}
        status, answer = _provet_order(client, provet_auth, body)
        assert status == 400 and f"order.{name}" in answer["modelState"], name


def test_provet_every_documented_maximum_length_is_the_servers(client, provet_auth):
    schema = _schema(client, "provet", "OrderRequest")
    example = client.get("/provet/openapi.json").get_json()["paths"]["/api/orders"]["post"][
        "requestBody"]["content"]["application/json"]["example"]
    lengths = {k: p["maxLength"] for k, p in schema["properties"].items() if "maxLength" in p}
    assert len(lengths) == len(schema["properties"]) - 1  # all but OrderLines

    for name, length in lengths.items():
        status, answer = _provet_order(client, provet_auth, {**example, name: "x" * (length + 1)})
        assert status == 400 and f"order.{name}" in answer["modelState"], name
        status, answer = _provet_order(client, provet_auth, {**example, name: "x" * length})
        assert f"order.{name}" not in answer.get("modelState", {}), name
    line = schema["properties"]["OrderLines"]["items"]["properties"]["ProductCode"]["maxLength"]
    too_long = {**example, "OrderLines": [{"ProductCode": "x" * (line + 1), "Quantity": 1}]}
    status, answer = _provet_order(client, provet_auth, too_long)
    assert status == 400 and "order.OrderLines[0].ProductCode" in answer["modelState"]


# -- Allivet ------------------------------------------------------------------------------
ALLIVET_BODIES = [  # (model, method, path, a body the server takes)
    ("VetRequest", "POST", "/allivet/api/Vets", NEW_VET),
    ("CreateOrderRequest", "POST", "/allivet/api/Orders", order_body()),
    ("CustomerCreateRequest", "POST", "/allivet/api/salesforce/Customers", REGISTER),
    ("CustomerPetRequest", "POST", "/allivet/api/salesforce/Customers/{customer}/Pet", NEW_PET),
]


@pytest.fixture
def allivet(client):
    token = client.post("/allivet/api/Auth", json=DEFAULT_CLIENT).get_json()["value"]
    headers = {"Authorization": f"Bearer {token}"}
    customer = client.post("/allivet/api/salesforce/Customers", headers=headers,
                           json={**REGISTER, "clientCustomerNo": "OA-1",
                                 "email": "oa-1@example.com"}).get_json()["clientCustomerNo"]

    def send(method: str, path: str, body: dict) -> tuple[int, dict]:
        response = client.open(path.format(customer=customer), method=method, json=body,
                               headers=headers)
        answer = response.get_json() or {}
        return response.status_code, answer.get("errors") or answer.get("warnings") or {}

    return send


@pytest.mark.parametrize("model, method, path, sample", ALLIVET_BODIES,
                         ids=[b[0] for b in ALLIVET_BODIES])
def test_allivet_required_properties_and_lengths_are_the_servers(client, allivet, model, method,
                                                                 path, sample):
    schema = _schema(client, "allivet", model)
    assert schema["required"]
    for name in schema["required"]:
        body = {k: v for k, v in copy.deepcopy(sample).items() if k != name}
        status, errors = allivet(method, path, body)
        assert status == 400 and name in errors, (name, errors)
    lengths = {name: prop["maxLength"] for name, prop in schema["properties"].items()
               # (a list of codes, Y|N or an enumeration, refuses a longer value by itself)
               if "maxLength" in prop and "enum" not in prop
               and not prop.get("pattern", "").startswith("^(?:")}
    assert lengths
    for name, length in lengths.items():
        body = {**copy.deepcopy(sample), name: "x" * (length + 1)}
        status, errors = allivet(method, path, body)
        assert status == 400 and any(
            "maximum length" in m for m in errors.get(name, [])), (name, errors)


# -- RetailOps ----------------------------------------------------------------------------
def _guide_body(path: str) -> dict:
    import json

    raw = next(body for p, body in GUIDE if p.lower() == path.lower())
    return json.loads(raw)


RETAILOPS_CALLS = [  # (documented path, guide path)
    ("/Product/ExternalSku/Update~2.json", "/product/externalsku/update~2.json"),
    ("/Vendor/PO/MarkSubmitted~1.json", "/Vendor/PO/MarkSubmitted.json"),
    ("/Vendor/PO/Complete~1.json", "/Vendor/PO/Complete.json"),
]


def _required(schema: dict) -> list[tuple[tuple, str]]:
    """(where, property) of every required property, records' and packages' included."""
    found = [((), name) for name in schema.get("required", [])]
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "array" and prop["items"].get("properties"):
            found += [((name, 0) + where, n) for where, n in _required(prop["items"])]
    return found


@pytest.mark.parametrize("documented, guide", RETAILOPS_CALLS, ids=[c[0] for c in RETAILOPS_CALLS])
def test_retailops_every_required_property_is_refused_when_missing(client, documented, guide):
    document = client.get("/retailops/openapi.json").get_json()
    schema = document["paths"][documented]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    required = [r for r in _required(schema) if r[1] != "records"]
    assert required
    for where, name in required:
        body = _guide_body(guide)
        target = body
        for step in where:
            target = target[step]
        del target[name]
        response = client.post(f"/retailops{documented}", json=body, headers={"apikey": KEY_27})
        answer = response.get_json()
        assert response.status_code == 200 and answer["success"] == 0, (where, name, answer)
        assert answer["ERRORCODE"] == "INVALID_REQUEST" and name in answer["ERROR"], answer
