"""The request journal: what was sent and answered, per account, newest first, bounded."""
from __future__ import annotations

import io
import json

import pytest

from simulator.core.journal import TRIM_EVERY
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def journal(client, query=""):
    response = client.get(f"/_sim/requests{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["requests"]


def test_records_request_and_response(client, provet_auth, frozen):
    created = client.post("/provet/api/orders?x=1", json=DOCS_SAMPLE, headers=provet_auth).get_json()
    client.get(f"/provet/api/orders/{created['id']}", headers=provet_auth)
    entries = journal(client)
    assert [(e["method"], e["path"]) for e in entries] == [
        ("GET", f"/provet/api/orders/{created['id']}"), ("POST", "/provet/api/orders")]
    post = entries[1]
    assert post["account"] == "default" and post["vendor"] == "provet"
    assert post["status"] == 200 and post["query"] == "x=1"
    assert json.loads(post["request"]["body"]) == DOCS_SAMPLE
    assert json.loads(post["response"]["body"]) == created
    assert post["virtual_time"] == frozen["now"]
    assert post["rules"] == ["provet.status-steps"] and post["fault"] is None
    assert post["duration_ms"] >= 0


def test_filters(client, provet_auth):
    client.get("/provet/api/products?ResultLimit=1", headers=provet_auth)
    client.post("/provet/api/orders", json={}, headers=provet_auth)
    client.get("/provet/api/orders/99999", headers=provet_auth)
    assert [e["status"] for e in journal(client)] == [404, 400, 200]
    assert [e["status"] for e in journal(client, "?status=400")] == [400]
    assert [e["method"] for e in journal(client, "?method=post")] == ["POST"]
    assert [e["path"] for e in journal(client, "?path=/products")] == ["/provet/api/products"]
    assert len(journal(client, "?limit=2")) == 2
    assert journal(client, "?vendor=retailops") == []


def test_rules_named_in_header_and_journal(client, provet_auth):
    body = dict(DOCS_SAMPLE, DeliveryInstructions="cancel")
    response = client.post("/provet/api/orders", json=body, headers=provet_auth)
    assert response.headers["X-Dropsim-Rules"] == "provet.cancel-word"
    assert journal(client)[0]["rules"] == ["provet.cancel-word"]
    plain = client.get("/provet/api/products?ResultLimit=1", headers=provet_auth)
    assert "X-Dropsim-Rules" not in plain.headers


def test_journal_is_per_account(client, provet_auth):
    other = client.post("/_sim/accounts", json={}).get_json()
    client.get("/provet/api/orders", headers=provet_auth)
    assert journal(client, f"?account={other['account']}") == []
    assert len(journal(client)) == 1


def test_unauthenticated_requests_go_to_anonymous(client):
    client.get("/provet/api/orders", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert journal(client) == []
    anonymous = journal(client, "?account=anonymous")
    assert [e["status"] for e in anonymous] == [401]


def test_clear(client, provet_auth):
    client.get("/provet/api/orders", headers=provet_auth)
    assert client.delete("/_sim/requests").get_json() == {"deleted": 1}
    assert journal(client) == []


def test_ring_keeps_the_last_n(make_app, provet_auth):
    client = make_app(journal_limit=5).test_client()
    for n in range(12):
        client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
    entries = journal(client, "?limit=100")
    assert [e["query"] for e in entries] == [f"ResultLimit={n}" for n in range(11, 6, -1)]


def test_ring_trims_in_batches_and_never_shows_past_it(make_app, provet_auth):
    client = make_app(journal_limit=5).test_client()
    stored_journal = client.application.extensions["dropsim"].journal
    journal_db = stored_journal.db()
    stored = "SELECT count(*) FROM requests WHERE account = 'default'"
    client.get("/provet/api/orders/999999", headers=provet_auth)  # a 404, soon out of the ring
    stored_journal.settle()  # (each request stored in a batch of its own)
    for n in range(10):
        client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
        stored_journal.settle()
    assert journal_db.execute(stored).fetchone()[0] == 11  # not trimmed yet ...
    assert journal(client, "?status=404") == []  # ... but past the ring, so not shown
    for n in range(TRIM_EVERY * 2):
        client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
        stored_journal.settle()
    assert 5 <= journal_db.execute(stored).fetchone()[0] < 5 + TRIM_EVERY
    assert len(journal(client, "?limit=100")) == 5


def test_a_batch_stores_only_what_the_ring_keeps(make_app, provet_auth, monkeypatch):
    from simulator.core import recorder

    monkeypatch.setattr(recorder, "QUIET", 60.0)  # nothing stored until the reader comes
    monkeypatch.setattr(recorder, "MAX_AGE", 60.0)
    client = make_app(journal_limit=5).test_client()
    stored_journal = client.application.extensions["dropsim"].journal
    batches = []
    store = stored_journal.recorder.store
    stored_journal.recorder.store = lambda batch: (batches.append(len(batch)), store(batch))
    client.get("/provet/api/orders/999999", headers=provet_auth)
    for n in range(12):
        client.get(f"/provet/api/products?ResultLimit={n}", headers=provet_auth)
    assert [e["query"] for e in journal(client, "?limit=100")] == [
        f"ResultLimit={n}" for n in range(11, 6, -1)]
    assert batches == [13]  # one batch, of which the ring keeps 5: only those were written
    rows = stored_journal.db().execute("SELECT query FROM requests ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [f"ResultLimit={n}" for n in range(7, 12)]


def test_bodies_are_clipped(make_app, provet_auth):
    client = make_app(journal_body_limit=64).test_client()
    client.get("/provet/api/products?pageSize=5", headers=provet_auth)
    body = journal(client)[0]["response"]["body"]
    assert body.startswith('{"items":[{') and "more bytes]" in body and len(body) < 120


@pytest.mark.parametrize("query,status,message", [
    ("?status=abc", 400, "'status' must be a whole number"),
    ("?limit=many", 400, "'limit' must be a whole number"),
    ("?account=ghost", 404, "unknown account 'ghost'"),
    ("?vendor=nope", 400, "unknown vendor 'nope'; use one of provet, provet-connect, "),
])
def test_bad_queries(client, provet_auth, query, status, message):
    client.get("/provet/api/orders", headers=provet_auth)
    response = client.get(f"/_sim/requests{query}")
    assert response.status_code == status and message in response.get_json()["error"]
    assert len(journal(client)) == 1


def test_clearing_an_unknown_accounts_journal_is_a_404(client, provet_auth):
    client.get("/provet/api/orders", headers=provet_auth)
    response = client.delete("/_sim/requests?account=ghost")
    assert response.status_code == 404 and response.get_json() == {
        "error": "unknown account 'ghost'"}
    assert len(journal(client)) == 1


def test_bodies_of_every_kind_are_recorded_and_none_where_none_was_sent(client, provet_auth):
    """The pipeline reads no body for a request that declares none; a GET that does send one
    (a length, or chunks) has it in the journal like any other."""
    client.get("/provet/api/products?pageSize=1", headers=provet_auth)
    client.get("/provet/api/products?pageSize=2", headers=provet_auth, data=b"a body on a GET")
    client.open("/provet/api/products?pageSize=3", method="GET", headers={
        **provet_auth, "Transfer-Encoding": "chunked"}, input_stream=io.BytesIO(
        b"sent in chunks"), environ_overrides={"wsgi.input_terminated": True})
    bodies = {e["query"]: e["request"]["body"] for e in journal(client)}
    assert bodies == {"pageSize=1": None, "pageSize=2": "a body on a GET",
                      "pageSize=3": "sent in chunks"}
