"""A call's page in a real browser: its topic identifier, the full description opened from the
keyboard, and "Tarkista yritys" answering why a company is or is not listed; axe on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

TOPIC = "HORIZON-CL6-2027-02-CLIMATE-03"


def test_call_page_identifier_description_and_company_check(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.goto(f"{live_server}/calls?q={TOPIC}")
    page.locator("table tbody tr").first.get_by_role("link").click()
    expect(page.locator(".identifiers")).to_contain_text(TOPIC)
    keywords = page.locator("dt:has-text('Avainsanat') + dd")
    expect(keywords).not_to_contain_text("stage")
    lead = page.locator(".expandable__lead")
    expect(lead).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Näytä koko kuvaus").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".expandable details")).to_have_attribute("open", "")
    expect(lead).to_be_hidden()
    assert_accessible(page)

    page.get_by_label("Miksi yritys ei ole listalla? Tarkista yritys").fill("Mäki-Kuljetus")
    page.get_by_role("button", name="Tarkista", exact=True).click()
    expect(page).to_have_url(re.compile(r"/why$"))
    expect(page.get_by_role("status").first).to_contain_text("listalla")
    assert_accessible(page)
