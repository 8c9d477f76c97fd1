"""The main pages at a laptop's and a phone's width, in Finnish, Swedish and English: each saved as
a PNG for a reviewer to look at (never compared pixel by pixel) and checked by axe.

Images go to ``$VETURI_SCREENSHOTS`` if set, else to pytest's tmp dir, named
``PAGE-LANG-WIDTH.png``. ``VETURI_SCREENSHOTS_VIEWPORT=1`` saves only the visible viewport
(small images for the README, see ``tools/screenshots.py``); by default the whole page.
One browser context per language. No page may be wider than the window (a sideways-scrolling page);
these findings and axe's are reported together so one bad page does not hide the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser

USER = "henkilosto@iisalmi.example"
WIDTHS = {1366: 900, 360: 780}  # width -> viewport height
LANGUAGES = ("fi", "sv", "en")


def _first_link(page: Page, base: str, path: str) -> str:
    """The address of the first row's link on a list page (a company, a call)."""
    page.goto(f"{base}{path}")
    href = page.locator("table tbody tr").first.get_by_role("link").first.get_attribute("href")
    assert href, f"no row link on {path}"
    return href if href.startswith("http") else f"{base}{href}"


def _pages(page: Page, base: str) -> list[tuple[str, str]]:
    """(name, address) of the main pages, in the order a visitor meets them."""
    return [
        ("start", f"{base}/start"),
        ("companies", f"{base}/"),
        ("company", _first_link(page, base, "/")),
        ("tasks", f"{base}/tasks"),
        ("calls", f"{base}/calls"),
        ("call", _first_link(page, base, "/calls")),
        ("pipeline", f"{base}/pipeline"),
        ("benefits", f"{base}/benefits"),
        ("network", f"{base}/network"),
        ("services", f"{base}/services"),
    ]


def _switch_language(page: Page, lang: str) -> None:
    """Through the header's language form, as a user would."""
    form = page.locator("header form[action$='/language']")
    form.locator("select").select_option(lang)
    form.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.fixture()
def shots_dir(tmp_path: Path) -> Path:
    target = Path(os.environ.get("VETURI_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def _check(check: Callable[[Page], None], page: Page) -> str | None:
    try:
        check(page)
    except AssertionError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_at_two_widths_are_saved_and_accessible(
    page: Page, live_server: str, shots_dir: Path, lang: str
):
    full_page = os.environ.get("VETURI_SCREENSHOTS_VIEWPORT") != "1"
    sign_in(page, live_server, USER, stay_on_start=True)
    _switch_language(page, lang)
    pages = _pages(page, live_server)
    problems: list[str] = []
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages:
            response = page.goto(url)
            assert response is not None and response.ok, f"{name} {url}: {response and response.status}"
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            shot = shots_dir / f"{name}-{lang}-{width}.png"
            page.screenshot(path=str(shot), full_page=full_page, animations="disabled")
            assert shot.stat().st_size > 0
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:  # a page never scrolls sideways; wide tables scroll in their box
                problems.append(f"{name} at {width} px: the page is {wide} px wide")
            if (problem := _check(assert_accessible, page)) is not None:
                problems.append(f"{name} at {width} px: {problem}")
    assert problems == [], "\n".join(problems)
