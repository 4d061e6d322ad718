"""A property-based fuzzer over the documented sample of every endpoint (samples.py): whatever
Hypothesis makes of a sample (a value replaced by a hostile one, a property dropped or added, a
path segment or query value changed, the body replaced by bytes that are not JSON), the answer
is never a 5xx, except an injected fault's, which says so in X-Dropsim-Fault."""
from __future__ import annotations

import json
import os
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import basic_auth
from tests.vendors.allivet.conftest import DEFAULT_CLIENT
from tests.vendors.provet_connect.conftest import connect_headers

from .samples import VENDORS

# Per group of endpoints (about 5 s each in-process). The examples are derived from the code,
# so that a run is repeatable; FUZZ_EXAMPLES=5000 FUZZ_RANDOM=1 explores further.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 250))
RANDOM = bool(os.environ.get("FUZZ_RANDOM"))

HOSTILE_TEXT = ["", " ", "³", "٣", "１２", "\u0000", "\ud800", "'; DROP TABLE x;--", "%00",
                "../../etc/passwd", "<script>alert(1)</script>", "x" * 5000, "9" * 5000,
                "NaN", "-1", "0", "2147483648", "99999999999999999999", "1e309", "true",
                "null", "2026-02-30T25:61:00Z", "\r\nX-Injected: 1", "ＦＲＯＮ 01", "🐶"]
HOSTILE_BODIES = [b"{", b"[]", b"null", b"\"x\"", b"{\"a\":" * 2000, b"[" * 5000,
                  b"1" * 5000, b"{\"x\": \"\\ud800\"}", b"\xff\xfe", b"{} {}", b"\x00"]

values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
              st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(HOSTILE_TEXT),
              st.text(max_size=40)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                  max_size=4),
    max_leaves=8)


def _leaves(value, path=()):
    if isinstance(value, dict):
        yield path
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        yield path
        for n, item in enumerate(value):
            yield from _leaves(item, path + (n,))
    else:
        yield path


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(copy[path[0]], path[1:], new)
    return copy


def _drop(value, path):
    if len(path) == 1 and isinstance(value, dict):
        return {k: v for k, v in value.items() if k != path[0]}
    if not path:
        return value
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _drop(copy[path[0]], path[1:])
    return copy


@st.composite
def mutated(draw, samples):
    auth, method, target, body = draw(st.sampled_from(samples))
    if isinstance(body, str):
        body = json.loads(body) if body.strip().startswith(("{", "[")) else body
    parts = urlsplit(target)
    segments, query = parts.path.split("/"), parts.query
    raw = None
    how = draw(st.sampled_from(["value", "drop", "add", "segment", "query", "raw", "as is"]))
    if how in ("value", "drop", "add") and body is None:
        how = "segment"
    if how == "value":
        where = draw(st.sampled_from(list(_leaves(body))))
        body = _replace(body, where, draw(values))
    elif how == "drop":
        where = draw(st.sampled_from([p for p in _leaves(body) if p] or [()]))
        body = _drop(body, where)
    elif how == "add" and isinstance(body, dict):
        body = {**body, draw(st.text(max_size=20)): draw(values)}
    elif how == "segment" and len(segments) > 2:
        n = draw(st.integers(2, len(segments) - 1))
        segments[n] = quote(draw(st.sampled_from(HOSTILE_TEXT) | st.text(min_size=1, max_size=20)),
                            safe="", errors="surrogatepass")
    elif how == "query":
        name = draw(st.sampled_from(["page", "pageSize", "pageno", "limit", "account", "status",
                                     "ResultLimit", "UpdatedAfter", "after", "apikey"]))
        query = f"{name}={quote(draw(st.sampled_from(HOSTILE_TEXT)), safe='', errors='surrogatepass')}"
    elif how == "raw":
        raw = draw(st.sampled_from(HOSTILE_BODIES))
    path = "/".join(segments) + (f"?{query}" if query else "")
    return auth, method, path, body, raw


def _headers(auth: str, token: str) -> dict:
    return {"provet": basic_auth("sandbox", "sandbox"), "connect": connect_headers(),
            "allivet": {"Authorization": f"Bearer {token}"},
            "retailops": {"apikey": "YOUR_APIKEY_GOES_HERE"}, "none": {}}[auth]


def _send(client, token, auth, method, path, body, raw):
    headers = {"Content-Type": "application/json", **_headers(auth, token)}
    data = raw if raw is not None else None if body is None else json.dumps(body)
    return client.open(path, method=method, data=data, headers=headers)


def _assert_no_server_error(response, request) -> None:
    if response.status_code >= 500:
        assert "X-Dropsim-Fault" in response.headers, (request, response.status_code,
                                                       response.get_data(as_text=True)[:500])


@pytest.mark.parametrize("group", sorted(VENDORS))
def test_mutated_samples_never_get_a_5xx(make_app, group, caplog):
    client = make_app().test_client()
    token = client.post("/allivet/api/Auth", json=DEFAULT_CLIENT).get_json()["value"]
    for auth, method, path, body in VENDORS[group]:  # each sample as documented, first
        raw = body.encode() if isinstance(body, str) else None
        request = (auth, method, path, None if raw else body, raw)
        _assert_no_server_error(_send(client, token, *request), request)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(mutated(VENDORS[group]))
    def fuzz(request):
        _assert_no_server_error(_send(client, token, *request), request)

    fuzz()
    # Whatever the control plane was sent (faults with odd headers included), every vendor
    # still answers: an injected fault says so, nothing else is a 5xx.
    for vendor_group in ("provet", "provet-connect", "allivet", "retailops"):
        auth, method, path, body = VENDORS[vendor_group][0]
        request = (auth, method, path, None if isinstance(body, str) else body,
                   body.encode() if isinstance(body, str) else None)
        _assert_no_server_error(_send(client, token, *request), request)
    # Nor did anything fail behind an answer (a journal entry that could not be written).
    assert [r.getMessage() for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")] == []


def test_every_endpoint_has_a_sample(app):
    covered = set()
    adapter = app.url_map.bind("localhost")
    for samples in VENDORS.values():
        for _auth, method, path, _body in samples:
            endpoint, _args = adapter.match(urlsplit(path).path, method=method)
            covered.add((endpoint, method))
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}
              if not rule.endpoint.startswith(("ui.", "static")) and rule.endpoint != "index"
              and rule.endpoint != "retailops.dispatch" and "_site." not in rule.endpoint}
    assert sorted(served - covered) == []
    from simulator.vendors.retailops.routes import CALLS

    called = {path.rsplit("/retailops/", 1)[1].split(".json")[0].split("~")[0].replace("/", ".")
              .lower() for _a, _m, path, _b in VENDORS["retailops"]}
    assert sorted(set(CALLS) - called) == []
