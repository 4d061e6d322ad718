"""Allivet money: shipping methods and rates, line prices, state sales tax, order totals,
and why an order line cannot be sold."""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

# allivet-rest-api.txt lists the shipping method codes but no rates; these are dropsim's.
SHIPPING_METHODS = {
    "GRND": ("Allivet Shipping", Decimal("7.99")),
    "MAPPING": ("Allivet Shipping", Decimal("7.99")),
    "2DAY": ("FedEx 2nd Day", Decimal("19.99")),
    "1DAY": ("FedEx Standard Next Day", Decimal("34.99")),
}
# The docs also spell the codes out ("GRND – Standard", "1day - FedEx Standard Next Day").
SHIPPING_ALIASES = {"GRND – STANDARD": "GRND", "GRND - STANDARD": "GRND",
                    "1DAY - FEDEX STANDARD NEXT DAY": "1DAY", "2DAY - FEDEX 2ND DAY": "2DAY"}
FREE_GROUND_FROM = Decimal("49.00")
# Base state sales tax rates (percent); states not listed charge none. States marked in
# FREIGHT_TAXED also tax shipping charges.
STATE_TAX = {
    "AL": "4", "AZ": "5.6", "AR": "6.5", "CA": "7.25", "CO": "2.9", "CT": "6.35", "FL": "6",
    "GA": "4", "HI": "4", "ID": "6", "IL": "6.25", "IN": "7", "IA": "6", "KS": "6.5",
    "KY": "6", "LA": "4.45", "ME": "5.5", "MD": "6", "MA": "6.25", "MI": "6", "MN": "6.875",
    "MS": "7", "MO": "4.225", "NE": "5.5", "NV": "6.85", "NJ": "6.625", "NM": "5",
    "NY": "4", "NC": "4.75", "ND": "5", "OH": "5.75", "OK": "4.5", "PA": "6", "RI": "7",
    "SC": "6", "SD": "4.5", "TN": "7", "TX": "6.25", "UT": "6.1", "VT": "6", "VA": "5.3",
    "WA": "6.5", "WV": "6", "WI": "5", "WY": "4", "DC": "6",
}
FREIGHT_TAXED = {"AR", "CT", "GA", "HI", "KS", "KY", "MI", "MN", "MS", "NE", "NJ", "NM",
                 "NY", "NC", "ND", "OH", "PA", "RI", "SC", "SD", "TN", "TX", "VT", "WA",
                 "WV", "WI", "DC"}
CENT = Decimal("0.01")


def canonical_shipping_method(text: str) -> str | None:
    """The shipping method code for any documented spelling, in any case; None if unknown."""
    key = " ".join(text.split()).upper()
    key = SHIPPING_ALIASES.get(key, key)
    return key if key in SHIPPING_METHODS else None


def shipping_description(code: str) -> str:
    """What the order resource shows as shippingMethod (the docs' sample: 'Allivet Shipping')."""
    return SHIPPING_METHODS[code][0]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(price: float, quantity: int = 1) -> float:
    """price x quantity rounded to cents."""
    return float(_cents(Decimal(str(price)) * quantity))


def line_problems(details: list[dict], items: list, groups: list, ship_state: str) -> dict:
    """Why order lines cannot be sold, keyed by JSON path: unknown SKU (a group's itemName
    names its matrix items), inactive item, or ship-to state in the item's stateRestricted."""
    warnings, state = {}, ship_state.strip().upper()
    for n, (detail, item, group) in enumerate(zip(details, items, groups)):
        sku = detail["item_name"]
        if item is None and group is not None:
            skus = ", ".join(i["item_name"] for i in group[1])
            message = f"'{sku}' is a product group; order one of its matrix items ({skus})."
        elif item is None:
            message = f"Item '{sku}' was not found."
        elif item["active"] != "A" or item["group_active"] != "A":
            message = f"Item '{item['item_name']}' is inactive and cannot be ordered."
        elif state in (restricted := json.loads(item["state_restricted"] or "[]")):
            message = (f"Item '{item['item_name']}' ({item['item_description']}) cannot be "
                       f"shipped to {state}: its stateRestricted list is {', '.join(restricted)}.")
        else:
            continue
        warnings[f"customerSalesOrderDetail[{n}].itemName"] = [message]
    return warnings


def totals(lines: list[tuple[float, int]], method: str, state: str) -> dict:
    """subTotal, freight, freightTax, tax (items plus freight) and total from (unit price,
    quantity) lines, the shipping method code and the ship-to state; rounded to cents."""
    sub_total = _cents(sum((Decimal(str(p)) * q for p, q in lines), Decimal("0")))
    freight = SHIPPING_METHODS[method][1]
    if method in ("GRND", "MAPPING") and sub_total >= FREE_GROUND_FROM:
        freight = Decimal("0.00")
    rate = Decimal(STATE_TAX.get(state.strip().upper(), "0")) / 100
    freight_tax = _cents(freight * rate) if state.strip().upper() in FREIGHT_TAXED else CENT * 0
    tax = _cents(sub_total * rate) + freight_tax
    return {"sub_total": float(sub_total), "freight": float(freight),
            "freight_tax": float(freight_tax), "tax": float(tax),
            "total": float(sub_total + freight + tax)}
