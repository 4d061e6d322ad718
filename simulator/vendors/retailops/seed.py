"""Deterministic RetailOps data around the guide's example records: vendors, VPCs, carrier
classes (shared), each account's starting inventory advice and POs (the storefront's
run-time behaviour is storefront.py). Every generator seeds its own Faker instance; nothing touches global random state."""
from __future__ import annotations

from typing import Callable

from ...core.accounts import load_fixture
from ...core.db import insert_rows
from ...core.fake import seeded_faker
from ...core.accounts import DEFAULT_ACCOUNT
from ...core.plans import Copied, seed_from_plan, shift
from . import models, rules
from .storefront import po_lines, us_address

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


# An account's rows, parents first; every RetailOps id is the account's own (no global ids).
_ACCOUNT_TABLES = [Copied(t) for t in ("retailops_pos", "retailops_po_items", "retailops_packages",
                                       "retailops_package_items", "retailops_inventory",
                                       "retailops_storefront")]


def seed_account(db, account: str, seed: int, now_us: int) -> None:
    """An account's starting state (`_seed_account`), copied from the plan of it."""
    seed_from_plan(db, account, now_us, ("retailops", seed, getattr(db, "store_path", None)),
                   _ACCOUNT_TABLES, lambda db_, acct, now: _seed_account(db_, acct, seed, now))


def renew(db, _now_us: int, by_us: int) -> None:
    """A database copied from a template: the default account's times moved to now."""
    shift(db, _ACCOUNT_TABLES, DEFAULT_ACCOUNT, by_us)


def _seed_account(db, account: str, seed: int, now_us: int) -> None:
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
            _seeded_po(db, fake, account, vendor_id, vpcs, status, now_us, f"{seed}:{vendor_id}:{n}")
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
