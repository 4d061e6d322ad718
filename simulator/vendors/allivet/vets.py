"""Allivet vet search: phone digits and vet name matching."""
from __future__ import annotations

import difflib


def digits(text: str | None) -> str:
    """Only the digits of a phone number."""
    return "".join(c for c in text or "" if c.isdigit())


def name_matches(query: str, name: str) -> bool:
    """Vet name search: a case-insensitive substring, or a close spelling (the docs search
    'Anne PEDEN' for the vet they create as 'Anne Peddon')."""
    q, n = " ".join(query.lower().split()), " ".join(name.lower().split())
    return q in n or difflib.SequenceMatcher(None, q, n).ratio() >= 0.8
