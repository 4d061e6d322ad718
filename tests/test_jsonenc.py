"""Answers are written by orjson, and what it would write differently goes through Flask's
own encoder: the same JSON either way."""
from __future__ import annotations

import datetime
import json

from tests.vendors.provet.test_orders import DOCS_SAMPLE


def test_an_answer_is_compact_utf8_in_the_documented_key_order(client, provet_auth):
    placed = client.post("/provet/api/orders", headers=provet_auth,
                         json={**DOCS_SAMPLE, "CustomerName": "Zoë Ångström"})
    raw = placed.get_data()
    assert placed.status_code == 200 and raw.endswith(b"}\n")
    assert "Zoë Ångström".encode() in raw and b"\\u" not in raw
    assert list(json.loads(raw))[:3] == ["id", "status", "date"]
    assert b", " not in raw and b": " not in raw


def test_what_orjson_would_write_otherwise_takes_flask_s_encoder(app):
    with app.app_context():
        day = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone.utc)
        for value, expected in (
                ({"at": day}, {"at": "Thu, 03 Dec 2026 10:00:00 GMT"}),  # Flask's HTTP date
                ({"big": 2 ** 70}, {"big": 2 ** 70}),  # past 64 bits
                ({"text": "\ud800"}, {"text": "\ud800"})):  # a lone surrogate, escaped
            response = app.json.response(value)
            assert json.loads(response.get_data()) == expected
