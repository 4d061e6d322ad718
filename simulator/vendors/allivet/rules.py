"""Allivet sandbox rules: order and prescription progression (prices and tax are pricing.py,
tokens tokens.py, vet search vets.py).

Status is derived from the account's clock, never ticked. With interval I and an order
created at c:

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

import hashlib

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
