"""Seeding is deterministic: same seed, same catalogue rows; another seed, another catalogue."""
from __future__ import annotations

from simulator.vendors.provet.seed import CatalogueBuilder


def rows(seed):
    return CatalogueBuilder(seed).build(lambda *a: None)


def test_same_seed_same_catalogue():
    assert rows(42) == rows(42)


def test_different_seed_different_catalogue():
    a, b = rows(42), rows(7)
    assert a != b
    # The docs' example is fixed whatever the seed.
    assert [r for r in a if r["code"] == "FRON 01"] == [r for r in b if r["code"] == "FRON 01"]


def test_catalogue_size_and_a_year_of_churn():
    versions = rows(42)
    day0 = [v for v in versions if v["valid_from_day"] <= 0 < v["valid_to_day"]]
    assert len(day0) >= 300
    assert max(v["valid_from_day"] for v in versions) >= 360
    assert len({v["code"] for v in versions}) > len(day0)  # products get added over the year


def test_seeded_databases_are_identical(tmp_path):
    from simulator import create_app
    from simulator.core.db import connections

    def dump(path, seed):
        app = create_app({"db": str(path), "seed": seed})
        db = app.extensions["dropsim"].db()
        tables = ["provet_products", "accounts", "credentials"]
        dumped = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
        # Account creation times are the real time of seeding; everything else is fixed.
        dumped["accounts"] = [row[0] for row in dumped["accounts"]]
        connections.close(app.extensions["dropsim"].options)
        return dumped

    assert dump(tmp_path / "a.db", 42) == dump(tmp_path / "b.db", 42)
    assert dump(tmp_path / "c.db", 42)["provet_products"] != dump(tmp_path / "d.db", 43)["provet_products"]


def test_a_database_made_before_the_v1_products_gets_them(tmp_path, provet_auth):
    """A database from the release before (no shop copy, no stock tables) is migrated: its
    catalogue is regenerated from its own seed with the copy, and its orders stay."""
    from simulator import create_app
    from simulator.core.db import connections

    path = str(tmp_path / "old.db")
    app = create_app({"db": path})
    client = app.test_client()
    order = client.post("/provet/api/orders", headers=provet_auth, json={
        "CustomerName": "Joe Smith", "AddressLine1": "1 St", "Suburb": "S", "State": "NSW",
        "Postcode": "2000", "Country": "Australia", "CustomerEmail": "j@example.com",
        "CustomerPhone": "0400000000", "OrderLines": [{"ProductCode": "FRON 01", "Quantity": 1}]})
    db = app.extensions["dropsim"].db()
    db.execute("DROP TABLE provet_stock_taken")
    db.execute("DROP TABLE provet_overrides")
    for column in ("friendly_description", "long_description", "teaser", "tags"):
        db.execute(f"ALTER TABLE provet_products DROP COLUMN {column}")
    db.execute("DELETE FROM schema_migrations WHERE id = 'provet:0002-dropship-v1-products-stock'")
    connections.close(app.extensions["dropsim"].options)

    again = create_app({"db": path}).test_client()
    product = again.get("/provet/api/products/FRON%2001", headers=provet_auth).get_json()
    assert product["friendlyDescription"] and product["quantityOnHand"] == 240
    listed = again.get("/provet/api/products", headers=provet_auth).get_json()["items"]
    assert all(item["friendlyDescription"] for item in listed)
    assert again.get(f"/provet/api/orders/{order.get_json()['id']}",
                     headers=provet_auth).status_code == 200
