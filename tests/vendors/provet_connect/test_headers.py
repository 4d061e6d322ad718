"""Provet Connect's request headers and tokens (Provet Connect's API Details page): an
incomplete header set is a 400, wrong tokens a 401; the tokens decide the sandbox account."""
from __future__ import annotations

import pytest

from .conftest import connect_headers

URL = "/provet-connect/products/FRON%2001"


@pytest.mark.parametrize("header", ["Accept", "Api-Version", "User-Auth", "Client", "Client-Auth",
                                    "Practice", "User"])
def test_each_required_header(client, header):
    headers = {k: v for k, v in connect_headers().items() if k != header}
    response = client.get(URL, headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {"message": "The request is invalid.",
                                   "modelState": {header: [f"The {header} header is required."]}}


def test_every_missing_header_is_named_at_once(client):
    response = client.get(URL, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert list(response.get_json()["modelState"]) == [
        "Api-Version", "User-Auth", "Client", "Client-Auth", "Practice", "User"]


def test_an_empty_header_counts_as_missing(client):
    response = client.get(URL, headers={**connect_headers(), "Practice": "  "})
    assert response.get_json()["modelState"] == {"Practice": ["The Practice header is required."]}


@pytest.mark.parametrize("value, message", [
    ("two", "The Api-Version header must be an integer."),
    ("2", "Api-Version 2 is not supported; the current version is 1."),
])
def test_api_version(client, value, message):
    response = client.get(URL, headers={**connect_headers(), "Api-Version": value})
    assert response.status_code == 400
    assert response.get_json()["modelState"] == {"Api-Version": [message]}


def test_accept_must_name_json_or_xml(client):
    assert client.get(URL, headers={**connect_headers(), "Accept": "text/html"}).get_json()[
        "modelState"] == {"Accept": ["The Accept header must be application/json or application/xml."]}
    both = client.get(URL, headers={**connect_headers(),
                                    "Accept": "application/xml, application/json;q=0.9"})
    assert both.status_code == 200 and both.is_json


def test_xml_only_is_not_served(client):
    response = client.get(URL, headers={**connect_headers(), "Accept": "application/xml"})
    assert response.status_code == 406 and "application/json" in response.get_json()["message"]


@pytest.mark.parametrize("user_auth, client_auth", [("sandbox-user-auth", "wrong"),
                                                    ("wrong", "sandbox-client-auth")])
def test_wrong_tokens_are_a_401(client, user_auth, client_auth):
    response = client.get(URL, headers=connect_headers(user_auth, client_auth))
    assert response.status_code == 401
    assert response.get_json() == {"message": "Authorization has been denied for this request."}


def test_a_new_account_gets_its_own_tokens(client):
    created = client.post("/_sim/accounts", json={"account": "vpms-1"}).get_json()
    tokens = created["credentials"]["provet-connect"]
    assert set(tokens) == {"User-Auth", "Client-Auth"}
    assert tokens["User-Auth"] != tokens["Client-Auth"] and len(tokens["Client-Auth"]) == 32
    headers = connect_headers(tokens["User-Auth"], tokens["Client-Auth"])
    assert client.get(URL, headers=headers).get_json()["productCode"] == "FRON 01"
    client.post("/_sim/provet/products/FRON%2001?account=vpms-1", json={"quantityOnHand": 2})
    assert client.get(URL, headers=headers).get_json()["stockAvailable"] == 2
    assert client.get(URL, headers=connect_headers()).get_json()["stockAvailable"] == 240


def test_routes_match_in_any_case(client, connect_auth):
    for path in ("/provet-connect/PRODUCTS/fron%2001", "/provet-connect/Api/Products/FRON%2001"):
        response = client.get(path, headers=connect_auth)
        assert response.status_code == 200 and response.get_json()["productCode"] == "FRON 01"


def test_unknown_route_in_web_apis_words(client, connect_auth):
    response = client.get("/provet-connect/orders", headers=connect_auth)
    assert response.status_code == 404
    assert response.get_json()["message"].startswith("No HTTP resource was found that matches")


def test_journal_and_faults_take_part(client, connect_auth):
    client.get(URL, headers=connect_auth)
    entry = client.get("/_sim/requests?vendor=provet-connect").get_json()["requests"][0]
    assert entry["account"] == "default" and entry["status"] == 200
    assert entry["path"] == "/provet-connect/products/FRON 01"
    fault = client.post("/_sim/faults", json={"vendor": "provet-connect", "preset": "maintenance",
                                              "times": 1}).get_json()
    faulted = client.get(URL, headers=connect_auth)
    assert faulted.status_code == 503 and faulted.headers["X-Dropsim-Fault"] == fault["id"]
    assert set(faulted.get_json()) == {"message"}
    assert client.get(URL, headers=connect_auth).status_code == 200


def test_rules_listed(client):
    rules = client.get("/_sim/rules?vendor=provet-connect").get_json()["rules"]
    assert {r["id"] for r in rules} >= {"provet-connect.request-headers", "provet-connect.tokens"}
