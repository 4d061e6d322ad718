"""Wire-format helpers shared by the vendors: dates, case-insensitive names, numbers.

Each vendor's `schemas.py` decides which of these it uses; nothing here knows a vendor.
"""
from __future__ import annotations

import functools
import json
import re
import time
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from .clock import from_datetime, to_datetime


class WireError(ValueError):
    """A value on the wire that cannot be read as the type it should have."""


# Dates are formatted from time.gmtime's fields: a tenth of the cost of datetime.strftime, which
# a fetch of 100 RetailOps POs called 200 times.
def _fields(us: int) -> tuple:
    return time.gmtime(us // 1_000_000)[:6]


def format_dotnet_utc(us: int) -> str:
    """`2017-08-07T03:25:20.1235600Z`: .NET round-trip format, 7 fractional digits, UTC."""
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06d0Z" % (*_fields(us), us % 1_000_000)


def sql_datetime_us(us: int) -> int:
    """An instant as SQL Server's `datetime` keeps it: 1/300 s ticks, shown to the millisecond
    (.000, .003, .007)."""
    seconds, fraction = divmod(us, 1_000_000)
    ticks = (fraction * 300 + 500_000) // 1_000_000
    millis = (ticks * 1000 + 150) // 300
    return seconds * 1_000_000 + millis * 1000


def format_dotnet_unspecified(us: int) -> str:
    """`2020-12-20T04:18:43.0000000`: .NET round-trip format without a zone designator."""
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06d0" % (*_fields(us), us % 1_000_000)


def sql_dotnet_unspecified(column: str) -> str:
    """`format_dotnet_unspecified` of an integer column of microseconds, in SQL (for rows
    SQLite copies by itself)."""
    return (f"strftime('%Y-%m-%dT%H:%M:%S', {column} / 1000000, 'unixepoch') || "
            f"printf('.%06d0', {column} % 1000000)")


def format_iso_z(us: int) -> str:
    """`2015-07-02T14:47:47Z`: whole seconds, UTC."""
    return _iso_z_second(us // 1_000_000)


@functools.lru_cache(maxsize=8192)
def _iso_z_second(second: int) -> str:
    # Remembered: a client polling its POs has the same few hundred instants formatted again
    # and again (a fetch of 100 RetailOps POs formats 200).
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % time.gmtime(second)[:6]


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A '+' in an unencoded query string arrives as a space: "06:00:00 10:00".
_SPACE_OFFSET = re.compile(r"^(.*\d)\s(\d{2}:?\d{2})$")


def parse_datetime(text: Any) -> tuple[int, bool]:
    """(epoch microseconds, was_date_only) from any ISO 8601 date or date-time; no offset
    means UTC. Raises WireError."""
    if not isinstance(text, str) or not text.strip():
        raise WireError(f"'{text}' is not a valid date")
    value = text.strip()
    match = _SPACE_OFFSET.match(value)
    if match and "T" in value.upper():
        value = f"{match.group(1)}+{match.group(2)}"
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise WireError(f"'{text}' is not a valid date") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return from_datetime(dt), bool(_DATE_ONLY.match(value))


class CaseInsensitiveDict(dict):
    """A read-only view of a mapping whose keys match whatever their case (last one wins,
    like Json.NET and ASP.NET model binding)."""

    def __init__(self, source: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()):
        super().__init__()
        items = source.items() if isinstance(source, Mapping) else source
        for key, value in items:
            super().__setitem__(str(key).lower(), value)

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


INT32_MIN, INT32_MAX = -2**31, 2**31 - 1


def coerce_int32(value: Any) -> int:
    """An integer from a JSON number or numeric string, as Json.NET reads an Int32."""
    if isinstance(value, bool) or value is None:
        raise WireError(f"Could not convert {_describe(value)} to integer.")
    if isinstance(value, float):
        if not value.is_integer():
            raise WireError(f"Input string '{value}' is not a valid integer.")
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise WireError(f"Could not convert string to integer: {value}.")
        if len(text.lstrip("+-0")) > 10:  # beyond any Int32 (and Python's digit limit)
            raise WireError(f"JSON integer {text[:20]}... is too large or small for an Int32.")
        value = int(text)
    elif not isinstance(value, int):
        raise WireError(f"Could not convert {_describe(value)} to integer.")
    if not INT32_MIN <= value <= INT32_MAX:
        raise WireError(f"JSON integer {value} is too large or small for an Int32.")
    return value


def coerce_string(value: Any) -> str | None:
    """A string from a JSON scalar, as Json.NET reads a string property; None stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return str(value)
    raise WireError(f"Unexpected {_describe(value)} when reading a string.")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def utc_midnight_after_date(us: int) -> int:
    """The first instant of the UTC day after the one holding `us` (for inclusive date-only
    upper bounds)."""
    day = to_datetime(us).date()
    return from_datetime(datetime(day.year, day.month, day.day, tzinfo=timezone.utc)) + 86400 * 10**6


def format_iso_micro(us: int) -> str:
    """`2026-11-23T10:34:41.123456Z`: the control plane's own format, microseconds, UTC."""
    return to_datetime(us).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


MAX_JSON_DEPTH = 64  # nesting a request body may have (setting json_max_depth)
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class JSONBodyError(WireError):
    """A body that is not JSON dropsim can read; `line`/`column` point at the problem when
    the JSON itself is malformed."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 reason: str | None = None, near: str | None = None):
        super().__init__(message)
        self.line, self.column = line, column
        self.reason = reason or message  # the parser's own words, for malformed JSON
        self.near = near  # the text around the problem


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (
                item.values() if isinstance(item, dict) else item))
    return deepest


def _has_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def decode_json(raw: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """A request body decoded as JSON, or JSONBodyError for what no vendor could read either:
    bytes that are not UTF-8, malformed JSON, nesting deeper than `max_depth`, integers too
    long to convert, or strings holding lone UTF-16 surrogates (`"\\ud800"`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JSONBodyError("The request body is not valid UTF-8.") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        near = text[max(0, exc.pos - 25):exc.pos + 15].replace("\n", " ")
        raise JSONBodyError(f"Invalid JSON: {exc.msg}.", exc.lineno, exc.colno, exc.msg,
                            near) from None
    except RecursionError:
        raise JSONBodyError(f"The JSON is nested more than {max_depth} levels deep.") from None
    except ValueError:  # an integer literal beyond Python's 4300-digit conversion limit
        raise JSONBodyError("The JSON holds a number too long to read.") from None
    if _depth(value) > max_depth:
        raise JSONBodyError(f"The JSON is nested more than {max_depth} levels deep.")
    if _SURROGATE.search(raw) and _has_surrogate(value):
        raise JSONBodyError("The JSON holds a string with a lone UTF-16 surrogate "
                            "(an invalid Unicode escape such as \\ud800).")
    return value
