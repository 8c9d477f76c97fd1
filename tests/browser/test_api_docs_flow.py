"""The API reference page runs the vendored Swagger UI under the app's own CSP: the operations
of the generated OpenAPI document appear, nothing is fetched from another site, nothing is
refused by the policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import sign_in

pytestmark = pytest.mark.browser


def test_the_api_reference_lists_the_operations_with_nothing_from_outside(page: Page,
                                                                        live_server: str):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(live_server) and not r.url.startswith("data:") else None)

    sign_in(page, live_server, "henkilosto@iisalmi.example", stay_on_start=True)
    page.get_by_role("link", name="API-kuvaus").click()
    expect(page.locator("main > h1")).to_have_text("API-kuvaus")  # the user's language
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/companies/{company_id}", exact=True).first).to_be_visible()
    assert page.locator(".opblock").count() > 10

    page.locator(".opblock-summary-control").first.press("Enter")  # the reference opens by keyboard
    expect(page.locator(".opblock.is-open").first).to_be_visible()
    assert outside == []
    assert [p for p in problems if "Content Security Policy" in p] == []
