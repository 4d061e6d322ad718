"""What every registered vendor owes the rest of dropsim, checked the same way for each: a
vendor added to the registry (simulator/vendors/VENDOR_PACKAGES) is run through all of it."""
from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound, ServiceUnavailable

from simulator.vendors import all_vendors

VENDORS = all_vendors()


@pytest.fixture(params=VENDORS, ids=[v.name for v in VENDORS])
def vendor(request):
    return request.param


@pytest.fixture
def new_account(client):
    def make(name: str) -> dict:
        response = client.post("/_sim/accounts", json={"account": name})
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()["credentials"]
    return make


def call(client, vendor, credentials: dict):
    request = vendor.first_call(credentials)
    return client.open(request["path"], method=request["method"], headers=request["headers"],
                       json=request["json"])


def wrong(credentials: dict) -> dict:
    """The same credentials with every secret, name and key guessed wrong."""
    return {k: f"{v}-wrong" if isinstance(v, str) else v for k, v in credentials.items()}


def shape(response) -> tuple:
    """What a client parses: the media type and the body's top-level keys (or no body)."""
    data = response.get_data()
    if not data:
        return None, None
    body = response.get_json(silent=True)
    return response.mimetype, sorted(body) if isinstance(body, dict) else type(body).__name__


def not_dropsims(response) -> None:
    """The answer is the vendor's, not the control plane's own `{"error": ...}`."""
    body = response.get_json(silent=True)
    assert not (isinstance(body, dict) and set(body) == {"error"}), body


def rendered(app, vendor, path: str, exc) -> tuple:
    """The shape of the vendor's own rendering of an HTTP error at `path`."""
    with app.test_request_context(path):
        return shape(app.make_response(vendor.render_http_error(exc)))


def journal(client, account: str) -> list[dict]:
    response = client.get(f"/_sim/requests?account={account}")
    assert response.status_code == 200
    return response.get_json()["requests"]


def test_every_vendor_offers_a_first_call():
    assert [v.name for v in VENDORS if v.first_call is None] == []


def test_a_first_call_is_answered_and_journalled_for_its_account(client, vendor, new_account):
    credentials = new_account("contract-a")[vendor.name]
    response = call(client, vendor, credentials)
    assert response.status_code == 200, response.get_data(as_text=True)
    entry = journal(client, "contract-a")[0]
    request = vendor.first_call(credentials)
    assert (entry["vendor"], entry["method"], entry["path"], entry["status"]) == (
        vendor.name, request["method"], request["path"], 200)
    assert entry["account"] == "contract-a" and entry["fault"] is None


def test_refused_credentials_are_the_vendors_401_anonymous_and_consume_no_fault(
        client, vendor, new_account):
    credentials = new_account("contract-a")[vendor.name]
    fault = client.post("/_sim/faults", json={"account": "contract-a", "vendor": vendor.name,
                                              "status": 503, "times": 1}).get_json()
    response = call(client, vendor, wrong(credentials))
    assert response.status_code == 401, response.get_data(as_text=True)
    assert "X-Dropsim-Fault" not in response.headers
    not_dropsims(response)
    entry = journal(client, "anonymous")[0]
    assert (entry["vendor"], entry["status"], entry["account"]) == (vendor.name, 401, "anonymous")
    assert journal(client, "contract-a") == []
    # The fault is still there for the account's own next call.
    assert call(client, vendor, credentials).headers.get("X-Dropsim-Fault") == fault["id"]


def test_an_unknown_route_is_a_404_in_the_vendors_shape(app, client, vendor, new_account):
    headers = vendor.first_call(new_account("contract-a")[vendor.name])["headers"]
    path = f"/{vendor.name}/no-such-route/at-all"
    response = client.post(path, headers=headers, json={})
    assert response.status_code == 404, response.get_data(as_text=True)
    assert shape(response) == rendered(app, vendor, path, NotFound())
    not_dropsims(response)


def test_a_fault_is_answered_in_the_vendors_shape_for_its_account_only(
        app, client, vendor, new_account):
    credentials = new_account("contract-a")
    other = new_account("contract-b")
    fault = client.post("/_sim/faults", json={"account": "contract-a", "vendor": vendor.name,
                                              "status": 503}).get_json()
    response = call(client, vendor, credentials[vendor.name])
    assert response.status_code == 503
    assert response.headers["X-Dropsim-Fault"] == fault["id"]
    path = vendor.first_call(credentials[vendor.name])["path"]
    assert shape(response) == rendered(app, vendor, path, ServiceUnavailable())
    not_dropsims(response)
    assert journal(client, "contract-a")[0]["fault"] == fault["id"]
    # The other account is untouched by it, and sees none of the first account's calls.
    untouched = call(client, vendor, other[vendor.name])
    assert untouched.status_code == 200 and "X-Dropsim-Fault" not in untouched.headers
    assert [e["account"] for e in journal(client, "contract-b")] == ["contract-b"]


def test_one_accounts_credentials_do_not_reach_another(client, vendor, new_account):
    mine, theirs = new_account("contract-a")[vendor.name], new_account("contract-b")[vendor.name]
    assert call(client, vendor, mine).status_code == 200
    assert call(client, vendor, theirs).status_code == 200
    assert [e["account"] for e in journal(client, "contract-a")] == ["contract-a"]
    assert [e["account"] for e in journal(client, "contract-b")] == ["contract-b"]
    assert mine != theirs


def test_its_rules_are_listed(client, vendor):
    listed = client.get(f"/_sim/rules?vendor={vendor.name}").get_json()["rules"]
    assert listed and [r["id"] for r in listed] == [r["id"] for r in vendor.rules]
    for rule in listed:
        assert rule["vendor"] == vendor.name
        assert all(isinstance(rule[k], str) and rule[k].strip()
                   for k in ("id", "trigger", "effect", "source")), rule


def test_its_dashboard_page_and_overview_render(client, vendor, new_account):
    credentials = new_account("contract-a")[vendor.name]
    overview = client.get("/_sim/ui/?account=contract-a")
    assert overview.status_code == 200
    html = overview.get_data(as_text=True)
    assert vendor.title in html  # the Connect card, with the account's credentials to copy
    first_secret = next(v for v in credentials.values() if isinstance(v, str))
    assert first_secret in html
    page = client.get(f"/_sim/ui/{vendor.name}?account=contract-a")
    if vendor.dashboard is None:
        assert page.status_code == 404
        return
    assert page.status_code == 200, page.get_data(as_text=True)
    assert f'aria-current="page">{vendor.dashboard.tab}<' in page.get_data(as_text=True)
    assert f'id="chart-{vendor.name}"' in client.get(
        "/_sim/ui/?account=contract-a&partial=1").get_data(as_text=True)
    live = client.get(f"/_sim/ui/{vendor.name}?account=contract-a&partial=1")
    assert live.status_code == 200 and "<html" not in live.get_data(as_text=True)
