"""Control-plane inputs at the edges (integers past 64 bits, digits of other scripts, header
values with line breaks, deep or invalid JSON): each is a 4xx `{"error"}` that changes
nothing, never a 500."""
from __future__ import annotations

import pytest

BIG = 10**20  # past SQLite's 64-bit integers


@pytest.mark.parametrize("query", [
    f"limit={BIG}", f"after={BIG}", f"status={BIG}", f"limit=-{BIG}", f"after={2**63}",
    "limit=%C2%B3",  # superscript three
    "limit=%D9%A3",  # Arabic-Indic three: int() would take it
    "status=4%E2%81%B0%E2%81%B4", "limit=1e3", "after=0x10",
])
def test_journal_parameters_out_of_range_are_400s(client, query):
    response = client.get(f"/_sim/requests?{query}")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert "must be a whole number from -9223372036854775808 to 9223372036854775807" in \
        response.get_json()["error"]


def test_journal_parameters_at_the_edge_still_work(client, provet_auth):
    client.get("/provet/api/orders", headers=provet_auth)
    for query in (f"after={-2**63}", f"after={2**63 - 1}", f"limit={2**63 - 1}",
                  f"status={2**63 - 1}"):
        assert client.get(f"/_sim/requests?{query}").status_code == 200
    assert len(client.get(f"/_sim/requests?limit={2**63 - 1}").get_json()["requests"]) == 1


@pytest.mark.parametrize("spec,message", [
    ({"status": 503, "times": BIG}, "'times' must be at most 9223372036854775807"),
    ({"status": 503, "times": 10**400}, "'times' must be at most"),
    ({"status": 503, "times": 1.5}, "'times' must be a whole number"),
    ({"delay_ms": BIG}, "'delay_ms' must be between 0 and 600000"),
    ({"status": BIG}, "'status' must be between 100 and 599"),
    ({"status": -BIG}, "'status' must be between 100 and 599"),
    ({"status": 503, "probability": 10**400}, "'probability' must be between 0 and 1"),
    ({"status": 503, "headers": {"Retry-After": "1\r\nSet-Cookie: x=1"}}, "line break"),
    ({"status": 503, "headers": {"X-A": "a\nb"}}, "holds a line break"),
    ({"status": 503, "headers": {"X-A": "a\x00b"}}, "control character"),
    ({"status": 503, "headers": {"X A": "b"}}, "not a valid HTTP header name"),
    ({"status": 503, "headers": {"X:A": "b"}}, "not a valid HTTP header name"),
    ({"status": 503, "headers": {"": "b"}}, "not a valid HTTP header name"),
    ({"status": 503, "headers": {"Content-Length": "5"}}, "it frames the response"),
    ({"status": 503, "headers": {"transfer-encoding": "chunked"}}, "it frames the response"),
    ({"status": 503, "headers": {"X-A": True}}, "'headers' must be an object"),
])
def test_faults_with_values_no_response_can_carry_are_refused(client, provet_auth, spec,
                                                              message):
    response = client.post("/_sim/faults", json={"vendor": "provet", "path": "/api/*", **spec})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert message in response.get_json()["error"]
    assert client.get("/_sim/faults").get_json() == {"faults": []}
    assert client.get("/provet/api/orders", headers=provet_auth).status_code == 200


def test_a_fault_header_at_the_edge_is_sent_as_given(client, provet_auth):
    created = client.post("/_sim/faults", json={
        "vendor": "provet", "status": 429, "times": 2**63 - 1,
        "headers": {"Retry-After": 30, "X-Tabbed": "a\tb", "X-Odd_Name!": "ok"}})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["times"] == 2**63 - 1
    answer = client.get("/provet/api/orders", headers=provet_auth)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "30" and answer.headers["X-Tabbed"] == "a\tb"
    assert answer.headers["X-Odd_Name!"] == "ok"


@pytest.mark.parametrize("raw,message", [
    (b'{"a":' * 1000 + b"1" + b"}" * 1000, "nested more than 64 levels deep"),
    (b"[" * 100_000 + b"]" * 100_000, "nested more than 64 levels deep"),
    (b'{"minutes": ' + b"9" * 5000 + b"}", "a number too long to read"),
    (b'{"minutes": 1' + b"0" * 400 + b"}", "'minutes' is too large"),
    (b'{"seconds": 1e400}', "'seconds' must be a number"),
    (b'{"minutes": 5, "account": "\\ud800"}', "a lone UTF-16 surrogate"),
    (b'{"minutes": 5, "x": {"deep": ["\\udfff"]}}', "a lone UTF-16 surrogate"),
    (b'{"minutes": 5, "\\ud800": 1}', "a lone UTF-16 surrogate"),
    (b'{"minutes": 5', "not usable JSON: Expecting ',' delimiter (line 1, column 14)"),
    (b'\xff\xfe', "not valid UTF-8"),
])
def test_bodies_no_handler_could_use_are_400s(client, raw, message):
    before = client.get("/_sim/clock").get_json()["offset_seconds"]
    response = client.post("/_sim/clock/advance", data=raw, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert message in response.get_json()["error"]
    assert client.get("/_sim/clock").get_json()["offset_seconds"] == pytest.approx(before, abs=1)


@pytest.mark.parametrize("path,raw", [
    ("/_sim/faults", b'{"vendor": "provet", "status": 503, "path": "/x\\ud800"}'),
    ("/_sim/faults", b'{"vendor": "provet", "status": 503, "method": "\\ud800"}'),
    ("/_sim/accounts", b'{"account": "\\ud800"}'),
    ("/_sim/reset", b'{"account": "\\ud800"}'),
    ("/_sim/snapshots", b'{"name": "\\ud800"}'),
    ("/_sim/retailops/pos", b'{"vendor": "\\ud800", "items": []}'),  # a vendor's control call
    ("/_sim/retailops/pos", b'[' * 5000 + b']' * 5000),
])
def test_every_control_call_refuses_lone_surrogates_and_deep_bodies(client, sim, path, raw):
    accounts_before = sim.list_accounts()
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert set(response.get_json()) == {"error"}
    assert client.get("/_sim/faults").get_json() == {"faults": []}
    assert sim.list_accounts() == accounts_before


def test_snapshot_replace_must_be_a_boolean(client):
    response = client.post("/_sim/snapshots", json={"name": "s", "replace": {"yes": 1}})
    assert response.status_code == 400
    assert response.get_json() == {"error": "'replace' must be true or false"}
    assert client.get("/_sim/snapshots").get_json() == {"snapshots": []}


def test_head_of_health_answers_like_get_with_a_token_set(make_app):
    guarded = make_app(admin_token="tok").test_client()
    got = guarded.get("/_sim/health")
    head = guarded.head("/_sim/health")
    assert got.status_code == head.status_code == 200
    assert head.get_data() == b"" and head.headers["Content-Type"] == "application/json"
    assert head.headers["Content-Length"] == str(len(got.get_data()))
    assert guarded.head("/_sim/clock").status_code == 401  # only health is open
    assert guarded.head("/_sim/clock", headers={"Authorization": "Bearer tok"}).status_code == 200
