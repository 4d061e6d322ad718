"""Fault injection: matched before the vendor handler, per account, with expiry and odds."""
from __future__ import annotations

import pytest

from tests.vendors.provet.test_orders import DOCS_SAMPLE


@pytest.fixture
def add_fault(client):
    def add(expect=201, **spec):
        response = client.post("/_sim/faults", json=spec)
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()
    return add


def orders_stored(sim):
    return sim.db().execute("SELECT count(*) FROM provet_orders").fetchone()[0]


def test_maintenance_preset_in_the_vendors_shape_and_nothing_stored(client, provet_auth, add_fault, sim):
    fault = add_fault(vendor="provet", preset="maintenance", path="/api/orders*")
    assert fault["status"] == 503 and fault["active"] is True
    response = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    assert response.status_code == 503
    assert response.get_json() == {"message": "The service is temporarily unavailable for maintenance."}
    assert response.headers["Retry-After"] == "120"
    assert response.headers["X-Dropsim-Fault"] == fault["id"]
    assert orders_stored(sim) == 0
    # Paths outside the glob are untouched.
    assert client.get("/provet/api/products?ResultLimit=1", headers=provet_auth).status_code == 200


def test_retailops_fault_uses_its_envelope(client, add_fault):
    add_fault(vendor="retailops", preset="rate_limit")
    response = client.post("/retailops/Constant/Ship/CarrierClass/fetch.json", json={"all": 1},
                           headers={"apikey": "YOUR_APIKEY_GOES_HERE"})
    assert response.status_code == 429
    body = response.get_json()
    assert body["success"] == 0 and "ERROR" in body and "ERRORCODE" in body
    assert response.headers["Retry-After"] == "30"


def test_custom_status_headers_and_body(client, provet_auth, add_fault):
    add_fault(vendor="provet", method="GET", path="/api/orders", status=502,
              headers={"X-Upstream": "down"}, body={"oops": True})
    response = client.get("/provet/api/orders", headers=provet_auth)
    assert response.status_code == 502 and response.get_json() == {"oops": True}
    assert response.headers["X-Upstream"] == "down"
    # Another method on the same path passes.
    assert client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).status_code == 200


def test_times_expires_the_fault(client, provet_auth, add_fault):
    fault = add_fault(vendor="provet", status=500, times=2)
    codes = [client.get("/provet/api/orders", headers=provet_auth).status_code for _ in range(4)]
    assert codes == [500, 500, 200, 200]
    listed = client.get("/_sim/faults").get_json()["faults"]
    assert listed[0]["id"] == fault["id"]
    assert (listed[0]["fired"], listed[0]["remaining"], listed[0]["active"]) == (2, 0, False)


def test_probability_is_partial_and_replays(make_app, provet_auth):
    def run():
        client = make_app().test_client()
        client.post("/_sim/reset")
        client.post("/_sim/faults", json={"vendor": "provet", "status": 503, "probability": 0.3})
        return [client.get("/provet/api/orders", headers=provet_auth).status_code
                for _ in range(200)]
    first = run()
    failures = first.count(503)
    assert 30 <= failures <= 90  # about 30% of 200
    assert set(first) == {200, 503}


def test_probability_zero_never_fires(client, provet_auth, add_fault):
    add_fault(vendor="provet", status=500, probability=0)
    assert {client.get("/provet/api/orders", headers=provet_auth).status_code for _ in range(20)} == {200}


def test_slow_preset_delays_then_answers(client, provet_auth, add_fault, sim):
    import time

    add_fault(vendor="provet", preset="slow", delay_ms=150, path="/api/orders")
    started = time.perf_counter()
    response = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    assert time.perf_counter() - started >= 0.15
    assert response.status_code == 200 and orders_stored(sim) == 1
    fault = client.get("/_sim/faults").get_json()["faults"][0]
    assert response.headers["X-Dropsim-Fault"] == fault["id"]  # the vendor's answer, marked


def test_clearing_an_unknown_accounts_faults_is_a_404(client, add_fault):
    add_fault(vendor="provet", status=500)
    response = client.delete("/_sim/faults?account=ghost")
    assert response.status_code == 404 and response.get_json() == {
        "error": "unknown account 'ghost'"}
    assert len(client.get("/_sim/faults").get_json()["faults"]) == 1


def test_faults_are_per_account(client, provet_auth, add_fault):
    other = client.post("/_sim/accounts", json={}).get_json()
    add_fault(vendor="provet", status=500, account=other["account"])
    assert client.get("/provet/api/orders", headers=provet_auth).status_code == 200
    assert client.get("/_sim/faults").get_json()["faults"] == []
    assert len(client.get(f"/_sim/faults?account={other['account']}").get_json()["faults"]) == 1


def test_faulted_request_is_journaled(client, provet_auth, add_fault):
    fault = add_fault(vendor="provet", status=500, times=1)
    client.get("/provet/api/orders", headers=provet_auth)
    entry = client.get("/_sim/requests").get_json()["requests"][0]
    assert entry["status"] == 500 and entry["fault"] == fault["id"]


def test_delete_one_and_all(client, add_fault):
    first = add_fault(vendor="provet", status=500)
    add_fault(vendor="provet", status=502)
    assert client.delete(f"/_sim/faults/{first['id']}").get_json() == {"deleted": first["id"]}
    assert client.delete(f"/_sim/faults/{first['id']}").status_code == 404
    assert client.delete("/_sim/faults").get_json() == {"deleted": 1}
    assert client.get("/_sim/faults").get_json()["faults"] == []


@pytest.mark.parametrize("spec,message", [
    ({"vendor": "acme", "status": 500}, "'vendor' must be one of"),
    ({"vendor": "provet"}, "needs a 'status'"),
    ({"vendor": "provet", "status": 700}, "'status' must be between"),
    ({"vendor": "provet", "status": 500, "probability": 2}, "'probability' must be between"),
    ({"vendor": "provet", "status": 500, "times": 0}, "'times' must be at least"),
    ({"vendor": "provet", "preset": "explode"}, "unknown preset"),
    ({"vendor": "provet", "status": 500, "colour": "red"}, "unknown fault field"),
    ({"vendor": "provet", "status": 500, "headers": ["x"]}, "'headers' must be an object"),
    ({"vendor": "provet", "preset": {"name": "slow"}}, "unknown preset"),
    ({"vendor": ["provet"], "status": 500}, "'vendor' must be one of"),
])
def test_invalid_faults_are_refused(client, spec, message):
    response = client.post("/_sim/faults", json=spec)
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert client.get("/_sim/faults").get_json()["faults"] == []


def test_an_injected_503_keeps_its_status_in_allivets_and_retailops_bodies(client, add_fault):
    from tests.vendors.allivet.conftest import get_token

    token = get_token(client)
    add_fault(vendor="allivet", status=503, path="/api/Products*")
    add_fault(vendor="retailops", status=503)
    allivet = client.get("/allivet/api/Products", headers={"Authorization": f"Bearer {token}"})
    assert allivet.status_code == 503
    assert allivet.get_json() | {"traceId": None} == {
        "type": "https://tools.ietf.org/html/rfc7231#section-6.6.4",
        "title": "Service Unavailable", "status": 503, "traceId": None}
    retailops = client.post("/retailops/Vendor/PO/Fetch.json", json={},
                            headers={"apikey": "YOUR_APIKEY_GOES_HERE"})
    assert retailops.status_code == 503
    assert retailops.get_json() == {"success": 0, "ERRORCODE": "INTERNAL_ERROR", "ERROR":
                                    "The RetailOps sandbox is unavailable (503 Service Unavailable)"}
