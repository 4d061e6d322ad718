"""The nightly catalogue change on the virtual clock: a daily sync with UpdatedAfter and
CreatedAfter sees prices move, products arrive and products leave."""
from __future__ import annotations

from simulator.core.wire import parse_datetime
from tests.helpers import add_account

from .conftest import connect_headers


def catalogue(client, auth, query=""):
    response = client.get(f"/provet-connect/api/products?ResultLimit=-1{query}", headers=auth)
    assert response.status_code == 200
    return {p["productCode"]: p for p in response.get_json()}


def test_week_of_nightly_changes(client, connect_auth, frozen, advance):
    start = frozen["now"]
    before = catalogue(client, connect_auth)
    advance(days=7)
    after = catalogue(client, connect_auth)

    updated = catalogue(client, connect_auth, f"&UpdatedAfter={start}")
    created = catalogue(client, connect_auth, f"&CreatedAfter={start}")
    start_us = parse_datetime(start)[0]

    # Prices changed on several nights; the sync sees exactly the products updated since.
    assert len(updated) >= 7
    assert updated == {c: p for c, p in after.items()
                       if parse_datetime(p["updatedOn"])[0] > start_us}
    repriced = [c for c in updated if c in before and c not in created]
    assert repriced and all(after[c]["price"] != before[c]["price"] for c in repriced)
    assert all(before[c]["updatedOn"] != after[c]["updatedOn"] for c in repriced)

    # New products arrived, and are new to the list.
    assert created and all(c not in before for c in created)
    assert all(parse_datetime(p["createdOn"])[0] > start_us for p in created.values())

    # Some products were discontinued and ran out: they leave the list.
    gone = set(before) - set(after)
    assert gone
    for code in gone:
        product = client.get(f"/provet-connect/api/products/{code}", headers=connect_auth).get_json()
        assert product["discontinued"] is True and product["stockAvailable"] == 0

    # The docs' example never churns away.
    assert after["FRON 01"] == before["FRON 01"]


def test_changes_happen_at_sydney_midnight_only(client, connect_auth, frozen, advance, sim):
    from simulator.vendors.provet import rules

    now_us = parse_datetime(frozen["now"])[0]
    # Seconds to the next Sydney midnight, minus a minute: still the same catalogue day.
    local = rules.to_datetime(now_us).astimezone(rules.CATALOGUE_ZONE)
    to_midnight = (24 * 3600 - (local.hour * 3600 + local.minute * 60 + local.second))
    before = catalogue(client, connect_auth)
    if to_midnight > 120:
        advance(seconds=to_midnight - 60)
        assert catalogue(client, connect_auth) == before
    advance(minutes=2)
    assert catalogue(client, connect_auth) != before


def test_each_account_sees_the_catalogue_of_its_own_day(client, connect_auth, sim, frozen, advance):
    add_account(sim, "other", [("provet-connect", "u2", "c2", None)])
    other = connect_headers("u2", "c2")
    before = catalogue(client, other)
    advance(days=5)
    assert catalogue(client, other) == before
    assert catalogue(client, connect_auth) != before
