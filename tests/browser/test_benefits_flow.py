"""From match to money in a real browser: a task due today on the start page; a match taken to
an application and an award moves the dashboard's euros granted by exactly that amount; axe on
the start page, the dashboard and the public page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from app import clock
from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser
STAFF = "henkilosto@raahe.example"


def _granted(page: Page, base: str) -> Decimal:
    page.goto(f"{base}/benefits")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hyödyt")
    return Decimal(page.locator("#granted-total").inner_text())


def test_start_page_shows_a_task_due_today(page: Page, live_server: str):
    sign_in(page, live_server, STAFF, stay_on_start=True)
    expect(page.get_by_role("heading", name="Tällä viikolla erääntyvät tehtävät")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kaikki yritykset").click()
    page.locator("table tbody tr").first.get_by_role("link").click()
    company_url = page.url
    page.goto(company_url + "/tasks/new")
    page.get_by_label("Tehtävä", exact=True).fill("Soita rahoituksesta tänään")
    page.get_by_label("Määräpäivä").fill(clock.today().isoformat())
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("link", name="Aloitus").first.click()
    week = page.get_by_role("region", name="Tällä viikolla erääntyvät tehtävät")
    expect(week).to_contain_text("Soita rahoituksesta tänään")
    expect(week).to_contain_text("tänään")


def test_an_award_moves_the_dashboard_by_exactly_its_amount(page: Page, live_server: str):
    sign_in(page, live_server, STAFF)
    before = _granted(page, live_server)
    assert_accessible(page)
    page.goto(f"{live_server}/")
    page.locator("table tbody tr").first.get_by_role("link").click()
    section = page.get_by_role("region", name="Sopivat rahoitushaut")
    section.locator("tbody tr").first.get_by_role("link").first.click()
    page.get_by_role("link", name="Aloita hakemus").click()
    page.get_by_label("Haettu summa yhteensä (€)").fill("100 000")
    page.get_by_label("Jätetty").fill(date.today().isoformat())
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status").first).to_contain_text("Hakemus tallennettu")
    page.get_by_role("link", name="Muokkaa tai kirjaa päätös").click()
    page.get_by_label("Tulos").select_option("awarded")
    page.get_by_label("Myönnetty summa (€)").fill("12 345,67")
    page.get_by_label("Päätöspäivä").fill(date.today().isoformat())
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".facts")).to_contain_text("Myönnetty")
    after = _granted(page, live_server)
    assert after - before == Decimal("12345.67")
    page.goto(f"{live_server}/public/benefits?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("The network's results")
    assert_accessible(page)
    page.goto(f"{live_server}/public/benefits")
    expect(page).to_have_url(re.compile(r"/public/benefits$"))
    assert_accessible(page)
