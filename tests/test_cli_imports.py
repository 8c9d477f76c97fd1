"""``flask import-register`` against a local server answering like PRH/YTJ v3 (records built on
the real one quoted in tests/fixtures/prh-ytj/NOTES.md, as the connector tests do)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Company
from tests.unit.connectors.test_prh_ytj import POST_CODES, company, envelope


@pytest.fixture()
def register(app, httpserver, monkeypatch):
    monkeypatch.setitem(app.config, "PRH_BASE_URL", httpserver.url_for("/v3"))
    monkeypatch.setitem(app.config, "PRH_TIMEOUT", 2)
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES)
    return httpserver


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["import-register", "--pause", "0", *args])


def test_town_companies_come_in_as_prospects_without_duplicates(app, session, make_city,
                                                                make_company, register):
    espoo = make_city(code="049", name="Espoo")
    make_company(city=espoo, name="Jo Täällä Oy", business_id="0112038-9", website=None)
    register.expect_request("/v3/companies", query_string={"postCode": "02150", "page": "1"}) \
        .respond_with_json(envelope(
            company("0112038-9", "Nokia Oyj", post_code="02150"),
            company("1927400-1", "Kone Oyj", post_code="02150"),
            company("0201256-6", "Helsingissä Oy", municipality="091", post_code="02150")))
    ceased = company("2077474-0", "Lakannut Oy")
    ceased["endDate"] = "2026-01-31"
    register.expect_request("/v3/companies", query_string={"postCode": "02610", "page": "1"}) \
        .respond_with_json(envelope(ceased, company("2331972-7", "Uusi Ab")))

    result = run(app, "--municipality", "49")
    assert result.exit_code == 0, result.output
    assert "created as prospects: 2" in result.output
    assert "already there:        1 (blanks filled in 1)" in result.output
    assert "ceased: 1" in result.output
    names = {c.name: c for c in session.scalars(select(Company).where(Company.city_id == espoo.id))}
    assert set(names) == {"Jo Täällä Oy", "Kone Oyj", "Uusi Ab"}
    assert names["Kone Oyj"].is_prospect and names["Kone Oyj"].municipality_code == "049"
    assert not names["Jo Täällä Oy"].is_prospect
    assert names["Jo Täällä Oy"].website == "https://www.nokia.com"  # a blank filled in
    assert session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "company.register_import")) == 1

    again = run(app, "--municipality", "049")  # a second run duplicates nothing
    assert again.exit_code == 0 and "created as prospects: 0" in again.output
    assert session.scalar(select(func.count(Company.id))) == 3


def test_industry_filter_and_limit(app, session, make_city, register):
    make_city(code="049", name="Espoo")
    register.expect_request("/v3/companies", query_string={
        "postCode": "02150", "page": "1", "mainBusinessLine": "62"}).respond_with_json(envelope(
            company("1927400-1", "Koodi Oy", post_code="02150", industry="62100"),
            company("0201256-6", "Toinen Koodi Oy", post_code="02150", industry="62200")))
    result = run(app, "--municipality", "049", "--tol", "62", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert [c.name for c in session.scalars(select(Company))] == ["Koodi Oy"]


def test_register_error_gives_a_summary_and_a_non_zero_exit(app, session, make_city, register):
    make_city(code="049", name="Espoo")
    register.expect_request("/v3/companies", query_string={"postCode": "02150", "page": "1"}) \
        .respond_with_json(envelope(company("1927400-1", "Ehti Oy", post_code="02150")))
    register.expect_request("/v3/companies", query_string={"postCode": "02610", "page": "1"}) \
        .respond_with_data("Service Unavailable", status=503)
    result = run(app, "--municipality", "049", "--retries", "1")
    assert result.exit_code == 1
    assert "created as prospects: 1" in result.output
    assert "stopped" in result.output and "503" in result.output
    assert [c.name for c in session.scalars(select(Company))] == ["Ehti Oy"]  # what landed


def test_unknown_town_and_bad_options_fail_clearly(app, session, make_city, register):
    result = run(app, "--municipality", "999")
    assert result.exit_code != 0 and "no town with municipality code 999" in result.output
    make_city(code="049", name="Espoo")
    result = run(app, "--municipality", "049", "--tol", "x1")
    assert result.exit_code == 2 and "industry code" in result.output
    assert session.scalar(select(func.count(Company.id))) == 0
    assert len(register.log) == 0
