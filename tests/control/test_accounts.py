"""Isolated accounts: fresh credentials for every vendor, their own state, clock and journal."""
from __future__ import annotations

import pytest

from tests.helpers import basic_auth
from tests.vendors.provet.test_orders import DOCS_SAMPLE


@pytest.fixture
def new_account(client):
    def create(**body):
        response = client.post("/_sim/accounts", json=body)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()
    return create


def provet_headers(created):
    creds = created["credentials"]["provet"]
    return basic_auth(creds["username"], creds["password"])


def retailops_headers(created):
    return {"apikey": created["credentials"]["retailops"]["apikey"]}


def test_create_gives_credentials_for_every_vendor(new_account, sim):
    created = new_account()
    assert created["account"].startswith("acct_")
    assert set(created["credentials"]) == {v.name for v in sim.vendors}
    assert set(created["credentials"]["provet"]) == {"username", "password"}
    assert {"apikey", "vendor_id"} <= set(created["credentials"]["retailops"])


def test_the_list_shows_every_account_as_its_creation_did(new_account, client):
    created = new_account()
    default, listed = client.get("/_sim/accounts").get_json()["accounts"]
    assert listed == created
    assert set(created["credentials"]["allivet"]) == {"clientID", "clientSecretKey", "apiScope",
                                                     "storeKey", "clients"}
    # The default account's documented credentials, in the same shape, its scoped Allivet
    # clients and second RetailOps key included.
    creds = default["credentials"]
    assert creds["provet"] == {"username": "sandbox", "password": "sandbox"}
    assert creds["provet-connect"] == {"User-Auth": "sandbox-user-auth",
                                       "Client-Auth": "sandbox-client-auth"}
    assert {k: v for k, v in creds["allivet"].items() if k != "clients"} == {
        "clientID": "sandbox", "clientSecretKey": "sandbox-secret", "apiScope": "api:dropship",
        "storeKey": "sandbox-store"}
    assert [c["apiScope"] for c in creds["allivet"]["clients"]] == [
        "api:dropship", "api:catalog", "api:customers", "api:orders", "api:salesforce",
        "api:telehealth"]
    assert creds["retailops"] == {"apikey": "YOUR_APIKEY_GOES_HERE", "vendor_id": 27, "apikeys": [
        {"apikey": "YOUR_APIKEY_GOES_HERE", "vendor_id": 27},
        {"apikey": "SANDBOX_APIKEY_VENDOR_31", "vendor_id": 31}]}
    # What the list shows signs in.
    assert client.get("/provet/api/orders", headers=provet_headers(listed)).status_code == 200
    auth = client.post("/allivet/api/Auth", json={
        k: listed["credentials"]["allivet"][k]
        for k in ("clientID", "clientSecretKey", "apiScope", "storeKey")})
    assert auth.status_code == 200 and auth.get_json()["value"]


def test_named_account_and_duplicates(new_account, client):
    assert new_account(account="ci-worker-1")["account"] == "ci-worker-1"
    again = client.post("/_sim/accounts", json={"account": "ci-worker-1"})
    assert again.status_code == 409
    bad = client.post("/_sim/accounts", json={"account": "no spaces please"})
    assert bad.status_code == 400


def test_list_and_delete(new_account, client):
    created = new_account()
    listed = [a["account"] for a in client.get("/_sim/accounts").get_json()["accounts"]]
    assert listed == ["default", created["account"]]
    assert client.delete(f"/_sim/accounts/{created['account']}").get_json() == {
        "deleted": created["account"]}
    assert [a["account"] for a in client.get("/_sim/accounts").get_json()["accounts"]] == ["default"]
    # Its credentials no longer work.
    response = client.get("/provet/api/orders", headers=provet_headers(created))
    assert response.status_code == 401
    assert client.delete("/_sim/accounts/default").status_code == 400
    assert client.delete("/_sim/accounts/ghost").status_code == 404


def test_provet_orders_are_isolated(new_account, client, provet_auth):
    a, b = new_account(), new_account()
    order = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_headers(a)).get_json()
    assert client.get(f"/provet/api/orders/{order['id']}", headers=provet_headers(a)).status_code == 200
    for other in (provet_headers(b), provet_auth):
        response = client.get(f"/provet/api/orders/{order['id']}", headers=other)
        assert response.status_code == 404 and response.data == b""
        assert client.get("/provet/api/orders", headers=other).get_json() == []


def test_retailops_pos_are_isolated(new_account, client):
    a, b = new_account(), new_account()
    fetch = {"vendor_id": "27", "start": 0, "limit": 100, "status": "ready", "with_items": True}
    # Each account starts with its own copy of the fixture PO D123.
    for created in (a, b):
        body = client.post("/retailops/Vendor/PO/Fetch.json", json=fetch,
                           headers=retailops_headers(created)).get_json()
        assert "D123" in [po["po"] for po in body["records"]]
    submit = {"records": [{"po": "D123", "items": [{"po_item_id": 456, "quantity": 1}]}]}
    done = client.post("/retailops/Vendor/PO/MarkSubmitted.json", json=submit,
                       headers=retailops_headers(a)).get_json()
    assert done["success"] == 1
    ready_in_b = client.post("/retailops/Vendor/PO/Fetch.json", json=fetch,
                             headers=retailops_headers(b)).get_json()
    assert "D123" in [po["po"] for po in ready_in_b["records"]]
    ready_in_a = client.post("/retailops/Vendor/PO/Fetch.json", json=fetch,
                             headers=retailops_headers(a)).get_json()
    assert "D123" not in [po["po"] for po in ready_in_a["records"]]


