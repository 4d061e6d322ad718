"""RetailOps on the dashboard: POs by status for the overview, and its page (POs by status,
the vendors and their VPCs for the storefront form, the advised inventory). Read-only."""
from __future__ import annotations

from . import models, rules

TABLE_LIMIT = 200  # POs a vendor shows; the counts cover everything
DOCUMENTED_KEY = "YOUR_APIKEY_GOES_HERE"  # the guide's own apikey, vendor 27's


def counts(db, account: str, now_us: int, _settings: dict) -> list[tuple[str, int]]:
    """[(status, count)] of the account's POs right now."""
    return models.count_by_status(db, account, now_us)


def page(db, account: str, now: int, _settings: dict, _args) -> dict:
    """The page's context (`view`)."""
    vendors = models.all_vendors(db)
    pos = []
    for vendor in vendors:
        total, _ = models.fetch_pos(db, account, vendor["id"], None, 0, 0, False, now_us=now)
        _, found = models.fetch_pos(db, account, vendor["id"], None,
                                    max(0, total - TABLE_LIMIT), TABLE_LIMIT, True, now_us=now)
        for po in found:
            po["vendor"] = vendor
            po["shown"] = rules.status_at(po, now)  # open until date_submit comes
            po["changeable"] = bool(vendor["change_after_submit"]) and po["status"] == rules.SUBMITTED
        pos.extend(found)
    pos.sort(key=lambda p: (p["date_created_us"], p["id"]), reverse=True)
    by_status = [(status, [p for p in pos if p["shown"] == status]) for status in rules.STATUSES]
    return {"view": {"vendors": vendors, "by_status": by_status, "vpcs": models.all_vpcs(db),
                     "inventory": models.advised_inventory(db, account), "now_us": now}}


def credential_fields(creds: list[dict]) -> list[list[tuple[str, str]]]:
    """Per key: the apikey, labelled with its vendor; the guide's key first."""
    clients = [[(f"apikey (vendor {c['extra'].get('vendor_id')})", c["principal"])] for c in creds]
    return sorted(clients, key=lambda c: (c[0][1] != DOCUMENTED_KEY, c[0][0], c[0][1]))
