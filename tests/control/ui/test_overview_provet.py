"""The overview and the Provet orders page in a real browser: the clock, the charts, the
credentials, and an order moving from Ordered to Sent on screen."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_advancing_the_clock_moves_a_provet_order_to_sent_on_screen(page, live, shoot):
    live.request("POST", "/_sim/clock/freeze")
    page.goto(f"{live.base_url}/_sim/ui/provet")
    expect(page.locator(".empty")).to_contain_text("No Provet orders")

    # Placed by an integrator while the page is open: the page shows it without a reload.
    order = live.place_provet_order(DeliveryInstructions="Leave at the door")
    row = page.locator(f'tbody.order[data-order="{order["id"]}"]')
    expect(row.locator(".status-cell")).to_have_text("Ordered")
    expect(row).to_contain_text("Sent in 10 min")

    page.get_by_role("button", name="+10 min").click()
    expect(page.locator("#result")).to_contain_text(f"provet order {order['id']}: Ordered → Sent")
    expect(row.locator(".status-cell")).to_have_text("Sent")

    # Its lines, timeline (past and upcoming, with virtual times) and rule.
    row.get_by_role("button", name=str(order["id"])).click()
    detail = page.locator(f"#provet-detail-{order['id']}")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("FRON 01")
    steps = detail.locator(".timeline li")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_have_class(re.compile(r"\bpast\b"))
    expect(steps.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(steps.nth(2)).to_contain_text("Picking")
    expect(steps.nth(2)).to_contain_text("in 10 min (upcoming)")
    expect(detail).to_contain_text("provet.status-steps")
    expect(detail).to_contain_text("provet-orders.txt")
    shoot(page, "provet")

    # The detail stays open across the page's own refreshes, and the status keeps moving.
    live.request("POST", "/_sim/clock/advance", {"minutes": 20})
    expect(row.locator(".status-cell")).to_have_text("Shipped")
    expect(detail).to_be_visible()


def test_provet_rules_and_status_filter(page, live):
    live.request("POST", "/_sim/clock/freeze")
    cancelled = live.place_provet_order(DeliveryInstructions="please CANCEL this")
    held = live.place_provet_order(OrderLines=[{"ProductCode": "FRON 01", "Quantity": 1000}])
    normal = live.place_provet_order()
    live.request("POST", "/_sim/clock/advance", {"minutes": 10})
    page.goto(f"{live.base_url}/_sim/ui/provet")
    ids = page.locator("tbody.order").evaluate_all("rows => rows.map(r => r.dataset.order)")
    assert ids == [str(normal["id"]), str(held["id"]), str(cancelled["id"])]  # newest first

    page.get_by_label("Status").select_option("AwaitingStock")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody.order")).to_have_count(1)
    row = page.locator(f'tbody.order[data-order="{held["id"]}"]')
    row.get_by_role("button", name=str(held["id"])).click()
    expect(row).to_contain_text("provet.awaiting-stock-quantity")
    expect(row.locator("table.inner")).to_contain_text("AwaitingStock")

    page.get_by_label("Status").select_option("Cancelled")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody.order")).to_have_count(1)
    page.get_by_role("button", name=str(cancelled["id"])).click()
    expect(page.locator(f"#provet-detail-{cancelled['id']}")).to_contain_text("provet.cancel-word")


def test_overview_clock_charts_credentials_and_reset(page, live, shoot):
    live.place_provet_order()
    expect(page.locator("h1")).to_contain_text("Overview")
    chart = page.locator("#chart-provet")
    expect(chart.locator('g[data-status="Ordered"]')).to_have_attribute("data-count", "1")
    expect(page.locator("#chart-retailops")).to_contain_text("submitted")
    expect(page.locator("#chart-allivet")).to_contain_text("Shipped")

    # Base URLs and credentials to copy.
    connect = page.locator(".connect")
    expect(connect).to_contain_text(f"{live.base_url}/provet")
    expect(connect).to_contain_text("sandbox-secret")
    expect(connect).to_contain_text("YOUR_APIKEY_GOES_HERE")
    copy = page.get_by_role("button", name="Copy Provet Dropship base URL")
    copy.click()
    expect(copy).to_have_text("Copied")

    page.get_by_role("button", name="Freeze").first.click()
    expect(page.locator(".clock")).to_have_attribute("data-frozen", "yes")
    frozen_at = page.locator("#virtual-now").inner_text()
    page.get_by_role("button", name="Advance 1 hour").click()
    expect(page.locator("#result")).to_contain_text("Clock advanced to")
    expect(page.locator("#virtual-now")).not_to_have_text(frozen_at)
    expect(page.locator(".clock-offset")).to_contain_text("1 h ahead of real time")
    expect(chart.locator('g[data-status="Shipped"]')).to_have_attribute("data-count", "1")
    shoot(page, "overview")

    page.get_by_role("button", name="Resume").first.click()
    expect(page.locator(".clock")).to_have_attribute("data-frozen", "no")

    page.get_by_role("button", name="Reset account default").click()
    expect(page.locator("#result")).to_contain_text("Reset to the seeded state: default")
    expect(chart.locator('g[data-status="Shipped"]')).to_have_attribute("data-count", "0")
    expect(page.locator(".clock-offset")).to_contain_text("at real time")


def test_account_picker_and_new_account(page, live):
    status, created, _ = live.request("POST", "/_sim/accounts", {"account": "demo-2"})
    assert status == 201
    page.reload()
    page.get_by_label("Account").select_option("demo-2")
    page.wait_for_url(re.compile(r"account=demo-2"))
    expect(page.locator(".connect")).to_contain_text(created["credentials"]["provet"]["username"])
    page.get_by_role("link", name="Provet").click()
    page.wait_for_url(re.compile(r"/provet\?account=demo-2"))
    expect(page.get_by_label("Account")).to_have_value("demo-2")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="New account").click()
    page.wait_for_url(re.compile(r"account=acct_"))
    expect(page.locator("h1")).to_contain_text("acct_")


def test_an_unknown_account_offers_the_known_ones(page, live):
    response = page.goto(f"{live.base_url}/_sim/ui/provet?account=nobody")
    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("No account “nobody”")
    page.get_by_role("link", name="default").click()
    page.wait_for_url("**/_sim/ui/provet?account=default")
    expect(page.locator("h1")).to_have_text("Provet Dropship orders")


def test_pages_fit_laptop_projector_and_narrow_widths(page, live, shoot):
    live.place_provet_order()
    for width, height in ((1920, 1080), (1280, 800), (760, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        for name in ("", "provet", "allivet", "retailops", "journal", "faults", "rules"):
            page.goto(f"{live.base_url}/_sim/ui/{name}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"/{name} scrolls sideways at {width}px"
        page.goto(f"{live.base_url}/_sim/ui/")
        shoot(page, f"overview-{width}")


def test_keyboard_reaches_and_runs_the_clock(page, live):
    live.request("POST", "/_sim/clock/freeze")
    before = page.locator("#virtual-now").inner_text()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "+10 min":
            break
    focused = page.locator(":focus")
    expect(focused).to_have_text("+10 min")
    outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_contain_text("Clock advanced")
    expect(page.locator("#virtual-now")).not_to_have_text(before)
