"""After a failed submit focus lands on the error summary, and its links move focus to the
fields, in a real browser (the script is a static file: the CSP forbids inline scripts)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_focus_moves_to_the_summary_and_its_links_to_the_fields(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_role("link", name="Kirjaa yhteydenotto").first.click()
    page.get_by_label("Yrityksen nimi tai Y-tunnus").type("maki kuljet", delay=30)
    page.get_by_role("option", name="Mäki-Kuljetus Oy").click()
    page.get_by_label("Päivämäärä").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_label("Yhteenveto").fill("   ")
    page.get_by_role("button", name="Tallenna").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)  # the date and the summary, both on the first submit
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#occurred_on")).to_be_focused()
    links.nth(1).click()
    expect(page.locator("#summary")).to_be_focused()
