"""Journal, faults and rules pages in a real browser, and the admin token."""
from __future__ import annotations

from playwright.sync_api import expect

from .conftest import ADMIN_TOKEN


def test_a_fault_added_in_the_page_fails_the_next_call_and_the_journal_shows_it(page, live, shoot):
    page.goto(f"{live.base_url}/_sim/ui/faults")
    expect(page.locator(".empty")).to_contain_text("No faults")
    page.get_by_label("Vendor").select_option("provet")
    page.get_by_label("Preset").select_option("rate_limit")
    page.get_by_label("Path glob").fill("/api/orders*")
    page.get_by_label("Times").fill("1")
    page.get_by_role("button", name="Add fault").click()
    expect(page.locator("#result")).to_contain_text("Fault flt_")
    row = page.locator("#faults tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("429")
    expect(row).to_contain_text("Retry-After: 30")
    fault_id = row.get_attribute("data-fault")

    status, _, headers = live.provet("GET", "/api/orders")
    assert status == 429 and headers["X-Dropsim-Fault"] == fault_id
    assert live.provet("GET", "/api/orders")[0] == 200  # times=1: spent
    expect(row.locator("td").nth(4)).to_have_text("1")  # fired, shown live
    expect(row.locator("td").nth(5)).to_have_text("0")  # remaining
    expect(row).to_have_class("dim")
    shoot(page, "faults")

    page.get_by_role("link", name="Journal").click()
    entries = page.locator("tbody.entry")
    expect(entries).to_have_count(2)
    faulted = page.locator('tbody.entry[data-status="429"]')
    expect(faulted).to_contain_text(fault_id)
    expect(faulted).to_contain_text("/provet/api/orders")
    faulted.get_by_role("button").first.click()
    expect(faulted.locator("tr.detail")).to_be_visible()
    expect(faulted.locator("tr.detail")).to_contain_text("Too many requests")

    # Live: a new request appears without a reload; the open row stays open.
    live.place_provet_order(DeliveryInstructions="cancel please")
    expect(entries).to_have_count(3)
    newest = entries.first
    expect(newest).to_contain_text("POST")
    newest.get_by_role("button").first.click()
    expect(newest.locator("tr.detail")).to_contain_text('"CustomerName": "Joe Smith"')
    expect(newest.locator("tr.detail")).to_contain_text("provet.cancel-word")
    expect(faulted.locator("tr.detail")).to_be_visible()
    shoot(page, "journal")

    # Filters by status and vendor.
    page.get_by_label("Status").fill("429")
    page.get_by_role("button", name="Filter").click()
    expect(entries).to_have_count(1)
    page.get_by_label("Status").fill("")
    page.get_by_label("Vendor").select_option("retailops")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".empty")).to_contain_text("match these filters")

    page.get_by_role("link", name="Faults").click()
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(page.locator("#result")).to_contain_text(f"Fault {fault_id} removed")
    expect(page.locator(".empty")).to_contain_text("No faults")


def test_fault_presets_and_remove_all(page, live):
    page.goto(f"{live.base_url}/_sim/ui/faults")
    for preset, status in (("maintenance", 503), ("server_error", 500)):
        page.get_by_label("Vendor").select_option("retailops")
        page.get_by_label("Preset").select_option(preset)
        page.get_by_role("button", name="Add fault").click()
        expect(page.locator("#result")).to_contain_text(f"retailops any * → {status}")
    expect(page.locator("#faults tbody tr")).to_have_count(2)
    expect(page.locator("#faults")).to_contain_text("503")
    expect(page.locator("#faults")).to_contain_text("500")
    page.get_by_label("Preset").select_option("")
    page.get_by_role("button", name="Add fault").click()
    expect(page.locator("#result")).to_contain_text("a fault needs a 'status', a 'delay_ms', or a 'preset'")
    page.get_by_role("button", name="Remove all").click()
    expect(page.locator("#result")).to_contain_text("Removed 2 faults")
    expect(page.locator(".empty")).to_contain_text("No faults")


def test_rules_page_lists_every_rule_with_its_source(page, live, shoot):
    page.get_by_role("link", name="Rules").click()
    _, listed, _ = live.request("GET", "/_sim/rules")
    rows = page.locator("table.rules tbody tr")
    expect(rows).to_have_count(len(listed["rules"]))
    cancel = page.locator("tr", has=page.locator("code", has_text="provet.cancel-word"))
    expect(cancel).to_contain_text("provet-orders.txt")
    for vendor in ("provet", "allivet", "retailops"):
        expect(page.locator(f'table.rules[data-vendor="{vendor}"]')).to_be_visible()
    shoot(page, "rules")


