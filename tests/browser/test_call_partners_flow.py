"""A consortium call's partner suggestions in a real browser: the panel by role, another town's
company by name and town only, and "Ota yhteyttä omistajaan" from the keyboard; axe on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

TOPIC = "HORIZON-CL4-2027-01-MAT-PROD-03"  # an RIA of the demo calls


def test_partner_suggestions_and_contacting_another_towns_owner(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.goto(f"{live_server}/calls?q={TOPIC}")
    page.locator("table tbody tr").first.get_by_role("link").click()
    panel = page.locator("section.partners")
    expect(panel.get_by_role("heading", level=2)).to_have_text("Kumppaniehdotukset konsortioon")
    expect(panel).to_contain_text("HORIZON")
    expect(panel.get_by_role("heading", level=3).first).to_be_visible()
    assert_accessible(page)

    contact = re.compile("^Ota yhteyttä omistajaan")
    row = panel.locator("tbody tr").filter(has=page.get_by_role("link", name=contact)).first
    name = row.locator("th").inner_text().strip()
    expect(row).not_to_contain_text("Iisalmi")  # another town's company
    expect(row.get_by_role("link")).to_have_count(1)  # no link into its data, only the button
    button = row.get_by_role("link", name=contact)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert_accessible(page)

    page.get_by_role("button", name="Lähetä").click()  # empty: the error is announced
    expect(page.locator(".field--error")).to_be_visible()
    page.get_by_label("Viesti").fill("Rakennetaanko konsortio yhdessä?")
    page.get_by_role("button", name="Lähetä").click()
    expect(page).to_have_url(re.compile(r"/calls/\d+#partners-h$"))
    expect(page.get_by_text("Pyyntösi lähetettiin yrityksen kaupungille.")).to_be_visible()
    assert_accessible(page)
