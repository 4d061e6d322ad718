"""The dashboard's lists come a page at a time (setting dashboard_page_size), so that a page
stays small however much an account holds; ?page= moves through them, newest first."""
from __future__ import annotations

import re

import pytest

from tests.vendors.allivet.conftest import get_token, order_body
from tests.vendors.provet.test_orders import DOCS_SAMPLE


@pytest.fixture
def client(make_app):
    return make_app(dashboard_page_size=2).test_client()


def _ids(html: str, attribute: str) -> list[str]:
    return re.findall(rf'{attribute}="([^"]+)"', html)


def test_provet_orders_are_paged_newest_first(client, provet_auth):
    made = [client.post("/provet/api/orders", json={**DOCS_SAMPLE, "PurchaseOrderNumber": f"p{n}"},
                        headers=provet_auth).get_json()["id"] for n in range(5)]
    first = client.get("/_sim/ui/provet").get_data(as_text=True)
    assert _ids(first, "data-order") == [str(made[4]), str(made[3])]
    assert "page 1 of 3 (5 orders)" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/_sim/ui/provet?page=3&partial=1").get_data(as_text=True)
    assert _ids(last, "data-order") == [str(made[0])]
    assert "page 3 of 3 (5 orders)" in last and 'rel="next"' not in last
    assert "page=2" in re.search(r'<a href="([^"]+)" rel="prev"', last).group(1)
    # A page past the end is empty, a nonsense page is the first.
    assert _ids(client.get("/_sim/ui/provet?page=9").get_data(as_text=True), "data-order") == []
    assert _ids(client.get("/_sim/ui/provet?page=x%C2%B3").get_data(as_text=True),
                "data-order") == [str(made[4]), str(made[3])]


def test_the_journal_is_paged(client, provet_auth):
    for _ in range(5):
        client.get("/provet/api/orders", headers=provet_auth)
    html = client.get("/_sim/ui/journal?page=2").get_data(as_text=True)
    assert "page 2 of 3 (5 requests)" in html


def test_allivet_and_retailops_pages_are_paged(client):
    token = get_token(client)
    for n in range(3):
        assert client.post("/allivet/api/Orders", json=order_body(clientOrderId=f"pg-{n}"),
                           headers={"Authorization": f"Bearer {token}"}).status_code == 200
    allivet = client.get("/_sim/ui/allivet").get_data(as_text=True)
    assert "page 1 of" in allivet and "pg-2" in allivet and "pg-0" not in allivet
    retailops = client.get("/_sim/ui/retailops").get_data(as_text=True)
    shown = len(re.findall(r'data-po="', retailops))
    assert shown == 2 and re.search(r"page 1 of \d+ \(\d+ purchase orders\)", retailops)
