"""A deterministic veterinary catalogue around the docs' example products, and its nightly churn.

The catalogue is a timeline: each product has versions, each valid for a range of catalogue
days (Sydney days since the anchor date the database was seeded on). Day 0 is the catalogue
the database starts with; each of the next `CHURN_DAYS` nights changes a few prices, adds a few
products and discontinues a few. Days and times are stored relative to the anchor, so the same
seed gives byte-identical rows whatever day it is seeded on. Past the last churn day the
catalogue stays as it is.
"""
from __future__ import annotations

import bisect
import random
from typing import Callable

from ...core.accounts import load_fixture
from ...core.fake import seeded_faker
from ...core.db import insert_rows
from .listing import product_copy

CHURN_DAYS = 366
FOREVER = 1_000_000  # valid_to_day of a version that is never replaced
BASE_CATALOGUE_SIZE = 340

# (code prefix, product line, manufacturer, therapeutic index, poison schedule, unit, form,
#  variants, price range for the smallest pack, dangerous goods class)
_FAMILIES = [
    ("NEXG", "NexGard Chewables for Dogs", "Boehringer Ingelheim", "Parasiticides - Ectoparasiticides", "S5", "chews", "Box",
     ["2-4kg", "4.1-10kg", "10.1-25kg", "25.1-50kg"], (38, 62), None),
    ("NXSP", "NexGard Spectra for Dogs", "Boehringer Ingelheim", "Parasiticides - Endectocides", "S5", "chews", "Box",
     ["2-3.5kg", "3.6-7.5kg", "7.6-15kg", "15.1-30kg", "30.1-60kg"], (52, 88), None),
    ("BRAV", "Bravecto Chew for Dogs", "MSD Animal Health", "Parasiticides - Ectoparasiticides", "S5", "chews", "Box",
     ["2-4.5kg", "4.5-10kg", "10-20kg", "20-40kg", "40-56kg"], (44, 72), None),
    ("BRSP", "Bravecto Spot-On for Cats", "MSD Animal Health", "Parasiticides - Ectoparasiticides", "S5", "pipettes", "Pack",
     ["1.2-2.8kg", "2.8-6.25kg", "6.25-12.5kg"], (40, 60), None),
    ("SIMP", "Simparica Trio for Dogs", "Zoetis", "Parasiticides - Endectocides", "S5", "chews", "Box",
     ["1.3-2.5kg", "2.6-5kg", "5.1-10kg", "10.1-20kg", "20.1-40kg", "40.1-60kg"], (50, 90), None),
    ("REVO", "Revolution for Cats", "Zoetis", "Parasiticides - Endectocides", "S5", "pipettes", "Pack",
     ["up to 2.5kg", "2.6-7.5kg"], (45, 70), None),
    ("ADVO", "Advocate for Dogs", "Elanco", "Parasiticides - Endectocides", "S5", "pipettes", "Pack",
     ["up to 4kg", "4-10kg", "10-25kg", "over 25kg"], (42, 75), None),
    ("DRON", "Drontal Allwormer for Dogs", "Elanco", "Parasiticides - Endoparasiticides", "S5", "tablets", "Box",
     ["10kg", "35kg"], (18, 45), None),
    ("MILB", "Milbemax Allwormer for Cats", "Elanco", "Parasiticides - Endoparasiticides", "S5", "tablets", "Box",
     ["0.5-2kg", "2-8kg"], (16, 32), None),
    ("HEAR", "Heartgard Plus Chewables", "Boehringer Ingelheim", "Parasiticides - Endoparasiticides", "S5", "chews", "Box",
     ["up to 11kg", "12-22kg", "23-45kg"], (35, 60), None),
    ("CRED", "Credelio for Dogs", "Elanco", "Parasiticides - Ectoparasiticides", "S5", "tablets", "Box",
     ["1.3-2.5kg", "2.5-5.5kg", "5.5-11kg", "11-22kg", "22-45kg"], (40, 70), None),
    ("SERE", "Seresto Flea and Tick Collar", "Elanco", "Parasiticides - Ectoparasiticides", "S5", "collar", "Each",
     ["small dogs and cats", "large dogs over 8kg"], (60, 85), None),
    ("APOQ", "Apoquel Tablets", "Zoetis", "Dermatology", "S4", "tablets", "Bottle",
     ["3.6mg", "5.4mg", "16mg"], (70, 180), None),
    ("METC", "Metacam Oral Suspension for Dogs", "Boehringer Ingelheim", "NSAIDs", "S4", "mL", "Bottle",
     [""], (25, 90), None),
    ("PREV", "Previcox Chewable Tablets", "Boehringer Ingelheim", "NSAIDs", "S4", "tablets", "Box",
     ["57mg", "227mg"], (40, 150), None),
    ("RIMA", "Rimadyl Chewable Tablets", "Zoetis", "NSAIDs", "S4", "tablets", "Bottle",
     ["25mg", "75mg", "100mg"], (35, 160), None),
    ("CONV", "Convenia Injection", "Zoetis", "Antibiotics", "S4", "mL", "Vial",
     [""], (120, 260), None),
    ("CLAV", "Clavulox Palatable Tablets", "Zoetis", "Antibiotics", "S4", "tablets", "Strip",
     ["50mg", "250mg", "500mg"], (15, 70), None),
    ("VETM", "Vetmedin Chewable Tablets", "Boehringer Ingelheim", "Cardiology", "S4", "tablets", "Bottle",
     ["1.25mg", "2.5mg", "5mg"], (45, 160), None),
    ("FORT", "Fortekor Flavour Tablets", "Elanco", "Cardiology", "S4", "tablets", "Box",
     ["5mg", "20mg"], (35, 110), None),
    ("COSE", "Cosequin DS Joint Health Chews", "Nutramax", "Nutritional Supplements", None, "chews", "Tub",
     ["small-medium dogs", "large dogs"], (38, 90), None),
    ("PAWO", "PAW Osteosupport Joint Powder", "Blackmores Pet Care", "Nutritional Supplements", None, "g", "Tub",
     [""], (30, 75), None),
    ("PAWF", "PAW Fish Oil Plus for Dogs and Cats", "Blackmores Pet Care", "Nutritional Supplements", None, "mL", "Bottle",
     [""], (22, 48), None),
    ("HILK", "Hill's Prescription Diet k/d Kidney Care", "Hill's Pet Nutrition", "Prescription Diets", None, "kg", "Bag",
     ["Canine", "Feline"], (45, 140), None),
    ("HILI", "Hill's Prescription Diet i/d Digestive Care", "Hill's Pet Nutrition", "Prescription Diets", None, "kg", "Bag",
     ["Canine", "Feline"], (45, 140), None),
    ("ROYR", "Royal Canin Veterinary Renal", "Royal Canin", "Prescription Diets", None, "kg", "Bag",
     ["Canine", "Feline"], (48, 150), None),
    ("ROYU", "Royal Canin Veterinary Urinary S/O", "Royal Canin", "Prescription Diets", None, "kg", "Bag",
     ["Canine", "Feline"], (48, 150), None),
    ("ILIU", "Ilium Neomycin Eye Drops", "Troy Laboratories", "Ophthalmics", "S4", "mL", "Bottle",
     [""], (14, 28), None),
    ("MALA", "Malaseb Medicated Shampoo", "Dechra", "Dermatology", None, "mL", "Bottle",
     [""], (25, 95), None),
    ("EPIO", "Epi-Otic Advanced Ear Cleanser", "Virbac", "Otics", None, "mL", "Bottle",
     [""], (18, 55), None),
    ("FIDO", "Fido's FreeItch Rinse Concentrate", "Mavlab", "Dermatology", "S6", "mL", "Bottle",
     [""], (16, 45), "Class 9"),
    ("AERO", "Aerosol Flea Bomb Fogger", "Ceva", "Environmental Control", "S6", "g", "Can",
     [""], (12, 30), "Class 2.1"),
    ("DEXD", "Dexdomitor Injection", "Zoetis", "Anaesthetics and Sedatives", "S4", "mL", "Vial",
     [""], (90, 220), None),
    ("ALFX", "Alfaxan Multidose Injection", "Jurox", "Anaesthetics and Sedatives", "S4", "mL", "Vial",
     [""], (95, 240), None),
    ("METH", "Methylated Spirits Surgical", "Apex Laboratories", "Clinic Consumables", None, "mL", "Bottle",
     [""], (8, 25), "Class 3"),
    ("VETR", "Vetrabond Tissue Adhesive", "3M", "Clinic Consumables", None, "mL", "Bottle",
     [""], (60, 110), None),
    ("ZYLK", "Zylkene Calming Capsules", "Vetoquinol", "Behaviour", None, "capsules", "Box",
     ["75mg", "225mg", "450mg"], (28, 70), None),
    ("ADAP", "Adaptil Calm Diffuser Refill", "Ceva", "Behaviour", None, "mL", "Refill",
     [""], (38, 52), None),
    ("FELI", "Feliway Classic Diffuser Refill", "Ceva", "Behaviour", None, "mL", "Refill",
     [""], (38, 52), None),
    ("CYDE", "Cydectin Pour-On for Cattle", "Zoetis", "Parasiticides - Endectocides", "S5", "mL", "Pack",
     [""], (90, 420), "Class 3"),
    ("EQUI", "Equimax Elevation Horse Wormer", "Virbac", "Parasiticides - Endoparasiticides", "S5", "g", "Syringe",
     [""], (18, 32), None),
    ("HILS", "Hill's Science Diet Adult", "Hill's Pet Nutrition", "Pet Food", None, "kg", "Bag",
     ["Chicken", "Lamb and Rice", "Small Bites", "Large Breed", "Sensitive Stomach", "Light", "Oral Care"], (30, 120), None),
    ("ROYC", "Royal Canin Size Health Nutrition", "Royal Canin", "Pet Food", None, "kg", "Bag",
     ["Mini Adult", "Medium Adult", "Maxi Adult", "Mini Puppy", "Medium Puppy", "Maxi Puppy", "Giant Adult"], (32, 125), None),
    ("ADVD", "Advance Dog Adult", "Mars Petcare", "Pet Food", None, "kg", "Bag",
     ["Chicken", "Lamb", "Turkey", "Total Wellbeing", "Dental", "Sensitive Skin"], (28, 110), None),
    ("ADVC", "Advance Cat Adult", "Mars Petcare", "Pet Food", None, "kg", "Bag",
     ["Chicken", "Ocean Fish", "Turkey", "Hairball", "Indoor"], (26, 95), None),
    ("GREE", "Greenies Dental Treats", "Mars Petcare", "Dental Care", None, "g", "Bag",
     ["Teenie", "Petite", "Regular", "Large"], (14, 55), None),
    ("CETP", "C.E.T. Enzymatic Toothpaste", "Virbac", "Dental Care", None, "g", "Tube",
     ["Poultry", "Beef", "Malt", "Vanilla-Mint"], (12, 30), None),
    ("NOBV", "Nobivac Canine Vaccine", "MSD Animal Health", "Vaccines", "S4", "doses", "Box",
     ["DHP", "KC", "Lepto", "Rabies"], (120, 420), None),
    ("CYTO", "Cytopoint Injection", "Zoetis", "Dermatology", "S4", "vials", "Box",
     ["10mg", "20mg", "30mg", "40mg"], (160, 380), None),
    ("PROH", "ProHeart SR-12 Injection", "Zoetis", "Parasiticides - Endoparasiticides", "S4", "doses", "Kit",
     ["10 dose", "50 dose"], (300, 1200), None),
    ("SENT", "Sentinel Spectrum Tasty Chews", "Virbac", "Parasiticides - Endectocides", "S5", "chews", "Box",
     ["Very Small Dogs", "Small Dogs", "Medium Dogs", "Large Dogs"], (40, 80), None),
    ("INTR", "Interceptor Spectrum Chews", "Elanco", "Parasiticides - Endectocides", "S5", "chews", "Box",
     ["Toy Dogs", "Small Dogs", "Medium Dogs", "Large Dogs"], (38, 78), None),
    ("CAPS", "Capstar Flea Tablets", "Elanco", "Parasiticides - Ectoparasiticides", "S5", "tablets", "Box",
     ["Cats and Small Dogs", "Large Dogs"], (25, 45), None),
    ("POPA", "Popantel Allwormer", "Jurox", "Parasiticides - Endoparasiticides", "S5", "tablets", "Box",
     ["10kg", "20kg", "35kg"], (15, 40), None),
    ("KONG", "KONG Classic Toy", "KONG Company", "Accessories", None, "each", "Each",
     ["X-Small", "Small", "Medium", "Large", "X-Large"], (10, 35), None),
]

