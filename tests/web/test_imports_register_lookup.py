""""Fill from the trade register" on the company form, against a local server that answers with
the real PRH/YTJ v3 record of tests/fixtures/prh-ytj/NOTES.md (rebuilt as the connector tests do),
and when the register fails: a 500, a timeout, garbage."""

from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import func, select
from werkzeug import Response

from app.models import Company, Role
from tests.unit.connectors.test_prh_ytj import envelope, nokia


def value_of(html: str, name: str) -> str | None:
    tag = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    if tag.group(0).startswith("<textarea"):
        return re.search(rf'name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S).group(1)
    if tag.group(0).startswith("<select"):
        block = re.search(rf'name="{name}".*?</select>', html, re.S).group(0)
        chosen = re.search(r'<option selected value="([^"]*)"', block)
        return chosen.group(1) if chosen else None
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


@pytest.fixture()
def register(app, httpserver, monkeypatch):
    monkeypatch.setitem(app.config, "PRH_BASE_URL", httpserver.url_for("/v3"))
    monkeypatch.setitem(app.config, "PRH_TIMEOUT", 0.5)
    return httpserver


@pytest.fixture()
def staff(make_user):
    return make_user(Role.STAFF)


def lookup(client, url: str, **fields):
    data = {"name": "", "business_id": "0112038-9", "industry_code_set": "TOL2025",
            "size_class": "", "register_lookup": "1", **fields}
    return client.submit(url, data, page=url)


def test_fill_from_the_register_on_a_new_company(login, staff, session, register):
    register.expect_request("/v3/companies", query_string={"businessId": "0112038-9"}) \
        .respond_with_json(envelope(nokia()))
    client = login(staff)
    resp = lookup(client, "/companies/new", description="Oma muistiinpano")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert value_of(html, "name") == "Nokia Oyj"
    assert value_of(html, "auxiliary_names") == "Nokia Networks\nNokia Corporation"
    assert value_of(html, "industry_code") == "70100"
    assert value_of(html, "industry_code_set") == "TOL2025"
    assert value_of(html, "industry_text") == "Pääkonttorien toiminta"
    assert value_of(html, "municipality_code") == "049"  # the office's, not the PO box's 091
    assert value_of(html, "website") == "https://www.nokia.com"
    assert value_of(html, "description") == "Oma muistiinpano"  # what the user typed stays
    assert "Täytetty kaupparekisteristä: Nokia Oyj (0112038-9)" in html
    assert "Julkinen osakeyhtiö" in html and "Karakaari 7" in html and "CC BY 4.0" in html
    assert 'role="alert"' not in html  # no warnings for a live company
    assert session.scalar(select(func.count(Company.id))) == 0  # nothing saved yet

    # the filled form saves as usual
    form = {k: value_of(html, k) or "" for k in ("name", "business_id", "auxiliary_names",
            "industry_code", "industry_code_set", "industry_text", "municipality_code",
            "website", "description")}
    resp = client.submit("/companies/new", {**form, "size_class": ""})
    assert resp.status_code == 302
    company = session.scalars(select(Company)).one()
    assert company.name == "Nokia Oyj" and company.auxiliary_names == ["Nokia Networks",
                                                                        "Nokia Corporation"]


def test_register_warnings_are_shown_prominently(login, staff, register):
    record = nokia()
    record["companySituations"] = [{"type": "KONK", "registrationDate": "2026-03-02",
                                    "source": "1"}]
    record["endDate"] = "2026-09-30"
    register.expect_request("/v3/companies").respond_with_json(envelope(record))
    html = lookup(login(staff), "/companies/new").get_data(as_text=True)
    alert = re.search(r'<div class="alert alert--error register-warnings" role="alert">(.*?)</div>',
                      html, re.S).group(1)
    assert "Konkurssissa" in alert and "2.3.2026" in alert
    assert "Lakannut" in alert and "30.9.2026" in alert


def test_on_the_edit_form_the_other_fields_are_kept(login, staff, make_company, session, register):
    company = make_company(city=staff.city, name="Vanha nimi", business_id="0112038-9",
                           description="Tärkeä asiakas", employees=42)
    register.expect_request("/v3/companies").respond_with_json(envelope(nokia()))
    url = f"/companies/{company.id}/edit"
    html = lookup(login(staff), url, name="Vanha nimi", description="Tärkeä asiakas",
                  employees="42").get_data(as_text=True)
    assert value_of(html, "name") == "Nokia Oyj" and value_of(html, "employees") == "42"
    assert value_of(html, "description") == "Tärkeä asiakas"
    session.expire_all()
    assert session.get(Company, company.id).name == "Vanha nimi"  # not saved by the look-up


@pytest.mark.parametrize("fault", ["500", "garbage", "html", "timeout"])
def test_register_failure_says_so_and_keeps_what_was_typed(login, staff, session, register,
                                                          fault):
    request = register.expect_request("/v3/companies")
    released = threading.Event()
    if fault == "500":
        request.respond_with_data("Internal Server Error", status=500)
    elif fault == "garbage":
        request.respond_with_data('{"totalResults": 1, "companies": [', content_type="application/json")
    elif fault == "html":
        request.respond_with_data("<html><body>Huoltokatko</body></html>", content_type="text/html")
    else:
        def slow(_request):
            released.wait(timeout=10)  # longer than the 0.5 s timeout, until the test is done
            return Response("{}", content_type="application/json")
        request.respond_with_handler(slow)
    resp = lookup(login(staff), "/companies/new", name="Oma Yritys Oy", description="Muistiinpano",
                  keywords="puu, metalli")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert re.search(r'role="alert">\s*<p><strong>Kaupparekister(iin ei saatu yhteyttä|i vastasi)', html)
    assert "Kirjoittamasi tiedot ovat yhä lomakkeella." in html
    assert value_of(html, "name") == "Oma Yritys Oy"
    assert value_of(html, "description") == "Muistiinpano"
    assert value_of(html, "keywords") == "puu, metalli"
    assert value_of(html, "business_id") == "0112038-9"
    assert session.scalar(select(func.count(Company.id))) == 0
    released.set()
    expected = 2 if fault in ("500", "timeout") else 1  # one retry of what may pass; not garbage
    deadline = time.monotonic() + 5
    while len(register.log) < expected and time.monotonic() < deadline:  # answered late
        time.sleep(0.05)
    assert len(register.log) == expected


def test_unknown_company_and_bad_business_id_are_field_errors(login, staff, register):
    register.expect_request("/v3/companies").respond_with_json({"totalResults": 0, "companies": []})
    client = login(staff)
    html = lookup(client, "/companies/new", business_id="1927400-1").get_data(as_text=True)
    assert 'id="business_id-error">Kaupparekisterissä ei ole yritystä Y-tunnuksella 1927400-1.' in html
    resp = lookup(client, "/companies/new", business_id="0112038-8")
    assert resp.status_code == 422
    assert "0112038-8 ei ole kelvollinen Y-tunnus" in resp.get_data(as_text=True)
    resp = lookup(client, "/companies/new", business_id="")
    assert resp.status_code == 422 and "Anna haettava Y-tunnus." in resp.get_data(as_text=True)
    asked = [req.args.get("businessId") for req, _resp in register.log]
    assert asked == ["1927400-1"]  # a bad or empty ID costs no request


def test_lookup_needs_the_csrf_token_and_a_role_that_edits(login, staff, make_user, register):
    client = login(staff)
    resp = client.post("/companies/new", data={"business_id": "0112038-9", "register_lookup": "1"})
    assert resp.status_code == 400
    assert len(register.log) == 0
    client.submit("/logout", page="/")
    viewer = login(make_user(Role.VIEWER))
    assert lookup(viewer, "/companies/new").status_code == 403
    assert len(register.log) == 0


def test_the_form_offers_the_lookup_and_enter_still_saves(login, staff):
    html = login(staff).get("/companies/new").get_data(as_text=True)
    first_submit = re.search(r'<button type="submit"[^>]*>', html[html.find("<form method=\"post\" novalidate"):])
    assert "register_lookup" not in first_submit.group(0) and "hidden" in first_submit.group(0)
    assert 'name="register_lookup"' in html and "Täytä kaupparekisteristä" in html
