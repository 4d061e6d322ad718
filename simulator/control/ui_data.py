"""What the dashboard shows, gathered from the Simulator and its Vendor objects (each vendor's
page and counts are its own: Vendor.dashboard). Read-only: nothing here writes (actions go
through the /_sim/ control calls)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from ..core import clock, faults
from ..core.accounts import credentials_of
from ..core.paging import paged
from .sandbox import entry_to_wire


def clock_info(sim, account: str) -> dict:
    """The account's clock for display."""
    state = clock.state(sim.db(), account)
    return {**state, "offset": _duration(abs(state["offset_seconds"]))}


def _duration(seconds: float) -> str:
    # To the nearest minute from a minute up: a frozen clock advanced by an hour is an hour
    # ahead, not "59 min" once real time has moved on by a second.
    seconds = int(seconds + 0.5) if seconds < 60 else int(seconds / 60 + 0.5) * 60
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "",
             f"{minutes} min" if minutes else ""]
    text = " ".join(p for p in parts if p)
    return text or f"{secs} s"


def when(us: int | None, now_us: int) -> str:
    """`in 4 min` / `6 min ago` / `now` relative to the virtual now."""
    if us is None:
        return ""
    delta = (us - now_us) / 1_000_000
    if abs(delta) < 1:
        return "now"
    text = _duration(abs(delta)) if abs(delta) >= 60 else f"{int(abs(delta))} s"
    return f"in {text}" if delta > 0 else f"{text} ago"


def vtime(us: int | None) -> str:
    """A virtual instant as `2026-11-23 10:43:51`, UTC."""
    if us is None:
        return ""
    return datetime.fromtimestamp(us / 1_000_000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


# -- overview ----------------------------------------------------------------------------------
def status_counts(sim, account: str) -> list[tuple[str, list[tuple[str, int]], str]]:
    """Per vendor with a dashboard: (what it counts, [(status, count)] now, chart id)."""
    db = sim.db()
    now = clock.now_us(db, account)
    return [(v.dashboard.counted, v.dashboard.counts(db, account, now, sim.settings),
             f"chart-{v.name}") for v in sim.vendors if v.dashboard is not None]


def credentials(sim, account: str, base_url: str) -> list[dict]:
    """Per vendor: title, base URL and how to sign in, for copying."""
    rows: dict[str, list[dict]] = {}
    for cred in credentials_of(sim.db(), account):
        rows.setdefault(cred["vendor"], []).append(cred)
    return [{"name": vendor.name, "title": vendor.title, "base_url": f"{base_url}/{vendor.name}",
             "clients": vendor.credential_fields(rows.get(vendor.name, []))}
            for vendor in sim.vendors]


def vendor_page(sim, vendor, account: str, args) -> dict:
    """The template context of a vendor's dashboard page."""
    db = sim.db()
    return vendor.dashboard.page(db, account, clock.now_us(db, account), sim.settings, args)


# -- journal, faults, rules --------------------------------------------------------------------
def _pretty(body: str | None) -> str:
    if not body:
        return ""
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def journal(sim, account: str, vendor: str | None, status: int | None, page: int,
            size: int) -> dict:
    """One page of the account's requests, newest first, with pretty-printed bodies."""
    entries, total = sim.journal.list(account, vendor=vendor or None, status=status,
                                      limit=size, offset=(page - 1) * size, counted=True)
    out = []
    for entry in entries:
        wire = entry_to_wire(entry)
        wire["virtual_us"] = entry["virtual_us"]
        wire["request"]["pretty"] = _pretty(wire["request"]["body"])
        wire["response"]["pretty"] = _pretty(wire["response"]["body"])
        out.append(wire)
    return paged(out, total, page, size)


def fault_list(sim, account: str) -> list[dict]:
    """The account's faults, oldest first."""
    return faults.list_faults(sim.db(), account)


def presets() -> dict:
    """The fault presets and what each does."""
    return faults.PRESETS


def all_rules(sim) -> list[dict]:
    """Every vendor's sandbox rules, with the vendor's title."""
    return [{"vendor": v.name, "title": v.title, "rules": list(v.rules)} for v in sim.vendors]
