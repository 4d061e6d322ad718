"""Provet Dropship v1 products over HTTP (Provet's Dropship v1 Products page): the paged
envelope, the product resource and its shop copy, images, and the single product's stock."""
from __future__ import annotations

import math

import pytest

ITEM_KEYS = ["code", "description", "friendlyDescription", "longDescription", "teaser", "price",
             "rrp", "tags", "images", "length", "breadth", "height", "weight"]
ENVELOPE_KEYS = ["items", "pageNumber", "pageSize", "count", "totalCount", "pageCount",
                 "isFirstPage", "isLastPage", "hasPreviousPage", "hasNextPage"]


@pytest.fixture
def get(client, provet_auth):
    def fetch(path, status=200):
        response = client.get(path, headers=provet_auth)
        assert response.status_code == status, response.get_data(as_text=True)
        return response.get_json()
    return fetch


def available(sim):
    return sim.db().execute(
        "SELECT count(*) FROM provet_products WHERE valid_from_day <= 0 AND valid_to_day > 0 "
        "AND NOT (discontinued AND stock_available <= 0)").fetchone()[0]


def test_the_pages_sample_request(get, sim):
    page = get("/provet/api/products?page=1&pageSize=10")
    assert list(page) == ENVELOPE_KEYS
    total = available(sim)
    assert {k: page[k] for k in ENVELOPE_KEYS[1:]} == {
        "pageNumber": 1, "pageSize": 10, "count": 10, "totalCount": total,
        "pageCount": math.ceil(total / 10), "isFirstPage": True, "isLastPage": False,
        "hasPreviousPage": False, "hasNextPage": True}
    assert all(list(item) == ITEM_KEYS for item in page["items"])
    codes = [item["code"] for item in page["items"]]
    assert codes == sorted(codes)


def test_default_page_is_the_first_twenty(get):
    page = get("/provet/api/products")
    assert page["pageNumber"] == 1 and page["pageSize"] == 20 and page["count"] == 20
    assert get("/provet/products") == page  # the page's own `GET /products` path as well


def test_pages_walk_the_whole_catalogue_once(get, sim):
    seen, number = [], 1
    while True:
        page = get(f"/provet/api/products?page={number}&pageSize=100")
        seen += [item["code"] for item in page["items"]]
        if page["isLastPage"]:
            break
        number += 1
    assert len(seen) == len(set(seen)) == available(sim)
    assert page["hasNextPage"] is False and page["hasPreviousPage"] is True
    assert page["count"] == len(page["items"]) <= 100


def test_page_past_the_end_is_empty_with_true_totals(get, sim):
    page = get("/provet/api/products?page=999&pageSize=50")
    assert page["items"] == [] and page["count"] == 0 and page["pageNumber"] == 999
    assert page["totalCount"] == available(sim) and page["isLastPage"] is True
    assert page["hasNextPage"] is False and page["hasPreviousPage"] is True


def test_parameter_names_in_any_case(get):
    page = get("/provet/api/products?PAGE=2&pagesize=5")
    assert page["pageNumber"] == 2 and page["pageSize"] == 5 and page["count"] == 5


@pytest.mark.parametrize("query, state", [
    ("page=0", {"page": ["The field page must be between 1 and 2147483647."]}),
    ("page=-3", {"page": ["The field page must be between 1 and 2147483647."]}),
    ("page=two", {"page": ["The value 'two' is not valid for page."]}),
    ("pageSize=0", {"pageSize": ["The field pageSize must be between 1 and 100."]}),
    ("pageSize=101", {"pageSize": ["The field pageSize must be between 1 and 100."]}),
    ("page=1.5&pageSize=x", {"page": ["The value '1.5' is not valid for page."],
                             "pageSize": ["The value 'x' is not valid for pageSize."]}),
])
def test_invalid_paging_is_a_400_in_the_model_state_shape(get, query, state):
    assert get(f"/provet/api/products?{query}", status=400) == {
        "message": "The request is invalid.", "modelState": state}


def test_largest_page_size_is_a_setting(make_app, provet_auth):
    client = make_app(provet_max_page_size=500).test_client()
    page = client.get("/provet/api/products?pageSize=500", headers=provet_auth).get_json()
    assert page["pageSize"] == 500 and page["isLastPage"] is True


