"""Allivet sandbox rules: order and prescription progression, money, vet matching.

Status is derived, never ticked (docs/design.md, Cross-cutting rules and Allivet). With
interval I and an order created at c:

- an order holding an Rx item waits for the vet: `Waiting for Rx` from c (its prescriptions
  `WaitingVetApproval`). The vet approves at c + I (prescriptions `Valid`, order `Processing`)
  unless the control plane decided first: an early approval at t < c + I takes effect at t;
  a denial at t < c + I closes the prescriptions (`ClosedOrExpired`) and cancels the order.
  The order ships one interval after the approval (`Shipped`, with a tracking number);
- an order without Rx items is `Processing` from c and `Shipped` from c + I;
- a line quantity >= 1000 (Provet's magic value) makes the order `Backordered` where it
  would otherwise have moved on to `Processing`/`Shipped` after the first step;
- a client cancel ("Order Successfully Voided!") at t makes the order `Cancelled` from t.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import uuid
from decimal import ROUND_HALF_UP, Decimal

import jwt

WAITING_FOR_RX, PROCESSING, SHIPPED = "Waiting for Rx", "Processing", "Shipped"
BACKORDERED, CANCELLED = "Backordered", "Cancelled"
ORDER_STATUSES = (WAITING_FOR_RX, PROCESSING, BACKORDERED, SHIPPED, CANCELLED)

RX_WAITING, RX_VALID, RX_CLOSED = "WaitingVetApproval", "Valid", "ClosedOrExpired"
RX_STATUSES = (RX_VALID, RX_WAITING, RX_CLOSED)

APPROVED, DENIED, CLOSED = "approved", "denied", "closed"  # stored prescription decisions
BACKORDER_QUANTITY = 1000
# Every natural step happens within two intervals of creation (approval, then shipping).
MAX_STEPS = 2

RULE_STEPS = "allivet.status-steps"
RULE_RX_HOLD = "allivet.rx-hold"
RULE_RX_APPROVAL = "allivet.rx-vet-approval"
RULE_RX_DENIAL = "allivet.rx-vet-denial"
RULE_BACKORDER = "allivet.backorder-quantity"
RULE_STATE_RESTRICTED = "allivet.state-restricted"
RULE_TOKEN_EXPIRY = "allivet.token-lifetime"
RULE_CANCEL = "allivet.cancel"
_DOC = "allivet-rest-api.txt"
RULES = [  # listed by GET /_sim/rules
    {"id": RULE_STEPS, "trigger": "an order without Rx items",
     "effect": "Processing, then Shipped (with a tracking number) one status interval later",
     "source": f"{_DOC}, New Order (orderStatus); docs/design.md, Allivet"},
    {"id": RULE_RX_HOLD, "trigger": "an order holding an Rx item (isRxItem Y)",
     "effect": "Waiting for Rx; a WaitingVetApproval prescription per Rx line",
     "source": f"{_DOC}, New Order sample response: \"orderStatus\": \"Waiting for Rx\""},
    {"id": RULE_RX_APPROVAL, "trigger": "a waiting prescription one interval old, or approved "
     "through POST /_sim/allivet/prescriptions/<id>/approve",
     "effect": "prescriptions Valid, order Processing; Shipped one interval after the approval",
     "source": f"{_DOC}, Get Customer Prescriptions (Valid | WaitingVetApproval)"},
    {"id": RULE_RX_DENIAL, "trigger": "POST /_sim/allivet/prescriptions/<id>/deny while waiting",
     "effect": "prescriptions ClosedOrExpired, order Cancelled",
     "source": f"{_DOC}, Get Customer Prescriptions (ClosedOrExpired)"},
    {"id": RULE_BACKORDER, "trigger": "an order line with quantity >= 1000",
     "effect": "Backordered where the order would move on from its first status",
     "source": f"{_DOC} (same magic value as provet-orders.txt); docs/design.md, Allivet"},
    {"id": RULE_STATE_RESTRICTED, "trigger": "an order line whose item lists the ship-to state "
     "in stateRestricted", "effect": "400 naming the line, nothing stored",
     "source": f"{_DOC}, Get Product By Id (isShippingRestricted, stateRestricted)"},
    {"id": RULE_TOKEN_EXPIRY, "trigger": "a bearer token 60 minutes old on the account's clock",
     "effect": "401 with WWW-Authenticate: Bearer error=\"invalid_token\"",
     "source": f"{_DOC}, Auth (validTo)"},
    {"id": RULE_CANCEL, "trigger": "PUT /api/Orders/{ExternalOrderId}/cancel before shipping",
     "effect": "Cancelled (\"Order Successfully Voided!\"); a waiting prescription is closed",
     "source": f"{_DOC}, Cancel Order"},
]


def is_backorder(quantities: list[int]) -> bool:
    """Whether a line quantity triggers the backorder rule."""
    return any(q >= BACKORDER_QUANTITY for q in quantities)


def approval_at(order: dict, interval_us: int) -> int | None:
    """When the vet approves the order's prescriptions; None when denied or closed first."""
    if not order["is_rx"]:
        return None
    if order["rx_decision"] == APPROVED:
        return order["rx_decided_us"]
    if order["rx_decision"] in (DENIED, CLOSED):
        return None
    return order["created_us"] + interval_us


