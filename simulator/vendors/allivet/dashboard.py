"""Allivet on the dashboard: orders by status for the overview, and its page (orders with
status, tracking, timeline and lines; customers with addresses, pets and vets; prescriptions,
the ones waiting for the vet first). Read-only."""
from __future__ import annotations

from ...core.db import select
from ...core import paging
from ..toolkit import interval_us
from . import rules

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


def page(db, account: str, now: int, settings: dict, args) -> dict:
    """The page's context (`view`): one page (`?page=`) of each list, newest first."""
    step = interval_us("allivet_status_interval", settings)
    number, size = paging.window(args, settings)
    window = (size, (number - 1) * size)
    shown = select(db, "SELECT * FROM allivet_customers WHERE account = ? "
                       "ORDER BY created_us DESC, id DESC LIMIT ? OFFSET ?", [account, *window])
    customers = {c["id"]: _with_children(db, c) for c in shown}
    known = dict(customers)  # and those of the page's orders and prescriptions
    orders = _orders(db, account, now, step, known, window)
    prescriptions = _prescriptions(db, account, now, step, known, window)
    total = {table: db.execute(f"SELECT count(*) FROM {table} WHERE account = ?",
                               [account]).fetchone()[0]
             for table in ("allivet_orders", "allivet_customers", "allivet_prescriptions")}
    most = max(total.values())
    return {"view": {"orders": orders, "customers": list(customers.values()),
                     "prescriptions": prescriptions, "now_us": now,
                     "totals": {k.split("_", 1)[1]: v for k, v in total.items()}},
            "paging": paging.paged(orders, most, number, size)}


def _with_children(db, customer: dict) -> dict:
    for key, table in _CHILDREN:
        customer[key] = select(db, f"SELECT * FROM {table} WHERE customer_row = ? "
                                   "ORDER BY created_us, rowid", [customer["id"]])
    return customer


def _customer(db, customers: dict, row: int | None) -> dict | None:
    """A customer of this page, or fetched for an order or prescription of this page."""
    if row is not None and row not in customers:
        found = select(db, "SELECT * FROM allivet_customers WHERE id = ?", [row])
        customers[row] = _with_children(db, found[0]) if found else None
    return customers.get(row)


def _orders(db, account: str, now: int, step: int, customers: dict,
            window: tuple[int, int]) -> list[dict]:
    orders = select(db, "SELECT * FROM allivet_orders WHERE account = ? "
                        "ORDER BY created_us DESC, id DESC LIMIT ? OFFSET ?", [account, *window])
    for order in orders:
        order["status"] = rules.status_at(order, now, step)
        order["tracking"] = (rules.tracking_number(order["sales_order_code"])
                             if order["status"] == rules.SHIPPED else None)
        order["steps"] = [{"status": s, "at_us": at, "past": at <= now, "rule": rule}
                          for s, at, rule in rules.timeline(order, step)]
        order["details"] = select(db, "SELECT * FROM allivet_order_details WHERE order_id = ? "
                                      "ORDER BY line_no", [order["id"]])
        order["rx_status"] = rules.rx_status_at(order, now, step) if order["is_rx"] else None
        customer = _customer(db, customers, order["customer_row"])
        order["customer"] = customer["customer_name"] if customer else ""
    return orders


def _prescriptions(db, account: str, now: int, step: int, customers: dict,
                   window: tuple[int, int]) -> list[dict]:
    found = select(
        db, "SELECT p.*, o.sales_order_code, o.client_order_id, o.created_us, o.is_rx, "
            "o.is_backorder, o.rx_decision, o.rx_decided_us, o.cancelled_us, "
            "o.customer_row AS order_customer FROM allivet_prescriptions p JOIN allivet_orders o "
            "ON o.id = p.order_id WHERE p.account = ? ORDER BY o.created_us DESC, p.id DESC "
            "LIMIT ? OFFSET ?", [account, *window])
    for rx in found:
        rx["status"] = rules.rx_status_at(rx, now, step)
        rx["waiting"] = rx["status"] == rules.RX_WAITING
        customer = _customer(db, customers, rx["customer_row"]) or {"pets": [], "vets": []}
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
