"""What the dashboard shows, gathered from the vendors' storage and rules and the Simulator.
Read-only: nothing here writes (actions go through the /_sim/ control calls)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from ..core import clock, faults
from ..core.accounts import credentials_of
from ..vendors.allivet import rules as allivet_rules
from ..vendors.provet import catalogue as provet_catalogue, models as provet_models
from ..vendors.provet import rules as provet_rules
from ..vendors.retailops import models as retailops_models, rules as retailops_rules
from .sandbox import entry_to_wire

TABLE_LIMIT = 200  # rows a table shows; the counts cover everything
STOCK_ROWS = 25  # catalogue rows the Provet page shows; a search narrows them


def interval_us(sim) -> int:
    """The status interval Provet and Allivet progress by, in microseconds."""
    return int(sim.settings["provet_status_interval"] * 1_000_000)


def clock_info(sim, account: str) -> dict:
    """The account's clock for display."""
    state = clock.state(sim.db(), account)
    return {**state, "offset": _duration(abs(state["offset_seconds"]))}


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
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
def status_counts(sim, account: str) -> dict[str, list[tuple[str, int]]]:
    """Per vendor, [(status, count)] of the account's orders or POs right now."""
    db, step = sim.db(), interval_us(sim)
    now = clock.now_us(db, account)
    provet = provet_models.count_by_status(db, account, now, step)
    allivet = dict.fromkeys(allivet_rules.ORDER_STATUSES, 0)
    for order in db.query("SELECT * FROM allivet_orders WHERE account = ?", [account]):
        allivet[allivet_rules.status_at(order, now, step)] += 1
    return {"provet": provet, "allivet": list(allivet.items()),
            "retailops": retailops_models.count_by_status(db, account, now)}


def credentials(sim, account: str, base_url: str) -> list[dict]:
    """Per vendor: title, base URL and how to sign in, for copying."""
    rows: dict[str, list[dict]] = {}
    for cred in credentials_of(sim.db(), account):
        rows.setdefault(cred["vendor"], []).append(cred)
    out = []
    for vendor in sim.vendors:
        clients = []
        for cred in rows.get(vendor.name, []):
            extra = cred["extra"]
            if vendor.name == "provet":
                clients.append([("username", cred["principal"]), ("password", cred["secret"])])
            elif vendor.name == "provet-connect":
                clients.append([("User-Auth", cred["principal"]), ("Client-Auth", cred["secret"])])
            elif vendor.name == "allivet":
                clients.append([("clientID", cred["principal"]), ("clientSecretKey", cred["secret"]),
                                ("apiScope", extra.get("apiScope", "")),
                                ("storeKey", extra.get("storeKey", ""))])
            else:
                clients.append([(f"apikey (vendor {extra.get('vendor_id')})", cred["principal"])])
        # The documented defaults first: Allivet's full-scope client, RetailOps' vendor 27.
        clients.sort(key=lambda c: (not any(v in ("api:dropship", "YOUR_APIKEY_GOES_HERE")
                                            for _k, v in c), c[0][0], c[0][1]))
        out.append({"name": vendor.name, "title": vendor.title,
                    "base_url": f"{base_url}/{vendor.name}", "clients": clients})
    return out


# -- Provet ------------------------------------------------------------------------------------
_PROVET_RULES = {r["id"]: r for r in provet_rules.RULES}


def provet_orders(sim, account: str, status: str | None) -> list[dict]:
    """The account's Provet orders, newest first, each with its status, lines, timeline and
    the sandbox rule that shapes it."""
    db, step = sim.db(), interval_us(sim)
    now = clock.now_us(db, account)
    orders = provet_models.list_orders(db, account, now, step, status=status)[:TABLE_LIMIT]
    for order in orders:
        order["status"] = provet_rules.status_at(order["created_us"], order["flag"], now, step)
        order["steps"] = [{"status": s, "at_us": at, "past": at <= now,
                           "current": s == order["status"]}
                          for s, at in provet_rules.timeline(order["created_us"], order["flag"], step)]
        order["rule"] = _PROVET_RULES[provet_rules.rule_of_flag(order["flag"])]
        for line in order["lines"]:
            line["status"] = provet_rules.line_status(line["quantity"], order["status"])
            line["shipped"] = provet_rules.shipped_quantity(line["quantity"], order["status"])
    return orders


def provet_stock(sim, account: str, search: str | None) -> dict:
    """The account's view of the Provet catalogue (stock, prices, overrides), overridden
    products first, then by code."""
    db = sim.db()
    view = provet_catalogue.view(db, account, clock.now_us(db, account))
    total, found = provet_catalogue.products(db, view, search=search, available_only=False)
    found.sort(key=lambda p: (not p["overridden"], p["code_key"]))
    return {"total": total, "products": found[:STOCK_ROWS], "search": search,
            "codes": [p["code"] for p in found]}


# -- Allivet -----------------------------------------------------------------------------------
_ALLIVET_CHILDREN = (("addresses", "allivet_addresses"), ("pets", "allivet_pets"),
                     ("vets", "allivet_customer_vets"))


