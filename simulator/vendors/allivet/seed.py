"""Deterministic Allivet data around the docs' examples: a US pet-pharmacy catalogue of
matrix groups (CLOVITE 10012 first), a vet directory (Anne Peddon, 1545), and for each
account a handful of customers with addresses, pets, vets and past orders."""
from __future__ import annotations

import json
import random
from typing import Callable


from ...core.accounts import load_fixture
from ...core.db import insert_rows, select
from ...core.fake import seeded_faker
from ...core.accounts import DEFAULT_ACCOUNT
from ...core.plans import Copied, seed_from_plan, shift
from ...core.wire import parse_datetime, sql_dotnet_unspecified
from . import customers, models, pricing, schemas
from .catalogue import FAMILIES, band, unit_price
from .vets import digits

_LIFE = ["All", "Adult", "Kitten", "Puppy", "Senior"]
_DIETARY = ["Gluten Free", "GMO Free", "Grain Free", "Soy Free"]
_HEALTH = ["Allergies", "Bacterial Infections", "Arthritis", "Fleas", "Heartworm", "Digestion",
           "Anxiety", "Dental", "Skin Conditions"]
_FLAVORS = ["Beef", "Chicken", "Liver", "Strawberry", "Orange", "Apple", "Unflavored"]
_STATES = ["CA", "CT", "GA", "IN", "NY", "MA", "NJ", "OR", "WA", "IL"]


def _money(x: float) -> float:
    return round(x + 1e-9, 2)


def _meta(name: str, line: str, pet: str, rx: str, form: str) -> dict:
    low = name.lower()
    return {
        "seo_data": {"se_title": name, "se_keywords": f"buy {low} online, {low} for {pet.lower()}s",
                     "se_description": f"Call us at 1-877-500-9944 to purchase {name} with our "
                                       "everyday low price guarantee. Order now and save on AutoShip.",
                     "se_alt_text": f"Order {name}"},
        "html_summary": f"{line} for {pet.lower()}s, in {form.lower()} form.",
        "what_is": "", "product_for": f"For use in {pet.lower()}s.",
        "why_use_it": f"{line} is trusted by veterinarians.",
        "how_it_works": f"{line} works as directed on the label.",
        "active_ingredients": "See package insert.", "how_is_it_sold": f"{form} packs",
        "side_effects": "Vomiting or lethargy in rare cases." if rx == "Y" else "No known side effects.",
        "special_precautions": "Prescription required; use as directed by your veterinarian."
        if rx == "Y" else "", "event_of_overdose": "Contact your closest animal hospital immediately.",
        "howto_store": "Store in a refrigerator." if form == "Injection" else "Store in a dry and cool environment.",
        "tip": f"Give {line} at the same time each day.", "html_dosages": "Follow label directions.",
        "html_ingredients": "See package insert."}


