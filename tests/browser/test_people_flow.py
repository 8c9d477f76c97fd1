"""People and the network in a real browser: a town admin invites a colleague, who opens the
link, sets a password and signs in; axe finds nothing serious on the people pages, the invitation
page and the network page (with its open details)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_invited_user_sets_a_password_and_signs_in(page: Page, browser: Browser,
                                                   live_server: str):
    sign_in(page, live_server, "paakayttaja@iisalmi.example", stay_on_start=True)
    page.get_by_role("link", name="Henkilöt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilöt")
    assert_accessible(page)
    page.get_by_role("link", name="Kutsu henkilö").click()
    assert_accessible(page)
    page.get_by_label("Sähköposti", exact=True).fill("uusi.kollega@iisalmi.example")
    page.get_by_label("Nimi", exact=True).fill("Uuna Uusi")
    page.get_by_label("Rooli", exact=True).select_option("staff")
    page.get_by_role("button", name="Kutsu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutsu tehty")
    assert_accessible(page)
    link = page.get_by_label("Linkki").input_value()
    assert "/invitation/" in link  # on the configured BASE_URL; this server has its own port
    link = f"{live_server}/invitation/{link.split('/invitation/', 1)[1]}"
    page.get_by_role("link", name="Takaisin: Uuna Uusi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uuna Uusi")
    assert_accessible(page)
    page.get_by_role("link", name="API-avaimet").click()
    assert_accessible(page)

    newcomer = browser.new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Aseta salasanasi")
    assert_accessible(newcomer)
    newcomer.get_by_label("Uusi salasana", exact=True).fill("uunan-oma-salasana")
    newcomer.get_by_label("Uusi salasana uudelleen").fill("uunan-oma-salasana")
    newcomer.get_by_role("button", name="Aseta salasana").click()
    expect(newcomer).to_have_url(re.compile(r"/login"))
    newcomer.get_by_label("Sähköposti").fill("uusi.kollega@iisalmi.example")
    newcomer.get_by_label("Salasana").fill("uunan-oma-salasana")
    newcomer.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(newcomer).to_have_url(re.compile(r"/start$"))
    expect(newcomer.locator(".whoami")).to_contain_text("Uuna Uusi")

    # the link is spent: a clear message
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Linkkiä ei voi käyttää")
    expect(newcomer.get_by_text("Tätä linkkiä on jo käytetty")).to_be_visible()
    newcomer.close()


def test_network_page_is_accessible(page: Page, live_server: str):
    sign_in(page, live_server, "koordinaattori@verkosto.example", stay_on_start=True)
    page.get_by_role("link", name="Verkosto", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkosto")
    expect(page.get_by_text("Savonlinna toimii verkoston puheenjohtajana")).to_be_visible()
    for summary in page.locator("details > summary").all():
        summary.click()
    assert_accessible(page)
    page.get_by_role("link", name="Verkoston kokous: toimintamalli").first.click()
    expect(page.get_by_role("heading", level=2, name="Päätökset")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/network/meetings?q=toimintamalli")
    assert_accessible(page)
    page.goto(f"{live_server}/network/towns")
    assert_accessible(page)
