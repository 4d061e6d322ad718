"""Provet Connect products over HTTP (provet-products.txt): list, search, limits, get, shapes."""
from __future__ import annotations

import re

import pytest

PROVET_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$")

# provet-products.txt's ProductSummary and Product tables, camelCased as Json.NET writes them.
SUMMARY_KEYS = ["productCode", "description", "listPrice", "price", "rrp", "pictureUrl",
                "manufacturer", "manufacturerCode", "dispensingUnit", "therapeuticIndex",
                "dangerousGoodsClass", "length", "breadth", "height", "weight", "unitOfMeasure",
                "poisonSchedule", "infoSheetUrl", "msdsUrl", "url", "updatedOn", "createdOn"]
PRODUCT_KEYS = ["productCode", "description", "listPrice", "price", "gst", "priceBreak", "rrp",
                "stockAvailable", "eta", "barcode", "picture", "manufacturer", "manufacturerCode",
                "weight", "length", "breadth", "height", "dispensingUnit", "unitOfMeasure",
                "therapeuticIndex", "dangerousGoodsClass", "discontinued", "specialOrder",
                "nonReturnable", "poisonSchedule", "infoSheetUrl", "msdsUrl", "url", "createdOn",
                "updatedOn"]


def listed_count(sim):
    return sim.db().execute(
        "SELECT count(*) FROM provet_products WHERE valid_from_day <= 0 AND valid_to_day > 0 "
        "AND NOT (discontinued AND stock_available <= 0)").fetchone()[0]


def test_list_defaults_to_20_by_code(get):
    products = get("/provet-connect/api/products")
    assert len(products) == 20
    codes = [p["productCode"] for p in products]
    assert codes == sorted(codes)
    assert all(list(p) == SUMMARY_KEYS for p in products)
    assert all(PROVET_DATE.match(p["updatedOn"]) and PROVET_DATE.match(p["createdOn"])
               for p in products)


def test_list_is_also_served_without_api_prefix(get):
    assert get("/provet-connect/products?ResultLimit=5") == get("/provet-connect/api/products?ResultLimit=5")


def test_negative_limit_returns_whole_catalogue(get, sim):
    products = get("/provet-connect/api/products?ResultLimit=-1")
    assert len(products) == listed_count(sim) >= 300


def test_limit_and_case_insensitive_parameter_names(get):
    assert len(get("/provet-connect/api/products?resultlimit=7")) == 7
    assert get("/provet-connect/api/products?ResultLimit=0") == []


def test_bad_limit_is_a_400(get):
    body = get("/provet-connect/api/products?ResultLimit=lots", status=400)
    assert body == {"message": "The request is invalid.",
                    "modelState": {"ResultLimit": ["The value 'lots' is not valid for ResultLimit."]}}


def test_search_matches_code_description_and_manufacturer(get):
    by_code = get("/provet-connect/api/products?Search=fron%2001")
    assert [p["productCode"] for p in by_code] == ["FRON 01"]
    by_description = get("/provet-connect/api/products?Search=frontline&ResultLimit=-1")
    assert "FRON 01" in [p["productCode"] for p in by_description]
    assert all("frontline" in p["description"].lower() for p in by_description)
    by_maker = get("/provet-connect/api/products?search=ZOETIS&ResultLimit=-1")
    assert by_maker and all(p["manufacturer"] == "Zoetis" for p in by_maker)
    assert get("/provet-connect/api/products?Search=no-such-thing-at-all") == []


def test_discontinued_without_stock_is_left_out_of_the_list_but_gettable(get, sim):
    code = sim.db().execute(
        "SELECT code FROM provet_products WHERE discontinued = 1 AND stock_available = 0 "
        "AND valid_from_day <= 0 AND valid_to_day > 0 LIMIT 1").fetchone()[0]
    listed = [p["productCode"] for p in get("/provet-connect/api/products?ResultLimit=-1")]
    assert code not in listed
    assert get(f"/provet-connect/api/products/{code}")["discontinued"] is True


def test_get_product_docs_example(get):
    product = get("/provet-connect/api/products/FRON%2001")
    assert list(product) == PRODUCT_KEYS
    assert product["productCode"] == "FRON 01"
    assert product["manufacturer"] == "Boehringer Ingelheim"
    assert product["gst"] is True and product["discontinued"] is False
    assert product["priceBreak"][0] == {"quantity": 1, "price": product["price"]}
    assert product["stockAvailable"] > 0 and product["eta"] is None
    assert product["barcode"] and all(len(b) == 13 for b in product["barcode"])
    assert PROVET_DATE.match(product["createdOn"])


@pytest.mark.parametrize("path", ["/provet-connect/api/products/fron%2001", "/provet-connect/api/products/Fron 01",
                                  "/provet-connect/products/FRON%2001"])
def test_get_product_any_case_and_both_paths(get, path):
    assert get(path)["productCode"] == "FRON 01"


def test_unknown_product_is_empty_404(client, connect_auth):
    response = client.get("/provet-connect/api/products/NOPE%2099", headers=connect_auth)
    assert response.status_code == 404 and response.data == b""


def test_out_of_stock_products_carry_an_eta(get, sim):
    code = sim.db().execute(
        "SELECT code FROM provet_products WHERE stock_available = 0 AND eta_day IS NOT NULL "
        "AND valid_from_day <= 0 AND valid_to_day > 0 LIMIT 1").fetchone()[0]
    product = get(f"/provet-connect/api/products/{code}")
    assert product["stockAvailable"] == 0 and PROVET_DATE.match(product["eta"])


def test_catalogue_is_varied(get):
    products = get("/provet-connect/api/products?ResultLimit=-1")
    assert len({p["manufacturer"] for p in products}) >= 15
    assert {"S4", "S5", "S6", None} <= {p["poisonSchedule"] for p in products}
    assert len({p["dangerousGoodsClass"] for p in products}) >= 3
    assert len({p["therapeuticIndex"] for p in products}) >= 10


def test_special_order_products_exist(get, sim):
    code = sim.db().execute("SELECT code FROM provet_products WHERE special_order = 1 "
                            "AND valid_from_day <= 0 AND valid_to_day > 0 LIMIT 1").fetchone()[0]
    assert get(f"/provet-connect/api/products/{code}")["specialOrder"] is True


def test_product_links_answer(client, get):
    product = get("/provet-connect/api/products/FRON%2001")
    for key in ("picture", "infoSheetUrl", "msdsUrl", "url"):
        response = client.get(product[key])  # public: shop front-ends fetch these unsigned
        assert response.status_code == 200
        assert b"FRON 01" in response.data