def allivet_view(sim, account: str) -> dict:
    """The account's Allivet orders (status, tracking, timeline, lines), customers (addresses,
    pets, vets) and prescriptions (status, with the ones waiting for the vet first)."""
    db, step = sim.db(), interval_us(sim)
    now = clock.now_us(db, account)
    orders = list(db.query("SELECT * FROM allivet_orders WHERE account = ? "
                           "ORDER BY created_us DESC, id DESC LIMIT ?", [account, TABLE_LIMIT]))
    customers = {c["id"]: c for c in db.query(
        "SELECT * FROM allivet_customers WHERE account = ? ORDER BY created_us DESC, id DESC",
        [account])}
    for order in orders:
        order["status"] = allivet_rules.status_at(order, now, step)
        order["tracking"] = (allivet_rules.tracking_number(order["sales_order_code"])
                             if order["status"] == allivet_rules.SHIPPED else None)
        order["steps"] = [{"status": s, "at_us": at, "past": at <= now, "rule": rule}
                          for s, at, rule in allivet_rules.timeline(order, step)]
        order["details"] = list(db.query("SELECT * FROM allivet_order_details WHERE order_id = ? "
                                         "ORDER BY line_no", [order["id"]]))
        order["rx_status"] = allivet_rules.rx_status_at(order, now, step) if order["is_rx"] else None
        customer = customers.get(order["customer_row"])
        order["customer"] = customer["customer_name"] if customer else ""
    for customer in customers.values():
        for key, table in _ALLIVET_CHILDREN:
            customer[key] = list(db.query(f"SELECT * FROM {table} WHERE customer_row = ? "
                                          "ORDER BY created_us, rowid", [customer["id"]]))
    prescriptions = list(db.query(
        "SELECT p.*, o.sales_order_code, o.client_order_id, o.created_us, o.is_rx, o.is_backorder, "
        "o.rx_decision, o.rx_decided_us, o.cancelled_us, o.customer_row AS order_customer "
        "FROM allivet_prescriptions p JOIN allivet_orders o ON o.id = p.order_id "
        "WHERE p.account = ? ORDER BY o.created_us DESC, p.id DESC LIMIT ?",
        [account, TABLE_LIMIT]))
    for rx in prescriptions:
        rx["status"] = allivet_rules.rx_status_at(rx, now, step)
        rx["waiting"] = rx["status"] == allivet_rules.RX_WAITING
        customer = customers.get(rx["customer_row"]) or {"pets": [], "vets": []}
        rx["customer"] = customer.get("customer_name") or ""
        rx["pet"] = next((p["pet_name"] for p in customer["pets"]
                          if p["client_pet_id"] == rx["client_pet_id"]), None)
        rx["vet"] = next((v["vet_name"] for v in customer["vets"]
                          if v["client_vet_id"] == rx["client_vet_id"]), None)
        approval = allivet_rules.approval_at(rx, step)
        rx["decides_at"] = approval if rx["waiting"] else None
    prescriptions.sort(key=lambda r: not r["waiting"])
    return {"orders": orders, "customers": list(customers.values()),
            "prescriptions": prescriptions, "now_us": now}


# -- RetailOps ---------------------------------------------------------------------------------
def retailops_view(sim, account: str) -> dict:
    """The account's POs by status (newest first, with items), the vendors and their VPCs
    (for the storefront form) and the advised inventory."""
    db = sim.db()
    now = clock.now_us(db, account)
    vendors = list(db.query("SELECT * FROM retailops_vendors ORDER BY id"))
    pos = []
    for vendor in vendors:
        total, _ = retailops_models.fetch_pos(db, account, vendor["id"], None, 0, 0, False,
                                              now_us=now)
        _, page = retailops_models.fetch_pos(db, account, vendor["id"], None,
                                             max(0, total - TABLE_LIMIT), TABLE_LIMIT, True,
                                             now_us=now)
        for po in page:
            po["vendor"] = vendor
            po["shown"] = retailops_rules.status_at(po, now)  # open until date_submit comes
            po["changeable"] = bool(vendor["change_after_submit"]) and po["status"] == retailops_rules.SUBMITTED
        pos.extend(page)
    pos.sort(key=lambda p: (p["date_created_us"], p["id"]), reverse=True)
    by_status = [(status, [p for p in pos if p["shown"] == status])
                 for status in retailops_rules.STATUSES]
    vpcs = list(db.query("SELECT vendor_id, vpc, sku, description, unit_cost FROM retailops_vpcs "
                         "ORDER BY vendor_id, vpc"))
    inventory = list(db.query(
        "SELECT i.vendor_id, i.vpc, i.quantity, i.active, coalesce(i.unit_cost, v.unit_cost) AS "
        "unit_cost, i.updated_us, v.description FROM retailops_inventory i LEFT JOIN retailops_vpcs "
        "v ON v.vendor_id = i.vendor_id AND v.vpc = i.vpc WHERE i.account = ? "
        "ORDER BY i.vendor_id, i.vpc", [account]))
    return {"vendors": vendors, "by_status": by_status, "vpcs": vpcs, "inventory": inventory,
            "now_us": now}


# -- journal, faults, rules --------------------------------------------------------------------
def _pretty(body: str | None) -> str:
    if not body:
        return ""
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def journal(sim, account: str, vendor: str | None, status: int | None, limit: int = 100) -> list[dict]:
    """The account's latest requests, newest first, with pretty-printed bodies."""
    entries = sim.journal.list(account, vendor=vendor or None, status=status, limit=limit)
    out = []
    for entry in entries:
        wire = entry_to_wire(entry)
        wire["virtual_us"] = entry["virtual_us"]
        wire["request"]["pretty"] = _pretty(wire["request"]["body"])
        wire["response"]["pretty"] = _pretty(wire["response"]["body"])
        out.append(wire)
    return out


def fault_list(sim, account: str) -> list[dict]:
    """The account's faults, oldest first."""
    return faults.list_faults(sim.db(), account)


def presets() -> dict:
    """The fault presets and what each does."""
    return faults.PRESETS


def all_rules(sim) -> list[dict]:
    """Every vendor's sandbox rules, with the vendor's title."""
    return [{"vendor": v.name, "title": v.title, "rules": list(v.rules)} for v in sim.vendors]
