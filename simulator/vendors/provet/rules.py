"""Provet Dropship sandbox rules (provet-orders.txt, "Testing Sandbox only").

An order's status is a pure function of its creation time, its sandbox flag and the account's
virtual now, with k = floor((now - created) / interval):

- normal order: k=0 Ordered, 1 Sent, 2 Picking, >=3 Shipped ("Orders will automatically have
  their status progressed every 10 minutes");
- the word `cancel` in DeliveryInstructions: k=0 Ordered, >=1 Cancelled;
- a line with quantity >= 1000: k=0 Ordered, >=1 AwaitingStock (that line's status too);
- cancel wins over awaiting stock. The last step of each sequence is terminal.

The catalogue changes nightly at local midnight in Sydney (provet-dropship-overview.txt: "This
product list is updated nightly"); `catalogue_day` maps a virtual instant to that day.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ...core.clock import from_datetime, to_datetime

ORDERED, SENT, PICKING, SHIPPED = "Ordered", "Sent", "Picking", "Shipped"
AWAITING_STOCK, CANCELLED = "AwaitingStock", "Cancelled"
STATUSES = (ORDERED, SENT, PICKING, AWAITING_STOCK, SHIPPED, CANCELLED)

FLAG_CANCEL = "cancel"
FLAG_AWAITING_STOCK = "awaiting_stock"
AWAITING_STOCK_QUANTITY = 1000
_CANCEL_WORD = re.compile(r"\bcancel\b", re.IGNORECASE)

SEQUENCES: dict[str | None, tuple[str, ...]] = {
    None: (ORDERED, SENT, PICKING, SHIPPED),
    FLAG_CANCEL: (ORDERED, CANCELLED),
    FLAG_AWAITING_STOCK: (ORDERED, AWAITING_STOCK),
}
# The longest sequence bounds how far back an order can still change status.
MAX_STEPS = max(len(s) for s in SEQUENCES.values()) - 1

RULE_STEPS = "provet.status-steps"
RULE_CANCEL = "provet.cancel-word"
RULE_AWAITING_STOCK = "provet.awaiting-stock-quantity"
RULE_NIGHTLY = "provet.nightly-catalogue"
RULE_NOT_ORDERABLE = "provet.discontinued-not-orderable"
RULE_NO_CLIENT_CANCEL = "provet.no-client-cancel"
RULE_STOCK = "provet.stock-per-account"

# Every Provet sandbox rule, with the vendor document it comes from (GET /_sim/rules).
RULES = [
    {"id": RULE_STEPS, "trigger": "any order",
     "effect": "Ordered, then Sent, Picking and Shipped one status interval (10 minutes) apart; "
               "on Shipped every line's shippedQuantity equals its quantity",
     "source": "provet-orders.txt, Testing Sandbox only: \"Orders will automatically have their "
               "status progressed every 10 minutes.\""},
    {"id": RULE_CANCEL, "trigger": "the word 'cancel' in DeliveryInstructions (any case, whole word)",
     "effect": "Ordered, then Cancelled one interval later; wins over awaiting stock",
     "source": "provet-orders.txt, Testing a Cancelled Order: \"place the word cancel in the "
               "DeliveryInstructions field\""},
    {"id": RULE_AWAITING_STOCK, "trigger": "an order line with Quantity >= 1000",
     "effect": "Ordered, then AwaitingStock one interval later; that line's status is AwaitingStock",
     "source": "provet-orders.txt, Testing Awaiting Stock: \"order a quantity greater than or "
               "equal to 1000\""},
    {"id": RULE_NIGHTLY, "trigger": "midnight in Sydney on the account's clock",
     "effect": "a few prices change (updatedOn), a few products are added (createdOn), a few are "
               "discontinued; FRON 01 never changes",
     "source": "provet-dropship-overview.txt, Products: \"This product list is updated nightly\""},
    {"id": RULE_NOT_ORDERABLE, "trigger": "ordering a product discontinued with no stock left",
     "effect": "400 on order.OrderLines[n].ProductCode; the product is left out of the list",
     "source": "Provet Connect, Products (provet-products.txt), Get Product: \"Products that are "
               "marked as discontinued and have 0 StockAvailable cannot be ordered.\"; Provet "
               "Dropship v1, Products: \"Where a product is no longer available it will no longer "
               "be returned.\""},
    {"id": RULE_STOCK, "trigger": "an order placed",
     "effect": "its quantities are taken from the account's quantity on hand (never below 0); "
               "every night at Sydney midnight the catalogue's level comes back; a stock override "
               "set through /_sim/provet/products/{code} replaces it until dropped",
     "source": "provet-dropship-overview.txt, Products: \"The quantity on hand for a product is "
               "available in real time\""},
    {"id": RULE_NO_CLIENT_CANCEL, "trigger": "DELETE of an order",
     "effect": "405: clients cannot cancel orders",
     "source": "provet-dropship-overview.txt, Deleting an Order: \"it is not possible to cancel an "
               "order once it is placed\""},
]


def sandbox_flag(delivery_instructions: str | None, quantities: list[int]) -> str | None:
    """Which sandbox rule shapes a new order: cancel wins over awaiting stock."""
    if delivery_instructions and _CANCEL_WORD.search(delivery_instructions):
        return FLAG_CANCEL
    if any(q >= AWAITING_STOCK_QUANTITY for q in quantities):
        return FLAG_AWAITING_STOCK
    return None


def rule_of_flag(flag: str | None) -> str:
    """The id of the sandbox rule that drives an order with this flag."""
    return {FLAG_CANCEL: RULE_CANCEL, FLAG_AWAITING_STOCK: RULE_AWAITING_STOCK}.get(flag, RULE_STEPS)


def status_at(created_us: int, flag: str | None, now_us: int, interval_us: int) -> str:
    """The order's status at `now_us`."""
    sequence = SEQUENCES[flag]
    k = max(0, (now_us - created_us) // interval_us)
    return sequence[min(k, len(sequence) - 1)]


def line_status(quantity: int, order_status: str) -> str | None:
    """A line's own status: AwaitingStock for the lines that hold the order back."""
    if order_status == AWAITING_STOCK and quantity >= AWAITING_STOCK_QUANTITY:
        return AWAITING_STOCK
    return None


def shipped_quantity(quantity: int, order_status: str) -> int:
    """Every line ships in full when the order ships; nothing ships before."""
    return quantity if order_status == SHIPPED else 0


def timeline(created_us: int, flag: str | None, interval_us: int) -> list[tuple[str, int]]:
    """Every status the order takes, with the instant it takes it."""
    return [(status, created_us + k * interval_us) for k, status in enumerate(SEQUENCES[flag])]


def transitions_between(created_us: int, flag: str | None, before_us: int, after_us: int,
                        interval_us: int) -> list[tuple[str, str, int]]:
    """(from, to, at) for each step that happens in (before, after]."""
    steps = timeline(created_us, flag, interval_us)
    return [(steps[k - 1][0], status, at) for k, (status, at) in enumerate(steps)
            if k > 0 and before_us < at <= after_us]


def canonical_status(text: str) -> str | None:
    """The documented spelling of a status given in any case (or with a space:
    'Awaiting Stock', as the docs also write it); None when unknown."""
    key = text.replace(" ", "").lower()
    return next((s for s in STATUSES if s.lower() == key), None)


def status_filter(status: str, now_us: int, interval_us: int) -> list[tuple[str | None, int | None, int | None]]:
    """Translate a status into (flag, created_after, created_at_or_before) conditions, any of
    which selects the orders in that status at `now_us`; `flag` "*" means any flag. This keeps
    status queries on the (account, flag, created) index instead of scanning."""
    conditions = []
    if status == ORDERED:
        return [("*", now_us - interval_us, None)]
    for flag, sequence in SEQUENCES.items():
        if status not in sequence:
            continue
        k = sequence.index(status)
        upper = now_us - k * interval_us
        lower = None if k == len(sequence) - 1 else now_us - (k + 1) * interval_us
        conditions.append((flag, lower, upper))
    return conditions


# -- the nightly catalogue ----------------------------------------------------------------
CATALOGUE_ZONE = ZoneInfo("Australia/Sydney")


def local_date(us: int) -> date:
    """The Sydney calendar date of an instant."""
    return to_datetime(us).astimezone(CATALOGUE_ZONE).date()


def catalogue_day(us: int, anchor: date) -> int:
    """Which nightly catalogue version an instant sees: Sydney days since the anchor date."""
    return (local_date(us) - anchor).days


def local_position(us: int, anchor: date) -> tuple[int, int]:
    """(catalogue day, seconds after that day's Sydney midnight) of an instant."""
    local = to_datetime(us).astimezone(CATALOGUE_ZONE)
    return (local.date() - anchor).days, local.hour * 3600 + local.minute * 60 + local.second


def instant_of(anchor: date, day: int, seconds: int) -> int:
    """The instant at `seconds` after Sydney midnight of catalogue day `day`."""
    local_day = anchor + timedelta(days=day)
    wall = datetime(local_day.year, local_day.month, local_day.day,
                    tzinfo=CATALOGUE_ZONE) + timedelta(seconds=seconds)
    # Wall-clock arithmetic in the zone, then to UTC: DST days stay correct.
    return from_datetime(wall.astimezone(timezone.utc))
