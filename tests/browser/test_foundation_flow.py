"""Log in, see the town's list, open a company: in a real browser, with axe on every page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from app.services.demo._data import DEMO_PASSWORD

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], bad


def sign_in(page: Page, base: str, email: str, *, stay_on_start: bool = False) -> None:
    """Sign in; sign-in lands on the start page, the company list is one click from there."""
    page.goto(f"{base}/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page).to_have_url(re.compile(r"/start$"))
    if not stay_on_start:
        page.get_by_role("link", name="Kaikki yritykset").click()


def test_staff_signs_in_sees_own_town_and_opens_a_company(page: Page, live_server: str):
    page.goto(f"{live_server}/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Veturiin")
    assert_accessible(page)

    sign_in(page, live_server, "henkilosto@iisalmi.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iisalmi: yritykset")
    rows = page.locator("table tbody tr")
    shown = int(page.locator(".count").inner_text().split()[0])  # 20, or 19 after a merge test
    assert shown in (19, 20)
    expect(rows).to_have_count(shown)
    assert "Raahe" not in page.inner_text("main")
    assert_accessible(page)

    first = rows.first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_text("Y-tunnus").first).to_be_visible()
    assert_accessible(page)


def test_wrong_password_says_so_without_revealing_the_account(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköposti").fill("henkilosto@iisalmi.example")
    page.get_by_label("Salasana").fill("väärä-salasana")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Väärä sähköpostiosoite tai salasana.")
    assert_accessible(page)


def test_keyboard_only_user_can_sign_in_and_skip_to_content(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_label("Sähköposti").focus()
    page.keyboard.type("katselija@iisalmi.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hyvää päivää")
    page.get_by_role("link", name="Kaikki yritykset").focus()  # the start page's link, by keyboard
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iisalmi: yritykset")
    # a viewer reads but cannot add
    expect(page.get_by_role("link", name="Lisää yritys")).to_have_count(0)


def test_invalid_business_id_message_is_next_to_the_field(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@raahe.example")
    page.get_by_role("link", name="Lisää yritys").click()
    page.get_by_label("Nimi").fill("Testi Oy")
    page.get_by_label("Y-tunnus").fill("1234567-8")
    page.get_by_role("button", name="Tallenna").click()
    field = page.get_by_label("Y-tunnus")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#business_id-error")).to_contain_text("ei ole kelvollinen Y-tunnus")
    assert_accessible(page)


def test_switching_to_english(page: Page, live_server: str):
    sign_in(page, live_server, "koordinaattori@verkosto.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkoston yritykset")
    page.get_by_label("Kieli").select_option("en")
    page.get_by_role("button", name="Vaihda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Companies of the network")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".count")).to_have_text(re.compile(r"^(200|199) companies$"))


def test_the_accessibility_check_itself_catches_violations(page: Page):
    page.set_content('<html lang="fi"><body><main><img src="x.png">'
                     '<p style="color:#ccc;background:#fff">heikko kontrasti</p></main></body></html>')
    with pytest.raises(AssertionError) as exc:
        assert_accessible(page)
    assert "image-alt" in str(exc.value) and "color-contrast" in str(exc.value)
