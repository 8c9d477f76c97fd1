"""The CRM's everyday flows in a real browser, each page checked with axe."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_find_a_company_by_a_misspelt_name(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_label("Hae", exact=True).fill("kallion konepja")
    page.get_by_role("button", name="Hae", exact=True).click()
    first = page.locator("table tbody tr").first
    expect(first.get_by_role("link")).to_have_text("Kallion Konepaja Oy")
    assert_accessible(page)


def test_log_a_contact_with_a_follow_up_from_the_shortcut(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_role("link", name="Kirjaa yhteydenotto").first.click()
    finder = page.get_by_role("combobox", name="Yrityksen nimi tai Y-tunnus")
    expect(finder).to_be_focused()  # the form's first field has focus when the page opens
    page.keyboard.type("maki kuljet", delay=30)
    option = page.get_by_role("option", name="Mäki-Kuljetus Oy")
    expect(option).to_be_visible()  # found as you type, without pressing Search
    expect(finder).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").last).to_contain_text("löytyi")
    assert_accessible(page)
    for _ in range(10):  # keyboard only: down the list to the company, then Enter
        page.keyboard.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    expect(finder).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mäki-Kuljetus Oy")
    expect(page.get_by_label("Yhteydenoton tyyppi")).to_be_focused()
    page.get_by_label("Yhteydenoton tyyppi").select_option("visit")
    page.get_by_label("Yhteenveto").fill("Kierrettiin varasto ja puhuttiin sähkökuorma-autoista.")
    page.get_by_label("Aiheet").fill("kalusto, rahoitus")
    page.get_by_label("Jatkotoimenpide", exact=True).fill("Lähetä tiedot sähköautojen hankintatuesta")
    due = (date.today() + timedelta(days=14)).isoformat()
    page.get_by_label("Jatkotoimenpiteen määräpäivä").fill(due)
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status").first).to_contain_text("Yhteydenotto kirjattu")
    expect(page.get_by_role("region", name="Tapahtumat")).to_contain_text("Kierrettiin varasto")
    tasks = page.get_by_role("region", name="Avoimet tehtävät")
    expect(tasks).to_contain_text("Lähetä tiedot sähköautojen hankintatuesta")
    assert_accessible(page)
    page.get_by_role("link", name="Tehtävät").click()
    expect(page.locator("main")).to_contain_text("Lähetä tiedot sähköautojen hankintatuesta")
    assert_accessible(page)


def test_merge_two_duplicates(page: Page, live_server: str):
    sign_in(page, live_server, "paakayttaja@iisalmi.example")
    page.get_by_role("link", name="Todennäköiset kaksoiskappaleet").click()
    row = page.locator("tbody tr", has_text="Kallion konepaja").first
    expect(row).to_contain_text("Sama nimi")
    assert_accessible(page)
    row.get_by_role("link", name="Vertaa ja yhdistä").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhdistä saman yrityksen kaksi tietuetta")
    assert_accessible(page)
    page.get_by_role("radio", name="Kallion Konepaja Oy").check()
    page.get_by_role("button", name="Yhdistä", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kallion Konepaja Oy")
    expect(page.locator(".facts")).to_contain_text("Kallion konepaja")  # now an auxiliary name
    page.get_by_role("link", name="Lokitiedot").click()
    expect(page.locator("table").first).to_contain_text("Yritykset yhdistetty")
    expect(page.get_by_role("button", name="Peru yhdistäminen").first).to_be_visible()
    assert_accessible(page)
