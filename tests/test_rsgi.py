"""The RSGI bridge in-process: bodies are read on the event loop with a deadline and a limit,
and injected delays are waited for there, so neither holds one of the app's threads."""
from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from simulator.rsgi import Bridge
from tests.helpers import basic_auth

from .vendors.provet.test_orders import DOCS_SAMPLE


class Headers(dict):
    def items(self):
        return list(super().items())


class Scope:
    proto, http_version, scheme, server, client, authority = (
        "http", "1.1", "http", "127.0.0.1:8080", "127.0.0.1:5000", None)

    def __init__(self, method, path, headers, query=""):
        self.method, self.path, self.query_string = method, path, query
        self.headers = Headers({"host": "127.0.0.1:8080", **{k.lower(): v for k, v in headers.items()}})


class Protocol:
    """A client connection: its body arrives in `chunks`, `pause` seconds apart."""

    def __init__(self, chunks=(), pause=0.0):
        self.chunks, self.pause, self.answer = list(chunks), pause, None

    def __aiter__(self):
        return self._chunks()

    async def __call__(self):  # granian's read of a whole body of a declared length
        return b"".join([chunk async for chunk in self._chunks()])

    async def _chunks(self):
        for chunk in self.chunks:
            await asyncio.sleep(self.pause)
            yield chunk

    def response_bytes(self, status, headers, body):
        self.answer = (status, dict(headers), body)


@pytest.fixture
def app(make_app):
    return make_app(threads=2, max_body_bytes=1000, body_timeout=0.5)


@pytest.fixture
def bridge(app):
    made = Bridge.for_app(app)
    yield made
    if made.trimmer is not None:
        made.trimmer.stop()
    if made.pool is not None:
        made.pool.shutdown(wait=True)


AUTH = basic_auth("sandbox", "sandbox")


def post(path, body: bytes, chunks=None, pause=0.0, **headers):
    scope = Scope("POST", path, {**AUTH, "Content-Type": "application/json", **headers})
    if chunks is None:
        scope.headers["content-length"] = str(len(body))
        chunks = [body]
    else:
        scope.headers["transfer-encoding"] = "chunked"
    return scope, Protocol(chunks, pause)


def run(bridge, *requests):
    async def all_of():
        await asyncio.gather(*(bridge.__rsgi__(scope, proto) for scope, proto in requests))
    # A loop of its own in a thread of its own: other tests' tools may hold this one's.
    worker = threading.Thread(target=asyncio.run, args=(all_of(),))
    worker.start()
    worker.join(30)
    return [proto.answer for _scope, proto in requests]


def test_a_whole_body_reaches_the_app(bridge):
    [(status, headers, body)] = run(bridge, post("/provet/api/orders", json.dumps(DOCS_SAMPLE).encode()))
    assert status == 200 and json.loads(body)["customerName"] == "Joe Smith"


def test_too_large_is_refused_before_reading_in_the_vendors_shape(bridge, sim):
    scope, proto = post("/provet/api/orders", b"x" * 10)
    scope.headers["content-length"] = "5000000"
    proto.chunks = []  # nothing is ever read
    [(status, _headers, body)] = run(bridge, (scope, proto))
    assert status == 413 and "larger than 1000 bytes" in json.loads(body)["message"]
    assert sim.db().execute("SELECT count(*) FROM provet_orders").fetchone()[0] == 0


def test_too_large_while_streaming_is_refused(bridge):
    [(status, _h, body)] = run(bridge, post("/allivet/api/Auth", b"", chunks=[b"{" * 600] * 3))
    assert status == 413 and json.loads(body)["status"] == 413  # Allivet's problem details


def test_a_body_too_slow_is_a_408_and_others_go_on(bridge):
    slow = post("/provet/api/orders", b"", chunks=[b"{"] * 20, pause=0.1)
    quick = (Scope("GET", "/_sim/health", {}), Protocol())
    started = time.monotonic()
    [(status, _h, body), (health, _h2, _b)] = run(bridge, slow, quick)
    assert status == 408 and "did not arrive within 0.5 seconds" in json.loads(body)["message"]
    assert health == 200 and time.monotonic() - started < 1.5


def test_delays_wait_on_the_loop_and_apply_the_fault_once(bridge, client, sim):
    client.post("/_sim/faults", json={"vendor": "provet", "delay_ms": 400, "status": 503})
    requests = [(Scope("GET", "/provet/api/orders", AUTH), Protocol()) for _ in range(6)]
    requests.append((Scope("GET", "/_sim/health", {}), Protocol()))
    started = time.monotonic()
    answers = run(bridge, *requests)
    took = time.monotonic() - started
    # Six delayed requests on two threads: together, not one after another.
    assert [a[0] for a in answers] == [503] * 6 + [200] and took < 1.2
    fault = client.get("/_sim/faults").get_json()["faults"][0]
    assert fault["fired"] == 6
    entries = client.get("/_sim/requests?vendor=provet").get_json()["requests"]
    assert len(entries) == 6 and all(e["status"] == 503 and e["duration_ms"] >= 390
                                     for e in entries)


def test_a_delay_only_fault_then_answers_as_the_vendor(bridge, client):
    client.post("/_sim/faults", json={"vendor": "provet", "delay_ms": 200, "times": 1})
    [(status, headers, body)] = run(bridge, (Scope("GET", "/provet/api/orders", AUTH), Protocol()))
    assert status == 200 and json.loads(body) == [] and "X-Dropsim-Fault" in headers


def test_wrong_credentials_are_refused_before_a_late_body(bridge, sim):
    # The body would take 2 s; the 401 comes at once and nothing is stored.
    late = post("/provet/api/orders", b"", chunks=[b"{"] * 20, pause=0.1,
                **basic_auth("sandbox", "wrong"))
    started = time.monotonic()
    [(status, headers, _body)] = run(bridge, late)
    assert status == 401 and "Basic realm" in dict(headers)["WWW-Authenticate"]
    assert time.monotonic() - started < 0.4


def test_good_credentials_wait_for_a_late_body(bridge):
    body = json.dumps(DOCS_SAMPLE).encode()
    late = post("/provet/api/orders", b"", chunks=[body[:40], body[40:]], pause=0.15)
    [(status, _headers, answer)] = run(bridge, late)
    assert status == 200, answer
    assert json.loads(answer)["customerName"] == "Joe Smith"


def test_credentials_in_a_late_body_are_waited_for(bridge):
    # Allivet's Auth carries its credentials in the body: the precheck lets it through.
    auth = json.dumps({"clientID": "sandbox", "clientSecretKey": "sandbox-secret",
                       "apiScope": "api:dropship", "storeKey": "sandbox-store"}).encode()
    late = post("/allivet/api/Auth", b"", chunks=[auth[:10], auth[10:]], pause=0.15)
    [(status, _headers, answer)] = run(bridge, late)
    assert status == 200 and json.loads(answer)["value"].count(".") == 2  # a JWT


def test_an_app_that_knows_no_precheck_gets_its_late_body_whole():
    def echo(environ, start_response):
        body = environ["wsgi.input"].read()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [body]

    plain = Bridge(echo, threads=1, max_body_bytes=1000, body_timeout=2)
    try:
        [(status, _headers, body)] = run(plain, post("/anything", b"", chunks=[b"ab", b"cd"],
                                                     pause=0.1))
    finally:
        if plain.pool is not None:
            plain.pool.shutdown(wait=True)
    assert status == 200 and body == b"abcd"  # never asked without its body
