"""The simulated storefront: scheduled POs on virtual time, the control calls and the CLI."""
from __future__ import annotations

import json

from click.testing import CliRunner

from simulator.core import clock
from simulator.core.db import transaction
from simulator.vendors.retailops import VENDOR, models

from .conftest import KEY_31

FETCH = "/Vendor/PO/Fetch.json"
ADVICE = "/product/externalsku/update~2.json"


def all_pos(ro, key="YOUR_APIKEY_GOES_HERE"):
    _, body = ro(FETCH, {"with_items": True, "limit": 1000}, key=key)
    return body["records"]


def only_in_stock(ro, sim, vendor, key, keep: dict[str, int]):
    """Advise zero for every VPC of the vendor except `keep`."""
    vpcs = [r[0] for r in sim.db().execute("SELECT vpc FROM retailops_vpcs WHERE vendor_id = ?", [vendor])]
    records = [{"vendor_id": vendor, "vpc": v, "quantity": keep.get(v, 0)} for v in vpcs]
    assert ro(ADVICE, {"records": records}, key=key)[1]["success"] == 1


def test_schedule_creates_pos_only_for_in_stock_vpcs(ro, sim, frozen, advance):
    only_in_stock(ro, sim, 27, "YOUR_APIKEY_GOES_HERE", {"ABC123": 10_000})
    only_in_stock(ro, sim, 31, KEY_31, {})
    before27, before31 = {p["po"] for p in all_pos(ro)}, all_pos(ro, KEY_31)
    moved = advance(days=3)
    created = [t for t in moved["transitions"] if t["rule"] == "retailops.storefront-schedule"]
    assert len(created) >= 10  # ~0.5 purchase per hourly slot
    assert all(t["vendor"] == "retailops" and t["from"] is None for t in created)
    new = [p for p in all_pos(ro) if p["po"] not in before27]
    assert {t["id"] for t in created} == {p["po"] for p in new}
    # A PO is born open when its date_submit is ahead of its purchase, else ready.
    born = {t["id"]: t["to"] for t in created}
    assert {p["po"]: "open" if p["date_submit"] > p["date_created"] else "ready" for p in new} == born
    assert {"open", "ready"} <= set(born.values())
    assert all(i["vpc"] == "ABC123" for p in new for i in p["items"])
    assert all(p["status"] == ("open" if p["date_submit"] > moved["after"] else "ready")
               and p["ship_address"]["country"] == "US" for p in new)
    assert all(len(p["ship_address"]["state"]) == 2 and p["ship_address"]["postal_code"].isdigit()
               and p["ship_service"]["name"] for p in new)
    assert any(p["date_submit"] > p["date_created"] for p in new)  # some wait, as the guide warns
    # Nothing in stock, nobody buys (its open PO only turned ready).
    assert [p["po"] for p in all_pos(ro, KEY_31)] == [p["po"] for p in before31]
    sold = sum(i["quantity"] for p in new for i in p["items"])
    assert models.get_inventory(sim.db(), "default", 27, "ABC123")["quantity"] == 10_000 - sold


def test_nothing_in_stock_means_no_pos(ro, sim, frozen, advance):
    only_in_stock(ro, sim, 27, "YOUR_APIKEY_GOES_HERE", {})
    only_in_stock(ro, sim, 31, KEY_31, {})
    count = len(all_pos(ro))
    moved = advance(days=2)["transitions"]
    assert [t for t in moved if t["rule"] == "retailops.storefront-schedule"] == []
    assert len(all_pos(ro)) == count


def test_sold_out_stops_the_storefront(ro, sim, frozen, advance):
    only_in_stock(ro, sim, 27, "YOUR_APIKEY_GOES_HERE", {"ABC123": 2})
    advance(days=4)
    new = [p for p in all_pos(ro) if p["items"][0]["vpc"] == "ABC123" and p["po"] != "D123"]
    assert sum(i["quantity"] for p in new for i in p["items"]) == 2
    assert models.get_inventory(sim.db(), "default", 27, "ABC123")["quantity"] == 0


def test_pos_materialise_when_the_account_is_next_served(ro, sim, frozen):
    only_in_stock(ro, sim, 27, "YOUR_APIKEY_GOES_HERE", {"ABC123": 500})
    count = len(all_pos(ro))
    db = sim.db()
    with transaction(db):  # move the clock without the advance hook
        clock.advance(db, "default", 86400)
    assert models.storefront_until(db, "default") < clock.now_us(db, "default")
    assert len(all_pos(ro)) > count
    assert models.storefront_until(db, "default") == clock.now_us(db, "default")


