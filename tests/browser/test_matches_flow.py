"""A company's funding matches in a real browser: open one, act on it, move it on from the list;
axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_open_a_match_mark_it_relevant_and_propose_it(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_label("Hae", exact=True).fill("Mäki-Kuljetus")
    page.get_by_role("button", name="Hae", exact=True).click()
    page.locator("table tbody tr").first.get_by_role("link").click()
    section = page.get_by_role("region", name="Sopivat rahoitushaut")
    expect(section.locator("tbody tr").first).to_be_visible()
    assert_accessible(page)
    section.get_by_role("link", name="Kaikki osumat ja rajaukset").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sopivat rahoitushaut")
    assert_accessible(page)
    # a match with a deadline (the list's reason line gives it in Helsinki time), whichever rank
    first = page.locator("table tbody tr", has_text="Helsingin aikaa").first.get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Miksi haku sopii")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sopii", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Kiitos")
    match_url = page.url
    page.get_by_role("button", name="Ehdota yritykselle").click()
    # a proposal is a contact with the company: the form opens filled in, with a follow-up
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kirjaa yhteydenotto")
    expect(page.get_by_label("Yhteenveto")).to_have_value(re.compile(re.escape(title)))
    expect(page.get_by_label("Jatkotoimenpide", exact=True)).to_have_value(re.compile("hakeeko"))
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("region", name="Tapahtumat")).to_contain_text("Ehdotettiin yritykselle")
    page.goto(match_url)
    expect(page.locator(".facts")).to_contain_text("Ehdotettu yritykselle")
    expect(page.locator(".facts")).to_contain_text("Helsingin aikaa")
    assert_accessible(page)
    # back on the company's list, the proposal is being worked on: move it on from there
    page.locator(".breadcrumb").get_by_role("link", name="Sopivat rahoitushaut").click()
    working = page.locator("h2#working-h + table")
    status = working.get_by_label(f"Osuman tila: {title}")
    expect(status).to_have_value("proposed")
    status.select_option("applying")
    working.get_by_role("button", name="Vaihda").click()
    expect(page.get_by_role("status").first).to_contain_text("tila")
    expect(page.locator("h2#working-h + table").get_by_label(f"Osuman tila: {title}")
           ).to_have_value("applying")
    assert_accessible(page)
