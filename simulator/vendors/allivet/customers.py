"""Allivet customers and what hangs off them: addresses (with primary handling), pets and
linked vets, per account. No Flask here. Every query filters on the customer's account."""
from __future__ import annotations

from ...core.db import insert_row, select, select_one, update_rows


# -- customers ------------------------------------------------------------------------------
def get_customer(db, account: str, customer_no: str) -> dict | None:
    """The account's customer by clientCustomerNo (any case)."""
    return select_one(db, "SELECT * FROM allivet_customers WHERE account = ? AND customer_no_key = ?",
                [account, customer_no.strip().upper()])


def find_customer(db, account: str, ref: str) -> dict | None:
    """The account's customer by clientCustomerNo or email (an order's customerId)."""
    return get_customer(db, account, ref) or select_one(
        db, "SELECT * FROM allivet_customers WHERE account = ? AND email_key = ?",
        [account, ref.strip().lower()])


def customer_by_row(db, account: str, row_id: int) -> dict | None:
    """The account's customer by internal row id."""
    return select_one(db, "SELECT * FROM allivet_customers WHERE account = ? AND id = ?",
                [account, row_id])


def email_taken(db, account: str, email: str, other_than: int | None = None) -> bool:
    """Whether another customer of the account has this email (case-insensitive)."""
    row = select_one(db, "SELECT id FROM allivet_customers WHERE account = ? AND email_key = ?",
               [account, email.strip().lower()])
    return row is not None and row["id"] != other_than


def create_customer(db, account: str, customer: dict, now_us: int) -> dict:
    """Store a customer; returns it."""
    row = {**customer, "account": account,
           "customer_no_key": customer["client_customer_no"].strip().upper(),
           "email_key": (customer.get("email") or "").strip().lower() or None,
           "created_us": now_us, "modified_us": now_us}
    return customer_by_row(db, account, insert_row(db, "allivet_customers", row))


def update_customer(db, account: str, row_id: int, values: dict, now_us: int) -> None:
    """Change a customer's properties."""
    if "email" in values:
        values["email_key"] = values["email"].strip().lower()
    update_rows(db, "allivet_customers", {**values, "modified_us": now_us}, "id = ? AND account = ?",
            [row_id, account])


ADDRESSES, PETS, VETS = "allivet_addresses", "allivet_pets", "allivet_customer_vets"
_CHILD_KEY = {ADDRESSES: "address_id", PETS: "client_pet_id", VETS: "client_vet_id"}


def children(db, table: str, customer_row: int) -> list[dict]:
    """A customer's addresses, pets or linked vets, oldest first."""
    return select(db, f"SELECT * FROM {table} WHERE customer_row = ? ORDER BY created_us, rowid",
                 [customer_row])


def get_child(db, table: str, customer_row: int, key: str) -> dict | None:
    """One address, pet or linked vet of a customer by its client id."""
    return select_one(db, f"SELECT * FROM {table} WHERE customer_row = ? AND {_CHILD_KEY[table]} = ?",
                [customer_row, key])


def delete_child(db, table: str, customer_row: int, key: str) -> None:
    """Delete one address, pet or linked vet of a customer."""
    db.execute(f"DELETE FROM {table} WHERE customer_row = ? AND {_CHILD_KEY[table]} = ?",
               [customer_row, key])


def put_child(db, table: str, account: str, customer_row: int, row: dict, now_us: int) -> dict:
    """Create or replace a pet, linked vet or address (keeping its creation time)."""
    key = row[_CHILD_KEY[table]]
    old = get_child(db, table, customer_row, key)
    delete_child(db, table, customer_row, key)
    insert_row(db, table, {**row, "account": account, "customer_row": customer_row,
                       "created_us": old["created_us"] if old else now_us, "modified_us": now_us})
    return get_child(db, table, customer_row, key)


def save_address(db, account: str, customer_row: int, address: dict, now_us: int) -> None:
    """Create or replace an address. A primary one demotes the others of its type; a type
    without a primary address gets this one as primary."""
    old = get_child(db, ADDRESSES, customer_row, address["address_id"])
    has_primary = db.execute(
        "SELECT 1 FROM allivet_addresses WHERE customer_row = ? AND address_type = ? "
        "AND is_primary = 'Y' AND address_id != ?",
        [customer_row, address["address_type"], address["address_id"]]).fetchone()
    primary = "Y" if address["is_primary"] == "Y" or not has_primary else "N"
    if primary == "Y":
        db.execute("UPDATE allivet_addresses SET is_primary = 'N', modified_us = ? WHERE "
                   "customer_row = ? AND address_type = ? AND is_primary = 'Y'",
                   [now_us, customer_row, address["address_type"]])
    put_child(db, ADDRESSES, account, customer_row, {**address, "is_primary": primary}, now_us)
    if old and old["address_type"] != address["address_type"]:
        _promote(db, customer_row, old["address_type"], now_us)


def _promote(db, customer_row: int, address_type: str, now_us: int) -> None:
    if db.execute("SELECT 1 FROM allivet_addresses WHERE customer_row = ? AND address_type = ? "
                  "AND is_primary = 'Y'", [customer_row, address_type]).fetchone():
        return
    db.execute("UPDATE allivet_addresses SET is_primary = 'Y', modified_us = ? WHERE rowid = "
               "(SELECT rowid FROM allivet_addresses WHERE customer_row = ? AND address_type = ? "
               "ORDER BY created_us DESC, rowid DESC LIMIT 1)", [now_us, customer_row, address_type])


def delete_address(db, customer_row: int, address: dict, now_us: int) -> None:
    """Delete an address; the newest remaining one of its type becomes primary."""
    delete_child(db, ADDRESSES, customer_row, address["address_id"])
    _promote(db, customer_row, address["address_type"], now_us)


def primary_shipping(db, customer_row: int) -> dict | None:
    """The customer's primary shipping address."""
    return select_one(db, "SELECT * FROM allivet_addresses WHERE customer_row = ? AND "
                    "address_type = 'Shipping' AND is_primary = 'Y'", [customer_row])


def register_customer(db, account: str, values: dict, ship_to: list[dict], now_us: int,
                      guid: str) -> dict:
    """Store a registered customer with its billing address (billTo*) and ship-to list."""
    keys = ("email", "client_customer_no", "client_autoship_id", "client_rx_id",
            "client_reorder_id", "client_customer_id", "first_name", "middle_name", "last_name",
            "customer_name", "is_ok_to_receive_email", "perks_id_number")
    customer = create_customer(db, account, {**{k: values[k] for k in keys}, "customer_guid": guid,
                                             "mobile": values["bill_to_phone"]}, now_us)
    bill = {k: values[f"bill_to_{k}"] for k in ("address", "city", "state", "postal_code",
                                                "country", "phone")}
    if any(bill.values()):
        save_address(db, account, customer["id"], {
            **bill, "address_id": values["bill_to_address_id"] or f"{customer['client_customer_no']}-B",
            "address_type": "Billing", "is_primary": "Y", "name": values["customer_name"]}, now_us)
    for s in ship_to:
        save_address(db, account, customer["id"], {
            **{k: s[f"ship_to_{k}"] for k in ("address", "city", "state", "postal_code",
                                              "country", "phone")},
            "name": s["ship_to_name"] or values["customer_name"], "address_type": "Shipping",
            "address_id": s["ship_to_address_id"], "is_primary": s["is_primary"] or "N"}, now_us)
    return customer
