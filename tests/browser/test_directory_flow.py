"""A town's own website embeds the widget: a plain static page served from another port shows
the town's services (styles isolated both ways, no cookies sent), the iframe variant loads in a
frame, and axe finds nothing serious on the public pages, the widget and the iframe."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

TOWN_PAGE = """<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><title>Iisalmen kaupunki – Yrityspalvelut</title>
<style>
  h2 {{ color: rgb(255, 0, 0); font-size: 60px; }}
  .item {{ border: 0; }}
  ul {{ display: none; }}
</style></head>
<body>
<main>
  <h1>Yrityspalvelut</h1>
  <p class="item" id="host-item">Kaupungin oma kappale.</p>
  <section aria-label="Palvelut">
    <script src="{base}/embed/services.js" data-city="140" data-lang="fi"></script>
  </section>
  <section aria-label="Tuntematon">
    <script src="{base}/embed/services.js" data-city="999" data-lang="sv"></script>
  </section>
  <iframe src="{base}/embed/services?city=678&amp;lang=en" title="Raahe R&amp;D&amp;I services"
          width="600" height="400"></iframe>
</main>
</body>
</html>
"""


@pytest.fixture()
def town_site(tmp_path: Path, live_server: str) -> Iterator[str]:
    """The town's website: a static page on a port of its own (another origin than Veturi)."""
    (tmp_path / "index.html").write_text(TOWN_PAGE.format(base=live_server), encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()
    thread.join(timeout=5)


def test_town_website_shows_its_services_through_the_one_line_widget(page: Page, town_site: str,
                                                                     live_server: str):
    sent: list[dict[str, str]] = []
    page.on("request", lambda r: sent.append(r.all_headers()) if "/api/public/" in r.url
            else None)
    # a Veturi cookie in the browser (say, the town's own staff): the widget must not send it
    page.context.add_cookies([{"name": "session", "value": "signed-in-staff",
                               "url": live_server}])
    page.goto(town_site)
    widget = page.locator(".veturi-services").first
    expect(widget.get_by_role("heading", name="TKI-palvelut: Iisalmi")).to_be_visible()
    expect(widget.get_by_role("heading", name="Rahoitusneuvonta kehittyville yrityksille")
           ).to_be_visible()
    expect(widget.get_by_role("heading", name="Elintarvikkeiden tuotekehityskeittiö")
           ).to_be_visible()
    expect(widget.get_by_role("link", name="Verkkosivu: Rahoitusneuvonta kehittyville "
                                           "yrityksille")).to_have_attribute(
        "href", "https://www.iisalmi.example/tki/funding_advice")
    # the page's styles stop at the shadow root, and the widget's never reach the page
    heading = widget.get_by_role("heading", name="TKI-palvelut: Iisalmi")
    assert heading.evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    assert widget.locator("ul").first.is_visible()
    assert page.locator("#host-item").evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    # an unknown town: an empty, polite widget in the language asked
    unknown = page.locator(".veturi-services").nth(1)
    expect(unknown).to_contain_text("Här finns ännu inga FUI-tjänster.")
    # the iframe variant loads inside the page (framing is allowed for it)
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", name="Steel industry testing environment")
           ).to_be_visible()
    assert sent and all("cookie" not in headers for headers in sent)
    assert_accessible(page)  # the widget's shadow root and the iframe with the page


def test_public_directory_searches_and_switches_language(page: Page, live_server: str):
    page.goto(f"{live_server}/services")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seutukaupunkien TKI-palvelut")
    assert_accessible(page)
    page.get_by_label("Kaupunki").select_option("678")
    page.get_by_label("Luokka").select_option("testing_piloting")
    page.get_by_role("button", name="Hae").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("TKI-palvelut: Raahe")
    expect(page.get_by_role("heading", name="Terästeollisuuden testausympäristö")).to_be_visible()
    expect(page.get_by_role("heading", name="TKI-yhteyshenkilöt")).to_be_visible()
    page.get_by_role("link", name="På svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("FUI-tjänster: Brahestad")
    assert_accessible(page)
    page.goto(f"{live_server}/services/people?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("The towns' R&D&I contact people")
    assert_accessible(page)
    page.goto(f"{live_server}/embed/services?city=140")
    expect(page.get_by_role("heading", name="TKI-palvelut: Iisalmi")).to_be_visible()
    assert_accessible(page)


def test_city_admin_adds_a_service_by_keyboard_friendly_form(page: Page, live_server: str):
    sign_in(page, live_server, "paakayttaja@iisalmi.example", stay_on_start=True)
    page.get_by_role("link", name="TKI-palvelut").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("TKI-palvelut")
    assert_accessible(page)
    page.get_by_role("link", name="Lisää palvelu").click()
    page.get_by_label("Luokka").select_option("training")
    page.get_by_label("Palveluntarjoaja").fill("Iisalmen kaupunki")
    page.get_by_label("Nimi suomeksi").fill("Vientivalmennus pk-yrityksille")
    page.get_by_label("Verkkosivu", exact=True).fill("javascript:alert(1)")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_contain_text("Anna verkko-osoite")
    assert_accessible(page)  # the error summary and the marked field
    page.get_by_label("Verkkosivu", exact=True).fill("https://www.iisalmi.example/vienti")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status").first).to_contain_text("Palvelu on lisätty.")
    page.goto(f"{live_server}/services?town=140")
    expect(page.get_by_role("heading", name="Vientivalmennus pk-yrityksille")).to_be_visible()
    page.goto(f"{live_server}/directory/people")
    expect(page.get_by_role("heading", level=1)).to_have_text("TKI-vastuuhenkilöt")
    assert_accessible(page)
