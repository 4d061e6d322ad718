"""Allivet on the dashboard: orders by status for the overview, and its page (orders with
status, tracking, timeline and lines; customers with addresses, pets and vets; prescriptions,
the ones waiting for the vet first). Read-only."""
from __future__ import annotations

from ...core.db import select
from ..toolkit import interval_us
from . import rules

TABLE_LIMIT = 200  # rows a table shows; the counts cover everything
DOCUMENTED_SCOPE = "api:dropship"  # the full-scope client integrations start from
_CHILDREN = (("addresses", "allivet_addresses"), ("pets", "allivet_pets"),
             ("vets", "allivet_customer_vets"))


def counts(db, account: str, now_us: int, settings: dict) -> list[tuple[str, int]]:
    """[(status, count)] of the account's orders right now."""
    step = interval_us("allivet_status_interval", settings)
    found = dict.fromkeys(rules.ORDER_STATUSES, 0)
    for order in select(db, "SELECT * FROM allivet_orders WHERE account = ?", [account]):
        found[rules.status_at(order, now_us, step)] += 1
    return list(found.items())


def page(db, account: str, now: int, settings: dict, _args) -> dict:
    """The page's context (`view`)."""
    step = interval_us("allivet_status_interval", settings)
    customers = {c["id"]: c for c in select(
        db, "SELECT * FROM allivet_customers WHERE account = ? ORDER BY created_us DESC, id DESC",
        [account])}
    for customer in customers.values():
        for key, table in _CHILDREN:
            customer[key] = select(db, f"SELECT * FROM {table} WHERE customer_row = ? "
                                       "ORDER BY created_us, rowid", [customer["id"]])
    return {"view": {"orders": _orders(db, account, now, step, customers),
                     "customers": list(customers.values()),
                     "prescriptions": _prescriptions(db, account, now, step, customers),
                     "now_us": now}}


def _orders(db, account: str, now: int, step: int, customers: dict) -> list[dict]:
    orders = select(db, "SELECT * FROM allivet_orders WHERE account = ? "
                        "ORDER BY created_us DESC, id DESC LIMIT ?", [account, TABLE_LIMIT])
    for order in orders:
        order["status"] = rules.status_at(order, now, step)
        order["tracking"] = (rules.tracking_number(order["sales_order_code"])
                             if order["status"] == rules.SHIPPED else None)
        order["steps"] = [{"status": s, "at_us": at, "past": at <= now, "rule": rule}
                          for s, at, rule in rules.timeline(order, step)]
        order["details"] = select(db, "SELECT * FROM allivet_order_details WHERE order_id = ? "
                                      "ORDER BY line_no", [order["id"]])
        order["rx_status"] = rules.rx_status_at(order, now, step) if order["is_rx"] else None
        customer = customers.get(order["customer_row"])
        order["customer"] = customer["customer_name"] if customer else ""
    return orders


def _prescriptions(db, account: str, now: int, step: int, customers: dict) -> list[dict]:
    found = select(
        db, "SELECT p.*, o.sales_order_code, o.client_order_id, o.created_us, o.is_rx, "
            "o.is_backorder, o.rx_decision, o.rx_decided_us, o.cancelled_us, "
            "o.customer_row AS order_customer FROM allivet_prescriptions p JOIN allivet_orders o "
            "ON o.id = p.order_id WHERE p.account = ? ORDER BY o.created_us DESC, p.id DESC "
            "LIMIT ?", [account, TABLE_LIMIT])
    for rx in found:
        rx["status"] = rules.rx_status_at(rx, now, step)
        rx["waiting"] = rx["status"] == rules.RX_WAITING
        customer = customers.get(rx["customer_row"]) or {"pets": [], "vets": []}
        rx["customer"] = customer.get("customer_name") or ""
        rx["pet"] = next((p["pet_name"] for p in customer["pets"]
                          if p["client_pet_id"] == rx["client_pet_id"]), None)
        rx["vet"] = next((v["vet_name"] for v in customer["vets"]
                          if v["client_vet_id"] == rx["client_vet_id"]), None)
        rx["decides_at"] = rules.approval_at(rx, step) if rx["waiting"] else None
    found.sort(key=lambda r: not r["waiting"])
    return found


def credential_fields(creds: list[dict]) -> list[list[tuple[str, str]]]:
    """Per client: the four values /api/Auth takes; the full-scope client first."""
    clients = [[("clientID", c["principal"]), ("clientSecretKey", c["secret"]),
                ("apiScope", c["extra"].get("apiScope", "")),
                ("storeKey", c["extra"].get("storeKey", ""))] for c in creds]
    return sorted(clients, key=lambda c: (c[2][1] != DOCUMENTED_SCOPE, c[0][1]))
