"""How a catalogue product is presented to shoppers: the friendly description, teaser, long
HTML description and tags of the Provet Dropship v1 product resource (Provet's Dropship v1
"Products" page: "A friendly description", "A long HTML description", "A teaser", "List of
product tags").

The text is written from what the catalogue already knows about a product (its product line,
variant, pack, therapeutic index, poison schedule, manufacturer) with phrases a veterinary
wholesaler's web catalogue uses, chosen by a generator seeded with the catalogue seed and the
product code: the same seed gives the same text, and adding text never moves the catalogue's
own random sequence (prices, stock, churn). Like the docs' own sample (a book with
`longDescription`, `teaser` and `tags` all null), a few kinds of product carry no copy at all.
"""
from __future__ import annotations

import random
from html import escape

# Therapeutic index -> (tags, benefit lines for the feature list, teaser templates).
_COPY: dict[str, tuple[list[str], list[str], list[str]]] = {
    "Parasiticides - Ectoparasiticides": (
        ["Flea & Tick", "Parasite Control"],
        ["Kills fleas before they can lay eggs", "Kills paralysis, brown dog and bush ticks",
         "Fast acting: starts killing fleas within hours", "Waterproof protection that lasts",
         "Easy to give, with no mess or smell", "Breaks the flea life cycle in the home"],
        ["Fast, long-lasting flea and tick protection for {who}.",
         "Protects {who} against fleas and paralysis ticks.",
         "Easy flea and tick control for {who}."]),
    "Parasiticides - Endectocides": (
        ["Flea & Tick", "Heartworm", "Worming", "Parasite Control"],
        ["Protects against fleas, ticks, heartworm and intestinal worms in one dose",
         "Treats and controls roundworm, hookworm and whipworm",
         "Prevents heartworm disease when given monthly", "Tasty, chewable and easy to give",
         "Convenient all-in-one monthly protection"],
        ["All-in-one parasite protection for {who}.",
         "One monthly dose against fleas, ticks, heartworm and worms for {who}."]),
    "Parasiticides - Endoparasiticides": (
        ["Worming", "Parasite Control"],
        ["Treats roundworm, hookworm, whipworm and tapeworm", "Single-dose treatment",
         "Suitable for puppies and kittens from 2 weeks of age", "Palatable and easy to give",
         "Helps protect the family from zoonotic worms"],
        ["Broad-spectrum worming for {who}.", "Simple, effective worm control for {who}."]),
    "Dermatology": (
        ["Skin & Coat", "Allergy"],
        ["Relieves itching and inflammation", "Soothes irritated, flaky skin",
         "Supports a healthy skin barrier", "Gentle enough for regular use"],
        ["Relief for itchy, irritated skin in {who}.", "Helps {who} with allergic skin disease."]),
    "NSAIDs": (
        ["Pain Relief", "Joint Care"],
        ["Relieves pain and inflammation from osteoarthritis",
         "Helps manage pain after surgery", "Once-daily dosing", "Accurate, weight-based dosing"],
        ["Long-term relief from joint pain for {who}.", "Anti-inflammatory pain relief for {who}."]),
    "Antibiotics": (
        ["Antibiotics"],
        ["Broad-spectrum activity against common bacterial infections",
         "For skin, soft tissue and urinary tract infections", "Complete the full course prescribed"],
        ["A broad-spectrum antibiotic for {who}."]),
    "Cardiology": (
        ["Heart Health"],
        ["Helps manage congestive heart failure", "Improves quality of life and exercise tolerance",
         "Palatable chewable tablets"],
        ["Support for {who} with heart disease."]),
    "Nutritional Supplements": (
        ["Supplements", "Joint Care"],
        ["Supports healthy joints and mobility", "Rich in omega-3 fatty acids",
         "Made with high-quality ingredients", "Suitable for daily use"],
        ["Daily nutritional support for {who}.", "Helps keep {who} active and mobile."]),
    "Prescription Diets": (
        ["Veterinary Diet", "Food"],
        ["Clinically proven nutrition", "Complete and balanced for long-term feeding",
         "Highly palatable", "Recommended by veterinarians"],
        ["Clinical nutrition for {who}, on veterinary advice."]),
    "Pet Food": (
        ["Food"],
        ["Complete and balanced nutrition", "High-quality protein as the first ingredient",
         "Supports healthy digestion", "With antioxidants for a healthy immune system"],
        ["Everyday nutrition for {who}.", "Balanced, tasty food {who} will love."]),
    "Dental Care": (
        ["Dental"],
        ["Helps reduce plaque and tartar", "Freshens breath", "Veterinarian recommended"],
        ["Cleaner teeth and fresher breath for {who}."]),
    "Vaccines": (["Vaccines"], ["For use by veterinarians only", "Keep refrigerated between 2 and 8 C",
                                "Part of a core vaccination program"],
                 ["Vaccination for {who}, administered by your veterinarian."]),
    "Ophthalmics": (["Eye Care"], ["For the treatment of eye infections", "Easy-to-use dropper"],
                    ["Eye drops for {who}."]),
    "Otics": (["Ear Care"], ["Cleans and dries the ear canal", "Helps prevent ear infections",
                             "Pleasant fragrance"], ["Routine ear cleaning for {who}."]),
    "Behaviour": (["Calming", "Behaviour"],
                  ["Helps pets cope with stressful situations", "Drug-free and non-sedating",
                   "Use during moving house, fireworks or travel"],
                  ["Helps {who} feel calm and relaxed."]),
    "Environmental Control": (["Flea & Tick", "Home"],
                              ["Kills adult fleas and larvae in the home",
                               "Treats up to 150 square metres"], ["Flea control for the home."]),
    "Accessories": (["Toys", "Accessories"], ["Durable natural rubber", "Stuff with treats for "
                                              "longer play"], ["Hours of play for {who}."]),
}
# Kinds of product a shop rarely sells to the public: listed, but with no shop copy, like the
# docs' own sample.
_NO_COPY = {"Clinic Consumables", "Anaesthetics and Sedatives"}

