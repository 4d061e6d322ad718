"""The derived status `open`: a ready PO whose date_submit is still ahead of the account's
clock answers `open` everywhere, and turns `ready` by itself when the clock reaches it."""
from __future__ import annotations

import re

import pytest
from flask import g

from simulator.core.wire import format_iso_z, parse_datetime
from simulator.vendors.retailops import models

from .conftest import KEY_31

FETCH = "/Vendor/PO/Fetch.json"
SUBMIT = "/Vendor/PO/MarkSubmitted.json"
VALID = "open, ready, submitted, accepted, complete, canceled"
HOUR_US = 3_600_000_000


def later(frozen, hours: float) -> str:
    return format_iso_z(parse_datetime(frozen["now"])[0] + int(hours * HOUR_US))


def order(client, date_submit: str | None = None, vendor: int = 27, vpc: str = "ABC123") -> dict:
    body = {"vendor": vendor, "items": [f"{vpc}:1"], "date_submit": date_submit}
    response = client.post("/_sim/retailops/pos", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["po"]


def fetched(ro, status, key="YOUR_APIKEY_GOES_HERE") -> tuple[int, dict[str, str]]:
    _, body = ro(FETCH, {"status": status, "limit": 1000}, key=key)
    assert body["success"] == 1, body
    return body["total"], {p["po"]: p["status"] for p in body["records"]}


def test_a_po_is_open_until_its_date_submit_then_ready(ro, client, po_of, frozen, advance):
    po = order(client, later(frozen, 2))
    number = po["po"]
    assert po["status"] == "open" and po_of(number)["status"] == "ready"  # stored: ready
    assert client.get(f"/_sim/retailops/pos/{number}").get_json()["po"]["status"] == "open"
    assert fetched(ro, "open")[1][number] == "open"
    assert number not in fetched(ro, "ready")[1]
    assert fetched(ro, ["open", "ready"])[1][number] == "open"

    with client:
        _, refused = ro(SUBMIT, {"records": [{"po": number}]})
        assert g.rules_fired == ["retailops.future-date-submit"]
    assert refused["ERRORCODE"] == "DATE_SUBMIT_IN_FUTURE"
    assert refused["ERROR"] == (f"records[0] (po {number}): PO {number} is still open: its "
                                f"date_submit {po['date_submit']} is in the future; it cannot "
                                "be submitted before then")
    _, body = ro("/Vendor/PO/Complete.json", {"po": number, "packages": [{
        "ship_class_id": 7, "tracking_number": "1Z1",
        "items": [{"vpc": "ABC123", "quantity": 1}]}]})
    assert body["ERRORCODE"] == "INVALID_STATUS"
    assert f"PO {number} is in status 'open'" in body["ERROR"]
    _, body = ro("/Vendor/PO/UpdateEstShipDate.json", {"records": [
        {"po": number, "estimated_ship_date": "2024-05-01T10:00:00+0000"}]})
    assert body["records"][0]["status"] == "open"
    assert body["records"][0]["estimated_ship_date"] == "2024-05-01T10:00:00Z"
    assert po_of(number)["status"] == "ready"

    moved = advance(hours=3)
    due = [t for t in moved["transitions"] if t["id"] == number]
    assert due == [{"vendor": "retailops", "object": "po", "id": number, "from": "open",
                    "to": "ready", "rule": "retailops.future-date-submit",
                    "at": po["date_submit"].replace("Z", ".000000Z")}]
    assert fetched(ro, "ready")[1][number] == "ready"
    assert number not in fetched(ro, "open")[1]
    _, done = ro(SUBMIT, {"records": [{"po": number}]})
    assert done["records"] == [{"success": 1, "po": number, "id": po["id"], "status": "submitted"}]
    assert po_of(number)["status"] == "submitted"


def test_filters_partition_the_vendors_pos_and_total_counts_the_same_set(ro, client, frozen):
    order(client, later(frozen, 30))
    total, everything = fetched(ro, None)
    assert set(everything.values()) >= {"open", "ready", "submitted", "complete", "canceled"}
    seen = {}
    for status in VALID.split(", "):
        count, page = fetched(ro, status)
        assert count == len(page) and set(page.values()) <= {status}
        seen.update(page)
    assert seen == everything and total == len(everything)
    both_total, both = fetched(ro, ["OPEN", " Ready "])  # any case, trimmed
    assert both == {p: s for p, s in everything.items() if s in ("open", "ready")}
    assert both_total == len(both)
    _, page = ro(FETCH, {"status": ["open", "ready"], "limit": 1, "start": 1})
    assert page["total"] == both_total and [p["po"] for p in page["records"]] == sorted(
        both, key=lambda n: int(n[1:]))[1:2]
    assert fetched(ro, ["ready", "ready"]) == fetched(ro, "ready")
    assert fetched(ro, "") == fetched(ro, None) == (total, everything)


@pytest.mark.parametrize("status, where, shown", [
    ("shipped", "status", "'shipped' is not a PO status"),
    (["open", "Shipped"], "status[1]", "'Shipped' is not a PO status"),
    (["open", 1], "status[1]", "must be a PO status name"),
    ([None], "status[0]", "must be a PO status name"),
    (5, "status", "must be a PO status name"),
    ({"in": ["open"]}, "status", "must be a PO status name"),
    (True, "status", "must be a PO status name"),
    ([], "status", "must name at least one PO status"),
])
def test_a_bad_status_filter_is_refused_naming_the_valid_ones(ro, status, where, shown):
    _, body = ro(FETCH, {"status": status})
    assert body["success"] == 0 and body["ERRORCODE"] == "INVALID_REQUEST"
    assert body["ERROR"].startswith(f"{where} ") and shown in body["ERROR"]
    assert VALID in body["ERROR"] and "records" not in body


def test_the_status_filter_is_an_indexed_query(ro, sim, frozen):
    statements = []
    sim.db().conn.set_trace_callback(statements.append)
    try:
        for status in ("open", "ready", ["open", "ready"], ["open", "complete"], "canceled", None):
            assert ro(FETCH, {"status": status})[1]["success"] == 1
    finally:
        sim.db().conn.set_trace_callback(None)
    queries = [s for s in statements if "FROM retailops_pos WHERE" in s and "status =" in s]
    assert len(queries) == 10  # a count and a page per filter
    for sql in queries:
        plan = [row[3] for row in sim.db().execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step for step in plan if re.match(r"(SCAN|SEARCH) retailops_pos\b", step)]
        assert reads and all("status=?" in step for step in reads), (sql, plan)
        if "date_submit_us" in sql and sql.startswith("SELECT count"):
            assert any("date_submit_us" in step for step in reads), (sql, plan)


def test_open_pos_turn_ready_on_an_advance_and_new_ones_are_born_open(ro, client, frozen, advance):
    _, before = fetched(ro, "open")
    _, theirs = fetched(ro, "open", key=KEY_31)
    assert before and theirs  # the seed holds open POs for both vendors
    far = order(client, later(frozen, 24 * 30))
    moved = advance(days=4)
    turned = {t["id"] for t in moved["transitions"] if t["from"] == "open"}
    assert set(before) - {far["po"]} | set(theirs) <= turned and far["po"] not in turned
    assert all(t["to"] == "ready" and t["rule"] == "retailops.future-date-submit"
               for t in moved["transitions"] if t["from"] == "open")
    _, still_open = fetched(ro, "open")
    assert far["po"] in still_open and not set(before) - {far["po"]} & set(still_open)
    # A storefront PO born open and due within the same advance is listed twice, in order.
    born_open = [t["id"] for t in moved["transitions"]
                 if t["rule"] == "retailops.storefront-schedule" and t["to"] == "open"]
    for number in born_open:
        steps = [(t["from"], t["to"]) for t in moved["transitions"] if t["id"] == number]
        assert steps in ([(None, "open")], [(None, "open"), ("open", "ready")])
    # A PO ready from the start never reports open -> ready.
    ready_now = order(client)
    assert ready_now["status"] == "ready"
    assert not [t for t in advance(hours=1)["transitions"] if t["id"] == ready_now["po"]]


def test_counts_dashboard_and_rules_show_open(ro, client, sim, frozen):
    po = order(client, later(frozen, 5))
    counts = dict(models.count_by_status(sim.db(), "default", parse_datetime(frozen["now"])[0]))
    for status in VALID.split(", "):
        assert counts[status] == fetched(ro, status)[0] + fetched(ro, status, key=KEY_31)[0]
    page = client.get("/_sim/ui/retailops?partial=1").get_data(as_text=True)
    open_group = page[page.index('id="po-open"'):page.index('id="po-ready"')]
    assert f'data-po="{po["po"]}"' in open_group
    assert re.search(r"ready in (5 h|4 h 59 min)</div>", open_group)  # date_submit is whole seconds
    ready_group = page[page.index('id="po-ready"'):page.index('id="po-submitted"')]
    assert 'data-po="D123"' in ready_group and f'data-po="{po["po"]}"' not in ready_group
    rules = {r["id"]: r for r in client.get("/_sim/rules?vendor=retailops").get_json()["rules"]}
    rule = rules["retailops.future-date-submit"]
    assert "open" in rule["effect"] and "open -> ready" in rule["effect"]
    assert "Open and Ready" in rule["source"]
