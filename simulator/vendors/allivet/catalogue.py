"""What the seeded Allivet catalogue sells and at what prices: product lines of a US pet
pharmacy, each with its variants and pack sizes, and the shelf-price band of its kind."""
from __future__ import annotations

import math

# (brand, manufacturer, product line, category, pet type, Rx, cold, dangerous goods,
#  form, variants, pack sizes, price range of the smallest pack)
FAMILIES = [
    ("NexGard", "Boehringer Ingelheim", "NexGard Chewables for Dogs", "FleaAndTick", "Dog", "Y", "N", "N", "Chewables",
     ["4-10 lbs", "10.1-24 lbs", "24.1-60 lbs", "60.1-121 lbs"], [1, 3, 6], (24, 36)),
    ("Simparica Trio", "Zoetis", "Simparica Trio Chewable Tablets for Dogs", "Heartworm", "Dog", "Y", "N", "N", "Chewables",
     ["2.8-5.5 lbs", "5.6-11 lbs", "11.1-22 lbs", "22.1-44 lbs", "44.1-88 lbs", "88.1-132 lbs"], [3, 6, 12], (70, 95)),
    ("Bravecto", "Merck Animal Health", "Bravecto Chews for Dogs", "FleaAndTick", "Dog", "Y", "N", "N", "Chewables",
     ["4.4-9.9 lbs", "9.9-22 lbs", "22-44 lbs", "44-88 lbs", "88-123 lbs"], [1, 2], (52, 64)),
    ("Heartgard Plus", "Boehringer Ingelheim", "Heartgard Plus Chewables", "Heartworm", "Dog", "Y", "N", "N", "Chewables",
     ["up to 25 lbs", "26-50 lbs", "51-100 lbs"], [6, 12], (38, 60)),
    ("Interceptor Plus", "Elanco", "Interceptor Plus Chewables", "Heartworm", "Dog", "Y", "N", "N", "Chewables",
     ["2-8 lbs", "8.1-25 lbs", "25.1-50 lbs", "50.1-100 lbs"], [6, 12], (55, 80)),
    ("Revolution", "Zoetis", "Revolution Topical Solution", "Heartworm", "Cat", "Y", "N", "N", "Liquid",
     ["Kittens up to 5 lbs", "Cats 5.1-15 lbs", "Dogs 10.1-20 lbs", "Dogs 20.1-40 lbs"], [3, 6], (60, 85)),
    ("Credelio", "Elanco", "Credelio Chewable Tablets for Dogs", "FleaAndTick", "Dog", "Y", "N", "N", "Tablets",
     ["4.4-6.0 lbs", "6.1-12 lbs", "12.1-25 lbs", "25.1-50 lbs", "50.1-100 lbs"], [1, 3, 6], (22, 34)),
    ("Trifexis", "Elanco", "Trifexis Chewable Tablets", "Heartworm", "Dog", "Y", "N", "N", "Tablets",
     ["5-10 lbs", "10.1-20 lbs", "20.1-40 lbs", "40.1-60 lbs", "60.1-120 lbs"], [6, 12], (110, 150)),
    ("Frontline Plus", "Boehringer Ingelheim", "Frontline Plus Flea and Tick Treatment", "FleaAndTick", "Dog", "N", "N", "N", "Liquid",
     ["Dogs 5-22 lbs", "Dogs 23-44 lbs", "Dogs 45-88 lbs", "Dogs 89-132 lbs", "Cats"], [3, 6, 8], (35, 52)),
    ("Advantage II", "Elanco", "Advantage II Topical", "FleaAndTick", "Cat", "N", "N", "N", "Liquid",
     ["Small Cats 5-9 lbs", "Large Cats over 9 lbs", "Small Dogs 3-10 lbs", "Large Dogs 21-55 lbs"], [2, 4, 6], (30, 48)),
    ("K9 Advantix II", "Elanco", "K9 Advantix II Flea and Tick", "FleaAndTick", "Dog", "N", "N", "N", "Liquid",
     ["Small Dogs 4-10 lbs", "Medium Dogs 11-20 lbs", "Large Dogs 21-55 lbs", "XL Dogs over 55 lbs"], [2, 4, 6], (34, 50)),
    ("Seresto", "Elanco", "Seresto Flea and Tick Collar", "FleaAndTick", "Dog", "N", "N", "N", "Collar",
     ["Small Dogs", "Large Dogs", "Cats"], [1], (55, 70)),
    ("Capstar", "Elanco", "Capstar Flea Tablets", "FleaAndTick", "Cat", "N", "N", "N", "Tablets",
     ["2-25 lbs", "over 25 lbs"], [6], (28, 38)),
    ("Adams", "Central Garden & Pet", "Adams Plus Flea and Tick Indoor Fogger", "FleaAndTick", "Dog", "N", "N", "Y", "Spray",
     ["3 oz"], [3], (15, 22)),
    ("Apoquel", "Zoetis", "Apoquel Tablets", "Allergy", "Dog", "Y", "N", "N", "Tablets",
     ["3.6 mg", "5.4 mg", "16 mg"], [30, 100], (60, 90)),
    ("Rimadyl", "Zoetis", "Rimadyl Caplets", "PainRelief", "Dog", "Y", "N", "N", "Caplets",
     ["25 mg", "75 mg", "100 mg"], [60, 180], (45, 95)),
    ("Galliprant", "Elanco", "Galliprant Tablets", "PainRelief", "Dog", "Y", "N", "N", "Tablets",
     ["20 mg", "60 mg", "100 mg"], [30, 90], (55, 120)),
    ("Metacam", "Boehringer Ingelheim", "Metacam Oral Suspension", "PainRelief", "Dog", "Y", "N", "N", "Liquid",
     ["1.5 mg/mL", "0.5 mg/mL Cats"], [10, 32, 100], (25, 40)),
    ("Vetsulin", "Merck Animal Health", "Vetsulin Insulin Vial", "Diabetes", "Cat", "Y", "Y", "N", "Injection",
     ["40 IU/mL 2.5 mL", "40 IU/mL 10 mL"], [1, 2], (40, 90)),
    ("ProZinc", "Boehringer Ingelheim", "ProZinc Insulin", "Diabetes", "Cat", "Y", "Y", "N", "Injection",
     ["10 mL vial", "20 mL vial"], [1], (95, 160)),
    ("Clavamox", "Zoetis", "Clavamox Drops", "Antibiotics", "Cat", "Y", "Y", "N", "Liquid",
     ["15 mL", "62.5 mg Chewables"], [1, 14], (22, 36)),
    ("Vetoryl", "Dechra", "Vetoryl Capsules", "Endocrine", "Dog", "Y", "N", "N", "Capsules",
     ["10 mg", "30 mg", "60 mg", "120 mg"], [30], (75, 130)),
    ("Proin", "PRN Pharmacal", "Proin Chewable Tablets", "UrinaryHealth", "Dog", "Y", "N", "N", "Chewables",
     ["25 mg", "50 mg", "75 mg"], [60, 180], (30, 60)),
    ("Vetmedin", "Boehringer Ingelheim", "Vetmedin Chewable Tablets", "HeartHealth", "Dog", "Y", "N", "N", "Chewables",
     ["1.25 mg", "2.5 mg", "5 mg", "10 mg"], [50, 100], (60, 140)),
    ("Methimazole", "Dechra", "Felimazole Methimazole Tablets", "Endocrine", "Cat", "Y", "N", "N", "Tablets",
     ["2.5 mg", "5 mg"], [100], (30, 45)),
    ("Gabapentin", "Amneal", "Gabapentin Capsules", "PainRelief", "Dog", "Y", "N", "N", "Capsules",
     ["100 mg", "300 mg", "400 mg"], [30, 90], (12, 30)),
    ("Prednisone", "West-Ward", "Prednisone Tablets", "Allergy", "Dog", "Y", "N", "N", "Tablets",
     ["5 mg", "10 mg", "20 mg"], [30, 100], (8, 20)),
    ("Adequan", "American Regent", "Adequan i.m. Injectable", "JointHealth", "Horse", "Y", "N", "N", "Injection",
     ["5 mL vial", "5 mL 7-pack"], [1], (60, 380)),
    ("Hill's Prescription Diet", "Hill's Pet Nutrition", "Hill's Prescription Diet Dry Food", "PrescriptionFood", "Dog", "Y", "N", "N", "Dry Food",
     ["k/d Kidney Care", "i/d Digestive Care", "c/d Urinary Care", "z/d Skin/Food Sensitivities", "w/d Multi-Benefit", "j/d Joint Care"], [1, 2], (40, 95)),
    ("Royal Canin Veterinary Diet", "Royal Canin", "Royal Canin Veterinary Diet", "PrescriptionFood", "Cat", "Y", "N", "N", "Dry Food",
     ["Urinary SO", "Renal Support", "Hydrolyzed Protein", "Gastrointestinal", "Satiety Support"], [1, 2], (45, 105)),
    ("Cosequin", "Nutramax", "Cosequin DS Plus MSM Chewable Tablets", "JointHealth", "Dog", "N", "N", "N", "Chewables",
     ["60 count", "132 count", "250 count"], [1, 2], (30, 75)),
    ("Dasuquin", "Nutramax", "Dasuquin Advanced Soft Chews", "JointHealth", "Dog", "N", "N", "N", "Soft Chews",
     ["Small/Medium Dogs", "Large Dogs"], [1, 2], (55, 85)),
    ("Proviable", "Nutramax", "Proviable-DC Probiotic Capsules", "DigestiveHealth", "Cat", "N", "N", "N", "Capsules",
     ["30 count", "80 count"], [1], (24, 48)),
    ("FortiFlora", "Purina", "Purina Pro Plan Veterinary FortiFlora", "DigestiveHealth", "Dog", "N", "N", "N", "Powder",
     ["Canine 30 sachets", "Feline 30 sachets"], [1, 2], (30, 38)),
    ("Zesty Paws", "Zesty Paws", "Zesty Paws Multifunctional Bites", "Vitamins", "Dog", "N", "N", "N", "Soft Chews",
     ["8-in-1 Multivitamin", "Allergy Immune", "Hip and Joint", "Probiotic", "Calming"], [1, 2], (22, 32)),
    ("Nutri-Vet", "Nutri-Vet", "Nutri-Vet Wellness Supplements", "Vitamins", "Dog", "N", "N", "N", "Chewables",
     ["Hip and Joint Extra Strength", "Multi-Vite", "Skin and Coat", "Senior Vitality"], [1], (12, 24)),
    ("Virbac C.E.T.", "Virbac", "C.E.T. Enzymatic Toothpaste", "DentalCare", "Dog", "N", "N", "N", "Paste",
     ["Poultry", "Beef", "Seafood", "Malt", "Vanilla-Mint"], [1, 2], (10, 15)),
    ("Greenies", "Mars Petcare", "Greenies Dental Treats", "DentalCare", "Dog", "N", "N", "N", "Treats",
     ["Teenie", "Petite", "Regular", "Large"], [1, 2], (18, 40)),
    ("Vetericyn", "Innovacyn", "Vetericyn Plus Wound and Skin Care", "SkinAndCoat", "Horse", "N", "N", "N", "Spray",
     ["3 oz", "8 oz", "16 oz"], [1], (12, 30)),
    ("Malaseb", "Dechra", "Malaseb Medicated Shampoo", "SkinAndCoat", "Dog", "N", "N", "N", "Shampoo",
     ["8 oz", "16 oz"], [1], (22, 36)),
    ("Epi-Otic", "Virbac", "Epi-Otic Advanced Ear Cleanser", "EarCare", "Dog", "N", "N", "N", "Liquid",
     ["4 oz", "8 oz", "16 oz"], [1], (12, 30)),
    ("Quest Gel", "Zoetis", "Quest Gel Equine Dewormer", "Dewormers", "Horse", "N", "N", "N", "Gel",
     ["Single Dose"], [1, 3, 6], (14, 18)),
    ("Panacur", "Merck Animal Health", "Panacur C Canine Dewormer", "Dewormers", "Dog", "N", "N", "N", "Granules",
     ["1 gram", "2 gram", "4 gram"], [3], (16, 30)),
    ("Drontal Plus", "Elanco", "Drontal Plus Taste Tabs", "Dewormers", "Dog", "Y", "N", "N", "Tablets",
     ["Small Dogs", "Medium Dogs", "Large Dogs"], [1, 2], (14, 30)),
    ("Ivermectin", "Durvet", "Ivomec Pour-On for Cattle", "LivestockHealth", "Cattle", "N", "N", "Y", "Liquid",
     ["250 mL", "1 L", "2.5 L"], [1], (40, 180)),
    ("Equioxx", "Boehringer Ingelheim", "Equioxx Tablets for Horses", "PainRelief", "Horse", "Y", "N", "N", "Tablets",
     ["57 mg"], [60, 180], (70, 190)),
    ("Clovite", "Zoetis", "Clovite Conditioner", "HorseSupplements", "Horse", "N", "N", "N", "Powder",
     ["2.5 lbs", "25 lbs"], [1], (20, 75)),
    ("Oxbow", "Oxbow Animal Health", "Oxbow Critical Care", "SmallAnimalHealth", "Rabbit", "N", "N", "N", "Powder",
     ["Anise", "Apple-Banana", "Fine Grind"], [1, 2], (14, 22)),
    ("Sentinel Spectrum", "Virbac", "Sentinel Spectrum Chews", "Heartworm", "Dog", "Y", "N", "N", "Chewables",
     ["2-8 lbs", "8.1-25 lbs", "25.1-50 lbs", "50.1-100 lbs"], [6, 12], (50, 75)),
    ("Comfortis", "Elanco", "Comfortis Chewable Tablets", "FleaAndTick", "Dog", "Y", "N", "N", "Tablets",
     ["5-10 lbs", "10.1-20 lbs", "20.1-40 lbs", "40.1-60 lbs", "60.1-120 lbs"], [6], (90, 130)),
    ("Tri-Heart Plus", "Merck Animal Health", "Tri-Heart Plus Chewables", "Heartworm", "Dog", "Y", "N", "N", "Chewables",
     ["up to 25 lbs", "26-50 lbs", "51-100 lbs"], [6, 12], (30, 50)),
    ("Iverhart Max", "Virbac", "Iverhart Max Soft Chews", "Heartworm", "Dog", "Y", "N", "N", "Soft Chews",
     ["6-12 lbs", "12.1-25 lbs", "25.1-50 lbs", "50.1-100 lbs"], [6, 12], (35, 55)),
    ("Trazodone", "Teva", "Trazodone Tablets", "Anxiety", "Dog", "Y", "N", "N", "Tablets",
     ["50 mg", "100 mg", "150 mg"], [30, 90], (10, 25)),
    ("Enalapril", "Taro", "Enalapril Maleate Tablets", "HeartHealth", "Dog", "Y", "N", "N", "Tablets",
     ["2.5 mg", "5 mg", "10 mg", "20 mg"], [30, 90], (8, 20)),
    ("Thyro-Tabs", "Neogen", "Thyro-Tabs Canine Levothyroxine", "Endocrine", "Dog", "Y", "N", "N", "Tablets",
     ["0.1 mg", "0.2 mg", "0.5 mg", "0.8 mg"], [120, 1000], (15, 40)),
    ("Cerenia", "Zoetis", "Cerenia Tablets", "DigestiveHealth", "Dog", "Y", "N", "N", "Tablets",
     ["16 mg", "24 mg", "60 mg", "160 mg"], [4], (25, 60)),
    ("Purina Pro Plan Veterinary Diets", "Purina", "Purina Pro Plan Veterinary Diets", "PrescriptionFood", "Dog", "Y", "N", "N", "Dry Food",
     ["EN Gastroenteric", "HA Hydrolyzed", "UR Urinary", "NF Kidney Function", "OM Overweight"], [1, 2], (42, 98)),
    ("Solliquin", "Nutramax", "Solliquin Calming Soft Chews", "Anxiety", "Dog", "N", "N", "N", "Soft Chews",
     ["Small/Medium Dogs", "Large Dogs", "Cats"], [1], (20, 35)),
    ("PetArmor", "PetArmor", "PetArmor Plus Flea and Tick", "FleaAndTick", "Cat", "N", "N", "N", "Liquid",
     ["Cats", "Small Dogs", "Medium Dogs", "Large Dogs", "X-Large Dogs"], [3, 6], (22, 38)),
    ("Vet's Best", "Vet's Best", "Vet's Best Flea and Tick Home Spray", "FleaAndTick", "Dog", "N", "N", "Y", "Spray",
     ["32 oz", "Yard Spray 32 oz"], [1], (15, 22)),
    ("Grizzly", "Grizzly Pet Products", "Grizzly Salmon Oil", "SkinAndCoat", "Dog", "N", "N", "N", "Liquid",
     ["8 oz", "16 oz", "32 oz", "64 oz"], [1], (12, 45)),
    ("Farnam", "Farnam", "Farnam SuperMask Fly Mask", "HorseSupplements", "Horse", "N", "N", "N", "Accessory",
     ["Pony", "Horse", "Draft"], [1], (20, 30)),
    ("Lixotinic", "Zoetis", "Lixotinic Iron Supplement", "Vitamins", "Dog", "N", "N", "N", "Liquid",
     ["4 oz", "8 oz"], [1], (12, 22)),
]

