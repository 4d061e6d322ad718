"""The pytest plugin, exercised by a test suite of its own run under pytest-xdist."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # each test runs a pytest session that starts a live server

# The inner sessions run as an integrator's suite would, without the pytest plugins that this
# project's own test extras install (schemathesis, hypothesis, anyio, faker): none of them is
# the integrator's, and importing them cost each pytest process 2.8 of its 3.7 s start (three
# processes under xdist).
INNER = ("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest",
         "-p", "no:anyio", "-p", "no:faker")

INTEGRATOR_SUITE = '''
import base64, json, urllib.error, urllib.request


class ShopProvetClient:
    """Stands in for an integrator's own code: a shop plugin talking to Provet."""

    def __init__(self, base_url, username, password):
        self.base_url = base_url
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    def _call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, headers=self.headers)
        with urllib.request.urlopen(req, timeout=10) as response:
            return json.loads(response.read())

    def place(self, code, quantity, note=None):
        return self._call("/api/orders", {
            "CustomerName": "Joe Smith", "AddressLine1": "1 Test St", "Suburb": "Suburb",
            "State": "NSW", "Postcode": "2000", "Country": "Australia",
            "CustomerEmail": "joe@example.com", "CustomerPhone": "0400000000",
            "DeliveryInstructions": note,
            "OrderLines": [{"ProductCode": code, "Quantity": quantity}]})

    def status(self, order_id):
        return self._call(f"/api/orders/{order_id}")["status"]


def client(dropsim):
    return ShopProvetClient(dropsim.base_urls["provet"], *dropsim.provet_auth)


def test_order_ships_after_thirty_virtual_minutes(dropsim):
    shop = client(dropsim)
    dropsim.freeze()
    order = shop.place("FRON 01", 2)
    assert shop.status(order["id"]) == "Ordered"
    steps = dropsim.advance(minutes=30)
    assert [t["to"] for t in steps if t["vendor"] == "provet"] == ["Sent", "Picking", "Shipped"]
    assert shop.status(order["id"]) == "Shipped"


def test_cancelled_order(dropsim):
    shop = client(dropsim)
    order = shop.place("FRON 01", 1, note="cancel")
    dropsim.advance(minutes=10)
    assert shop.status(order["id"]) == "Cancelled"
    posted = dropsim.requests(method="POST")
    assert posted[0]["rules"] == ["provet.cancel-word"]


def test_accounts_are_isolated(dropsim):
    # A fresh account per test: nothing placed by another test is visible here.
    assert client(dropsim)._call("/api/orders") == []


def test_rate_limit_fault(dropsim):
    shop = client(dropsim)
    dropsim.fault(vendor="provet", preset="rate_limit", path="/api/orders", times=1)
    try:
        shop.place("FRON 01", 1)
        raise AssertionError("expected a 429")
    except urllib.error.HTTPError as exc:
        assert exc.code == 429 and exc.headers["Retry-After"] == "30"
    assert shop._call("/api/orders") == []  # the faulted write stored nothing
    shop.place("FRON 01", 1)  # the fault expired after one hit


def test_connect_catalogue_and_its_stock(dropsim):
    url = dropsim.base_urls["provet-connect"] + "/products/FRON%2001"
    read = lambda: json.loads(urllib.request.urlopen(
        urllib.request.Request(url, headers=dropsim.connect_headers), timeout=10).read())
    assert read()["stockAvailable"] == 240
    client(dropsim).place("FRON 01", 40)  # a Dropship order takes from the same stock
    assert read()["stockAvailable"] == 200
'''


def test_plugin_suite_under_xdist(pytester):
    pytester.makepyfile(test_integration=INTEGRATOR_SUITE)
    result = pytester.runpytest_subprocess("-n", "2", *INNER, timeout=180)
    result.assert_outcomes(passed=5)


def test_plugin_suite_without_xdist(pytester):
    pytester.makepyfile(test_integration=INTEGRATOR_SUITE)
    result = pytester.runpytest_subprocess(*INNER, timeout=180)
    result.assert_outcomes(passed=5)


def test_docs_example_runs(pytester):
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "pytest-plugin.md").read_text()
    start = page.index("```python\n# test_shop_provet.py")
    code = page[start + len("```python\n"):page.index("```", start + 10)]
    pytester.makepyfile(test_shop_provet=code)
    result = pytester.runpytest_subprocess(*INNER, timeout=180)
    result.assert_outcomes(passed=2)
