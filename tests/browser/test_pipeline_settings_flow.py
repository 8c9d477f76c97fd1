"""Yearly figures and the coordinator's pipeline pages in a real browser: staff fill the figures
table of a company and see the growth signal's reason; axe checks the figures, thresholds and
stages pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

COMPANY = "Mäki-Kuljetus Oy"


def test_staff_record_yearly_figures_and_see_the_growth_reason(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_label("Hae", exact=True).fill(COMPANY)
    page.get_by_role("button", name="Hae", exact=True).click()
    page.locator("table tbody tr").first.get_by_role("link").click()
    page.get_by_role("link", name="Muokkaa vuosilukuja").click()
    assert_accessible(page)
    page.get_by_label("Vuosi, rivi 1").fill("2022")
    page.get_by_label("Henkilöstö, rivi 1").fill("10")
    page.get_by_label("Vuosi, rivi 2").fill("2024")
    page.get_by_label("Henkilöstö, rivi 2").fill("14")
    page.get_by_role("button", name="Tallenna luvut").click()
    figures = page.get_by_role("region", name="Vuosiluvut")
    expect(figures).to_contain_text("2024")
    expect(page.get_by_role("region", name="Putki")).to_contain_text(
        "Henkilöstö kasvoi 40 % vuodesta 2022 vuoteen 2024 (10 → 14)")


def test_coordinator_pages_are_accessible(page: Page, live_server: str):
    sign_in(page, live_server, "koordinaattori@verkosto.example")
    page.goto(f"{live_server}/pipeline/settings")
    expect(page.get_by_role("heading", name="Signaalien raja-arvot")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/pipeline/stages")
    expect(page.get_by_role("heading", name="Lisää vaihe")).to_be_visible()
    assert_accessible(page)
