"""A town administrator edits a company and reads the change in the audit log, in Finnish and in
Swedish: events in words, the company by name, a table of the changed field; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_edit_reads_in_the_audit_log_in_finnish_and_swedish(page: Page, live_server: str):
    sign_in(page, live_server, "paakayttaja@iisalmi.example")
    first = page.locator("table tbody tr").first.get_by_role("link")
    name = first.inner_text()
    first.click()
    page.get_by_role("link", name="Muokkaa", exact=True).first.click()
    employees = page.get_by_label("Henkilöstö")
    employees.fill("4321")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)

    page.goto(f"{live_server}/audit")
    row = page.locator("table.audit > tbody > tr").first
    expect(row).to_contain_text("Yritystä muokattu")
    expect(row.get_by_role("link", name=name)).to_be_visible()
    row.locator("summary").click()
    expect(row.locator("table")).to_contain_text("Henkilöstö")
    expect(row.locator("table")).to_contain_text("4 321")
    assert "{" not in row.inner_text()
    assert_accessible(page)

    page.get_by_label("Kieli").select_option("sv")
    page.get_by_role("button", name="Vaihda").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Granskningslogg")
    row = page.locator("table.audit > tbody > tr").first
    expect(row).to_contain_text("Företag redigerat")
    expect(page.locator("option[value=fi]")).to_have_attribute("lang", "fi")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Företag$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Företag i Idensalmi")
    assert_accessible(page)
    page.get_by_label("Språk").select_option("fi")
    page.get_by_role("button", name="Byt").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
