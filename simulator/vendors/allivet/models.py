"""Allivet storage: the shared catalogue and vet directory, each account's customers (with
addresses, pets, vets), orders and prescriptions. No Flask here: the routes, the control
plane and seeding all call these functions. Every per-account query filters on `account`."""
from __future__ import annotations

import secrets
import uuid

import sqlite_utils

from ...core.db import get_meta, insert_row, select, select_one, set_meta, update_rows
from . import customers, pricing, rules, vets

FIRST_ORDER_ID = 2182630  # the docs' sample order is SO-2182630
FIRST_VET_ID = 20000  # vets created over the API; the seeded directory stays below
FIRST_RX_ID = 70001
SIGNING_KEY = "allivet.jwt_signing_key"

_TABLES = """
CREATE TABLE allivet_products (
    item_key TEXT PRIMARY KEY, item_name TEXT NOT NULL, position INTEGER NOT NULL UNIQUE,
    brand TEXT, manufacturer TEXT, item_type TEXT, item_description TEXT, show_buy_button TEXT,
    as_by_pass TEXT, active TEXT, is_rx_item TEXT, is_cold_item TEXT, is_dangerous_goods TEXT,
    is_map TEXT, is_p65 TEXT, meta_data TEXT, product_attribute TEXT, bundle_component TEXT);
CREATE TABLE allivet_matrix_items (
    item_key TEXT PRIMARY KEY, item_name TEXT NOT NULL, group_key TEXT NOT NULL,
    position INTEGER NOT NULL, upc_code TEXT, item_description TEXT, item_type TEXT,
    allivet_price REAL, map_price REAL, show_buy_button TEXT, weight_in_pounds REAL,
    length_in_inches REAL, height_in_inches REAL, width_in_inches REAL, active TEXT,
    as_by_pass TEXT, is_shipping_restricted TEXT, state_restricted TEXT,
    product_attribute TEXT, quantity_available INTEGER NOT NULL);
CREATE INDEX allivet_matrix_group ON allivet_matrix_items (group_key, position);
CREATE TABLE allivet_vets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT REFERENCES accounts(id),
    vet_name TEXT NOT NULL, clinic_name TEXT, vet_address TEXT, vet_city TEXT, vet_state TEXT,
    vet_postal_code TEXT, vet_phone TEXT, phone_digits TEXT, created_us INTEGER NOT NULL,
    modified_us INTEGER NOT NULL);
CREATE INDEX allivet_vets_state ON allivet_vets (vet_state);
CREATE INDEX allivet_vets_phone ON allivet_vets (phone_digits);
CREATE INDEX allivet_vets_postal ON allivet_vets (vet_postal_code);
CREATE INDEX allivet_vets_account ON allivet_vets (account);
CREATE TABLE allivet_customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL REFERENCES accounts(id),
    customer_no_key TEXT NOT NULL, email_key TEXT, customer_guid TEXT NOT NULL, email TEXT,
    client_customer_no TEXT NOT NULL, client_autoship_id TEXT, client_rx_id TEXT,
    client_reorder_id TEXT, client_customer_id TEXT, first_name TEXT, middle_name TEXT,
    last_name TEXT, customer_name TEXT, mobile TEXT, telephone TEXT, is_ok_to_receive_email TEXT,
    perks_id_number TEXT, created_us INTEGER NOT NULL, modified_us INTEGER NOT NULL,
    UNIQUE (account, customer_no_key), UNIQUE (account, email_key));
CREATE TABLE allivet_addresses (
    customer_row INTEGER NOT NULL REFERENCES allivet_customers(id) ON DELETE CASCADE,
    account TEXT NOT NULL, address_id TEXT NOT NULL, address_type TEXT NOT NULL,
    is_primary TEXT NOT NULL, name TEXT, address TEXT, city TEXT, state TEXT, postal_code TEXT,
    country TEXT, phone TEXT, created_us INTEGER NOT NULL, modified_us INTEGER NOT NULL,
    PRIMARY KEY (customer_row, address_id));
CREATE TABLE allivet_customer_vets (
    customer_row INTEGER NOT NULL REFERENCES allivet_customers(id) ON DELETE CASCADE,
    account TEXT NOT NULL, client_vet_id TEXT NOT NULL, vet_name TEXT, clinic_name TEXT,
    vet_phone TEXT, vet_city TEXT, vet_state TEXT, vet_postal_code TEXT, cb_external_code TEXT,
    created_us INTEGER NOT NULL, modified_us INTEGER NOT NULL,
    PRIMARY KEY (customer_row, client_vet_id));
CREATE TABLE allivet_pets (
    customer_row INTEGER NOT NULL REFERENCES allivet_customers(id) ON DELETE CASCADE,
    account TEXT NOT NULL, client_pet_id TEXT NOT NULL, pet_name TEXT, pet_owner TEXT,
    pet_type TEXT, pet_breed TEXT, special_type TEXT, pet_gender TEXT, pet_age TEXT,
    pet_date_of_birth TEXT, pet_weight REAL, medical_allergies TEXT, medication_is_taking TEXT,
    medical_conditions TEXT, is_pregnant TEXT, is_deceased TEXT, image TEXT,
    created_us INTEGER NOT NULL, modified_us INTEGER NOT NULL,
    PRIMARY KEY (customer_row, client_pet_id));
CREATE TABLE allivet_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL REFERENCES accounts(id),
    customer_row INTEGER NOT NULL REFERENCES allivet_customers(id),
    sales_order_code TEXT NOT NULL, client_id TEXT, client_order_id TEXT NOT NULL,
    customer_id TEXT, customer_key_id TEXT, sales_order_date TEXT, shipping_method TEXT,
    bill_to_name TEXT, bill_to_address TEXT, bill_to_city TEXT, bill_to_state TEXT,
    bill_to_postal_code TEXT, bill_to_country TEXT, bill_to_phone TEXT, ship_to_address_id TEXT,
    ship_to_name TEXT, ship_to_address TEXT, ship_to_city TEXT, ship_to_state TEXT,
    ship_to_postal_code TEXT, ship_to_country TEXT, ship_to_phone TEXT, is_autoship TEXT,
    is_reship TEXT, reason_code TEXT, original_client_order_id TEXT, sub_total REAL,
    freight REAL, freight_tax REAL, tax REAL, total REAL, is_rx INTEGER NOT NULL,
    is_backorder INTEGER NOT NULL, rx_decision TEXT, rx_decided_us INTEGER, cancelled_us INTEGER,
    created_us INTEGER NOT NULL, modified_us INTEGER NOT NULL,
    UNIQUE (account, client_order_id));
CREATE INDEX allivet_orders_created ON allivet_orders (account, created_us);
CREATE INDEX allivet_orders_customer ON allivet_orders (account, customer_row, created_us);
CREATE TABLE allivet_order_details (
    order_id INTEGER NOT NULL REFERENCES allivet_orders(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL, item_name TEXT NOT NULL, item_description TEXT,
    quantity INTEGER NOT NULL, unit_price REAL, extended_price REAL, is_rx INTEGER NOT NULL,
    client_pet_id TEXT, client_vet_id TEXT, prescription_id INTEGER,
    PRIMARY KEY (order_id, line_no)) WITHOUT ROWID;
CREATE TABLE allivet_prescriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL REFERENCES accounts(id),
    order_id INTEGER NOT NULL REFERENCES allivet_orders(id) ON DELETE CASCADE,
    customer_row INTEGER NOT NULL, item_name TEXT, item_description TEXT, quantity INTEGER,
    client_pet_id TEXT, client_vet_id TEXT);
CREATE INDEX allivet_rx_order ON allivet_prescriptions (order_id);
CREATE INDEX allivet_rx_customer ON allivet_prescriptions (account, customer_row);
"""


