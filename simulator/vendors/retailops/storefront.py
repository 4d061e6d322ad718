"""The RetailOps storefront at run time: its simulated shoppers buy on the account's clock
(one purchase slot per vendor per storefront interval), and the control plane and the CLI buy
or change a PO on demand. Seeding (seed.py) builds on the same PO lines and addresses."""
from __future__ import annotations

import functools

from ...core.fake import reseeded_faker
from . import models, rules


def us_address(key: str) -> dict:
    """A realistic US ship-to address, the same for the same key."""
    return dict(_address(key))


@functools.lru_cache(maxsize=4096)
def _address(key: str) -> dict:
    # Generating one takes Faker about a millisecond; each account's seeding asks for the
    # same thirteen, and the storefront for the same ones again after a reset.
    fake = reseeded_faker("en_US", key)
    state = fake.state_abbr(include_territories=False, include_freely_associated_states=False)
    first, last = fake.first_name(), fake.last_name()
    return {"first_name": first, "last_name": last,
            "company": fake.company() if fake.random.random() < 0.15 else None,
            "address1": fake.street_address(),
            "address2": fake.secondary_address() if fake.random.random() < 0.3 else None,
            "city": fake.city(), "state": state, "postal_code": fake.zipcode_in_state(state),
            "country": "US", "phone": fake.numerify("###-555-01##"),
            "email": f"{first}.{last}@{fake.free_email_domain()}".lower()}


def po_lines(db, vendor_id: int, wanted: list[tuple[str, int]]) -> list[dict]:
    """PO lines for [(vpc, quantity)] of known VPCs, priced from the catalogue."""
    lines = []
    for vpc, quantity in wanted:
        found = models.get_vpc(db, vendor_id, vpc)
        lines.append({"vpc": vpc, "quantity": quantity, "sku": found["sku"],
                      "description": found["description"], "unit_cost": found["unit_cost"]})
    return lines


def run_storefront(db, account: str, seed: int, now_us: int, interval_us: int,
                   max_slots: int) -> list[dict]:
    """Materialise the storefront's purchases up to `now_us`: one PO per purchase, for in-stock
    VPCs only, holding back the stock it sells. Returns the transitions. Call in a transaction."""
    until = models.storefront_until(db, account)
    if until is None or interval_us <= 0 or now_us <= until:
        return []
    purchases = sorted((at, slot, vendor_id) for vendor_id in models.vendor_ids(db)
                       for slot, at in rules.purchases_between(seed, vendor_id, until, now_us,
                                                               interval_us, max_slots))
    found = []
    for at, slot, vendor_id in purchases:
        stock = models.in_stock(db, account, vendor_id)
        if not stock:
            continue
        basket = rules.basket(seed, vendor_id, slot, stock)
        po = models.create_po(db, account, vendor_id, po_lines(db, vendor_id, basket["lines"]),
                              us_address(basket["address_seed"]), basket["ship_class_id"], at,
                              at + basket["submit_wait_us"], "storefront")
        for vpc, quantity in basket["lines"]:
            models.take_stock(db, account, vendor_id, vpc, quantity)
        found.append({"vendor": "retailops", "object": "po", "id": po["po"], "from": None,
                      "to": rules.status_at(po, at), "at_us": at, "rule": rules.RULE_STOREFRONT})
    models.set_storefront_until(db, account, now_us)
    return found


# -- on demand (control plane and CLI) ---------------------------------------------------------
class StorefrontError(ValueError):
    """A storefront request the control plane or CLI refuses; `status` is its HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def parse_item_specs(specs) -> list[tuple[str, int]]:
    """[(key, quantity)] from ["ABC123:2"] or [{"vpc"|"po_item_id": .., "quantity": n}]."""
    if not isinstance(specs, list) or not specs:
        raise StorefrontError("items must be a non-empty list, e.g. [\"ABC123:2\"] or "
                              "[{\"vpc\": \"ABC123\", \"quantity\": 2}]")
    out = []
    for spec in specs:
        if isinstance(spec, str):
            key, _, qty = spec.rpartition(":") if ":" in spec else (spec, "", "1")
        elif isinstance(spec, dict):
            key, qty = spec.get("vpc", spec.get("po_item_id")), spec.get("quantity", 1)
        else:
            key, qty = None, None
        if key in (None, "") or not str(qty).strip().isdigit():
            raise StorefrontError(f"bad item {spec!r}: give VPC:QUANTITY (or po_item_id:quantity)")
        out.append((str(key), int(str(qty).strip())))
    return out


def order_now(db, account: str, seed: int, vendor_id: int, items: list[tuple[str, int]],
              now_us: int, date_submit_us: int | None = None) -> dict:
    """A customer buys `items` [(vpc, quantity)] right now: a ready PO, whatever the advised
    stock. Call inside a transaction."""
    if models.get_vendor(db, vendor_id) is None:
        raise StorefrontError(f"unknown RetailOps vendor {vendor_id}", 404)
    for vpc, quantity in items:
        if models.get_vpc(db, vendor_id, vpc) is None:
            raise StorefrontError(f"VPC '{vpc}' is not in vendor {vendor_id}'s catalogue", 404)
        if quantity < 1:
            raise StorefrontError(f"quantity of VPC '{vpc}' must be at least 1")
    count = db.execute("SELECT count(*) FROM retailops_pos WHERE account = ?", [account]).fetchone()[0]
    key = f"{seed}:{account}:on-demand:{count}"
    ship_class = rules.slot_rng(seed, vendor_id, count, "on-demand").choice(rules.CHECKOUT_SERVICES)
    return models.create_po(db, account, vendor_id, po_lines(db, vendor_id, items), us_address(key),
                            ship_class, now_us, now_us if date_submit_us is None else date_submit_us,
                            "control")


def change_po(db, account: str, number: str, items: list[tuple[str, int]], now_us: int) -> dict:
    """The storefront changes a submitted PO's quantities (guide section 5: 'POs may be
    modified even after being submitted'); the vendor must accept the new revision."""
    po = models.get_po(db, account, number)
    if po is None:
        raise StorefrontError(f"PO {number} not found", 404)
    vendor = models.get_vendor(db, po["vendor_id"])
    if not vendor["change_after_submit"]:
        raise StorefrontError(f"vendor {vendor['id']} does not have the Vendor Setting 'Change POs "
                              "after submit'; its POs cannot change after submit", 409)
    if po["status"] != rules.SUBMITTED:
        raise StorefrontError(f"PO {number} is '{rules.status_at(po, now_us)}'; only submitted "
                              "POs can change (accepted POs are final)", 409)
    quantities = {}
    for key, quantity in items:
        found = [i for i in po["items"] if str(i["po_item_id"]) == key or i["vpc"] == key]
        if not found:
            raise StorefrontError(f"'{key}' is neither a po_item_id nor a VPC of PO {number}", 404)
        quantities[found[0]["po_item_id"]] = quantity
    if all(quantities.get(i["po_item_id"], i["quantity"]) == 0 for i in po["items"]):
        raise StorefrontError("a change cannot remove every item; cancel the PO instead")
    models.change_quantities(db, account, po, quantities, now_us)
    return models.get_po(db, account, number)
