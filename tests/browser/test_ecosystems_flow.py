"""A lesson written in Raahe is found from Iisalmi (and one kept to Raahe is not); the public
course portal is searched without signing in; axe finds nothing serious on the new pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _sign_out(page: Page) -> None:
    """With the header's button, as a user does: clearing cookies races with a request still
    in flight, whose answer would set the session cookie again."""
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page).to_have_url(re.compile(r"/login"))


def test_a_lesson_from_raahe_is_found_from_iisalmi(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@raahe.example", stay_on_start=True)
    page.goto(f"{live_server}/lessons/new")
    assert_accessible(page)
    page.get_by_label("Otsikko").fill("Vetyputken luvitus venyi vuodella")
    page.get_by_label("Epäonnistuminen").check()
    page.get_by_label("Mitä tehtiin").fill("Haimme luvat vasta suunnittelun jälkeen.")
    page.get_by_label("Mitä tekisi toisin").fill("Ennakkoneuvottelu viranomaisen kanssa heti.")
    page.get_by_label("Avainsanat").fill("luvitus, vety")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vetyputken luvitus venyi vuodella")
    page.goto(f"{live_server}/lessons/new")
    page.get_by_label("Otsikko").fill("Sisäinen luvitusmuistio")
    page.get_by_label("Hyvä käytäntö").check()
    page.get_by_label("Tulos", exact=True).fill("Toimi meillä.")
    page.get_by_label("Pidä tämä oppi vain omassa kaupungissani").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sisäinen luvitusmuistio")
    _sign_out(page)

    sign_in(page, live_server, "henkilosto@iisalmi.example", stay_on_start=True)
    page.goto(f"{live_server}/lessons")
    assert_accessible(page)
    page.get_by_role("searchbox", name="Hae").fill("luvitus")
    page.get_by_role("button", name="Hae").click()
    expect(page.get_by_role("link", name="Vetyputken luvitus venyi vuodella")).to_be_visible()
    expect(page.get_by_text("Sisäinen luvitusmuistio")).to_have_count(0)
    page.get_by_role("link", name="Vetyputken luvitus venyi vuodella").click()
    page.get_by_role("button", name="Tämä auttoi minua").click()
    expect(page.get_by_text("1 käyttäjää koki tämän hyödylliseksi.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/search?q=luvitus")
    expect(page.get_by_role("link", name="Vetyputken luvitus venyi vuodella")).to_be_visible()
    expect(page.get_by_text("Sisäinen luvitusmuistio")).to_have_count(0)
    assert_accessible(page)
    for path in ("/ecosystems", "/projects"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
    page.get_by_role("link", name=re.compile("Ruokaketjun digiloikka")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruokaketjun digiloikka")
    assert_accessible(page)


def test_the_public_course_portal_is_searched_without_signing_in(page: Page, live_server: str):
    page.goto(f"{live_server}/courses?town=140")
    expect(page).to_have_url(re.compile(r"/courses"))
    expect(page.get_by_role("heading", name=re.compile("Iisalmi suosittelee"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Toteutustapa").select_option("distance")
    page.get_by_role("button", name="Hae").click()
    results = page.locator("section[aria-labelledby=results-h]")
    expect(results.get_by_role("link", name="Luontomatkailun digitaalinen myynti")
           ).to_be_visible()
    expect(results.get_by_role("link", name="Hitsauksen laatu ja dokumentointi")
           ).to_have_count(0)
    page.get_by_label("Kieli", exact=True).select_option("en")
    page.get_by_role("button", name="Hae").click()
    expect(results.get_by_role("link", name="Data literacy for SMEs")).to_be_visible()
    assert_accessible(page)
