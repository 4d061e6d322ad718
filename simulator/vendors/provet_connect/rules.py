"""Provet Connect's rules: the request headers every call must carry (Provet Connect's API
Details page, HTTP Request Headers), and the catalogue it shares with Provet Dropship."""
from __future__ import annotations

RULE_HEADERS = "provet-connect.request-headers"
RULE_TOKENS = "provet-connect.tokens"
RULE_NIGHTLY = "provet-connect.nightly-catalogue"
RULE_UNAVAILABLE = "provet-connect.unavailable-not-listed"

# (header, what it carries); Content-Type only on POST and PUT.
REQUIRED_HEADERS = (
    ("Accept", "application/json (or application/xml, which dropsim does not produce)"),
    ("Api-Version", "the API version, an integer: 1"),
    ("User-Auth", "the user's access token, obtained by enrolment"),
    ("Client", "the client application's name and version"),
    ("Client-Auth", "the client application's token"),
    ("Practice", "the practice name"),
    ("User", "the name of the end user"),
)
API_VERSION = 1

RULES = [
    {"id": RULE_HEADERS,
     "trigger": "a request without one of Accept, Api-Version, User-Auth, Client, Client-Auth, "
                "Practice, User (and Content-Type on POST/PUT), or with an Api-Version other than 1",
     "effect": "400 naming each missing or invalid header",
     "source": "Provet Connect, API Details, HTTP Request Headers: \"An incomplete Request Header "
               "will resolve in a 400 Bad Request Http Response.\""},
    {"id": RULE_TOKENS, "trigger": "a User-Auth / Client-Auth pair that is not the account's",
     "effect": "401 {\"message\": \"Authorization has been denied for this request.\"}",
     "source": "Provet Connect, API Details, Authentication: \"If you do not provide the correct "
               "token(s) with each request, you will be returned a 401 Unauthorized\""},
    {"id": RULE_NIGHTLY, "trigger": "midnight in Sydney on the account's clock",
     "effect": "the catalogue Provet Dropship serves changes (prices with updatedOn, new products "
               "with createdOn, discontinued products): one catalogue, one nightly change",
     "source": "Provet Dropship overview, Products: \"This product list is updated nightly\"; "
               "Provet Connect, Products: UpdatedAfter, CreatedAfter"},
    {"id": RULE_UNAVAILABLE, "trigger": "a product discontinued with no stock left",
     "effect": "left out of GET /products; GET /products/{code} still answers it",
     "source": "Provet Connect, Products (provet-products.txt): \"Where a product is no longer "
               "available it will no longer be returned as part of the catalogue.\""},
]
