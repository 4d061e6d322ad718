"""RetailOps on the dashboard: POs by status for the overview, and its page (POs by status,
the vendors and their VPCs for the storefront form, the advised inventory). Read-only."""
from __future__ import annotations

from ...core.db import select
from ...core.paging import paged, window
from . import models, rules

DOCUMENTED_KEY = "YOUR_APIKEY_GOES_HERE"  # the guide's own apikey, vendor 27's


def counts(db, account: str, now_us: int, _settings: dict) -> list[tuple[str, int]]:
    """[(status, count)] of the account's POs right now."""
    return models.count_by_status(db, account, now_us)


def page(db, account: str, now: int, settings: dict, args) -> dict:
    """The page's context (`view`): one page (`?page=`) of the account's POs, newest first,
    grouped by status."""
    vendors = {v["id"]: v for v in models.all_vendors(db)}
    number, size = window(args, settings)
    total = db.execute("SELECT count(*) FROM retailops_pos WHERE account = ?",
                       [account]).fetchone()[0]
    pos = models.attach_items(db, account, select(
        db, "SELECT * FROM retailops_pos WHERE account = ? "
            "ORDER BY date_created_us DESC, id DESC LIMIT ? OFFSET ?",
        [account, size, (number - 1) * size]))
    for po in pos:
        vendor = po["vendor"] = vendors[po["vendor_id"]]
        po["shown"] = rules.status_at(po, now)  # open until date_submit comes
        po["changeable"] = bool(vendor["change_after_submit"]) and po["status"] == rules.SUBMITTED
    by_status = [(status, [p for p in pos if p["shown"] == status]) for status in rules.STATUSES]
    return {"view": {"vendors": list(vendors.values()), "by_status": by_status,
                     "vpcs": models.all_vpcs(db),
                     "inventory": models.advised_inventory(db, account), "now_us": now},
            "paging": paged(pos, total, number, size)}


def credential_fields(creds: list[dict]) -> list[list[tuple[str, str]]]:
    """Per key: the apikey, labelled with its vendor; the guide's key first."""
    clients = [[(f"apikey (vendor {c['extra'].get('vendor_id')})", c["principal"])] for c in creds]
    return sorted(clients, key=lambda c: (c[0][1] != DOCUMENTED_KEY, c[0][0], c[0][1]))