_SCHEDULE_NOTE = {
    "S4": "Prescription animal remedy: available only on the prescription of a veterinarian.",
    "S5": "Caution: keep out of reach of children. Read the label before use.",
    "S6": "Poison: keep out of reach of children. Read the safety directions before use.",
}


def _who(line: str, variant: str) -> str:
    text = f"{line} {variant}".lower()
    for words, who in ((("horse",), "horses"), (("cattle",), "cattle"),
                       (("feline", " cat"), "cats"), (("canine", "dog", "puppy"), "dogs")):
        if any(w in text for w in words):
            return who
    return "dogs and cats"


def _species_tags(who: str) -> list[str]:
    return {"dogs": ["Dog"], "cats": ["Cat"], "horses": ["Horse"], "cattle": ["Cattle"],
            "dogs and cats": ["Dog", "Cat"]}[who]


def product_copy(seed: int, code: str, line: str, variant: str, pack: str, maker: str,
                 index: str, schedule: str | None) -> dict:
    """friendly_description, teaser, long_description (HTML) and tags of a product."""
    rng = random.Random(f"provet-copy:{seed}:{code}")
    friendly = f"{line}{f' ({variant})' if variant else ''}, {pack}"
    if index in _NO_COPY or index not in _COPY:
        return {"friendly_description": friendly, "teaser": None, "long_description": None,
                "tags": None}
    tags, benefits, teasers = _COPY[index]
    who = _who(line, variant)
    chosen = rng.sample(benefits, min(len(benefits), rng.randint(3, 4)))
    teaser = rng.choice(teasers).format(who=who)
    parts = [f"<p><strong>{escape(line)}</strong> from {escape(maker)}"
             f"{f' for {escape(variant)}' if variant else ''}. {escape(teaser or '')}</p>",
             "<ul>" + "".join(f"<li>{escape(b)}.</li>" for b in chosen) + "</ul>",
             f"<p>Pack size: {escape(pack)}.</p>"]
    if schedule in _SCHEDULE_NOTE:
        parts.append(f"<p><em>{escape(_SCHEDULE_NOTE[schedule])}</em></p>")
    product_tags = _species_tags(who) + tags + [maker]
    if schedule == "S4":
        product_tags.append("Prescription")
    return {"friendly_description": friendly, "teaser": teaser,
            "long_description": "".join(parts), "tags": product_tags}
