"""The company finder of the "Log a contact" page as a WAI-ARIA combobox, used by keyboard
alone: the arrows move the active option, Escape closes the list, Enter opens the company."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_company_finder_combobox_by_keyboard_alone(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.goto(f"{live_server}/log")
    finder = page.get_by_role("combobox", name="Yrityksen nimi tai Y-tunnus")
    expect(finder).to_be_focused()
    expect(finder).to_have_attribute("aria-expanded", "false")
    # the demo has Kallion Konepaja twice (one from an old list), so the list has two options
    page.keyboard.type("kallion", delay=30)
    options = page.locator(".combobox-list [role=option]")
    expect(options.first).to_be_visible()
    expect(finder).to_have_attribute("aria-expanded", "true")
    assert options.count() >= 2
    assert_accessible(page)
    first, second = options.nth(0), options.nth(1)
    page.keyboard.press("ArrowDown")
    expect(finder).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(finder).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "false")
    expect(second).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(finder).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".combobox-list")).to_be_hidden()
    expect(finder).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    expect(finder).to_have_value("kallion")
    page.keyboard.press("ArrowDown")  # the list opens again on the first option
    expect(finder).to_have_attribute("aria-expanded", "true")
    expect(finder).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    name = first.locator(".combobox-name").inner_text()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    assert_accessible(page)
