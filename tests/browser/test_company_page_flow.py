"""The company page on a phone (360 px) and a laptop (1366 px): the header menu opened with the
keyboard, a contact logged in place, axe clean, and screenshots saved for a reviewer to look at
(in the test's tmp dir; not compared pixel by pixel)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
LAPTOP = {"width": 1366, "height": 900}


def _open_company(page: Page, name: str) -> None:
    page.get_by_label("Hae", exact=True).fill(name)
    page.get_by_role("button", name="Hae", exact=True).click()
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.wait_for_load_state("load")  # the layout script has run


def _assert_no_sideways_scroll(page: Page) -> None:
    """WCAG 1.4.10: the page itself never scrolls sideways (a table scrolls in its own box)."""
    page.wait_for_load_state("load")
    wide = page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.table-scroll'))
             .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)""",
        page.viewport_size["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], wide


def _shot(page: Page, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_phone_menu_by_keyboard_and_log_a_contact_in_place(page: Page, live_server: str,
                                                           tmp_path: Path):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    # reflow: nothing makes the page itself scroll sideways at 360 px
    _assert_no_sideways_scroll(page)
    menu = page.get_by_role("button", name="Valikko")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Tehtävät")).to_be_hidden()
    for _ in range(6):  # Tab from the top of the page: skip link, brand, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('menu-button')"):
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Tehtävät")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    _open_company(page, "Mäki-Kuljetus Oy")
    _assert_no_sideways_scroll(page)
    _shot(page, tmp_path, "company-360.png")
    assert_accessible(page)
    opener = page.locator("#log-contact > summary")
    opener.focus()
    page.keyboard.press("Enter")  # the disclosure opens in place, focus on its first field
    kind = page.get_by_label("Yhteydenoton tyyppi")
    expect(kind).to_be_focused()
    expect(kind).to_have_value("phone")  # the most common contact comes first
    page.get_by_label("Yhteenveto").fill("Soitettiin: tilaavat lisää kalustoa keväällä.")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna yhteydenotto").click()
    expect(page.get_by_role("status").first).to_contain_text("Yhteydenotto kirjattu")
    timeline = page.get_by_role("region", name="Tapahtumat")
    expect(timeline.locator(".timeline-item").first).to_contain_text("tilaavat lisää kalustoa")
    _assert_no_sideways_scroll(page)
    assert_accessible(page)

    page.set_viewport_size(LAPTOP)
    expect(page.get_by_role("button", name="Valikko")).to_be_hidden()
    expect(page.get_by_role("link", name="Tehtävät")).to_be_visible()
    # side by side: the profile to the left of the timeline
    side = page.locator(".company-side").bounding_box()
    main = page.locator(".company-main").bounding_box()
    assert side and main and side["x"] + side["width"] <= main["x"]
    _shot(page, tmp_path, "company-1366.png")
    assert_accessible(page)


def test_timeline_filter_without_javascript(browser, live_server: str):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "henkilosto@iisalmi.example")
        _open_company(page, "Mäki-Kuljetus Oy")
        # without JavaScript the header menu simply stays open
        expect(page.get_by_role("link", name="Tehtävät")).to_be_visible()
        page.get_by_role("checkbox", name="Putki").check()
        page.get_by_role("button", name="Suodata").click()
        expect(page).to_have_url(re.compile(r"kind=stage"))
        expect(page.get_by_role("checkbox", name="Putki")).to_be_checked()
        # the Log a contact disclosure works without script too
        page.locator("#log-contact > summary").click()
        expect(page.get_by_label("Yhteenveto")).to_be_visible()
    finally:
        context.close()
