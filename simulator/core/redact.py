"""Secrets never reach the journal: what a vendor names as secret (body properties such as
Allivet's `clientSecretKey` or a customer's `password`, query parameters such as RetailOps'
`apikey`) is replaced at recording time, in request and response bodies and query strings, and
so is anything shaped like a JSON Web Token wherever it appears. Wrong guesses are redacted
like right ones: the journal cannot tell them apart, and a guess may be a real secret of
another account."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

MASK = "[redacted]"
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}")


@dataclass(frozen=True)
class Secrets:
    """What a vendor's requests and responses carry that the journal must not keep."""

    fields: frozenset[str] = frozenset()  # JSON property names, any case, at any depth
    params: frozenset[str] = frozenset()  # query parameter names, any case

    @classmethod
    def of(cls, fields: tuple[str, ...] = (), params: tuple[str, ...] = ()) -> "Secrets":
        """Secrets named in any case."""
        return cls(frozenset(f.lower() for f in fields), frozenset(p.lower() for p in params))


NONE = Secrets()


def _scrub(value: Any, fields: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: MASK if isinstance(k, str) and k.lower() in fields and v is not None
                else _scrub(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, fields) for v in value]
    if isinstance(value, str):
        return _JWT.sub(MASK, value)
    return value


def _names_any(text: str, fields: frozenset[str]) -> bool:
    # A secret property is only there if its name is, or could be spelled in escapes
    # ("clientSecret\u004bey"): an Allivet product page names none, and is kept unparsed.
    if not fields:
        return False
    lowered = text.lower()
    return "\\u" in lowered or any(name in lowered for name in fields)


def body(text: str | None, secrets: Secrets) -> str | None:
    """A body as the journal may keep it. JSON is rewritten property by property; text that
    is not JSON (malformed, cut short) has `"name": "value"` pairs and tokens masked."""
    if not text or ("eyJ" not in text and not _names_any(text, secrets.fields)):
        return text  # nothing to hide: keep the body byte for byte
    try:
        scrubbed = _scrub(json.loads(text), secrets.fields)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
        masked = _JWT.sub(MASK, text)
        for name in secrets.fields:
            masked = re.sub(rf'("{re.escape(name)}"\s*:\s*)"(?:[^"\\]|\\.)*"?', rf'\1"{MASK}"',
                            masked, flags=re.IGNORECASE)
        return masked
    kept = json.dumps(scrubbed, ensure_ascii=False)
    try:
        kept.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escape ("\ud800"): keep it escaped
        kept = json.dumps(scrubbed)
    return kept


def query(text: str, secrets: Secrets) -> str:
    """A query string with the vendor's secret parameters masked."""
    if not text or not (secrets.params or "eyJ" in text):
        return text
    pairs = parse_qsl(text, keep_blank_values=True)
    return urlencode([(k, MASK if k.lower() in secrets.params else _JWT.sub(MASK, v))
                      for k, v in pairs])
