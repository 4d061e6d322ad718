"""Seeded Allivet prices look like a US pet pharmacy's, read over HTTP by paging through
GET /api/Products: a band per kind of product, very few items above $500, none above $1,000,
the document's CLOVITE item as documented, and the same prices for the same seed."""
from __future__ import annotations

import statistics

from .conftest import Api, get_token

# The shelf-price bands (US dollars) a pet pharmacy's unit prices fall in, by kind of product.
BANDS = {"flea and tick": (15, 120), "heartworm": (20, 150), "prescription diet": (20, 110),
         "insulin": (50, 300), "equine and livestock": (10, 400), "Rx medication": (5, 250),
         "supplement and care": (10, 80)}


def kind(product: dict) -> str:
    attributes = product["productAttribute"]
    by_category = {"FleaAndTick": "flea and tick", "Heartworm": "heartworm",
                   "PrescriptionFood": "prescription diet", "Diabetes": "insulin"}
    if attributes["category"] in by_category:
        return by_category[attributes["category"]]
    if attributes["petType"] in ("Horse", "Cattle"):
        return "equine and livestock"
    return "Rx medication" if product["isRxItem"] == "Y" else "supplement and care"


def catalogue(api: Api) -> list[dict]:
    products, page = [], 1
    while True:
        body = api.get(f"/api/Products?pageno={page}")
        products += body["data"]
        if body["next_page_url"] is None:
            return products
        page += 1


def test_prices_fall_in_a_pet_pharmacys_bands(api):
    products = catalogue(api)
    clovite, generated = products[0], products[1:]
    assert clovite["matrixItem"][0]["allivetPrice"] == 55.99
    assert clovite["matrixItem"][0]["mapPrice"] == 56.77
    prices = [i["allivetPrice"] for p in products for i in p["matrixItem"]]
    assert len(prices) >= 300
    assert max(prices) <= 1000
    assert sum(p > 500 for p in prices) <= len(prices) // 100
    assert 20 <= statistics.median(prices) <= 90
    for product in generated:
        low, high = BANDS[kind(product)]
        for item in product["matrixItem"]:
            assert low <= item["allivetPrice"] <= high, (kind(product), item)
    # Every band is used, and prices spread within it rather than piling up at its edges.
    seen = {kind(p) for p in generated}
    assert seen == set(BANDS)
    assert len({i["allivetPrice"] for p in generated for i in p["matrixItem"]}) > 300


def test_a_bigger_pack_never_costs_less(api):
    for product in catalogue(api)[1:]:
        prices = [i["allivetPrice"] for i in product["matrixItem"]]
        assert prices == sorted(prices), product["itemName"]


def test_same_seed_same_prices(make_app, tmp_path, api):
    other = make_app(db=str(tmp_path / "again.db"))
    client = other.test_client()
    again = Api(client, {"Authorization": f"Bearer {get_token(client)}"})
    assert catalogue(again) == catalogue(api)
