"""The pipeline board in a real browser: a company joins the board from its page, is dragged to
the next stage and moved again by keyboard through the card's plain form; each move shows on the
review page; axe checks the board and review pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

COMPANY = "Mäki-Kuljetus Oy"


def _card(page: Page, stage: str):
    return page.locator(f'ul.board-cards[data-stage="{stage}"] li.board-card', has_text=COMPANY)


def test_drag_and_keyboard_moves_are_recorded(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_label("Hae", exact=True).fill(COMPANY)
    page.get_by_role("button", name="Hae", exact=True).click()
    page.locator("table tbody tr").first.get_by_role("link").click()
    section = page.get_by_role("region", name="Putki")
    section.get_by_label("Lisää taululle vaiheeseen").select_option("identified")
    section.get_by_role("button", name="Lisää").click()
    expect(section).to_contain_text("Vaihe: Tunnistettu")

    page.get_by_role("link", name="Putki", exact=True).first.click()
    card = _card(page, "identified")
    expect(card).to_have_count(1)
    assert_accessible(page)

    # drag the card by its name onto the next column
    start = card.locator("dl").bounding_box()
    target = page.locator('ul.board-cards[data-stage="first_contact"]').bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 20, steps=25)
    page.mouse.up()
    expect(page.locator("#board-status")).to_have_text("Siirretty.")
    page.reload()
    expect(_card(page, "first_contact")).to_have_count(1)
    expect(_card(page, "identified")).to_have_count(0)

    # the keyboard path: the card's own form, operated with the keyboard only
    card = _card(page, "first_contact")
    select = card.get_by_label("Siirrä vaiheeseen")
    select.focus()
    page.keyboard.press("ArrowDown")  # Ensikontakti -> Tarpeet kartoitettu
    page.keyboard.press("Tab")
    page.keyboard.type("Tarpeet käyty läpi")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Siirretty.")
    expect(_card(page, "needs_mapped")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Viikkokatsaus").click()
    stage = page.get_by_role("region", name="Tarpeet kartoitettu")
    expect(stage).to_contain_text("Siirto Tunnistettu → Ensikontakti")
    expect(stage).to_contain_text("Siirto Ensikontakti → Tarpeet kartoitettu")
    expect(stage).to_contain_text("Tarpeet käyty läpi")
    assert_accessible(page)
