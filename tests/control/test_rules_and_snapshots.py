"""The rules listing and snapshots."""
from __future__ import annotations

import pytest

from tests.vendors.provet.test_orders import DOCS_SAMPLE


def test_rules_cover_every_vendor_with_sources(client, sim):
    rules = client.get("/_sim/rules").get_json()["rules"]
    assert {r["vendor"] for r in rules} == {v.name for v in sim.vendors}
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {"provet.cancel-word", "provet.awaiting-stock-quantity", "provet.status-steps"} <= set(ids)
    for rule in rules:
        assert set(rule) == {"id", "vendor", "trigger", "effect", "source"}
        assert rule["id"].startswith(rule["vendor"] + ".")
        # Each cites a vendor document or a vendor's public page.
        assert ".txt" in rule["source"] or rule["source"].startswith(("Provet", "Allivet",
                                                                      "RetailOps"))
    only = client.get("/_sim/rules?vendor=provet").get_json()["rules"]
    assert only and {r["vendor"] for r in only} == {"provet"}


def test_snapshot_round_trip(client, provet_auth):
    first = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    saved = client.post("/_sim/snapshots", json={"name": "one-order"})
    assert saved.status_code == 201 and saved.get_json()["bytes"] > 0
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    client.post("/_sim/clock/advance", json={"days": 2})
    assert len(client.get("/provet/api/orders", headers=provet_auth).get_json()) == 2
    restored = client.post("/_sim/snapshots/one-order/restore")
    assert restored.status_code == 200
    orders = client.get("/provet/api/orders", headers=provet_auth).get_json()
    assert [o["id"] for o in orders] == [first["id"]]
    assert client.get("/_sim/clock").get_json()["offset_seconds"] < 60
    assert [s["name"] for s in client.get("/_sim/snapshots").get_json()["snapshots"]] == ["one-order"]


def test_snapshot_names_and_conflicts(client):
    assert client.post("/_sim/snapshots", json={"name": "../escape"}).status_code == 400
    assert client.post("/_sim/snapshots", json={}).status_code == 400
    assert client.post("/_sim/snapshots", json={"name": "s"}).status_code == 201
    assert client.post("/_sim/snapshots", json={"name": "s"}).status_code == 409
    assert client.post("/_sim/snapshots", json={"name": "s", "replace": True}).status_code == 201
    assert client.post("/_sim/snapshots/nope/restore").status_code == 404
    assert client.delete("/_sim/snapshots/s").get_json() == {"deleted": "s"}
    assert client.delete("/_sim/snapshots/s").status_code == 404


@pytest.fixture
def guarded(make_app):
    return make_app(admin_token="tok").test_client()


@pytest.mark.parametrize("method,path", [
    ("POST", "/_sim/accounts"), ("GET", "/_sim/accounts"), ("DELETE", "/_sim/accounts/x"),
    ("GET", "/_sim/requests"), ("DELETE", "/_sim/requests"), ("POST", "/_sim/faults"),
    ("GET", "/_sim/faults"), ("DELETE", "/_sim/faults"), ("GET", "/_sim/rules"),
    ("POST", "/_sim/snapshots"), ("GET", "/_sim/snapshots"),
    ("POST", "/_sim/snapshots/x/restore"), ("POST", "/_sim/retailops/pos"),
])
def test_admin_token_guards_the_new_calls(guarded, method, path):
    response = guarded.open(path, method=method, json={})
    assert response.status_code == 401
    allowed = guarded.open(path, method=method, json={}, headers={"Authorization": "Bearer tok"})
    assert allowed.status_code != 401
