"""The API reference page in a real browser: Swagger UI from this server renders each document,
and "try it" answers from the running dropsim, signed in as the account."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def _try(page, operation_id: str):
    """Open an operation, press Try it out and Execute; the answer's part of the page."""
    block = page.locator(f'[id$="-{operation_id}"]').first
    block.locator(".opblock-summary").click()
    button = block.get_by_role("button", name="Try it out")
    if button.count():
        button.click()
    block.get_by_role("button", name="Execute").click()
    return block.locator(".live-responses-table")


def test_try_it_lists_provet_products_with_the_accounts_basic_credentials(page, live, shoot):
    offline = []
    page.on("request", lambda r: offline.append(r.url)
            if not r.url.startswith(live.base_url) and not r.url.startswith("data:") else None)
    page.get_by_role("link", name="API reference").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Provet Dropship")

    answer = _try(page, "listProducts")

    expect(answer).to_contain_text('"totalCount"')
    expect(answer.locator("tr.response .response-col_status").first).to_contain_text("200")
    shoot(page, "api-reference-provet")
    assert offline == []  # Swagger UI and its assets come from dropsim, nothing else is asked


def test_try_it_gets_an_allivet_token_first_and_calls_with_it(page, live):
    page.get_by_role("link", name="API reference").click()
    page.get_by_role("link", name="Allivet").last.click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Allivet")
    expect(page.locator(".swagger-ui .authorize.locked")).to_be_visible()  # token filled in

    answer = _try(page, "overview")

    expect(answer).to_contain_text(re.compile(r'"clientID": "sandbox"'))
    expect(answer).to_contain_text('"apiScope": "api:dropship"')
    expect(answer.locator("tr.response .response-col_status").first).to_contain_text("200")
