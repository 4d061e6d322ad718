"""The /_sim/ control plane: health, reset, clocks, the admin token."""
from __future__ import annotations

import pytest

from tests.helpers import add_account, basic_auth
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def test_health(client, sim):
    body = client.get("/_sim/health").get_json()
    assert body["status"] == "ok"
    assert body["database"] == sim.options.path
    assert body["vendors"][0] == {"name": "provet", "title": "Provet Dropship", "prefix": "/provet"}
    assert body["accounts"] == 1


def test_clock_read_has_no_side_effects(client):
    first = client.get("/_sim/clock").get_json()
    assert set(first) == {"account", "now", "frozen", "offset_seconds"}
    assert first["frozen"] is False and first["offset_seconds"] == 0
    assert client.get("/_sim/clock").get_json()["offset_seconds"] == 0


def test_freeze_advance_resume(client):
    frozen = client.post("/_sim/clock/freeze").get_json()
    assert frozen["frozen"] is True
    moved = client.post("/_sim/clock/advance", json={"hours": 1, "minutes": 30}).get_json()
    assert moved["before"] == frozen["now"]
    assert moved["advanced_seconds"] == 5400
    assert client.get("/_sim/clock").get_json()["now"] == moved["after"]
    resumed = client.post("/_sim/clock/resume").get_json()
    assert resumed["frozen"] is False and resumed["now"] >= moved["after"]


@pytest.mark.parametrize("body,message", [
    ({}, "give how far to move the clock"),
    ({"minutes": -5}, "only moves forward"),
    ({"minutes": "ten"}, "'minutes' must be a number"),
    ({"days": True}, "'days' must be a number"),
    ({"seconds": 0}, "only moves forward"),
])
def test_bad_advance_is_a_400_and_moves_nothing(client, body, message):
    client.post("/_sim/clock/freeze")
    before = client.get("/_sim/clock").get_json()["now"]
    response = client.post("/_sim/clock/advance", json=body)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert client.get("/_sim/clock").get_json()["now"] == before


def test_advance_body_must_be_an_object(client):
    response = client.post("/_sim/clock/advance", data="[1]", content_type="application/json")
    assert response.status_code == 400


def test_unknown_account_is_a_404(client):
    response = client.get("/_sim/clock?account=nobody")
    assert response.status_code == 404
    assert response.get_json() == {"error": "unknown account 'nobody'"}


def test_account_in_query_or_body(client, sim):
    add_account(sim, "other", [])
    client.post("/_sim/clock/freeze?account=other")
    client.post("/_sim/clock/advance", json={"account": "other", "days": 2})
    assert client.get("/_sim/clock?account=other").get_json()["offset_seconds"] >= 172799
    assert client.get("/_sim/clock").get_json()["offset_seconds"] == 0


def test_reset_all_restores_seeded_state(client, provet_auth, sim):
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth)
    client.post("/_sim/clock/advance", json={"days": 3})
    assert client.post("/_sim/reset").get_json() == {"reset": ["default"]}
    assert client.get("/provet/api/orders", headers=provet_auth).get_json() == []
    assert abs(client.get("/_sim/clock").get_json()["offset_seconds"]) < 5
    # Order ids start again where a fresh database starts them.
    again = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    assert again["id"] == 464


def test_reset_one_account_leaves_others(client, provet_auth, sim):
    add_account(sim, "other", [("provet", "u2", "p2", None)])
    other = basic_auth("u2", "p2")
    mine = client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    client.post("/provet/api/orders", json=DOCS_SAMPLE, headers=other)
    assert client.post("/_sim/reset?account=other").get_json() == {"reset": ["other"]}
    assert client.get("/provet/api/orders", headers=other).get_json() == []
    assert [o["id"] for o in client.get("/provet/api/orders", headers=provet_auth).get_json()] == [mine["id"]]
    # The reset account's credentials still work.
    assert client.get("/provet/api/orders", headers=other).status_code == 200


def test_reset_unknown_account(client):
    assert client.post("/_sim/reset", json={"account": "ghost"}).status_code == 404


