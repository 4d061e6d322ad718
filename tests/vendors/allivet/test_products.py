"""Allivet products: the docs' CLOVITE sample, the paged list, availability, the catalogue."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.vendors.allivet.seed import CatalogueBuilder

DOC_PRODUCT = json.loads(
    (Path(__file__).parents[3] / "fixtures" / "allivet_products.json").read_text())["products"][0]


def test_clovite_is_exactly_the_documented_sample(api):
    assert api.get("/api/Products/10012") == DOC_PRODUCT
    assert json.dumps(api.get("/api/Products/10012")) == json.dumps(DOC_PRODUCT)


def test_product_by_matrix_sku_returns_its_group(api):
    assert api.get("/api/Products/10012-05")["itemName"] == "10012"


def test_unknown_product_is_404_envelope(api):
    body = api.get("/api/Products/99999-99", expect=404)
    assert body["statusCode"] == 404 and "id" in body["warnings"]
    assert api.get("/api/Products/%20", expect=400)["statusCode"] == 400


def test_first_page_has_documented_paginator(api):
    body = api.get("/api/Products")
    assert list(body) == ["current_page", "data", "from", "last_page", "next_page_url", "path",
                          "per_page", "prev_page_url", "to", "total"]
    assert body["current_page"] == 1 and body["per_page"] == 100 and len(body["data"]) == 100
    assert body["data"][0] == DOC_PRODUCT
    assert body["from"] == 1 and body["to"] == 100 and body["total"] >= 200
    assert body["last_page"] == (body["total"] + 99) // 100
    assert body["next_page_url"].endswith("/allivet/api/Products?pageno=2")
    assert body["prev_page_url"] is None


def test_last_page_and_past_the_end(api):
    first = api.get("/api/Products?pageno=1")
    last = api.get(f"/api/Products?PageNo={first['last_page']}")
    assert last["next_page_url"] is None and last["to"] == first["total"]
    assert last["prev_page_url"].endswith(f"pageno={first['last_page'] - 1}")
    body = api.get(f"/api/Products?pageno={first['last_page'] + 1}", expect=404)
    assert body["statusCode"] == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999"])
def test_bad_page_numbers_are_400(api, page):
    body = api.get(f"/api/Products?pageno={page}", expect=400)
    assert "pageno" in body["errors"]


def test_availability_per_matrix_item(api):
    body = api.get("/api/Products/10012/availability")
    assert body["itemName"] == "10012"
    assert body["matrixItem"] == [{"itemName": "10012-05", "itemDescription": "CLOVITE 10 lbs",
                                   "active": "A", "quantityAvailable": 120, "isAvailable": "Y"}]
    assert api.get("/api/Products/10012-05/availability")["itemName"] == "10012"
    api.get("/api/Products/nope/availability", expect=404)


def test_catalogue_is_plausible_and_varied(api):
    products = []
    page = 1
    while True:
        body = api.get(f"/api/Products?pageno={page}")
        products += body["data"]
        if body["next_page_url"] is None:
            break
        page += 1
    assert len(products) >= 200
    items = [i for p in products for i in p["matrixItem"]]
    assert {p["isRxItem"] for p in products} == {"Y", "N"}
    assert "Y" in {p["isColdItem"] for p in products}
    assert any(i["stateRestricted"] for i in items[1:])
    assert any(i["active"] == "I" for i in items)
    assert len({p["productAttribute"]["petType"] for p in products}) >= 4
    assert all(i["itemName"].startswith(p["itemName"] + "-") for p in products for i in p["matrixItem"])
    assert len({i["itemName"] for i in items}) == len(items)


def test_catalogue_is_deterministic_per_seed():
    assert CatalogueBuilder(42).build() == CatalogueBuilder(42).build()
    assert CatalogueBuilder(42).build() != CatalogueBuilder(7).build()
