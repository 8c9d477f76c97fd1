"""A company's yearly figures: the table staff save (validation, replace, audit, town scope) and
what the company-list import does with "henkilöstö 2024"-style columns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Role
from app.models.figures import CompanyYear
from app.services import imports
from app.services.companies import figures
from app.services.companies.figures import YearInput
from app.services.imports._mapping import check_mapping, guess_mapping
from tests.services.test_imports import TODAY, commit, dry_run, rows_of


def _years(session, company):
    session.expire_all()
    return {r.year: (r.employees, r.turnover_eur) for r in session.scalars(
        select(CompanyYear).where(CompanyYear.company_id == company.id))}


def _events(session, company, action="company.figures"):
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == company.id, AuditEvent.action == action)))


def test_saving_replaces_the_table_and_audits_it(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    saved = figures.save_yearly_figures(session, staff, company.id, [
        YearInput(2023, 10, Decimal("900000")), YearInput(None),  # a blank row is dropped
        YearInput(2024, 14, Decimal("1200000"), Decimal("35"), Decimal("50000"))])
    assert [r.year for r in saved] == [2024, 2023]  # latest first
    assert _years(session, company) == {2023: (10, Decimal("900000.00")),
                                        2024: (14, Decimal("1200000.00"))}
    figures.save_yearly_figures(session, staff, company.id, [YearInput(2024, 15)])
    assert _years(session, company) == {2024: (15, None)}  # 2023 left out: removed
    events = _events(session, company)
    assert len(events) == 2
    assert events[1].before["years"][0]["year"] == 2023
    assert events[1].after["years"] == [{"year": 2024, "employees": 15, "turnover_eur": None,
                                         "export_share_pct": None, "rnd_eur": None}]
    figures.save_yearly_figures(session, staff, company.id, [YearInput(2024, 15)])
    assert len(_events(session, company)) == 2  # nothing changed: nothing audited


@pytest.mark.parametrize(("row", "field", "words"), [
    (YearInput(1949, 1), "years.0.year", "1950"),
    (YearInput(2999, 1), "years.0.year", "1950"),
    (YearInput(2024, -1), "years.0.employees", "0"),
    (YearInput(2024, 1, Decimal("-5")), "years.0.turnover_eur", "0"),
    (YearInput(2024, 1, None, Decimal("101")), "years.0.export_share_pct", "100"),
    (YearInput(2024, 1, None, None, Decimal("NaN")), "years.0.rnd_eur", "0"),
    (YearInput(None, 3), "years.0.year", ""),
])
def test_bad_rows_are_refused_and_nothing_is_written(session, make_user, make_company, row,
                                                     field, words):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    with pytest.raises(FieldError) as caught:
        figures.save_yearly_figures(session, staff, company.id, [row])
    assert [e.field for e in caught.value.errors] == [field]
    assert words in str(caught.value.errors[0].message)
    assert _years(session, company) == {} and _events(session, company) == []


def test_one_row_per_year(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    with pytest.raises(FieldError) as caught:
        figures.save_yearly_figures(session, staff, company.id,
                                    [YearInput(2024, 1), YearInput(2024, 2)])
    assert [e.field for e in caught.value.errors] == ["years.1.year"]
    assert _years(session, company) == {}


def test_another_town_is_404_and_a_viewer_403(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    theirs = make_company()
    with pytest.raises(NotFound):
        figures.save_yearly_figures(session, staff, theirs.id, [YearInput(2024, 1)])
    viewer = make_user(Role.VIEWER, city=theirs.city)
    with pytest.raises(Forbidden):
        figures.save_yearly_figures(session, viewer, theirs.id, [YearInput(2024, 1)])
    assert _years(session, theirs) == {}
    assert figures.yearly_figures(session, viewer, theirs) == []


# --- the import ---------------------------------------------------------------------------------

@pytest.fixture()
def importer(make_user, make_city):
    return make_user(Role.STAFF, city=make_city(code="140", name="Iisalmi"))


YEAR_HEADER = "Y-tunnus;Nimi;Henkilöstö 2024;Henkilöstö 2023;Liikevaihto 2024 (1000 €)"


def test_year_columns_are_guessed_and_checked():
    assert guess_mapping(["Nimi", "Henkilöstö 2024", "Liikevaihto 2023 (1000 €)", "Turnover 2022",
                          "Vuosi", "Henkilöstö"], []) == [
        "name", "employees@2024", "turnover_keur@2023", "turnover_eur@2022", "figures_year",
        "employees"]
    assert check_mapping(["name", "turnover_eur@2024", "turnover_keur@2024"]) is not None
    assert check_mapping(["name", "turnover_eur@2024", "turnover_keur@2023"]) is None
    assert check_mapping(["name", "employees@24"]) is not None


def test_import_records_yearly_figures_shows_them_in_the_dry_run_and_loses_nothing(
        session, importer, make_company):
    staff = importer
    known = make_company(city=staff.city, name="Kallion Konepaja Oy", business_id="2077474-0",
                         municipality_code="140")
    session.add_all([CompanyYear(company_id=known.id, year=2022, employees=8),
                     CompanyYear(company_id=known.id, year=2023, employees=9,
                                 turnover_eur=Decimal("700000"))])
    session.flush()
    data = ("\r\n".join([YEAR_HEADER, "2077474-0;Kallion Konepaja Oy;12;9;1 100",
                         "1927400-1;Uusi Yritys Oy;5;;"]) + "\r\n").encode("cp1252")
    imp = dry_run(session, staff, data)
    assert imp.mapping == ["business_id", "name", "employees@2024", "employees@2023",
                           "turnover_keur@2024"]
    rows = rows_of(session, imp)
    assert [(c["field"], c["old"], c["new"]) for c in rows[2].changes] == [
        ("employees@2024", None, 12), ("turnover_eur@2024", None, "1100000")]
    assert _years(session, known)[2023] == (9, Decimal("700000.00"))  # a dry run writes nothing
    done = commit(session, staff, imp)
    assert done.summary["figures"] == 2 and done.summary["updated"] == 1
    assert _years(session, known) == {2022: (8, None), 2023: (9, Decimal("700000.00")),
                                      2024: (12, Decimal("1100000.00"))}
    new = session.scalars(select(CompanyYear).where(CompanyYear.employees == 5)).one()
    assert new.year == 2024 and new.company.name == "Uusi Yritys Oy"
    event = _events(session, known)[0]
    assert [y["year"] for y in event.before["years"]] == [2022, 2023]
    assert [y["year"] for y in event.after["years"]] == [2022, 2023, 2024]


def test_a_year_column_records_the_rows_staff_and_turnover(session, importer):
    staff = importer
    data = ("\r\n".join(["Nimi;Vuosi;Henkilöstö;Liikevaihto", "Vuosiyhtiö Oy;2023;7;450 000",
                         "Tulevaisuus Oy;2031;7;1"]) + "\r\n").encode("cp1252")
    imp = dry_run(session, staff, data)
    assert imp.mapping == ["name", "figures_year", "employees", "turnover_eur"]
    rows = rows_of(session, imp)
    assert rows[3].outcome.value == "error" and rows[3].column_name == "Vuosi"
    imports.decide_all(session, staff, imp.id, "error", "skip")
    commit(session, staff, imp)
    row = session.scalars(select(CompanyYear)).one()
    assert (row.year, row.employees, row.turnover_eur) == (2023, 7, Decimal("450000.00"))
    assert row.company.employees == 7  # the company's own fields are set as before
    assert TODAY.year == 2026