def _create_tables(db: sqlite_utils.Database) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    _restart_sequences(db)
    new_signing_key(db)


def new_signing_key(db: sqlite_utils.Database) -> None:
    """A fresh HS256 key for the database's tokens."""
    # The JWT signing key lives in the store, so every worker process signs alike.
    set_meta(db, SIGNING_KEY, secrets.token_urlsafe(48))


def _index_orders_by_customer(db: sqlite_utils.Database) -> None:
    # SQLite checks the orders that still name a customer before deleting it; led by the
    # account, the old index could not serve that check, and deleting an account scanned every
    # Allivet order once per customer (15 ms with 50,000 orders in another account).
    db.execute("DROP INDEX IF EXISTS allivet_orders_customer")
    db.execute("CREATE INDEX allivet_orders_customer ON allivet_orders (customer_row, created_us)")


MIGRATIONS = [("allivet:0001-catalogue-customers-orders", _create_tables),
              ("allivet:0002-orders-indexed-by-customer", _index_orders_by_customer)]


def _restart_sequences(db: sqlite_utils.Database) -> None:
    for table, first in (("allivet_orders", FIRST_ORDER_ID), ("allivet_prescriptions", FIRST_RX_ID)):
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, first - 1])
    if db.execute("SELECT 1 FROM allivet_vets WHERE account IS NOT NULL").fetchone() is None:
        db.execute("DELETE FROM sqlite_sequence WHERE name = 'allivet_vets'")
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('allivet_vets', ?)",
                   [FIRST_VET_ID - 1])


