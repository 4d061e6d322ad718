"""Against a running server: what a web page the developer visits may not do (CSRF, DNS
rebinding), and what the journal may not keep (secrets)."""
from __future__ import annotations

import json
import urllib.parse

from tests.live import call
from tests.vendors.allivet.conftest import DEFAULT_CLIENT
from tests.vendors.allivet.test_document_samples import REGISTER
from tests.vendors.provet.test_orders import DOCS_SAMPLE


def _orders(base: str) -> int:
    return len(call(f"{base}/provet/api/orders")[1])


def test_a_web_page_cannot_reset_or_create_accounts(serve, tmp_path):
    base, _proc = serve("--db", str(tmp_path / "csrf.db"))
    assert call(f"{base}/provet/api/orders", DOCS_SAMPLE)[0] == 200
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    attempts = [
        (f"{base}/_sim/reset", b"account=default", form),  # a plain HTML form
        (f"{base}/_sim/accounts", b"x=1", {"Content-Type": "text/plain"}),
        (f"{base}/_sim/reset", b"{}", {"Origin": "http://evil.example"}),
        # a page on another port of this machine: same-site, not same-origin
        (f"{base}/_sim/reset", b"{}", {"Origin": "http://127.0.0.1:1", "Sec-Fetch-Site": "same-site"}),
    ]
    for url, raw, headers in attempts:
        status, answer, _ = call(url, raw=raw, headers=headers)
        assert status == 403, (url, headers, answer)
    assert _orders(base) == 1
    assert len(call(f"{base}/_sim/accounts")[1]["accounts"]) == 1
    # A rebinding name reaches nothing, not even a read.
    status, _answer, _ = call(f"{base}/provet/api/orders", headers={"Host": "evil.example"})
    assert status == 400
    # curl-like clients are served.
    assert call(f"{base}/_sim/reset", {})[0] == 200 and _orders(base) == 0


def test_the_journal_keeps_no_secret(serve, tmp_path):
    base, _proc = serve("--db", str(tmp_path / "secrets.db"))
    token = call(f"{base}/allivet/api/Auth", DEFAULT_CLIENT)[1]["value"]
    bearer = {"Authorization": f"Bearer {token}"}
    call(f"{base}/allivet/api/Auth", {**DEFAULT_CLIENT, "clientSecretKey": "a-wrong-guess"})
    assert call(f"{base}/allivet/api/salesforce/Customers", REGISTER, headers=bearer)[0] == 200
    call(f"{base}/retailops/Vendor/PO/Fetch.json?apikey=YOUR_APIKEY_GOES_HERE", {})
    entries = call(f"{base}/_sim/requests?limit=50")[1]["requests"]
    assert len(entries) >= 3
    kept = json.dumps(entries)
    for secret in (token, DEFAULT_CLIENT["clientSecretKey"], "a-wrong-guess",
                   DEFAULT_CLIENT["storeKey"], REGISTER["password"], "YOUR_APIKEY_GOES_HERE"):
        assert secret not in kept and urllib.parse.quote(secret) not in kept, secret
    assert "[redacted]" in kept
    # The dashboard's journal page shows what the journal kept, nothing more.
    status, page, _ = call(f"{base}/_sim/ui/journal")
    assert status == 200 and token not in page and REGISTER["password"] not in page
