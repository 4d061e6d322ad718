"""The RetailOps and Allivet pages in a real browser: a storefront order, a PO change, the
advised inventory, and a vet's decision on a prescription."""
from __future__ import annotations

import re

from playwright.sync_api import expect

# allivet-rest-api.txt's New Order sample shipped to NY, with one prescription item.
ALLIVET_ORDER = {
    "clientId": "DropshipClient", "clientOrderId": "UI-RX-1", "customerId": "johndoe@gmail.com",
    "customerKeyId": "ac11JDiERGcI32X3ILwjahBAYM", "salesOrderDate": "2014-02-23T20:01:08-08:00",
    "shippingMethod": "GRND", "billToName": "John Doe", "billToAddress": "23200 Summer Glenn",
    "billToCity": "Harbor City", "billToState": "NY", "billToPostalCode": "90717",
    "billToCountry": "US", "billToPhone": "4245673448",
    "shipToAddressId": "ac1aJDiERGcI32X3ILwjahBAYM", "shipToName": "John Doe",
    "shipToAddress": "23200 Summer Glenn", "shipToCity": "Harbor City", "shipToState": "NY",
    "shipToPostalCode": "90717", "shipToCountry": "US", "shipToPhone": "4245673448",
    "isAutoship": "N", "isReship": "N", "reasonCode": "0", "originalClientOrderId": "0",
    "customerSalesOrderDetail": [{"itemName": "10012-05", "quantity": 1}]}


def place_allivet_rx_order(live, client_order_id: str) -> dict:
    token = live.allivet_token()
    status, body, _ = live.request("POST", "/allivet/api/Orders",
                                   {**ALLIVET_ORDER, "clientOrderId": client_order_id},
                                   {"Authorization": f"Bearer {token}"})
    assert status == 200, body
    return body


def test_simulating_a_storefront_order_shows_a_new_ready_po(page, live, shoot):
    page.get_by_role("link", name="RetailOps").click()
    ready = page.locator('table.po-table[data-status="ready"] tbody.po')
    before = ready.count()
    assert before > 0
    page.get_by_label("Vendor").select_option("27")
    page.get_by_label("VPC").fill("ABC123")
    page.get_by_label("Quantity").fill("3")
    page.get_by_role("button", name="Place storefront order").click()
    expect(page.locator("#result")).to_contain_text(re.compile(r"PO D\d+ created \(ready\) for vendor 27"))
    number = re.search(r"PO (D\d+)", page.locator("#result").inner_text()).group(1)
    expect(ready).to_have_count(before + 1)
    row = page.locator(f'tbody.po[data-po="{number}"]')
    expect(ready.first).to_have_attribute("data-po", number)  # newest first
    expect(row).to_contain_text("ABC123 × 3")
    expect(row).to_contain_text("control")

    # A future date_submit keeps it open until then, as the guide warns.
    open_pos = page.locator('table.po-table[data-status="open"] tbody.po')
    opened = open_pos.count()
    page.get_by_label("date_submit").fill("2099-01-01T09:30:00")
    page.get_by_role("button", name="Place storefront order").click()
    expect(page.locator("#result")).to_contain_text("created (open)")
    expect(open_pos).to_have_count(opened + 1)
    expect(ready).to_have_count(before + 1)
    waiting = open_pos.first
    expect(waiting).to_contain_text("2099-01-01 09:30:00")
    expect(waiting).to_contain_text("ready in")

    # Errors come back at once, in words.
    page.get_by_label("VPC").fill("NOPE")
    page.get_by_label("date_submit").fill("")
    page.get_by_role("button", name="Place storefront order").click()
    expect(page.locator("#result")).to_contain_text("VPC 'NOPE' is not in vendor 27's catalogue")

    inventory = page.locator("#retailops-inventory")
    expect(inventory.locator("tr", has=page.locator("code", has_text=re.compile("^ABC123$")))).to_have_count(1)
    shoot(page, "retailops")


