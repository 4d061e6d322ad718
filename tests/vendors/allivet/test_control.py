"""Allivet's control calls over HTTP: an order with dropsim's extras (tracking number, status
timeline) under /_sim/allivet/orders, which the vendor's own order resource does not carry."""
from __future__ import annotations

from datetime import datetime

from .conftest import order_body
from .test_orders import non_rx  # noqa: F401  (fixture)


def _control(client, ref: str, expect: int = 200, account: str | None = None) -> dict:
    query = f"?account={account}" if account else ""
    response = client.get(f"/_sim/allivet/orders/{ref}{query}")
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()


def test_order_with_tracking_and_timeline(api, client, non_rx, frozen, advance):
    created = api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    code = created["salesOrderCode"]
    body = _control(client, "26849758")
    assert list(body) == ["account", "order", "trackingNumber", "timeline"]
    assert body["account"] == "default" and body["order"] == api.get("/api/Orders/26849758")
    assert body["trackingNumber"] is None
    assert [(s["status"], s["rule"], s["reached"]) for s in body["timeline"]] == [
        ("Processing", "allivet.status-steps", True), ("Shipped", "allivet.status-steps", False)]
    assert body["timeline"][0]["at"] == frozen["now"]
    advance(minutes=10)
    shipped = _control(client, code)  # by salesOrderCode too
    assert shipped["order"]["orderStatus"] == "Shipped" and "trackingNumber" not in shipped["order"]
    assert len(shipped["trackingNumber"]) == 12 and shipped["trackingNumber"].isdigit()
    assert shipped["trackingNumber"] == _control(client, "26849758")["trackingNumber"]
    assert [s["reached"] for s in shipped["timeline"]] == [True, True]


def test_rx_order_shows_prescriptions_and_their_timeline(api, client, frozen, advance):
    created = api.post("/api/Orders", order_body())
    rx_id = created["customerSalesOrderDetail"][0]["prescriptionId"]
    body = _control(client, "26849758")
    assert body["prescriptions"] == [rx_id]
    assert [(s["status"], s["reached"]) for s in body["timeline"]] == [
        ("Waiting for Rx", True), ("Processing", False), ("Shipped", False)]
    assert [(s["status"], s["reached"]) for s in body["rxTimeline"]] == [
        ("WaitingVetApproval", True), ("Valid", False)]
    client.post(f"/_sim/allivet/prescriptions/{rx_id}/deny")
    denied = _control(client, "26849758")
    assert [s["status"] for s in denied["timeline"]] == ["Waiting for Rx", "Cancelled"]
    assert denied["rxTimeline"][-1]["status"] == "ClosedOrExpired"
    assert denied["trackingNumber"] is None and denied["order"]["orderStatus"] == "Cancelled"


def test_unknown_order_or_account_is_a_control_404(api, client, non_rx):
    assert _control(client, "NOPE", 404) == {"error": "unknown order 'NOPE' in account 'default'"}
    api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    assert "error" in _control(client, "26849758", 404, account="ghost")
    assert _control(client, "26849758", account="default")["order"]["clientOrderId"] == "26849758"


def test_reading_an_order_changes_nothing(api, client, sim, non_rx):
    api.post("/api/Orders", order_body([(non_rx[0], 1)]))
    before = sim.db().execute("SELECT * FROM allivet_orders ORDER BY id").fetchall()
    _control(client, "26849758")
    assert sim.db().execute("SELECT * FROM allivet_orders ORDER BY id").fetchall() == before


def test_the_admin_token_applies(make_app, non_rx):
    client = make_app(admin_token="s3cret").test_client()
    assert client.get("/_sim/allivet/orders/26849758").status_code == 401
    ok = client.get("/_sim/allivet/orders/NOPE", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 404


def test_odd_references_are_404s_not_server_errors(client):
    for ref in ("%00", "x" * 5000, "%E2%9C%93", "SO-", "so-1 ", "'; DROP TABLE allivet_orders;--"):
        response = client.get(f"/_sim/allivet/orders/{ref}")
        assert response.status_code == 404 and "error" in response.get_json()
    assert client.get("/_sim/allivet/orders/x?account=").status_code == 404


def test_allivet_steps_by_its_own_status_interval_not_provets(make_app):
    client = make_app(allivet_status_interval=120, provet_status_interval=3600).test_client()
    ref = client.application.extensions["dropsim"].db().execute(
        "SELECT sales_order_code FROM allivet_orders WHERE account = 'default' AND is_rx = 0 "
        "AND is_backorder = 0 AND cancelled_us IS NULL LIMIT 1").fetchone()[0]
    timeline = client.get(f"/_sim/allivet/orders/{ref}").get_json()["timeline"]
    assert [s["status"] for s in timeline] == ["Processing", "Shipped"]
    first, second = (datetime.fromisoformat(s["at"].replace("Z", "+00:00")) for s in timeline)
    assert (second - first).total_seconds() == 120


def test_a_prescription_id_past_64_bits_is_unknown_not_a_server_error(client):
    # Found by schemathesis against /_sim/openapi.json: the id reached SQLite and overflowed.
    for action in ("approve", "deny"):
        response = client.post(f"/_sim/allivet/prescriptions/{2**88}/{action}", json={})

        assert response.status_code == 404
        assert response.get_json() == {"error": f"unknown prescription {2**88} in account "
                                                "'default'"}