def test_unknown_control_route_is_json(client):
    response = client.get("/_sim/nothing")
    assert response.status_code == 404 and "error" in response.get_json()


@pytest.fixture
def guarded(make_app):
    return make_app(admin_token="s3cret").test_client()


def test_admin_token_guards_everything_but_health(guarded):
    assert guarded.get("/_sim/health").status_code == 200
    for method, path in [("GET", "/_sim/clock"), ("POST", "/_sim/clock/advance"),
                         ("POST", "/_sim/clock/freeze"), ("POST", "/_sim/reset")]:
        response = guarded.open(path, method=method, json={"minutes": 5})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        wrong = guarded.open(path, method=method, json={"minutes": 5},
                             headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
    ok = guarded.post("/_sim/clock/advance", json={"minutes": 5},
                      headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.get_json()["advanced_seconds"] == 300


def test_admin_token_does_not_guard_vendor_apis(guarded, provet_auth):
    assert guarded.get("/provet/api/orders", headers=provet_auth).status_code == 200


def test_index_lists_base_urls_and_the_dashboard(client):
    body = client.get("/").get_json()
    assert body["vendors"]["provet"] == "http://localhost/provet"
    assert body["dashboard"] == "http://localhost/_sim/ui/"


def test_a_browser_opening_the_index_gets_links(guarded):
    # Firefox's Accept header: a person, who wants a page to click on.
    page = guarded.get("/", headers={"Accept": "text/html,application/xhtml+xml,application/"
                                               "xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert '<a href="http://localhost/_sim/ui/">Open the dashboard</a>' in html
    assert "Provet Dropship: <code>http://localhost/provet</code>" in html


@pytest.mark.parametrize("path", ["/_sim", "/_sim/"])
def test_the_control_plane_root_leads_to_the_dashboard(guarded, path):
    response = guarded.get(path)
    assert response.status_code == 302 and response.headers["Location"] == "/_sim/ui/"
    # Which asks for the admin token before showing anything.
    signin = guarded.get(response.headers["Location"])
    assert signin.status_code == 401 and "Admin token" in signin.get_data(as_text=True)


def test_reset_clears_faults_and_journal(client, provet_auth):
    client.post("/_sim/faults", json={"vendor": "provet", "status": 500, "path": "/api/products"})
    client.get("/provet/api/orders", headers=provet_auth)
    client.post("/_sim/reset")
    assert client.get("/_sim/faults").get_json()["faults"] == []
    assert client.get("/_sim/requests").get_json()["requests"] == []
    assert client.get("/provet/api/products?ResultLimit=1", headers=provet_auth).status_code == 200


@pytest.mark.parametrize("body", [{"days": 10**12}, {"seconds": 10**300}, {"days": 3_000_000}])
def test_advance_past_the_calendar_is_refused_and_nothing_breaks(client, provet_auth, body):
    response = client.post("/_sim/clock/advance", json=body)
    assert response.status_code == 400 and "error" in response.get_json()
    assert client.get("/_sim/clock").get_json()["offset_seconds"] < 60
    assert client.get("/provet/api/products/FRON%2001", headers=provet_auth).status_code == 200


def test_reset_account_must_be_a_string(client):
    response = client.post("/_sim/reset", json={"account": {"id": "default"}})
    assert response.status_code == 400
    assert response.get_json() == {"error": "'account' must be a string"}


def test_the_dashboard_polls_as_often_as_the_setting_says(make_app, monkeypatch):
    page = make_app().test_client().get("/_sim/ui/journal").get_data(as_text=True)
    assert 'data-poll-ms="2500"' in page
    monkeypatch.setenv("DROPSIM_DASHBOARD_POLL_MS", "400")
    page = make_app().test_client().get("/_sim/ui/journal").get_data(as_text=True)
    assert 'data-poll-ms="400"' in page
    with pytest.raises(ValueError, match="at least 100 ms"):
        make_app(dashboard_poll_ms=20)
