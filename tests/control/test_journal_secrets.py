"""Only authenticated requests belong to an account, and secrets never reach the journal."""
from __future__ import annotations

from tests.helpers import basic_auth

AUTH = {"clientID": "sandbox", "clientSecretKey": "sandbox-secret", "apiScope": "api:dropship",
        "storeKey": "sandbox-store"}


def journal(client, account="default", **query):
    params = "&".join(f"{k}={v}" for k, v in {"account": account, **query}.items())
    return client.get(f"/_sim/requests?{params}").get_json()["requests"]


def test_wrong_passwords_consume_no_fault_and_are_anonymous(client, provet_auth):
    client.post("/_sim/faults", json={"vendor": "provet", "status": 503, "times": 3})
    for _ in range(5):
        response = client.get("/provet/api/orders", headers=basic_auth("sandbox", "guess"))
        assert response.status_code == 401 and "X-Dropsim-Fault" not in response.headers
    assert client.get("/_sim/faults").get_json()["faults"][0]["fired"] == 0
    assert journal(client) == []
    assert len(journal(client, "anonymous", vendor="provet")) == 5
    assert client.get("/provet/api/orders", headers=provet_auth).status_code == 503


def test_guesses_do_not_push_the_clients_entries_out(make_app, provet_auth):
    client = make_app(journal_limit=20).test_client()
    client.get("/provet/api/orders", headers=provet_auth)
    for _ in range(60):
        client.get("/provet/api/orders", headers=basic_auth("sandbox", "nope"))
    assert [e["status"] for e in journal(client)] == [200]


def test_allivet_secrets_and_tokens_are_masked(client):
    issued = client.post("/allivet/api/Auth", json=AUTH).get_json()["value"]
    client.post("/allivet/api/Auth", json={**AUTH, "clientSecretKey": "my-real-guess"})
    for entry in journal(client, vendor="allivet") + journal(client, "anonymous"):
        text = str(entry)
        assert "sandbox-secret" not in text and "my-real-guess" not in text
        assert "sandbox-store" not in text and issued not in text
    entry = journal(client, vendor="allivet")[-1]
    assert '"clientID": "sandbox"' in entry["request"]["body"]
    assert '"clientSecretKey": "[redacted]"' in entry["request"]["body"]
    assert '"value": "[redacted]"' in entry["response"]["body"]


def test_customer_passwords_are_masked(client):
    token = client.post("/allivet/api/Auth", json=AUTH).get_json()["value"]
    client.post("/allivet/api/salesforce/Customers", headers={"Authorization": f"Bearer {token}"},
                json={"clientCustomerNo": "ACS-9", "email": "p@example.com", "firstName": "P",
                      "lastName": "Q", "password": "hunter2"})
    assert all("hunter2" not in str(e) for e in journal(client))
    page = client.get("/_sim/ui/journal").get_data(as_text=True)
    assert "hunter2" not in page and "sandbox-secret" not in page


def test_retailops_keys_in_the_query_are_masked(client):
    client.post("/retailops/Vendor/PO/Fetch.json?apikey=YOUR_APIKEY_GOES_HERE", json={})
    [entry] = journal(client, vendor="retailops")
    assert entry["query"] == "apikey=%5Bredacted%5D" and "YOUR_APIKEY" not in str(entry)


def test_secrets_of_a_body_longer_than_the_journal_keeps_are_masked_too(make_app):
    # (clipped as the request ends rather than when stored: masked first all the same)
    client = make_app(journal_body_limit=70).test_client()  # room for a secret or a token
    issued = client.post("/allivet/api/Auth", json=AUTH).get_json()["value"]
    entry = journal(client, vendor="allivet")[0]
    assert "more bytes]" in entry["request"]["body"]  # both longer than 70 bytes as sent
    assert entry["response"]["body"].endswith('"value": "[redacted]"}')
    text = str(entry)
    assert "sandbox-secret" not in text and "sandbox-store" not in text
    assert issued[:20] not in text