def test_same_seed_same_storefront(make_app, db_path, tmp_path):
    import shutil
    copy = str(tmp_path / "copy.db")
    shutil.copyfile(db_path, copy)
    results = []
    for path in (db_path, copy):
        app = make_app() if path == db_path else __import__("simulator").create_app({"db": path})
        sim = app.extensions["dropsim"]
        db = sim.db()
        with transaction(db):
            db.execute("UPDATE clocks SET frozen_at_us = ? WHERE account = 'default'",
                       [models.storefront_until(db, "default") + 1])
        sim.advance("default", 5 * 86400)
        results.append([(r["po"], r["date_created_us"], r["ship_address1"], r["ship_class_id"])
                        for r in db.query("SELECT * FROM retailops_pos ORDER BY id")])
    assert results[0] == results[1] and len(results[0]) > 20


def test_control_creates_a_po(client, ro, frozen):
    response = client.post("/_sim/retailops/pos", json={
        "vendor": 27, "items": [{"vpc": "ABC123", "quantity": 2}]})
    assert response.status_code == 201
    po = response.get_json()["po"]
    assert po["status"] == "ready" and po["vendor_id"] == 27 and po["date_submit"] == po["date_created"]
    assert [(i["vpc"], i["quantity"], i["sku"]) for i in po["items"]] == [("ABC123", 2, 10123)]
    assert po["po"] in [p["po"] for p in all_pos(ro)]
    fetched = client.get(f"/_sim/retailops/pos/{po['po']}").get_json()["po"]
    assert fetched == po


def test_control_errors(client):
    cases = [({"items": ["ABC123:1"]}, 400, "vendor id"), ({"vendor": 99, "items": ["X:1"]}, 404, "vendor 99"),
             ({"vendor": 27, "items": ["NOPE:1"]}, 404, "'NOPE'"), ({"vendor": 27, "items": []}, 400, "items"),
             ({"vendor": 27, "items": ["ABC123:0"]}, 400, "at least 1"),
             ({"vendor": 27, "items": ["ABC123:1"], "date_submit": "tomorrow"}, 400, "date_submit"),
             ({"vendor": 27, "items": ["ABC123:1"], "account": "ghost"}, 404, "ghost")]
    for body, status, fragment in cases:
        response = client.post("/_sim/retailops/pos", json=body)
        assert response.status_code == status and fragment in response.get_json()["error"], body


def test_control_needs_the_admin_token_when_set(make_app):
    client = make_app(admin_token="s3cret").test_client()
    body = {"vendor": 27, "items": ["ABC123:1"]}
    assert client.post("/_sim/retailops/pos", json=body).status_code == 401
    ok = client.post("/_sim/retailops/pos", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201


def test_cli_creates_and_changes_pos(db_path, ro, frozen):
    runner = CliRunner()
    result = runner.invoke(VENDOR.cli, ["po", "--vendor", "27", "--item", "ABC123:2", "--db", db_path])
    assert result.exit_code == 0, result.output
    po = json.loads(result.output)["po"]
    assert po["items"][0]["quantity"] == 2 and po["po"] in [p["po"] for p in all_pos(ro)]
    result = runner.invoke(VENDOR.cli, ["po", "--vendor", "31", "--item", "HP-1001:1", "--db", db_path,
                                        "--date-submit", "2999-01-01"])
    assert result.exit_code == 0 and json.loads(result.output)["po"]["date_submit"] == "2999-01-01T00:00:00Z"
    bad = runner.invoke(VENDOR.cli, ["po", "--vendor", "27", "--item", "NOPE:1", "--db", db_path])
    assert bad.exit_code != 0 and "NOPE" in bad.output
    bad = runner.invoke(VENDOR.cli, ["po", "--vendor", "27", "--item", "ABC123:1", "--db", db_path,
                                     "--account", "ghost"])
    assert bad.exit_code != 0 and "ghost" in bad.output
    result = runner.invoke(VENDOR.cli, ["po", "--vendor", "31", "--item", "HP-1001:1", "--db", db_path])
    mine = json.loads(result.output)["po"]
    number, item = mine["po"], mine["items"][0]["po_item_id"]
    assert ro("/Vendor/PO/MarkSubmitted.json", {"records": [{"po": number}]}, key=KEY_31)[1]["success"] == 1
    result = runner.invoke(VENDOR.cli, ["change-po", number, "--item", f"{item}:7", "--db", db_path])
    assert result.exit_code == 0, result.output
    changed = json.loads(result.output)["po"]
    assert changed["revision"] == 1 and changed["items"][0]["quantity"] == 7