def test_whole_numbers_print_without_a_fraction(client, provet_auth):
    raw = client.get("/provet/api/products/FRON%2001", headers=provet_auth).get_data(as_text=True)
    # fixtures: length 120.0, breadth 95.0, height 18.0, weight 62.0; price 44.55
    assert '"length":120,"breadth":95,"height":18,"weight":62' in raw
    assert '"price":44.55' in raw


def test_single_product_adds_quantity_on_hand(get):
    product = get("/provet/api/products/FRON%2001")
    assert list(product) == ITEM_KEYS + ["quantityOnHand"]
    assert product["code"] == "FRON 01" and product["quantityOnHand"] == 240
    assert product["friendlyDescription"] == "Frontline Plus for Dogs (Small, up to 10kg), 3 Pack"
    assert product["longDescription"].startswith("<p><strong>Frontline Plus for Dogs</strong>")
    assert "<ul><li>" in product["longDescription"]
    assert product["teaser"] and product["tags"] == ["Dog", "Flea & Tick", "Parasite Control",
                                                     "Boehringer Ingelheim"]
    assert product["images"] == [{"url": "/Content/images/products/fron01.png"}]


@pytest.mark.parametrize("path", ["/provet/api/products/fron%2001", "/provet/api/products/Fron 01",
                                  "/provet/products/FRON%2001", "/provet/API/Products/FRON%2001"])
def test_get_product_any_case_both_paths(get, path):
    assert get(path)["code"] == "FRON 01"


def test_unknown_product_is_an_empty_404(client, provet_auth):
    response = client.get("/provet/api/products/NOPE%2099", headers=provet_auth)
    assert response.status_code == 404 and response.data == b""


def test_list_items_carry_no_quantity_on_hand(get):
    assert all("quantityOnHand" not in item for item in get("/provet/api/products")["items"])


def test_unavailable_products_are_not_listed_but_gettable(get, sim):
    code = sim.db().execute(
        "SELECT code FROM provet_products WHERE discontinued = 1 AND stock_available = 0 "
        "AND valid_from_day <= 0 AND valid_to_day > 0 LIMIT 1").fetchone()[0]
    listed = [i["code"] for i in get("/provet/api/products?pageSize=100&page=1")["items"]]
    for number in range(2, 6):
        listed += [i["code"] for i in get(f"/provet/api/products?pageSize=100&page={number}")["items"]]
    assert code not in listed
    assert get(f"/provet/api/products/{code}")["quantityOnHand"] == 0


def test_shop_copy_reads_like_a_veterinary_catalogue(get):
    items = []
    for number in range(1, 5):
        items += get(f"/provet/api/products?pageSize=100&page={number}")["items"]
    with_copy = [i for i in items if i["longDescription"]]
    assert len(with_copy) > 0.8 * len(items)
    for item in with_copy:
        assert item["longDescription"].startswith("<p>") and "<li>" in item["longDescription"]
        assert item["teaser"] and item["teaser"].endswith(".")
        assert item["tags"] and item["tags"][0] in ("Dog", "Cat", "Horse", "Cattle")
    assert {"Flea & Tick", "Worming", "Prescription", "Veterinary Diet"} <= {
        t for i in with_copy for t in i["tags"]}
    # Like the page's own sample (a book), some products carry no shop copy at all.
    bare = [i for i in items if i["longDescription"] is None]
    assert bare and all(i["teaser"] is None and i["tags"] is None for i in bare)
    assert all(i["friendlyDescription"] for i in items)


def test_same_seed_same_copy(make_app, provet_auth):
    first = make_app().test_client().get("/provet/api/products", headers=provet_auth).get_json()
    again = make_app().test_client().get("/provet/api/products", headers=provet_auth).get_json()
    assert first == again


@pytest.mark.parametrize("prefix", ["/provet", ""])
def test_images_answer_offline_at_both_places(client, get, prefix):
    url = get("/provet/api/products/FRON%2001")["images"][0]["url"]
    response = client.get(prefix + url)  # no credentials: shop front-ends fetch these as is
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_unknown_image_name_is_a_404(client):
    assert client.get("/provet/Content/images/products/../secret.png").status_code == 404
    assert client.get("/Content/images/products/NOT-A-NAME.jpg").status_code == 404