def timeline(order: dict, interval_us: int) -> list[tuple[str, int, str]]:
    """Every (status, at, rule) the order takes, in order."""
    created = order["created_us"]
    backorder = bool(order["is_backorder"])
    if order["is_rx"]:
        steps = [(WAITING_FOR_RX, created, RULE_RX_HOLD)]
        approved = approval_at(order, interval_us)
        if order["rx_decision"] == DENIED:
            steps.append((CANCELLED, order["rx_decided_us"], RULE_RX_DENIAL))
        elif approved is not None:
            if backorder:
                steps.append((BACKORDERED, approved, RULE_BACKORDER))
            else:
                steps.append((PROCESSING, approved, RULE_RX_APPROVAL))
                steps.append((SHIPPED, approved + interval_us, RULE_STEPS))
    else:
        steps = [(PROCESSING, created, RULE_STEPS),
                 (BACKORDERED, created + interval_us, RULE_BACKORDER) if backorder
                 else (SHIPPED, created + interval_us, RULE_STEPS)]
    cancelled = order.get("cancelled_us")
    if cancelled is not None:
        steps = [s for s in steps if s[1] < cancelled] + [(CANCELLED, cancelled, RULE_CANCEL)]
    return steps


def status_at(order: dict, now_us: int, interval_us: int) -> str:
    """The order's status at `now_us`."""
    current = None
    for status, at, _rule in timeline(order, interval_us):
        if at <= now_us:
            current = status
    return current or timeline(order, interval_us)[0][0]


def shipped_at(order: dict, interval_us: int) -> int | None:
    """When the order ships, or None if it never does."""
    return next((at for s, at, _r in timeline(order, interval_us) if s == SHIPPED), None)


def rx_timeline(order: dict, interval_us: int) -> list[tuple[str, int, str]]:
    """Every (status, at, rule) the order's prescriptions take."""
    steps = [(RX_WAITING, order["created_us"], RULE_RX_HOLD)]
    if order["rx_decision"] in (DENIED, CLOSED):
        steps.append((RX_CLOSED, order["rx_decided_us"],
                      RULE_RX_DENIAL if order["rx_decision"] == DENIED else RULE_CANCEL))
    else:
        steps.append((RX_VALID, approval_at(order, interval_us), RULE_RX_APPROVAL))
    return steps


def rx_status_at(order: dict, now_us: int, interval_us: int) -> str:
    """The status of the order's prescriptions at `now_us`."""
    current = RX_WAITING
    for status, at, _rule in rx_timeline(order, interval_us):
        if at <= now_us:
            current = status
    return current


def transitions_between(steps: list[tuple[str, int, str]], before_us: int,
                        after_us: int) -> list[tuple[str, str, int, str]]:
    """(from, to, at, rule) for each step of a timeline that happens in (before, after]."""
    return [(steps[k - 1][0], status, at, rule) for k, (status, at, rule) in enumerate(steps)
            if k > 0 and before_us < at <= after_us]


def rx_status_condition(status: str, now_us: int, interval_us: int) -> tuple[str, list]:
    """SQL over allivet_orders (created_us, rx_decision) selecting the orders whose
    prescriptions are in `status` at `now_us`: a created-time range, no scan."""
    if status == RX_WAITING:
        return "(o.rx_decision IS NULL AND o.created_us > ?)", [now_us - interval_us]
    if status == RX_VALID:
        return ("(o.rx_decision = 'approved' OR (o.rx_decision IS NULL AND o.created_us <= ?))",
                [now_us - interval_us])
    return "(o.rx_decision IN ('denied', 'closed'))", []


def tracking_number(sales_order_code: str) -> str:
    """A FedEx-style 12-digit tracking number, stable for the order."""
    digest = hashlib.sha256(f"allivet-tracking:{sales_order_code}".encode()).hexdigest()
    return str(int(digest[:15], 16))[-12:].rjust(12, "7")


# -- money -------------------------------------------------------------------------------
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


# -- vets --------------------------------------------------------------------------------
def digits(text: str | None) -> str:
    """Only the digits of a phone number."""
    return "".join(c for c in text or "" if c.isdigit())


def name_matches(query: str, name: str) -> bool:
    """Vet name search: a case-insensitive substring, or a close spelling (the docs search
    'Anne PEDEN' for the vet they create as 'Anne Peddon')."""
    q, n = " ".join(query.lower().split()), " ".join(name.lower().split())
    return q in n or difflib.SequenceMatcher(None, q, n).ratio() >= 0.8


# -- tokens ------------------------------------------------------------------------------
TOKEN_LIFETIME_S = 3600  # docs/design.md, Allivet: 60 minutes on the account's virtual clock
ISSUER = AUDIENCE = "Allivet.com"


def issue_token(key: str, client_id: str, scope: str, now_us: int) -> tuple[str, int]:
    """(HS256 JWT, expiry in epoch seconds) with the claims of the docs' sample token."""
    exp = now_us // 1_000_000 + TOKEN_LIFETIME_S
    claims = {"sub": "Login Token", "jti": str(uuid.uuid4()), "scopes": scope,
              "username": client_id, "exp": exp, "iss": ISSUER, "aud": AUDIENCE}
    return jwt.encode(claims, key, algorithm="HS256"), exp


def read_token(token: str, key: str) -> dict:
    """The claims of a token signed with `key`; raises jwt.InvalidTokenError. Expiry is not
    checked here: it is judged against the account's virtual clock, not the wall clock."""
    claims = jwt.decode(token, key, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                        options={"verify_exp": False, "require": ["exp", "username", "scopes"]})
    if not isinstance(claims.get("exp"), int) or not isinstance(claims.get("username"), str):
        raise jwt.InvalidTokenError("malformed claims")
    return claims