def signing_key(db: sqlite_utils.Database) -> str:
    """The HS256 key tokens are signed with."""
    return get_meta(db, SIGNING_KEY)


# -- catalogue (shared) -------------------------------------------------------------------
def get_product(db, item: str) -> tuple[dict, list[dict]] | None:
    """(group, matrix items) for a group's itemName or one of its matrix SKUs, any case."""
    key = item.strip().upper()
    group = select_one(db, "SELECT * FROM allivet_products WHERE item_key = ?", [key])
    if group is None:
        owner = select_one(db, "SELECT group_key FROM allivet_matrix_items WHERE item_key = ?", [key])
        if owner is None:
            return None
        group = select_one(db, "SELECT * FROM allivet_products WHERE item_key = ?", [owner["group_key"]])
    return group, matrix_items(db, [group["item_key"]])[group["item_key"]]


def matrix_items(db, group_keys: list[str]) -> dict[str, list[dict]]:
    """The matrix items of each group, in catalogue order."""
    found: dict[str, list[dict]] = {k: [] for k in group_keys}
    for start in range(0, len(group_keys), 900):
        chunk = group_keys[start:start + 900]
        for row in select(db, "SELECT * FROM allivet_matrix_items WHERE group_key IN "
                            f"({', '.join('?' for _ in chunk)}) ORDER BY group_key, position",
                            chunk):
            found[row["group_key"]].append(row)
    return found


def product_page(db, page: int, per_page: int) -> tuple[int, list[tuple[dict, list[dict]]]]:
    """(total groups, the page's groups with their matrix items), in catalogue order."""
    total = db.execute("SELECT count(*) FROM allivet_products").fetchone()[0]
    groups = select(db, "SELECT * FROM allivet_products ORDER BY position LIMIT ? OFFSET ?",
                   [per_page, (page - 1) * per_page])
    items = matrix_items(db, [g["item_key"] for g in groups])
    return total, [(g, items[g["item_key"]]) for g in groups]


def sellable_item(db, sku: str) -> dict | None:
    """A matrix item with its group's Rx flag, for order lines."""
    return select_one(db, "SELECT m.*, p.is_rx_item, p.active AS group_active FROM allivet_matrix_items m "
                    "JOIN allivet_products p ON p.item_key = m.group_key WHERE m.item_key = ?",
                [sku.strip().upper()])


# -- vets: the shared directory (account NULL) plus each account's own ---------------------
_VISIBLE = "(account IS NULL OR account = ?)"


def get_vet(db, account: str, vet_id: int) -> dict | None:
    """A directory vet or one the account created."""
    return select_one(db, f"SELECT * FROM allivet_vets WHERE id = ? AND {_VISIBLE}", [vet_id, account])


def search_vets(db, account: str, *, state: str | None = None, phone: str | None = None,
                postal_code: str | None = None) -> list[dict]:
    """Vets in a state, with a phone number (digits compared) or a postal code; by id."""
    if state is not None:
        where, value = "upper(vet_state) = ?", state.strip().upper()
    elif phone is not None:
        where, value = "phone_digits = ?", vets.digits(phone)
    else:
        where, value = "vet_postal_code = ?", (postal_code or "").strip()
    return select(db, f"SELECT * FROM allivet_vets WHERE {where} AND {_VISIBLE} ORDER BY id",
                 [value, account])


def create_vet(db, account: str | None, vet: dict, now_us: int) -> dict:
    """Store a vet, or return the identical one already visible (same name, phone, postal
    code and state) instead of a duplicate."""
    same = select_one(db, f"SELECT * FROM allivet_vets WHERE lower(vet_name) = ? AND phone_digits = ? "
                    f"AND vet_postal_code = ? AND upper(vet_state) = ? AND {_VISIBLE}",
                [vet["vet_name"].strip().lower(), vets.digits(vet["vet_phone"]),
                 vet["vet_postal_code"], vet["vet_state"].upper(), account])
    if same is not None:
        return same
    row = {**vet, "account": account, "phone_digits": vets.digits(vet["vet_phone"]),
           "created_us": now_us, "modified_us": now_us}
    return get_vet(db, account, insert_row(db, "allivet_vets", row))


