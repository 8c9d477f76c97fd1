"""Import a semicolon CSV in Windows-1252 with one bad row, in a real browser: the dry run shows the
row's error, the user chooses to skip it, the import runs in the background and the companies are
found in the list. axe checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

CSV = (
    "Y-tunnus;Nimi;Toimiala;Kunta;Henkilöstö;Liikevaihto;Veturiyritys\r\n"
    "1618033-3;Selaintestin Höyläämö Oy;16100 Sahatavaran valmistus;Iisalmi;12;1 250 000,50;kyllä\r\n"
    "1414213-0;Selaintestin Äänilaite Oy;26400;140;3;98 000;ei\r\n"
    "2077474-1;Selaintestin Virhe Oy;;140;1;;ei\r\n"
).encode("cp1252")


def test_import_a_windows_1252_csv_with_one_bad_row(page: Page, live_server: str):
    sign_in(page, live_server, "henkilosto@iisalmi.example")
    page.get_by_role("link", name="Tuo tiedostosta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuo yrityksiä")
    assert_accessible(page)

    page.get_by_label("Tiedosto").set_input_files(
        files=[{"name": "yrityslista.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.get_by_role("button", name="Lataa ja jatka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitä kukin sarake sisältää")
    expect(page.get_by_text("Luettu CSV-tiedostona (cp1252")).to_be_visible()
    expect(page.get_by_label("Kenttä sarakkeelle Y-tunnus")).to_have_value("business_id")
    expect(page.get_by_label("Kenttä sarakkeelle Toimiala")).to_have_value("industry_code")
    expect(page.get_by_label("Kenttä sarakkeelle Liikevaihto")).to_have_value("turnover_eur")
    assert_accessible(page)

    page.get_by_role("button", name="Tee koeajo").click()
    # the page polls the job and shows the rows once the dry run is done
    bad = page.locator("tr", has_text="Selaintestin Virhe Oy")
    expect(bad).to_contain_text("ei ole kelvollinen Y-tunnus", timeout=20_000)
    expect(bad).to_contain_text("Sarake ”Y-tunnus”")
    expect(page.get_by_role("status").filter(has_text="Tuonti nyt luo")).to_contain_text(
        "luo 2 yritystä")
    assert_accessible(page)

    page.get_by_label("Toimenpide rivillä 4").select_option("skip")
    page.get_by_role("button", name="Tallenna valinnat ja tuo").click()
    expect(page.get_by_text("Tuotu.")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("status").filter(has_text="Tuotu.")).to_contain_text(
        "2 uutta yritystä, 0 päivitetty, 1 riviä ohitettu")
    assert_accessible(page)

    page.get_by_role("link", name="Siirry yrityslistaan").click()
    page.get_by_label("Hae", exact=True).fill("Selaintestin")
    page.get_by_role("button", name="Hae", exact=True).click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(re.compile("Selaintestin (Höyläämö|Äänilaite) Oy"))
    assert "Selaintestin Virhe Oy" not in page.inner_text("main")
    page.get_by_role("link", name="Selaintestin Höyläämö Oy").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selaintestin Höyläämö Oy")
    expect(page.locator("main")).to_contain_text("1618033-3")
    assert_accessible(page)
