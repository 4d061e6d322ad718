"""Deterministic RetailOps data around the guide's example records: vendors, VPCs, carrier
classes (shared), each account's starting inventory advice and POs, and the storefront's
customers. Every generator seeds its own Faker instance; nothing touches global random state."""
from __future__ import annotations

from typing import Callable


from ...core.fake import reseeded_faker, seeded_faker
from ...core.accounts import load_fixture
from ...core.db import insert_rows
from . import models, rules

VPCS_PER_VENDOR = 14
HOUR_US = 3_600_000_000
_MATERIALS = ("Bamboo", "Stainless", "Ceramic", "Cotton", "Linen", "Cedar", "Copper", "Wool",
              "Canvas", "Walnut", "Recycled Glass", "Cast Iron")
_GOODS = ("Cutting Board", "Tumbler 20 oz", "Serving Bowl", "Throw Pillow", "Table Runner",
          "Planter 8 in", "Candle Holder", "Dish Towel Set", "Storage Basket", "French Press",
          "Picnic Blanket", "Utensil Crock", "Wall Hook Set", "Coaster Set", "Skillet 10 in")
_COLORS = ("Natural", "Charcoal", "Sage", "Ivory", "Navy", "Terracotta", "Slate", "Mustard")
# Statuses of each vendor's generated POs at seeding (vendor 31 has "Change POs after submit").
# "open" is a ready PO whose date_submit is still ahead (guide section 2).
_SEEDED_STATUSES = {27: ("ready", "open", "submitted", "submitted", "complete", "complete",
                         "canceled", "ready"),
                    31: ("ready", "open", "submitted", "accepted", "complete")}


def _fixture() -> dict:
    return load_fixture("retailops_vendors.json")


def _generated_vpcs(fake, vendor: dict) -> list[dict]:
    prefix = vendor["vpc_prefix"]
    taken = {v["vpc"] for v in vendor["vpcs"]}
    out, number = [], 1000 + fake.random.randint(1, 40)
    while len(out) < VPCS_PER_VENDOR:
        number += fake.random.randint(1, 17)
        vpc = f"{prefix}-{number}"
        if vpc in taken:
            continue
        material, goods, color = (fake.random.choice(x) for x in (_MATERIALS, _GOODS, _COLORS))
        out.append({"vpc": vpc, "sku": vendor["id"] * 1000 + 100 + len(out),
                    "description": f"{vendor['name'].split()[0]} {material} {goods}, {color}",
                    "unit_cost": round(fake.random.uniform(4, 90), 2)})
    return out


def seed_shared(db, seed: int, progress: Callable[[str, int], None]) -> None:
    """Replace the shared vendors, VPC catalogue and carrier classes."""
    fake = seeded_faker("en_US", seed)
    for table in ("retailops_vendors", "retailops_vpcs", "retailops_carrier_classes"):
        db.execute(f"DELETE FROM {table}")
    for vendor in _fixture()["vendors"]:
        insert_rows(db, "retailops_vendors", [{"id": vendor["id"], "name": vendor["name"],
                                               "change_after_submit": int(vendor["change_after_submit"])}])
        vpcs = [{"vendor_id": vendor["id"], **v} for v in vendor["vpcs"] + _generated_vpcs(fake, vendor)]
        insert_rows(db, "retailops_vpcs", vpcs)
    insert_rows(db, "retailops_carrier_classes",
                load_fixture("retailops_carrier_classes.json")["carrier_classes"])
    progress("retailops catalogue", 1, 1)


def us_address(key: str) -> dict:
    """A realistic US ship-to address, the same for the same key."""
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


def seed_account(db, account: str, seed: int, now_us: int) -> None:
    """An account's starting state: the guide's D123, generated POs in every status, starting
    inventory advice, and a storefront that starts running now."""
    fake = seeded_faker("en_US", f"{seed}:retailops-account")
    fixture = _fixture()
    for po in fixture["pos"]:
        created = now_us - po["created_hours_ago"] * HOUR_US
        models.create_po(db, account, po["vendor_id"], po_lines(db, po["vendor_id"], [
            (i["vpc"], i["quantity"]) for i in po["items"]]), po["ship_address"],
            po["ship_class_id"], created, created, "fixture", po_id=po["id"],
            first_item_id=po["first_item_id"])
    fixed = {(i["vendor_id"], i["vpc"]): i["quantity"] for i in fixture["inventory"]}
    for vendor_id in models.vendor_ids(db):
        vpcs = [r[0] for r in db.execute("SELECT vpc FROM retailops_vpcs WHERE vendor_id = ? "
                                         "ORDER BY vpc", [vendor_id])]
        for vpc in vpcs:
            quantity = fixed.get((vendor_id, vpc), fake.random.choice((0, 0, 0, 4, 9, 15, 25, 60)))
            models.advise(db, account, vendor_id, vpc, quantity, True, None, now_us - 6 * HOUR_US)
        for n, status in enumerate(_SEEDED_STATUSES.get(vendor_id, ())):
            _seeded_po(db, fake, account, vendor_id, vpcs, status, now_us, f"{seed}:{account}:{vendor_id}:{n}")
    models.set_storefront_until(db, account, now_us)


def _seeded_po(db, fake, account: str, vendor_id: int, vpcs: list[str], status: str,
               now_us: int, key: str) -> None:
    created = now_us - fake.random.randint(2, 240) * HOUR_US
    submit = now_us + fake.random.randint(6, 72) * HOUR_US if status == rules.OPEN else created
    wanted = [(vpc, fake.random.choice((1, 1, 2, 3))) for vpc in
              fake.random.sample(vpcs, fake.random.choice((1, 1, 2)))]
    po = models.create_po(db, account, vendor_id, po_lines(db, vendor_id, wanted), us_address(key),
                          fake.random.choice(rules.CHECKOUT_SERVICES), created, submit, "seed")
    if status == "complete":
        packages = [{"ship_class_id": po["ship_class_id"], "unit_count": 1,
                     "tracking_number": "1Z" + fake.numerify("#" * 16),
                     "items": [{"vpc": i["vpc"], "quantity": i["quantity"]} for i in po["items"]]}]
        models.ship(db, account, po, packages, rules.allocate(po, packages), False, created + 30 * HOUR_US)
    elif status == "canceled":
        models.ship(db, account, po, [], [], True, created + 4 * HOUR_US)
    elif status not in (rules.READY, rules.OPEN):
        models.set_status(db, account, po["id"], status, created + HOUR_US)


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