def price_order(db, account: str, order: dict, details: list[dict],
                now_us: int) -> tuple[dict, list[dict], dict]:
    """(order row, lines, warnings) for a validated order: items checked against the ship-to
    state, missing billTo* taken from the recipient, money computed, customer resolved (only
    when there are no warnings)."""
    items = [sellable_item(db, d["item_name"]) for d in details]
    groups = [get_product(db, d["item_name"]) if i is None else None for d, i in zip(details, items)]
    warnings = pricing.line_problems(details, items, groups, order["ship_to_state"])
    original = order["original_client_order_id"]
    if order["is_reship"] == "Y" and order_by_client_id(db, account, original) is None:
        warnings["originalClientOrderId"] = [f"Original order '{original}' was not found."]
    if warnings:
        return order, [], warnings
    lines = [{"item_name": i["item_name"], "item_description": i["item_description"],
              "quantity": d["quantity"], "unit_price": i["allivet_price"],
              "extended_price": pricing.money(i["allivet_price"], d["quantity"]),
              "is_rx": int(i["is_rx_item"] == "Y"), "client_pet_id": d["client_pet_id"],
              "client_vet_id": d["client_vet_id"]} for d, i in zip(details, items)]
    for key in ("name", "address", "city", "state", "postal_code", "country", "phone"):
        if order[f"bill_to_{key}"] is None:  # "If not provided will use recipient Address"
            order[f"bill_to_{key}"] = order[f"ship_to_{key}"]
    row = {**order, **pricing.totals([(l["unit_price"], l["quantity"]) for l in lines],
                                   order["shipping_method"], order["ship_to_state"]),
           "customer_row": order_customer(db, account, order, now_us),
           "is_rx": int(any(l["is_rx"] for l in lines)),
           "is_backorder": int(rules.is_backorder([l["quantity"] for l in lines]))}
    return row, lines, {}


def order_customer(db, account: str, order: dict, now_us: int) -> int:
    """The customer an order belongs to (its customerId is a clientCustomerNo or an email),
    created when unknown ("we will create an account for that customer"); the order's
    recipient is saved as its shipping address (shipToAddressId, else the primary one)."""
    ref = order["customer_id"]
    customer = customers.find_customer(db, account, ref)
    if customer is None:
        first, _, last = order["ship_to_name"].strip().partition(" ")
        email = ref if "@" in ref and not customers.email_taken(db, account, ref) else None
        customer = customers.create_customer(db, account, {
            "customer_guid": str(uuid.uuid4()), "email": email, "client_customer_no": ref,
            "client_customer_id": order["customer_key_id"], "first_name": first,
            "last_name": last, "customer_name": order["ship_to_name"],
            "mobile": order["ship_to_phone"], "is_ok_to_receive_email": "Y"}, now_us)
    given = order["ship_to_address_id"]
    address_id = given or (customers.primary_shipping(db, customer["id"]) or {}).get("address_id") \
        or f"{order['client_order_id']}-S"
    customers.save_address(db, account, customer["id"], {
        **{k: order[f"ship_to_{k}"] for k in ("name", "address", "city", "state", "postal_code",
                                              "country", "phone")},
        "address_id": address_id, "address_type": "Shipping", "is_primary": "N" if given else "Y"},
        now_us)
    return customer["id"]


# -- orders and prescriptions -----------------------------------------------------------------
def save_order(db, account: str, order: dict, details: list[dict], now_us: int,
               order_id: int | None = None) -> int:
    """Create an order (or replace an existing one's fields and lines, keeping its creation
    time and Rx decision) with a prescription per Rx line. Call inside a transaction."""
    if order_id is None:
        order_id = insert_row(db, "allivet_orders", {**order, "account": account, "sales_order_code": "",
                                                 "created_us": now_us, "modified_us": now_us})
        db.execute("UPDATE allivet_orders SET sales_order_code = ? WHERE id = ?",
                   [f"SO-{order_id}", order_id])
    else:
        update_rows(db, "allivet_orders", {**order, "modified_us": now_us}, "id = ? AND account = ?",
                [order_id, account])
        db.execute("DELETE FROM allivet_prescriptions WHERE order_id = ?", [order_id])
        db.execute("DELETE FROM allivet_order_details WHERE order_id = ?", [order_id])
    for n, line in enumerate(details):
        rx_id = None
        if line["is_rx"]:
            rx_id = insert_row(db, "allivet_prescriptions", {
                "account": account, "order_id": order_id, "customer_row": order["customer_row"],
                **{k: line[k] for k in ("item_name", "item_description", "quantity",
                                        "client_pet_id", "client_vet_id")}})
        insert_row(db, "allivet_order_details", {**line, "order_id": order_id, "line_no": n,
                                             "prescription_id": rx_id})
    return order_id


