"""The OpenAPI documents: valid OpenAPI 3.1, readable without credentials, their server the URL
they were read at, and every route dropsim serves is an operation of its document."""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from simulator.vendors.retailops.routes import CALLS

DOCUMENTS = ("provet", "provet-connect", "allivet", "retailops", "_sim")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_is_valid_openapi_3_1_served_without_credentials(client, name):
    response = client.get(f"/{name}/openapi.json")

    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    validate(document)  # openapi-spec-validator: raises on any error
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": f"http://localhost/{name}",
                                    "description": "this dropsim server"}]
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for path in document["paths"].values():
        for op in path.values():
            assert "Source: " in op["description"] and op["responses"]


def test_the_server_is_the_host_the_document_was_read_at(make_app):
    client = make_app(allowed_hosts="dropsim").test_client()

    document = client.get("/provet/openapi.json", base_url="http://dropsim:8080").get_json()

    assert document["servers"][0]["url"] == "http://dropsim:8080/provet"


def test_the_control_document_needs_no_admin_token_but_the_calls_it_describes_do(make_app):
    client = make_app(admin_token="s3cret").test_client()

    assert client.get("/_sim/openapi.json").status_code == 200
    assert client.get("/_sim/accounts").status_code == 401
    assert client.get("/allivet/openapi.json").status_code == 200


def _served(app, prefix: str) -> set[tuple[str, str]]:
    """(METHOD, OpenAPI path below prefix) of every route the app serves under prefix."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix + "/") or rule.rule.endswith("/openapi.json"):
            continue
        path = re.sub(r"<(?:\w+:)?\w+>", "{}", rule.rule[len(prefix):])
        found |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def _documented(client, name: str) -> set[tuple[str, str]]:
    paths = client.get(f"/{name}/openapi.json").get_json()["paths"]
    return {(m.upper(), re.sub(r"\{\w+\}", "{}", p)) for p, ops in paths.items() for m in ops}


@pytest.mark.parametrize("name", ["provet", "provet-connect", "allivet"])
def test_every_route_of_a_vendor_is_an_operation_of_its_document(app, client, name):
    assert _served(app, f"/{name}") == _documented(client, name)


def test_every_retailops_call_is_an_operation_at_its_registered_version(client):
    documented = _documented(client, "retailops")

    assert documented == {("POST", "/" + name.replace(".", "/") + f"~{version}.json")
                          for _fn, version, name in CALLS.values()}


def test_every_control_call_is_an_operation_of_the_control_document(app, client):
    # The dashboard (/_sim/ui/, and /_sim/ that redirects to it) is pages, not an API.
    served = {(m, p) for m, p in _served(app, "/_sim") if not p.startswith("/ui/") and p != "/"}

    assert served == _documented(client, "_sim")


def test_a_vendor_document_answered_on_the_vendors_own_port_is_served_at_its_root(make_app):
    client = make_app(vendor_ports={"allivet": 18081}).test_client()

    document = client.get("/openapi.json", base_url="http://localhost:18081").get_json()

    assert document["servers"][0]["url"] == "http://localhost:18081"
    assert "/api/Orders" in document["paths"]
