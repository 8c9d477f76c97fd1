"""Active sessions in a real browser: reached from the header, usable by keyboard, checked by axe,
and ending the other browser's session signs that browser out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser
EMAIL = "katselija@iisalmi.example"


def test_user_sees_and_ends_the_other_session(page: Page, browser: Browser, live_server: str):
    other = browser.new_context(user_agent="Mozilla/5.0 (iPhone) Safari/605.1").new_page()
    sign_in(other, live_server, EMAIL)
    expect(other.get_by_role("link", name="Aktiiviset istunnot")).to_be_visible()

    sign_in(page, live_server, EMAIL)
    page.get_by_role("link", name="Aktiiviset istunnot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktiiviset istunnot")
    expect(page.get_by_text("(tämä istunto)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Lopeta kaikki muut istunnot").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Muita istuntoja lopetettu")
    other.reload()
    expect(other).to_have_url(re.compile(r"/login"))

    page.get_by_role("link", name="Vaihda salasana").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vaihda salasana")
    assert_accessible(page)
    other.context.close()
