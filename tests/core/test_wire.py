"""Wire helpers: .NET and ISO dates, case-insensitive names, Json.NET-style integers."""
from __future__ import annotations

import pytest

from simulator.core import wire

US = 1_502_076_320_123_560  # 2017-08-07T03:25:20.12356Z


def test_date_formats():
    assert wire.format_dotnet_utc(US) == "2017-08-07T03:25:20.1235600Z"
    assert wire.format_dotnet_unspecified(US) == "2017-08-07T03:25:20.1235600"
    assert wire.format_iso_z(US) == "2017-08-07T03:25:20Z"


@pytest.mark.parametrize("text,expected", [
    ("2017-08-07T03:25:20.1235600Z", (US, False)),
    ("2017-08-07T13:25:20.12356+10:00", (US, False)),
    ("2017-08-07T13:25:20.12356 10:00", (US, False)),  # an unencoded '+' in a query string
    ("2017-08-07T03:25:20.12356", (US, False)),  # no offset means UTC
    ("2017-08-07", (1_502_064_000_000_000, True)),
])
def test_parse_datetime(text, expected):
    assert wire.parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2017-13-01", None, 5])
def test_parse_datetime_rejects(text):
    with pytest.raises(wire.WireError):
        wire.parse_datetime(text)


def test_case_insensitive_dict_last_one_wins():
    data = wire.CaseInsensitiveDict({"Name": 1, "NAME": 2})
    assert data["name"] == 2 and data.get("nAmE") == 2 and "NaMe" in data
    assert data.get("other") is None


@pytest.mark.parametrize("value,expected", [(4, 4), ("4", 4), (" 12 ", 12), (4.0, 4), ("-3", -3)])
def test_coerce_int32(value, expected):
    assert wire.coerce_int32(value) == expected


@pytest.mark.parametrize("value", ["4.5", 4.5, "x", True, None, [1], 2**31])
def test_coerce_int32_rejects(value):
    with pytest.raises(wire.WireError):
        wire.coerce_int32(value)
