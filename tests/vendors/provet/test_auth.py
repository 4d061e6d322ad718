"""Provet HTTP Basic auth: every API call needs a known credential."""
from __future__ import annotations

import pytest

from tests.helpers import basic_auth

CHALLENGE = 'Basic realm="Provet Dropship Sandbox"'


@pytest.mark.parametrize("headers", [
    {},
    basic_auth("sandbox", "wrong"),
    basic_auth("nobody", "sandbox"),
    {"Authorization": "Basic !!!not-base64"},
    {"Authorization": "Basic c2FuZGJveA=="},  # "sandbox" without a colon
    {"Authorization": "Bearer sandbox"},
])
@pytest.mark.parametrize("method,path", [
    ("GET", "/provet/api/products"), ("GET", "/provet/api/products/FRON%2001"),
    ("GET", "/provet/api/orders"), ("GET", "/provet/api/orders/464"),
    ("POST", "/provet/api/orders"),
])
def test_refused_without_valid_credentials(client, sim, headers, method, path):
    response = client.open(path, method=method, headers=headers, json={"CustomerName": "x"})
    assert response.status_code == 401
    assert response.data == b""
    assert response.headers["WWW-Authenticate"] == CHALLENGE
    assert sim.db().execute("SELECT count(*) FROM provet_orders").fetchone()[0] == 0


def test_default_credentials_work(client, provet_auth):
    assert client.get("/provet/api/orders", headers=provet_auth).status_code == 200


def test_unknown_route_answers_in_web_api_shape(client, provet_auth):
    response = client.get("/provet/api/nothing-here?x=1", headers=provet_auth)
    assert response.status_code == 404
    assert response.get_json() == {"message": "No HTTP resource was found that matches the "
                                              "request URI 'http://localhost/provet/api/nothing-here?x=1'."}
