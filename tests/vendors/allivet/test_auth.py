"""Allivet auth over HTTP: tokens, claims, expiry on the virtual clock, scopes, errors."""
from __future__ import annotations

import jwt
import pytest

from .conftest import DEFAULT_CLIENT, SCOPED_CLIENTS, get_token


def test_auth_issues_signed_jwt_with_documented_claims(client, sim):
    response = client.post("/allivet/api/Auth", json=DEFAULT_CLIENT)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["validTo", "value"]
    key = sim.db().execute("SELECT value FROM meta WHERE key = 'allivet.jwt_signing_key'").fetchone()[0]
    claims = jwt.decode(body["value"], key, algorithms=["HS256"], audience="Allivet.com",
                        options={"verify_exp": False})
    assert list(claims) == ["sub", "jti", "scopes", "username", "exp", "iss", "aud"]
    assert claims["scopes"] == "api:dropship" and claims["username"] == "sandbox"
    assert claims["iss"] == claims["aud"] == "Allivet.com"
    assert jwt.get_unverified_header(body["value"])["alg"] == "HS256"
    now = client.get("/_sim/clock").get_json()["now"]
    assert body["validTo"].endswith("Z") and len(body["validTo"]) == 20
    assert body["validTo"][:13] >= now[:13]


def test_auth_sample_accepted_with_any_property_case_and_json_patch(client):
    body = {k.upper(): v for k, v in DEFAULT_CLIENT.items()}
    response = client.post("/allivet/api/auth", data=__import__("json").dumps(body),
                           content_type="application/json-patch+json")
    assert response.status_code == 200


REFUSED = "Scope is not provided or credentials invalid"


@pytest.mark.parametrize("change, status, field", [
    ({"clientSecretKey": "wrong"}, 401, "credentials"),
    ({"clientID": "nobody"}, 401, "credentials"),
    ({"storeKey": "other-store"}, 401, "credentials"),
    ({"apiScope": ""}, 401, "apiScope"),
    ({"apiScope": None}, 401, "apiScope"),
    ({"apiScope": "api:unknown"}, 401, "apiScope"),
    ({"apiScope": "API:DROPSHIP"}, 401, "apiScope"),
    ({"clientID": None}, 401, "credentials"),
    ({"clientSecretKey": ""}, 401, "credentials"),
    ({"storeKey": 42}, 401, "credentials"),
    ({"apiScope": "api:catalog"}, 403, "apiScope"),
])
def test_auth_refusals_use_the_envelope(client, change, status, field):
    response = client.post("/allivet/api/Auth", json={**DEFAULT_CLIENT, **change})
    assert response.status_code == status
    body = response.get_json()
    assert list(body) == ["warnings", "statusCode"] and body["statusCode"] == status
    assert list(body["warnings"]) == [field]
    if status == 401:
        assert body["warnings"][field][0].startswith(REFUSED + ": ")
    else:
        assert body["warnings"][field] == ["Client 'sandbox' has no access to scope 'api:catalog'."]


def test_auth_missing_properties_are_the_documented_401(client):
    # The Auth operation lists 200, 401, 403 and 500 only: no 400 for missing properties.
    body = {k: v for k, v in DEFAULT_CLIENT.items() if k != "apiScope"}
    response = client.post("/allivet/api/Auth", json=body)
    assert response.status_code == 401
    assert response.get_json() == {"warnings": {"apiScope": [
        f"{REFUSED}: apiScope is not provided."]}, "statusCode": 401}
    response = client.post("/allivet/api/Auth", json={"apiScope": "api:dropship"})
    assert response.status_code == 401
    assert response.get_json()["warnings"] == {"credentials": [
        f"{REFUSED}: clientID, clientSecretKey, storeKey not provided."]}


@pytest.mark.parametrize("data, content_type", [
    ("{nope", "application/json"), ("clientID=x", "text/plain"),
    ("clientID=sandbox&clientSecretKey=sandbox-secret", "application/x-www-form-urlencoded"),
    ("", "application/json"), ("[1, 2]", "application/json"), ('"sandbox"', "application/json"),
    ("null", "application/json-patch+json"), (b"\xff\xfe", "application/json"),
])
def test_unreadable_bodies_are_the_documented_401(client, data, content_type):
    response = client.post("/allivet/api/Auth", data=data, content_type=content_type)
    assert response.status_code == 401
    assert response.get_json() == {"warnings": {"credentials": [
        f"{REFUSED}: the body is not a JSON object of clientID, clientSecretKey, apiScope and "
        "storeKey."]}, "statusCode": 401}
    assert "WWW-Authenticate" not in response.headers