def test_clocks_are_isolated(new_account, client):
    a, b = new_account(), new_account()
    client.post("/_sim/clock/freeze", json={"account": b["account"]})
    before = client.get(f"/_sim/clock?account={b['account']}").get_json()["now"]
    client.post("/_sim/clock/advance", json={"account": a["account"], "days": 3})
    assert client.get(f"/_sim/clock?account={b['account']}").get_json()["now"] == before
    assert client.get(f"/_sim/clock?account={a['account']}").get_json()["offset_seconds"] >= 3 * 86400 - 1


def test_reset_of_a_new_account_restores_its_fixture_state(new_account, client):
    a = new_account()
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_headers(a))
    assert client.post("/_sim/reset", json={"account": a["account"]}).get_json() == {"reset": [a["account"]]}
    assert client.get("/provet/api/orders", headers=provet_headers(a)).get_json() == []


def allivet_token(client, created):
    creds = created["credentials"]["allivet"]
    response = client.post("/allivet/api/Auth", json=creds)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['value']}"}


def test_allivet_credentials_work_and_customers_are_isolated(new_account, client):
    a, b = new_account(), new_account()
    token_a, token_b = allivet_token(client, a), allivet_token(client, b)
    from tests.vendors.allivet.test_customers import REGISTER

    created = client.post("/allivet/api/salesforce/Customers", json=REGISTER, headers=token_a)
    assert created.status_code in (200, 201), created.get_data(as_text=True)
    path = f"/allivet/api/salesforce/Customers/{REGISTER['clientCustomerNo']}"
    assert client.get(path, headers=token_a).get_json()["email"] == REGISTER["email"]
    assert client.get(path, headers=token_b).status_code == 404


def test_allivet_requests_are_journaled_and_faulted_per_account(new_account, client):
    a = new_account()
    token = allivet_token(client, a)
    client.post("/_sim/faults", json={"account": a["account"], "vendor": "allivet",
                                      "preset": "maintenance", "path": "/api/Products*", "times": 1})
    assert client.get("/allivet/api/Products/10012", headers=token).status_code == 503
    assert client.get("/allivet/api/Products/10012", headers=token).status_code == 200
    entries = client.get(f"/_sim/requests?account={a['account']}").get_json()["requests"]
    assert [(e["path"], e["status"]) for e in entries] == [
        ("/allivet/api/Products/10012", 200), ("/allivet/api/Products/10012", 503),
        ("/allivet/api/Auth", 200)]


def test_generated_credentials_are_independent_secrets(client):
    made = [client.post("/_sim/accounts", json={}).get_json()["credentials"] for _ in range(3)]
    for creds in made:
        username, password = creds["provet"]["username"], creds["provet"]["password"]
        assert len(password) >= 24 and password not in username and username[7:] not in password
        connect = creds["provet-connect"]
        assert connect["User-Auth"][:8] not in connect["Client-Auth"]
    assert len({c["provet"]["password"] for c in made}) == 3


def test_deleting_a_used_account_leaves_no_row_of_it(new_account, client, sim):
    from tests.vendors.allivet.test_customers import REGISTER

    used, kept = new_account(), new_account()
    for created in (used, kept):
        assert client.post("/provet/api/orders", json=DOCS_SAMPLE,
                           headers=provet_headers(created)).status_code == 200
        token = allivet_token(client, created)
        assert client.post("/allivet/api/salesforce/Customers", json=REGISTER,
                           headers=token).status_code in (200, 201)
        assert client.post("/_sim/faults", json={
            "account": created["account"], "vendor": "provet", "preset": "maintenance",
            "path": "/nowhere"}).status_code == 201
        advanced = client.post("/_sim/clock/advance",
                               json={"account": created["account"], "minutes": 30})
        assert advanced.get_json()["advanced_seconds"] == 1800
    db = sim.db()

    def rows_of(account: str) -> dict[str, int]:
        found = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = {c[1] for c in db.execute(f"PRAGMA table_info([{table}])")}
            column = "account" if "account" in columns else "id" if table == "accounts" else None
            if column:
                count = db.execute(f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?",
                                   [account]).fetchone()[0]
                if count:
                    found[table] = count
        return found

    before = rows_of(kept["account"])
    assert {"provet_orders", "allivet_customers", "retailops_pos", "faults", "credentials",
            "clocks"} <= set(before)
    assert client.delete(f"/_sim/accounts/{used['account']}").status_code == 200
    assert rows_of(used["account"]) == {}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []  # no orphaned child rows
    assert rows_of(kept["account"]) == before  # the other account is untouched
    assert client.get(f"/_sim/requests?account={kept['account']}").get_json()["requests"]
