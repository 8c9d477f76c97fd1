"""The digest settings in a real browser: reached from the header, usable by keyboard, checked by
axe (labels, fieldsets of the radio groups); the preview shows the message."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser
EMAIL = "henkilosto@raahe.example"


def test_user_changes_digest_settings_and_previews(page: Page, live_server: str):
    sign_in(page, live_server, EMAIL)
    page.get_by_role("link", name="Viikkokooste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Viikkokooste")
    assert_accessible(page)

    page.get_by_role("group", name="Viikonpäivä").get_by_label("keskiviikko").check()
    page.get_by_label("Kellonaika").select_option("8")
    page.get_by_label("Vähimmäispisteet").fill("500")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vähimmäispisteet").fill("40")
    page.get_by_role("button", name="Tallenna").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Koosteen asetukset on tallennettu")
    expect(page.get_by_role("group", name="Viikonpäivä").get_by_label("keskiviikko")).to_be_checked()

    page.get_by_role("link", name="Esikatsele seuraavaa koostettani").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seuraavan koosteeni esikatselu")
    expect(page.locator("pre")).to_contain_text("Hei ")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_text("Veturi-koosteesi viikolta")).to_be_visible()
    assert_accessible(page)