def test_the_admin_token_is_enforced(context, live, shoot):
    tab = context.new_page()
    for path in ("/_sim/ui/", "/_sim/ui/journal", "/_sim/ui/provet?partial=1"):
        response = tab.goto(live.base_url + path)
        assert response.status == 401
    response = tab.goto(live.base_url + "/_sim/ui/journal")
    expect(tab.get_by_label("Admin token")).to_be_visible()
    assert "Provet" not in tab.locator("body").inner_text()
    # Without the cookie the control plane refuses the browser too.
    status = tab.evaluate("fetch('/_sim/clock').then(r => r.status)")
    assert status == 401

    tab.get_by_label("Admin token").fill("wrong")
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("alert")).to_have_text("That is not the admin token.")
    shoot(tab, "sign-in")
    tab.get_by_label("Admin token").fill(ADMIN_TOKEN)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/_sim/ui/journal")  # back where it was going
    expect(tab.locator("h1")).to_have_text("Request journal")
    cookie = next(c for c in context.cookies() if c["name"] == "dropsim_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert tab.evaluate("document.cookie") == ""  # not readable by scripts
    assert tab.evaluate("fetch('/_sim/clock').then(r => r.status)") == 200

    # A wrong cookie is no better than none; signing out forgets the token.
    assert live.request("GET", "/_sim/clock", headers={"Cookie": "dropsim_admin=nope"},
                        admin=False)[0] == 401
    assert live.request("GET", "/_sim/clock", headers={"Cookie": f"dropsim_admin={ADMIN_TOKEN}"},
                        admin=False)[0] == 200
    tab.get_by_role("button", name="Sign out").click()
    expect(tab.get_by_label("Admin token")).to_be_visible()
    assert tab.goto(live.base_url + "/_sim/ui/").status == 401


# The text of each line a cell's content is laid out on, top to bottom.
_LINES = """el => {
  const lines = new Map();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      const top = Math.round(box.top);
      lines.set(top, (lines.get(top) || "") + node.data[i]);
    }
  }
  return Array.from(lines.keys()).sort((a, b) => a - b).map(top => lines.get(top));
}"""


def test_the_journal_faults_and_rules_read_well_at_760_px(page, live, shoot):
    live.request("POST", "/_sim/faults", {"vendor": "provet", "status": 503,
                                          "path": "/api/products*", "times": 1})
    live.provet("GET", "/api/products/FRON%2001")  # faulted
    live.provet("GET", "/api/orders?page=1&pageSize=20&Status=Ordered&DateFrom=2020-01-01")
    live.place_provet_order(DeliveryInstructions="Please cancel")  # a rule fires
    page.set_viewport_size({"width": 760, "height": 1000})
    for name in ("journal", "faults", "rules"):
        page.goto(f"{live.base_url}/_sim/ui/{name}")
        expect(page.locator(".table-wrap").first).to_be_visible()
        # Every column on screen: no table scrolls sideways inside its frame either.
        hidden = page.evaluate("Array.from(document.querySelectorAll('.table-wrap'))"
                               ".map(w => w.scrollWidth - w.clientWidth)")
        assert max(hidden) <= 0, f"/{name}: a table is {max(hidden)} px too wide at 760 px"
    page.goto(f"{live.base_url}/_sim/ui/journal")
    shoot(page, "journal-760")
    entries = page.locator("#journal tbody.entry")
    expect(entries).to_have_count(3)
    # Paths break between segments ('/', '?', '&', a date's '-', a space), not letter by letter.
    # All cells read in one script: a locator resolved first and evaluated next could meet a
    # cell that the page's 300 ms refresh had just replaced, detached and without any
    # character boxes (an empty read: once in a full suite run, 4 in 7 beside busy cores).
    cells = page.evaluate("() => Array.from(document.querySelectorAll("
                          f"'#journal tbody.entry td.request code')).map({_LINES})")
    assert len(cells) == 3
    for lines in cells:
        assert 1 <= len(lines) <= 6 and all(line[-1] in "/?&- " for line in lines[:-1]), lines
    assert cells[0] == ["/provet/api/orders"]