class CatalogueBuilder:
    """Generates the catalogue rows from a seed; the docs' CLOVITE group comes first."""

    def __init__(self, seed: int) -> None:
        self.fake = seeded_faker("en_US", seed)
        self.rng = random.Random(f"allivet-catalogue:{seed}")
        self.groups: list[dict] = []
        self.items: list[dict] = []

    def _attributes(self, pet: str, category: str, form: str) -> dict:
        rng = self.rng
        return {"pet_type": pet, "category": category,
                "life_stage": sorted(rng.sample(_LIFE, rng.randint(1, 3)), key=_LIFE.index),
                "dietary": rng.sample(_DIETARY, rng.randint(0, 2)),
                "health_condition": rng.sample(_HEALTH, rng.randint(1, 2)),
                "flavor": rng.sample(_FLAVORS, rng.randint(0, 2)), "form": [form]}

    def _fixture(self) -> None:
        data = load_fixture("allivet_products.json")
        for product in data["products"]:
            group = {schemas.snake(k): v for k, v in product.items()}
            self._add_group(group, [
                {**{schemas.snake(k): v for k, v in item.items()},
                 "quantity_available": data["quantityAvailable"].get(item["itemName"], 0)}
                for item in product["matrixItem"]], raw=True)

    def _add_group(self, group: dict, items: list[dict], raw: bool = False) -> None:
        key = group["item_name"].upper()
        row = {k: group[k] for k in ("item_name", "brand", "manufacturer", "item_type",
                                     "item_description", "show_buy_button", "as_by_pass", "active",
                                     "is_rx_item", "is_cold_item", "is_dangerous_goods", "is_map",
                                     "is_p65")}
        encode = (lambda v: json.dumps(_snake_keys(v))) if raw else json.dumps
        row.update(item_key=key, position=len(self.groups), meta_data=encode(group["meta_data"]),
                   product_attribute=encode(group["product_attribute"]),
                   bundle_component=encode(group["bundle_component"]))
        self.groups.append(row)
        for n, item in enumerate(items):
            self.items.append({
                **{k: item[k] for k in ("item_name", "upc_code", "item_description", "item_type",
                                        "allivet_price", "map_price", "show_buy_button",
                                        "weight_in_pounds", "length_in_inches", "height_in_inches",
                                        "width_in_inches", "active", "as_by_pass",
                                        "is_shipping_restricted", "quantity_available")},
                "item_key": item["item_name"].upper(), "group_key": key, "position": n,
                "state_restricted": json.dumps(item["state_restricted"]),
                "product_attribute": encode(item["product_attribute"])})

    def build(self) -> tuple[list[dict], list[dict]]:
        """(groups, matrix items) rows."""
        self._fixture()
        placeholder = load_fixture("allivet_products.json")["products"][0]["bundleComponent"]
        rng, number = self.rng, 10012
        for brand, maker, line, category, pet, rx, cold, dg, form, variants, packs, (lo, hi) in FAMILIES:
            for variant in variants:
                number += rng.randint(1, 9)
                name = f"{line} {variant}"
                restricted = sorted(rng.sample(_STATES, rng.randint(1, 4))) \
                    if rng.random() < (0.3 if category == "FleaAndTick" else 0.1) else []
                attrs = self._attributes(pet, category, form)
                active = "I" if rng.random() < 0.03 else "A"
                is_map = "Y" if rng.random() < 0.5 else "N"
                group = {"item_name": str(number), "brand": brand, "manufacturer": maker,
                         "item_type": "Matrix Group", "item_description": name,
                         "show_buy_button": "Y" if active == "A" else "N", "as_by_pass": "N",
                         "active": active, "is_rx_item": rx, "is_cold_item": cold,
                         "is_dangerous_goods": dg, "is_map": is_map,
                         "is_p65": "Y" if rng.random() < 0.2 else "N",
                         "meta_data": _meta(name, line, pet, rx, form), "product_attribute": attrs,
                         "bundle_component": _snake_keys(placeholder)}
                base = rng.uniform(lo, hi)
                items = []
                for n, pack in enumerate(packs, start=1):
                    price = unit_price(base, packs, n, band(category, pet, rx))
                    weight = round(rng.uniform(0.1, 2.0) * pack, 2) if form != "Dry Food" else 8.5 * pack
                    items.append({
                        "item_name": f"{number}-{n:02d}", "upc_code": self.fake.ean13(),
                        "item_description": f"{name}, {pack} {form.lower()}" if pack > 1 else name,
                        "item_type": "Matrix Item", "allivet_price": price,
                        "map_price": _money(price * rng.uniform(1.0, 1.08)) if is_map == "Y" else 0,
                        "show_buy_button": group["show_buy_button"],
                        "weight_in_pounds": weight, "length_in_inches": float(rng.randint(2, 14)),
                        "height_in_inches": round(rng.uniform(0.5, 10), 1),
                        "width_in_inches": float(rng.randint(2, 12)),
                        "active": "I" if active == "A" and rng.random() < 0.03 else active,
                        "as_by_pass": "N", "is_shipping_restricted": "Y" if restricted else "N",
                        "state_restricted": restricted, "product_attribute": attrs,
                        "quantity_available": rng.choice([0] + [rng.randint(5, 400)] * 9)})
                self._add_group(group, items)
        return self.groups, self.items