def test_the_real_salesforce_client(client):
    # A real client: json-patch+json, apiScope api:salesforce, the token read from `value`.
    credentials = {"clientID": "sandbox-salesforce", "clientSecretKey": "sandbox-salesforce-secret",
                   "apiScope": "api:salesforce", "storeKey": "sandbox-store"}
    response = client.post("/allivet/api/Auth", data=__import__("json").dumps(credentials),
                           content_type="application/json-patch+json")
    assert response.status_code == 200
    token = response.get_json()["value"]
    headers = {"Authorization": f"Bearer {token}"}
    customer = client.get("/allivet/api/salesforce/Customers/ACS-100001", headers=headers)
    assert customer.status_code == 200 and customer.get_json()["clientCustomerNo"] == "ACS-100001"
    rx = client.get("/allivet/api/customer/ACS-100001/CustomerRx/Valid", headers=headers)
    assert rx.status_code == 200 and rx.get_json()["ClientId"] == "sandbox-salesforce"
    for method, path in (("GET", "/allivet/api/Products/10012"), ("GET", "/allivet/api/Orders/x"),
                         ("GET", "/allivet/api/Vets?vetPhone=4245689898")):
        outside = client.open(path, method=method, headers=headers)
        assert outside.status_code == 403 and outside.data == b""
    overview = client.post("/allivet/api/Overview", headers=headers).get_json()
    assert overview["apiScope"] == "api:salesforce"
    assert "GET /api/salesforce/Customers/<customer_no>" in overview["endpoints"]
    assert not any("Products" in e or "Orders" in e for e in overview["endpoints"])
    # The default client is not granted the scope: 403, as the document lists.
    other = client.post("/allivet/api/Auth", json={**DEFAULT_CLIENT, "apiScope": "api:salesforce"})
    assert other.status_code == 403


@pytest.mark.parametrize("header", [None, "Bearer", "Basic c2FuZGJveDpzYW5kYm94",
                                    "Bearer not.a.jwt"])
def test_missing_or_bad_bearer_is_401_with_challenge(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/allivet/api/Products/10012", headers=headers)
    assert response.status_code == 401
    assert response.data == b""
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_signed_with_another_key_is_refused(client):
    forged = jwt.encode({"sub": "Login Token", "scopes": "api:dropship", "username": "sandbox",
                         "exp": 4_000_000_000, "iss": "Allivet.com", "aud": "Allivet.com"},
                        "not-the-key-of-this-sandbox-at-all-0123456789", algorithm="HS256")
    response = client.get("/allivet/api/Products/10012", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_token_expires_after_60_virtual_minutes(client, auth, frozen, advance):
    assert client.get("/allivet/api/Products/10012", headers=auth).status_code == 200
    advance(minutes=59)
    assert client.get("/allivet/api/Products/10012", headers=auth).status_code == 200
    advance(minutes=1)
    response = client.get("/allivet/api/Products/10012", headers=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert "expired" in response.headers["WWW-Authenticate"]
    # A new token works again.
    fresh = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.get("/allivet/api/Products/10012", headers=fresh).status_code == 200


SCOPE_MATRIX = [
    ("GET", "/allivet/api/Products/10012", {"catalog"}),
    ("GET", "/allivet/api/Vets?vetPhone=4245689898", {"telehealth"}),
    ("GET", "/allivet/api/Orders/none", {"orders"}),
    ("GET", "/allivet/api/salesforce/Customers/ACS-100001", {"customers", "telehealth", "salesforce"}),
    ("GET", "/allivet/api/customer/ACS-100001/CustomerRx/Valid",
     {"customers", "telehealth", "salesforce"}),
]


@pytest.mark.parametrize("method, path, allowed", SCOPE_MATRIX)
def test_scopes_decide_endpoint_groups(client, method, path, allowed):
    full = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.open(path, method=method, headers=full).status_code != 403
    for scope, credentials in SCOPED_CLIENTS.items():
        headers = {"Authorization": f"Bearer {get_token(client, credentials)}"}
        response = client.open(path, method=method, headers=headers)
        if scope in allowed:
            assert response.status_code != 403, scope
        else:
            assert response.status_code == 403, scope
            assert response.data == b""


def test_overview_lists_the_scope_endpoints(client):
    headers = {"Authorization": f"Bearer {get_token(client, SCOPED_CLIENTS['catalog'])}"}
    body = client.post("/allivet/api/Overview", headers=headers).get_json()
    assert body["apiScope"] == "api:catalog" and body["clientID"] == "sandbox-catalog"
    assert "GET /api/Products/<item_id>" in body["endpoints"]
    assert not any("Orders" in e for e in body["endpoints"])
    assert client.post("/allivet/api/Overview").status_code == 401


def test_paths_are_case_insensitive_but_ids_keep_their_case(client, auth):
    assert client.get("/allivet/API/PRODUCTS/10012-05", headers=auth).status_code == 200
    assert client.get("/allivet/api/salesforce/customers/acs-100001", headers=auth).status_code == 200


def test_routing_errors_are_problem_details(client, auth):
    missing = client.get("/allivet/api/Nothing", headers=auth)
    assert missing.status_code == 404 and missing.get_json()["title"] == "Not Found"
    wrong = client.delete("/allivet/api/Products", headers=auth)
    assert wrong.status_code == 405 and wrong.get_json()["status"] == 405
    assert "GET" in wrong.headers["Allow"]


def test_a_token_once_accepted_is_refused_when_its_account_is_gone(client):
    """A token's signature is checked once per worker (tokens._verified); its client and its
    expiry are still judged on every call."""
    created = client.post("/_sim/accounts", json={}).get_json()
    creds = created["credentials"]["allivet"]
    issued = client.post("/allivet/api/Auth", json={
        "clientID": creds["clientID"], "clientSecretKey": creds["clientSecretKey"],
        "apiScope": creds["apiScope"], "storeKey": creds["storeKey"]})
    assert issued.status_code == 200, issued.get_data(as_text=True)
    auth = {"Authorization": f"Bearer {issued.get_json()['value']}"}
    assert client.get("/allivet/api/Products/10012", headers=auth).status_code == 200
    assert client.get("/allivet/api/Products/10012", headers=auth).status_code == 200
    assert client.delete(f"/_sim/accounts/{created['account']}").status_code == 200
    refused = client.get("/allivet/api/Products/10012", headers=auth)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