def get_order(db, account: str, ref: str) -> dict | None:
    """The account's order by clientOrderId or salesOrderCode, with its lines."""
    ref = ref.strip()
    order = select_one(db, "SELECT * FROM allivet_orders WHERE account = ? AND client_order_id = ?",
                 [account, ref])
    if order is None and ref.upper().startswith("SO-") and ref[3:].isdigit():
        order = select_one(db, "SELECT * FROM allivet_orders WHERE account = ? AND id = ?",
                     [account, int(ref[3:])])
    if order is not None:
        order["details"] = select(db, "SELECT * FROM allivet_order_details WHERE order_id = ? "
                                     "ORDER BY line_no", [order["id"]])
    return order


def order_by_client_id(db, account: str, client_order_id: str) -> dict | None:
    """The account's order with this clientOrderId (without lines)."""
    return select_one(db, "SELECT * FROM allivet_orders WHERE account = ? AND client_order_id = ?",
                [account, client_order_id])


def prescription_ids(db, order_id: int) -> list[int]:
    """The ids of an order's prescriptions."""
    return [r[0] for r in db.execute("SELECT id FROM allivet_prescriptions WHERE order_id = ? "
                                     "ORDER BY id", [order_id])]


def set_order_fields(db, account: str, order_id: int, values: dict) -> None:
    """Record a cancel or an Rx decision on an order."""
    update_rows(db, "allivet_orders", values, "id = ? AND account = ?", [order_id, account])


def prescription_order(db, account: str, rx_id: int) -> dict | None:
    """The account's order holding prescription `rx_id`."""
    row = select_one(db, "SELECT order_id FROM allivet_prescriptions WHERE id = ? AND account = ?",
               [rx_id, account])
    return None if row is None else select_one(db, "SELECT * FROM allivet_orders WHERE id = ?",
                                         [row["order_id"]])


def customer_prescriptions(db, account: str, customer_row: int, status: str, now_us: int,
                           interval_us: int) -> list[dict]:
    """A customer's prescriptions in `status` at `now_us`, newest first."""
    condition, params = rules.rx_status_condition(status, now_us, interval_us)
    return select(db, "SELECT p.*, o.sales_order_code, o.client_order_id, o.created_us, o.is_rx, "
                     "o.rx_decision, o.rx_decided_us FROM allivet_prescriptions p JOIN "
                     "allivet_orders o ON o.id = p.order_id WHERE p.account = ? AND "
                     f"p.customer_row = ? AND {condition} ORDER BY o.created_us DESC, p.id DESC",
                 [account, customer_row, *params])


def changing_orders(db, account: str, before_us: int, after_us: int, interval_us: int) -> list[dict]:
    """Orders that may change status in (before, after]: only those young enough, so the
    cost does not grow with the account's history."""
    return select(db, "SELECT * FROM allivet_orders WHERE account = ? AND created_us > ? AND "
                     "created_us <= ? ORDER BY created_us, id",
                 [account, before_us - rules.MAX_STEPS * interval_us, after_us])


def clear_account(db, account: str) -> None:
    """Delete everything the account owns in Allivet."""
    for table in ("allivet_prescriptions", "allivet_addresses", "allivet_customer_vets",
                  "allivet_pets"):
        db.execute(f"DELETE FROM {table} WHERE account = ?", [account])
    db.execute("DELETE FROM allivet_order_details WHERE order_id IN "
               "(SELECT id FROM allivet_orders WHERE account = ?)", [account])
    for table in ("allivet_orders", "allivet_customers", "allivet_vets"):
        db.execute(f"DELETE FROM {table} WHERE account = ?", [account])
    if db.execute("SELECT 1 FROM allivet_orders LIMIT 1").fetchone() is None:
        _restart_sequences(db)