# Unit-price bands (US dollars) by kind of product, as a US pet pharmacy prices them.
FLEA_TICK, HEARTWORM, DIET, INSULIN = (15, 120), (20, 150), (20, 110), (50, 300)
EQUINE_LIVESTOCK, RX_MEDICATION, SUPPLEMENT_CARE = (10, 400), (5, 250), (10, 80)


def band(category: str, pet: str, rx: str) -> tuple[int, int]:
    """The price band of a product line."""
    by_category = {"FleaAndTick": FLEA_TICK, "Heartworm": HEARTWORM, "PrescriptionFood": DIET,
                   "Diabetes": INSULIN}
    if category in by_category:
        return by_category[category]
    if pet in ("Horse", "Cattle"):
        return EQUINE_LIVESTOCK
    return RX_MEDICATION if rx == "Y" else SUPPLEMENT_CARE


def unit_price(base: float, packs: list[int], n: int, limits: tuple[int, int]) -> float:
    """The price of pack size n (1-based) of a line whose smallest pack costs `base`: a bigger
    pack costs less per unit, and a price bends towards its band's top instead of passing it
    (monotonic, so a bigger pack never costs less than a smaller one)."""
    low, high = limits
    price = base * (packs[n - 1] / packs[0]) ** 0.85 * (1 - 0.03 * (n - 1))
    knee = 0.7 * high
    if price > knee:
        price = knee + (high - knee) * (1 - math.exp(-(price - knee) / (high - knee)))
    return round(max(low, price) + 1e-9, 2)
