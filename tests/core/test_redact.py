"""What the journal keeps of a body or query that carries secrets."""
from __future__ import annotations

import json

from simulator.core.redact import MASK, NONE, Secrets, body, query

ALLIVET = Secrets.of(("clientSecretKey", "password"), ())
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMb2dpbiBUb2tlbiJ9.c2lnbmF0dXJlLXBhcnQ"


def test_named_properties_at_any_depth_in_any_case():
    text = json.dumps({"clientID": "sandbox", "CLIENTSECRETKEY": "s3cret",
                       "customer": [{"password": "hunter2", "email": "a@b.c"}]})
    kept = json.loads(body(text, ALLIVET))
    assert kept == {"clientID": "sandbox", "CLIENTSECRETKEY": MASK,
                    "customer": [{"password": MASK, "email": "a@b.c"}]}


def test_tokens_are_masked_wherever_they_appear():
    assert json.loads(body(json.dumps({"validTo": "x", "value": JWT}), NONE)) == {
        "validTo": "x", "value": MASK}
    assert body(f"Bearer {JWT} trailing", NONE) == f"Bearer {MASK} trailing"


def test_malformed_or_cut_json_is_masked_too():
    cut = '{"clientID": "sandbox", "clientSecretKey": "s3cr'
    assert "s3cr" not in body(cut, ALLIVET) and MASK in body(cut, ALLIVET)
    broken = '{"password" : "a\\"b", }'
    assert "a\\\"b" not in body(broken, ALLIVET)


def test_bodies_without_secrets_are_kept_byte_for_byte():
    text = '{ "a" :1,"b":[ 2 ] }'
    assert body(text, NONE) == text and body(text, ALLIVET) == text and body(None, ALLIVET) is None


def test_a_secret_name_spelled_in_escapes_is_masked_too():
    # Kept unparsed when no secret's name is in the text: an escaped name must not pass.
    text = '{"clientSecret\\u004bey": "s3cret", "Pass\\u0077ord": "hunter2"}'
    assert json.loads(text) == {"clientSecretKey": "s3cret", "Password": "hunter2"}
    assert json.loads(body(text, ALLIVET)) == {"clientSecretKey": MASK, "Password": MASK}


def test_query_parameters():
    retailops = Secrets.of((), ("apikey",))
    assert query("apikey=abc123&x=1", retailops) == f"apikey={MASK.replace('[', '%5B').replace(']', '%5D')}&x=1"
    assert query("APIKEY=abc", retailops).startswith("APIKEY=%5Bredacted")
    assert query("x=1&y=2", retailops) == "x=1&y=2"
    assert query(f"token={JWT}", NONE) == "token=%5Bredacted%5D"


def test_json_nested_deeper_than_python_recurses_is_masked_as_text():
    deep = '{"clientSecretKey": "s3cret", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    kept = body(deep, ALLIVET)
    assert "s3cret" not in kept and f'"clientSecretKey": "{MASK}"' in kept


def test_a_lone_surrogate_escape_stays_escaped_so_the_journal_can_store_it():
    kept = body('{"password": "k", "name": "\\ud800 caf\\u00e9"}', ALLIVET)
    kept.encode("utf-8")  # would raise with the surrogate written out
    assert json.loads(kept) == {"password": MASK, "name": "\ud800 café"}