def _snake_keys(value):
    if isinstance(value, dict):
        return {schemas.snake(k): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def seed_catalogue(db, seed: int, progress: Callable[..., None]) -> None:
    """Replace the shared catalogue and vet directory with those generated from `seed`."""
    groups, items = CatalogueBuilder(seed).build()
    db.execute("DELETE FROM allivet_matrix_items")
    db.execute("DELETE FROM allivet_products")
    insert_rows(db, "allivet_products", groups)
    insert_rows(db, "allivet_matrix_items", items)
    progress("allivet catalogue", len(groups), len(groups))
    db.execute("DELETE FROM allivet_vets WHERE account IS NULL")
    insert_rows(db, "allivet_vets", directory(seed))


def directory(seed: int) -> list[dict]:
    """The shared vet directory: the docs' Anne Peddon plus generated clinics."""
    fake = seeded_faker("en_US", seed + 1)
    rows = []
    for vet in load_fixture("allivet_vets.json")["vets"]:
        created = parse_datetime(vet["dateCreated"])[0]
        rows.append({"id": vet["vetId"], "account": None, "created_us": created,
                     "modified_us": parse_datetime(vet["dateModified"])[0],
                     "phone_digits": digits(vet["vetPhone"]),
                     **{schemas.snake(k): vet[k] for k in ("vetName", "clinicName", "vetAddress",
                                                           "vetCity", "vetState", "vetPostalCode",
                                                           "vetPhone")}})
    for n in range(60):
        created = 1_600_000_000_000_000 + n * 86_400_000_000
        phone = fake.numerify("##########").replace("0", "5", 1)
        rows.append({"id": 1001 + n * 9, "account": None, "created_us": created,
                     "modified_us": created, "phone_digits": phone,
                     "vet_name": f"{fake.first_name()} {fake.last_name()}",
                     "clinic_name": f"{fake.last_name().upper()} ANIMAL HOSPITAL",
                     "vet_address": fake.street_address().upper(), "vet_city": fake.city().upper(),
                     "vet_state": fake.state_abbr(include_territories=False),
                     "vet_postal_code": fake.postcode(), "vet_phone": phone})
    return rows


# An account's rows, parents first, with the global ids they hold.
_CUSTOMER = {"customer_row": "allivet_customers"}
_ACCOUNT_TABLES = [
    Copied("allivet_customers", id_column="id"),
    Copied("allivet_addresses", refs=_CUSTOMER),
    Copied("allivet_customer_vets", refs=_CUSTOMER),
    Copied("allivet_pets", refs=_CUSTOMER),
    # (what save_order derives from an order's id and time)
    Copied("allivet_orders", id_column="id", refs=_CUSTOMER,
           derived={"sales_order_code": "'SO-' || [id]",
                    "sales_order_date": sql_dotnet_unspecified("[created_us]")}),
    Copied("allivet_prescriptions", id_column="id",
           refs={**_CUSTOMER, "order_id": "allivet_orders"}),
    Copied("allivet_order_details",
           where="order_id IN (SELECT id FROM allivet_orders WHERE account = ?)",
           refs={"order_id": "allivet_orders", "prescription_id": "allivet_prescriptions"}),
]


def seed_account(db, account: str, seed: int, now_us: int) -> None:
    """An account's starting state (`_seed_account`), copied from the plan of it."""
    seed_from_plan(db, account, now_us, ("allivet", seed, getattr(db, "store_path", None)),
                   _ACCOUNT_TABLES, lambda db_, acct, now: _seed_account(db_, acct, seed, now))


def renew(db, _now_us: int, by_us: int) -> None:
    """A database copied from a template: its own signing key, the default account's times
    moved to now."""
    models.new_signing_key(db)
    shift(db, _ACCOUNT_TABLES, DEFAULT_ACCOUNT, by_us)


def _seed_account(db, account: str, seed: int, now_us: int) -> None:
    """A handful of customers with addresses, pets, a vet and past (shipped) orders."""
    fake = seeded_faker("en_US", seed + 2)
    rng = random.Random(f"allivet-account:{seed}")
    vets = models.search_vets(db, account, state="NY") + models.search_vets(db, account, phone="4245689898")
    sellable = select(db, "SELECT m.item_name FROM allivet_matrix_items m JOIN allivet_products p "
                      "ON p.item_key = m.group_key WHERE m.active = 'A' AND p.active = 'A' "
                      "AND m.state_restricted = '[]' ORDER BY m.item_key")
    day = 86_400_000_000
    for n in range(6):
        first, last = fake.first_name(), fake.last_name()
        created = now_us - (400 - n * 30) * day
        state = fake.state_abbr(include_territories=False)
        customer = customers.create_customer(db, account, {
            "customer_guid": fake.uuid4(), "email": f"{first}.{last}{n}@example.com".lower(),
            "client_customer_no": f"ACS-{100001 + n}", "client_autoship_id": str(437000 + n),
            "client_rx_id": str(7400 + n), "client_reorder_id": str(4300 + n),
            "client_customer_id": str(56437000 + n), "first_name": first, "middle_name": None,
            "last_name": last, "customer_name": f"{first} {last}",
            "mobile": fake.numerify("##########"), "telephone": None,
            "is_ok_to_receive_email": "Y", "perks_id_number": None}, created)
        address = {"name": f"{first} {last}", "address": fake.street_address(),
                   "city": fake.city(), "state": state, "postal_code": fake.postcode(),
                   "country": "US", "phone": customer["mobile"]}
        for kind in ("Billing", "Shipping"):
            customers.save_address(db, account, customer["id"], {
                **address, "address_id": f"{kind[0]}{100 + n}", "address_type": kind,
                "is_primary": "Y"}, created)
        vet = vets[n % len(vets)]
        customers.put_child(db, customers.VETS, account, customer["id"], {
            "client_vet_id": str(vet["id"]), "vet_name": vet["vet_name"],
            "clinic_name": vet["clinic_name"], "vet_phone": vet["vet_phone"],
            "vet_city": vet["vet_city"], "vet_state": vet["vet_state"],
            "vet_postal_code": vet["vet_postal_code"], "cb_external_code": ""}, created)
        pet_ids = []
        for p in range(rng.randint(1, 2)):
            pet_ids.append(f"P{100 + n}{p}")
            customers.put_child(db, customers.PETS, account, customer["id"], {
                "client_pet_id": pet_ids[-1], "pet_name": fake.first_name(), "pet_owner": f"{first} {last}",
                "pet_type": rng.choice(["Dog", "Dog", "Cat", "Horse"]), "pet_breed": None,
                "special_type": None, "pet_gender": rng.choice("FM"),
                "pet_age": rng.choice(schemas.PET_AGES[:6]), "pet_date_of_birth": None,
                "pet_weight": round(rng.uniform(5, 90), 1), "medical_allergies": None,
                "medication_is_taking": None, "medical_conditions": None, "is_pregnant": "N",
                "is_deceased": "N", "image": None}, created)
        for o in range(rng.randint(1, 3)):
            _seed_order(db, account, customer, address, rng.choice(sellable)["item_name"],
                        pet_ids[0], str(vet["id"]), created + (o + 1) * 20 * day, n * 10 + o)


def _seed_order(db, account: str, customer: dict, address: dict, sku: str, pet: str, vet: str,
                created: int, n: int) -> None:
    item = models.sellable_item(db, sku)
    quantity = 1 + n % 3
    money = pricing.totals([(item["allivet_price"], quantity)], "GRND", address["state"])
    ship = {f"ship_to_{k}": address[k] for k in ("name", "address", "city", "state",
                                                 "postal_code", "country", "phone")}
    order = {"customer_row": customer["id"], "client_id": "DropshipClient",
             "client_order_id": f"SEED-{account}-{n:03d}", "customer_id": customer["email"],
             "customer_key_id": customer["client_customer_id"],
             "sales_order_date": schemas.format_dotnet_unspecified(created),
             "shipping_method": "GRND", **{k.replace("ship_", "bill_"): v for k, v in ship.items()},
             "ship_to_address_id": f"S{customer['client_customer_no'][-3:]}", **ship,
             "is_autoship": "N", "is_reship": "N", "reason_code": None,
             "original_client_order_id": None, **money, "is_rx": int(item["is_rx_item"] == "Y"),
             "is_backorder": 0, "rx_decision": None, "rx_decided_us": None, "cancelled_us": None}
    line = {"item_name": item["item_name"], "item_description": item["item_description"],
            "quantity": quantity, "unit_price": item["allivet_price"],
            "extended_price": money["sub_total"], "is_rx": order["is_rx"],
            "client_pet_id": pet, "client_vet_id": vet}
    models.save_order(db, account, order, [line], created)