_PACKS = {"chews": [1, 3, 6, 12], "pipettes": [1, 3, 6], "tablets": [10, 30, 60, 100],
          "collar": [1], "mL": [15, 32, 100, 250, 500], "g": [100, 250, 500],
          "kg": [1.5, 3.85, 8, 12], "capsules": [10, 30], "doses": [10, 25, 50],
          "vials": [1, 2], "each": [1], "Each": [1]}


def _uom(form: str, pack: float, unit: str) -> str:
    if unit in ("mL", "g", "kg"):
        return f"{form} {pack:g}{unit}"
    if unit in ("collar", "each"):
        return "Each"
    return f"{form} of {pack:g} {unit}"


def _pack_label(pack: float, unit: str) -> str:
    """How a shop names the pack: `32mL`, `1.5kg`, `3 chews`, `1 collar`."""
    if unit in ("mL", "g", "kg"):
        return f"{pack:g}{unit}"
    return f"{pack:g} {unit.lower()}"


def _money(value: float) -> float:
    return round(value + 1e-9, 2)


class CatalogueBuilder:
    """Generates the catalogue timeline from a seed; `build()` gives every version."""

    def __init__(self, seed: int) -> None:
        self.fake = seeded_faker("en_AU", seed)
        self.rng = random.Random(f"provet-catalogue:{seed}")
        self.seed = seed
        self.codes_by_prefix: dict[str, int] = {}
        self.current: dict[str, dict] = {}
        self.fixed_codes: set[str] = set()
        self.versions: list[dict] = []
        self.candidates = [(fam, variant, pack) for fam in _FAMILIES for variant in fam[7]
                           for pack in _PACKS[fam[5]]]
        self.rng.shuffle(self.candidates)

    def _next_code(self, prefix: str) -> str:
        n = self.codes_by_prefix.get(prefix, 0) + 1
        self.codes_by_prefix[prefix] = n
        return f"{prefix} {n:02d}"

    def _new_product(self, day: int) -> dict | None:
        if not self.candidates:
            return None
        fam, variant, pack = self.candidates.pop()
        prefix, line, maker, index, schedule, unit, form, _v, (lo, hi), dg = fam
        rng = self.rng
        pack_rank = _PACKS[unit].index(pack)  # bigger packs cost more
        price = _money(rng.uniform(lo, hi) * (1 + 0.35 * pack_rank))
        list_price = _money(price * rng.uniform(1.05, 1.15))
        weight = round(rng.uniform(30, 400) if unit not in ("kg",) else pack * 1000 + 120, 1)
        special = rng.random() < 0.05
        stock = 0 if special else rng.choice([0, 0] + [rng.randint(1, 600) for _ in range(18)])
        code = self._next_code(prefix)
        return {
            "code": code,
            "description": " ".join(p for p in (line, variant, _uom(form, pack, unit)) if p),
            "list_price": list_price,
            "price": price,
            "rrp": _money(price * rng.uniform(1.45, 1.9)),
            "gst": 0 if index == "Prescription Diets" and rng.random() < 0.3 else 1,
            "price_breaks": self._price_breaks(price),
            "stock_available": stock,
            "eta_day": (day + rng.randint(3, 45)) if stock == 0 else None,
            "barcodes": [self.fake.ean13() for _ in range(rng.choice([1, 1, 1, 2]))],
            "manufacturer": maker,
            "manufacturer_code": f"{maker[:3].upper()}-{self.fake.bothify('??-####').upper()}",
            "weight": weight,
            "length": float(rng.randint(60, 420)),
            "breadth": float(rng.randint(40, 300)),
            "height": float(rng.randint(10, 250)),
            "dispensing_unit": int(pack) if unit in ("chews", "pipettes", "tablets", "capsules", "doses", "vials") else 1,
            "unit_of_measure": _uom(form, pack, unit),
            "therapeutic_index": index,
            "dangerous_goods_class": dg,
            "discontinued": 0,
            "special_order": 1 if special else 0,
            "non_returnable": 1 if schedule == "S4" or form == "Vial" else 0,
            "poison_schedule": schedule,
            "created_day": day if day > 0 else -rng.randint(30, 2500),
            "created_sec": rng.randint(600, 10800),
            # Shop copy from its own generator (see listing.py): the catalogue's sequence is
            # the same with or without it.
            **product_copy(self.seed, code, line, variant, _pack_label(pack, unit), maker, index,
                           schedule),
        }

    def _price_breaks(self, price: float) -> list[dict]:
        breaks = [{"quantity": 1, "price": price}]
        if self.rng.random() < 0.6:
            breaks.append({"quantity": 6, "price": _money(price * 0.95)})
            breaks.append({"quantity": 12, "price": _money(price * 0.9)})
        return breaks

    def _open(self, product: dict, day: int, updated: tuple[int, int] | None = None) -> None:
        code = product["code"]
        previous = self.current.get(code)
        if previous is not None:
            previous["valid_to_day"] = day
        version = dict(product)
        version["version"] = 1 if previous is None else previous["version"] + 1
        version["valid_from_day"] = -FOREVER if day <= 0 else day
        version["valid_to_day"] = FOREVER
        if updated is None:
            updated = (version["created_day"], version["created_sec"])
        version["updated_day"], version["updated_sec"] = updated
        self.current[code] = version
        self.versions.append(version)

    def build(self, progress: Callable[..., None]) -> list[dict]:
        """Every version of every product, day 0 first."""
        for fixture in load_fixture("provet_products.json")["products"]:
            product = {k: v for k, v in fixture.items() if k not in ("updated_day", "updated_sec")}
            product.update(gst=int(fixture["gst"]), discontinued=int(fixture["discontinued"]),
                           special_order=int(fixture["special_order"]),
                           non_returnable=int(fixture["non_returnable"]), eta_day=None)
            prefix, number = product["code"].split(" ")
            self.codes_by_prefix[prefix] = max(self.codes_by_prefix.get(prefix, 0), int(number))
            self.fixed_codes.add(product["code"])
            self._open(product, 0, (fixture["updated_day"], fixture["updated_sec"]))
        while len(self.current) < BASE_CATALOGUE_SIZE:
            product = self._new_product(0)
            if product is None:
                break
            self._open(product, 0)
        self._discontinue_some_at_start()
        # Codes that may still change, in code order; kept up to date rather than re-sorted
        # for each of the churn days.
        self.live = [c for c in sorted(self.current)
                     if c not in self.fixed_codes and not self.current[c]["discontinued"]]
        total = BASE_CATALOGUE_SIZE + CHURN_DAYS
        progress("provet catalogue", BASE_CATALOGUE_SIZE, total)
        reported = 0
        for day in range(1, CHURN_DAYS + 1):
            self._churn(day)
            if day % 61 == 0 or day == CHURN_DAYS:
                progress("provet catalogue", day - reported, total)
                reported = day
        return self.versions

    def _discontinue_some_at_start(self) -> None:
        changeable = [c for c in sorted(self.current) if c not in self.fixed_codes]
        for code in self.rng.sample(changeable, 12):
            product = dict(self.current[code], discontinued=1)
            # Half are run down to nothing (left out of the list), half still sell out.
            if self.rng.random() < 0.5:
                product.update(stock_available=0, eta_day=None)
            self.current[code].update(product)

    def _churn(self, day: int) -> None:
        rng = self.rng
        live = list(self.live)  # as it stood when the night began
        for code in rng.sample(live, rng.randint(2, 5)):
            factor = rng.choice([0.9, 0.95, 1.03, 1.05, 1.08])
            product = dict(self.current[code])
            product["price"] = _money(product["price"] * factor)
            product["list_price"] = _money(product["list_price"] * factor)
            product["rrp"] = _money(product["rrp"] * factor)
            product["price_breaks"] = self._price_breaks(product["price"])
            product["stock_available"] = rng.randint(0, 600)
            product["eta_day"] = day + rng.randint(3, 30) if product["stock_available"] == 0 else None
            self._open(product, day, (day, rng.randint(600, 10800)))
        for _ in range(rng.choice([0, 0, 1, 1])):
            product = self._new_product(day)
            if product is not None:
                self._open(product, day)
                bisect.insort(self.live, product["code"])
        if rng.random() < 0.4 and live:
            code = rng.choice(live)
            product = dict(self.current[code], discontinued=1, stock_available=0, eta_day=None)
            self._open(product, day, (day, rng.randint(600, 10800)))
            self.live.remove(code)


def _storable(version: dict) -> dict:
    import json

    row = dict(version)
    row["price_breaks"] = json.dumps(row["price_breaks"])
    row["barcodes"] = json.dumps(row["barcodes"])
    row["tags"] = None if row["tags"] is None else json.dumps(row["tags"])
    row["code_key"] = row["code"].upper()
    return row


def seed_catalogue(db, seed: int, progress: Callable[..., None]) -> None:
    """Replace the shared Provet catalogue with the timeline generated from `seed`."""
    versions = CatalogueBuilder(seed).build(progress)
    db.execute("DELETE FROM provet_products")
    insert_rows(db, "provet_products", [_storable(v) for v in versions])
