"""ASP.NET Core model binding and DataAnnotations validation as Allivet's API applies them:
the body reader and each property's checks (required, maximum length, RegularExpression
patterns, numbers, dates). Names and casing come from `schemas`."""
from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from ...core.wire import (CaseInsensitiveDict, JSONBodyError, WireError,
                          coerce_int32, decode_json, parse_datetime)
from . import pricing
from .errors import UnsupportedMediaType, ValidationProblem

MAX_WEIGHT = 99999999.99
_US_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}( .*)?$")


class F(NamedTuple):
    """One documented request property: wire name, required, maximum length, check."""
    wire: str
    required: bool = False
    max_len: int | None = None
    kind: str = "str"  # str | pattern | enum | email | double | int | date | shipping
    arg: Any = None
    default: Any = None


def read_json_body(raw: bytes, mimetype: str, max_depth: int, model: str) -> Any:
    """The decoded JSON body; 415 for another media type, 400 problem details if unreadable.
    application/json, text/json and any +json type (json-patch+json) are accepted."""
    if not raw.strip():
        raise ValidationProblem({"": ["A non-empty request body is required."]})
    if not (mimetype in ("application/json", "text/json") or mimetype.endswith("+json")):
        raise UnsupportedMediaType("Unsupported Media Type")
    try:
        return decode_json(raw, max_depth)
    except JSONBodyError as exc:
        # System.Text.Json counts lines and positions from 0.
        where = "." if exc.line is None else \
            f" | LineNumber: {exc.line - 1} | BytePositionInLine: {exc.column - 1}."
        raise ValidationProblem({"$": [f"The JSON value could not be read as {model}: "
                                       f"{str(exc).rstrip('.')}. Path: ${where}"],
                                 model[0].lower() + model[1:]: [
                                     f"The {model[0].lower() + model[1:]} field is required."]})


def require_object(body: Any, model: str) -> CaseInsensitiveDict:
    """The body as a case-insensitive object, or a 400 naming the expected model."""
    if not isinstance(body, dict):
        raise ValidationProblem({"$": [f"The JSON value could not be converted to {model}. "
                                       "Path: $ | LineNumber: 0 | BytePositionInLine: 1."]})
    return CaseInsensitiveDict(body)


def matches_pattern(pattern: str, value: str) -> bool:
    """DataAnnotations' RegularExpression test: "" passes, else the first match must be the
    whole value (Regex.Match, then Index 0 and Length the value's), case-sensitive."""
    found = re.search(pattern, value)
    return value == "" or (found is not None and found.span() == (0, len(value)))


def check(field: F, value: Any, key: str, name: str, errors: dict) -> Any:
    """The bound value of one property; its problems go into `errors[key]`, worded with the
    property's C# name."""
    if field.kind == "int":
        if value is None:
            errors[key] = [f"The {name} field is required."]
            return None
        try:
            number = coerce_int32(value)
        except WireError:
            errors[key] = [f"The JSON value could not be converted to System.Int32. Path: $.{key}"]
            return None
        if number < 1:
            errors[key] = [f"The field {name} must be between 1 and 2147483647."]
        return number
    if field.kind == "double":
        if value is None:
            errors[key] = [f"The {name} field is required."]
            return None
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or isinstance(value, (dict, list)):
            errors[key] = [f"The JSON value could not be converted to System.Double. Path: $.{key}"]
            return None
        if not 0 <= number <= MAX_WEIGHT:
            errors[key] = [f"The field {name} must be between 0 and {MAX_WEIGHT}."]
        return number
    if value is not None and not isinstance(value, str):
        errors[key] = [f"The JSON value could not be converted to System.String. Path: $.{key}"]
        return None
    # Required refuses null and white space; RegularExpression lets only null and "" pass.
    blank = value is None or not value.strip()
    if blank and not (field.kind == "pattern" and not field.required and value):
        if field.required and field.default is None:
            errors[key] = [f"The {name} field is required."]
            return value
        return field.default if value is None or field.default is not None else value
    problems = []
    if field.max_len is not None and len(value) > field.max_len:
        problems.append(f"The field {name} must be a string with a maximum length of "
                        f"{field.max_len}.")
    if field.kind == "pattern" and not matches_pattern(field.arg, value):
        problems.append(f"The field {name} must match the regular expression '{field.arg}'.")
    if problems:
        errors[key] = problems
        return value
    if field.kind == "enum":
        found = next((c for c in field.arg if c.lower() == value.strip().lower()), None)
        if found is None:
            errors[key] = [f"The field {name} must be one of: {', '.join(field.arg)}."]
        return found
    if field.kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+", value.strip()):
        errors[key] = [f"The {name} field is not a valid e-mail address."]
    if field.kind == "date":
        try:
            parse_datetime(value)
        except WireError:
            if not _US_DATE.match(value.strip()):
                errors[key] = [f"The field {name} must be a date, e.g. 2014-02-23T20:01:08-08:00."]
    if field.kind == "shipping":
        code = pricing.canonical_shipping_method(value)
        if code is None:
            errors[key] = [f"The field {name} must be one of the shipping method codes: "
                           "GRND, 1DAY, 2DAY, MAPPING."]
        return code
    return value