def test_change_this_po_for_a_vendor_with_the_setting(page, live, shoot):
    page.get_by_role("link", name="RetailOps").click()
    submitted = page.locator('table.po-table[data-status="submitted"] tbody.po')
    changeable = submitted.filter(has=page.get_by_role("button", name="Change this PO"))
    expect(changeable).to_have_count(1)  # only vendor 31 has "Change POs after submit"
    expect(changeable.first).to_contain_text("31")
    for other in submitted.all():
        if other.get_attribute("data-po") != changeable.first.get_attribute("data-po"):
            expect(other).not_to_contain_text("Change this PO")
    number = changeable.first.get_attribute("data-po")
    po = page.locator(f'tbody.po[data-po="{number}"]')
    po.get_by_role("button", name="Change this PO").click()
    quantity = po.locator('input[type="number"]').first
    quantity.fill("7")
    page.locator("body").click(position={"x": 5, "y": 5})  # focus leaves the form
    refreshed = page.evaluate("document.body.dataset.refreshed || ''")
    page.wait_for_function("r => (document.body.dataset.refreshed || '') !== r", arg=refreshed)
    expect(quantity).to_have_value("7")  # a poll does not wipe what was typed
    shoot(page, "retailops-change")
    po.get_by_role("button", name=f"Change PO {number}").click()
    expect(page.locator("#result")).to_contain_text(f"PO {number} changed")
    expect(po).to_contain_text("rev 1")
    expect(po.locator("tr").first).to_contain_text("× 7")
    _, body, _ = live.request("GET", f"/_sim/retailops/pos/{number}")
    assert body["po"]["items"][0]["quantity"] == 7


def test_approving_a_prescription_changes_the_allivet_order(page, live, shoot):
    live.request("POST", "/_sim/clock/freeze")
    first = place_allivet_rx_order(live, "UI-RX-1")
    second = place_allivet_rx_order(live, "UI-RX-2")
    page.get_by_role("link", name="Allivet").click()

    order = page.locator(f'tbody.order[data-order="{first["salesOrderCode"]}"]')
    expect(order.locator(".status-cell")).to_contain_text("Waiting for Rx")
    rx_id = first["customerSalesOrderDetail"][0]["prescriptionId"]
    rx = page.locator(f'tr[data-rx="{rx_id}"]')
    expect(rx).to_contain_text("WaitingVetApproval")
    expect(rx).to_contain_text("vet approves in 10 min")
    shoot(page, "allivet")

    rx.get_by_role("button", name="Approve").click()
    expect(page.locator("#result")).to_contain_text(
        f"Prescription {rx_id} is Valid; order {first['salesOrderCode']} is Processing")
    expect(order.locator(".status-cell")).to_contain_text("Processing")
    expect(rx).to_contain_text("Valid")
    expect(rx.get_by_role("button")).to_have_count(0)

    other = page.locator(f'tr[data-rx="{second["customerSalesOrderDetail"][0]["prescriptionId"]}"]')
    other.get_by_role("button", name="Deny").click()
    expect(page.locator("#result")).to_contain_text("is ClosedOrExpired")
    expect(page.locator(f'tbody.order[data-order="{second["salesOrderCode"]}"] .status-cell')
           ).to_contain_text("Cancelled")

    # One interval after the approval the order ships, with a tracking number, on screen.
    page.get_by_role("button", name="+10 min").click()
    expect(order.locator(".status-cell")).to_contain_text("Shipped")
    expect(order.locator("tr").first.locator("td").last).to_have_text(re.compile(r"^\d{12}$"))
    order.get_by_role("button", name=first["salesOrderCode"]).click()
    expect(order.locator(".timeline li")).to_have_count(3)
    expect(order.locator(".timeline")).to_contain_text("allivet.rx-vet-approval")


def test_allivet_customers_show_pets_and_vets(page, live):
    page.get_by_role("link", name="Allivet").click()
    customers = page.locator("article.customer")
    expect(customers.first).to_be_visible()
    assert customers.count() >= 6
    seeded = customers.filter(has_text="ACS-100001")
    expect(seeded.locator("h4", has_text="Pets")).to_be_visible()
    expect(seeded).to_contain_text(re.compile(r"P100\d"))
    expect(seeded.locator("h4", has_text="Vets")).to_be_visible()
    expect(page.locator("#allivet-orders tbody.order").first).to_be_visible()
    expect(page.locator("#allivet-orders")).to_contain_text("Shipped")
