"""DNS rebinding and cross-site requests: a web page the developer visits can neither reach
dropsim under another name nor change its state with requests a browser sends unasked."""
from __future__ import annotations

import pytest

from .vendors.provet.test_orders import DOCS_SAMPLE


def stored_orders(sim):
    return sim.db().execute("SELECT count(*) FROM provet_orders").fetchone()[0]


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1:9", "[::1]:8080",
                                  "app.localhost", "127.8.0.1"])
def test_loopback_names_are_served(client, host):
    assert client.get("/_sim/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("path", ["/_sim/health", "/provet/api/orders", "/_sim/ui/"])
def test_a_rebinding_name_is_refused_everywhere(client, provet_auth, sim, path):
    response = client.get(path, headers={"Host": "attacker.example:8080", **provet_auth})
    assert response.status_code == 400
    response = client.post("/provet/api/orders", json=DOCS_SAMPLE,
                           headers={"Host": "attacker.example", **provet_auth})
    assert response.status_code == 400 and "Host header" in response.get_json()["message"]
    assert stored_orders(sim) == 0


def test_allowed_hosts_setting(make_app):
    client = make_app(allowed_hosts="dropsim, ci-runner").test_client()
    assert client.get("/_sim/health", headers={"Host": "dropsim:8080"}).status_code == 200
    assert client.get("/_sim/health", headers={"Host": "CI-RUNNER"}).status_code == 200
    assert client.get("/_sim/health", headers={"Host": "other"}).status_code == 400
    anything = make_app(allowed_hosts="*").test_client()
    assert anything.get("/_sim/health", headers={"Host": "other"}).status_code == 200


def test_the_bound_address_is_its_own_name(make_app):
    client = make_app(host="10.1.2.3").test_client()
    assert client.get("/_sim/health", headers={"Host": "10.1.2.3:8080"}).status_code == 200


@pytest.mark.parametrize("kwargs", [
    {"data": {"account": "default"}},  # an HTML form
    {"data": "{}", "content_type": "text/plain"},  # fetch(..., {mode: "no-cors", body})
    {"data": b"--x--", "content_type": "multipart/form-data; boundary=x"},
])
def test_form_and_text_bodies_cannot_reset(client, provet_auth, sim, kwargs):
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    response = client.post("/_sim/reset", **kwargs)
    assert response.status_code == 403 and "send JSON" in response.get_json()["error"]
    assert client.post("/_sim/accounts", **kwargs).status_code == 403
    assert stored_orders(sim) == 1 and len(client.get("/_sim/accounts").get_json()["accounts"]) == 1


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"},
                                     {"Origin": "http://localhost:9999"},  # another port
                                     {"Sec-Fetch-Site": "same-site"},
                                     {"Sec-Fetch-Site": "cross-site"}])
def test_foreign_origins_are_refused_even_with_json_and_the_token(make_app, sim, headers):
    client = make_app(admin_token="t0k").test_client()
    client.set_cookie("dropsim_admin", "t0k", path="/_sim")  # the dashboard's cookie
    response = client.post("/_sim/accounts", json={"account": "planted"}, headers=headers)
    assert response.status_code == 403
    assert client.delete("/_sim/faults", headers=headers).status_code == 403
    assert "planted" not in [a["account"] for a in client.get(
        "/_sim/accounts", headers={"Authorization": "Bearer t0k"}).get_json()["accounts"]]


def test_own_pages_and_plain_clients_are_served(client):
    # The dashboard's own calls: same origin, JSON.
    own = client.post("/_sim/clock/freeze", json={},
                      headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200
    # curl, the CLI and the pytest plugin send no Origin: an empty body or JSON is fine.
    assert client.post("/_sim/clock/resume").status_code == 200
    assert client.post("/_sim/accounts", json={"account": "ci-1"}).status_code == 201
    # Reading is never refused: it changes nothing.
    assert client.get("/_sim/accounts", headers={"Origin": "http://evil.example"}).status_code == 200


def test_the_sign_in_form_still_works(make_app):
    client = make_app(admin_token="t0k").test_client()
    response = client.post("/_sim/ui/login", data={"token": "t0k", "next": "/_sim/ui/"},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 302
    forged = client.post("/_sim/ui/login", data={"token": "t0k"},
                         headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403
