"""Importing the lists staff keep: mapping guesses, the dry run's outcome of every row, duplicates
by business ID and by a similar name in the same municipality, the decisions, and the one commit
that writes every row or none."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.errors import Conflict, FieldError, Forbidden, NotFound
from app.models import AuditEvent, Company, Interaction, Role
from app.models.imports import CompanyImport, CompanyImportRow, ImportStatus, RowOutcome
from app.services import audit, imports
from app.services.imports import _write as imports_write
from app.services.imports._mapping import check_mapping, guess_mapping

TODAY = date(2026, 11, 28)
HEADER = ("Y-tunnus;Nimi;Toimiala;Kunta;Henkilöstö;Liikevaihto;Verkkosivut;Kuvaus;Avainsanat;"
          "Veturiyritys;Kasvuhakuinen")


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "cp1252") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def rows_of(session, imp) -> dict[int, CompanyImportRow]:
    stmt = select(CompanyImportRow).where(CompanyImportRow.import_id == imp.id)
    return {row.row_number: row for row in session.scalars(stmt)}


def dry_run(session, user, data: bytes, filename: str = "lista.csv", **options):
    imp = imports.upload_list(session, user, data, filename, city_id=options.pop("city_id", None))
    imports.save_mapping(session, user, imp.id, options.pop("mapping", imp.mapping), **options)
    imports.run_dry_run(session, imp.id, today=TODAY)
    session.refresh(imp)
    return imp


def commit(session, user, imp):
    imports.start_commit(session, user, imp.id)
    return imports.run_commit(session, imp.id, today=TODAY)


@pytest.fixture()
def town(make_city):
    return make_city(code="140", name="Iisalmi")


@pytest.fixture()
def staff(make_user, town):
    return make_user(Role.STAFF, city=town)


# --- mapping -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "field"), [
    ("Y-tunnus", "business_id"), ("Business ID", "business_id"), ("Nimi", "name"),
    ("Yrityksen nimi", "name"), ("Company name", "name"), ("Toimialakoodi", "industry_code"),
    ("Kunta", "municipality"), ("Kuntanumero", "municipality"), ("Henkilöstö", "employees"),
    ("Employees", "employees"), ("Liikevaihto", "turnover_eur"),
    ("Liikevaihto (1000 €)", "turnover_keur"), ("Turnover", "turnover_eur"),
    ("Verkkosivut", "website"), ("Website", "website"), ("Kuvaus", "description"),
    ("Avainsanat", "keywords"), ("Keywords", "keywords"), ("Veturiyritys", "is_anchor"),
    ("Kasvuhakuinen", "is_growth_seeking"), ("Aputoiminimet", "auxiliary_names"),
    ("Viimeisin yhteydenotto", "last_contact_on"), ("Yhteyshenkilö", ""),
    ("Vastuuhenkilö", ""), ("Sähköposti", ""), ("Jotain muuta", ""),
])
def test_mapping_is_guessed_from_finnish_and_english_headers(header, field):
    assert guess_mapping([header], [["x"]]) == [field]


def test_an_industry_column_is_a_code_or_a_text_by_its_values():
    assert guess_mapping(["Toimiala"], [["25620 Metallituotteiden työstö"], ["62010"]]) == [
        "industry_code"]
    assert guess_mapping(["Toimiala"], [["Metallituotteiden työstö"], ["Ohjelmistot"]]) == [
        "industry_text"]


def test_each_field_is_guessed_once_and_the_name_is_required():
    assert guess_mapping(["Nimi", "Toiminimi", "Liikevaihto", "Liikevaihto (teur)"], []) == [
        "name", "", "turnover_eur", ""]
    assert check_mapping(["business_id", ""]) is not None
    assert check_mapping(["name", "name"]) is not None
    assert check_mapping(["name", "turnover_eur", "turnover_keur"]) is not None
    assert check_mapping(["name", "website"]) is None


# --- dry run -----------------------------------------------------------------------------------


def test_dry_run_shows_every_rows_outcome_and_writes_no_company(session, staff, make_company):
    same_id = make_company(city=staff.city, name="Kallion Konepaja Oy", business_id="2077474-0",
                           municipality_code="140", employees=12)
    unchanged = make_company(city=staff.city, name="Savon Sähkö Oy", business_id="0112038-9",
                             municipality_code="140")
    similar = make_company(city=staff.city, name="Mäki-Kuljetus Oy", business_id=None,
                           municipality_code="140")
    data = csv_bytes(
        "2077474-0;Kallion Konepaja Oy;;140;15;;;;;;",  # same ID, more staff: update
        "0112038-9;Savon Sähkö Oy;;;;;;;;;",  # same ID, nothing new: unchanged
        ";Maki Kuljetus;;Iisalmi;;;;;;;",  # similar name in the same municipality
        "1927400-1;Uusi Yritys Oy;25620;140;5;1 234,50;uusi.example;Kuvaus;puu, metalli;kyllä;ei",
        "2077474-1;Virhe Oy;;;;;;;;;",  # bad check digit
    )
    before = (count(session, Company), count(session, AuditEvent))
    imp = dry_run(session, staff, data)

    assert imp.status is ImportStatus.PLANNED and imp.progress_done == imp.progress_total == 5
    rows = rows_of(session, imp)
    assert rows[2].outcome is RowOutcome.UPDATE and rows[2].existing_id == same_id.id
    assert rows[2].changed_fields == ["employees"]
    assert rows[3].outcome is RowOutcome.UNCHANGED and rows[3].existing_id == unchanged.id
    assert rows[4].outcome is RowOutcome.MATCH and rows[4].existing_id == similar.id
    assert rows[4].score == 100.0
    assert rows[5].outcome is RowOutcome.CREATE and rows[5].existing_id is None
    assert rows[6].outcome is RowOutcome.ERROR and rows[6].column_name == "Y-tunnus"
    assert "2077474-1" in rows[6].message and "Y-tunnus" in rows[6].message
    assert (count(session, Company), count(session, AuditEvent)) == before
    summary = imports.summarize(session, imp)
    assert (summary.create, summary.update, summary.skip, summary.undecided_errors) == (1, 1, 2, 1)


def test_similar_names_match_only_in_the_same_municipality(session, staff, make_company):
    make_company(city=staff.city, name="Savon Sähkötyö Oy", business_id=None,
                 municipality_code="140")
    imp = dry_run(session, staff, csv_bytes(
        ";Savon Sahkotyot;;140;;;;;;;",  # a typo and a missing ä: same municipality -> match
        ";Savon Sähkötyö Oy;;297;;;;;;;",  # another municipality -> a new company
        ";Pohjolan Puu Oy;;140;;;;;;;",  # nothing alike
    ))
    rows = rows_of(session, imp)
    assert rows[2].outcome is RowOutcome.MATCH and 88 <= rows[2].score < 100
    assert rows[3].outcome is RowOutcome.CREATE
    assert rows[4].outcome is RowOutcome.CREATE


def test_a_similar_name_with_another_business_id_is_another_company(session, staff, make_company):
    make_company(city=staff.city, name="Kallion Konepaja Oy", business_id="2077474-0",
                 municipality_code="140")
    imp = dry_run(session, staff, csv_bytes("1927400-1;Kallion Konepaja Oy;;140;;;;;;;"))
    assert rows_of(session, imp)[2].outcome is RowOutcome.CREATE


def test_business_id_of_another_towns_company_is_an_error_not_an_update(
        session, staff, make_company, make_city):
    other = make_company(city=make_city(), name="Muualla Oy", business_id="2077474-0")
    imp = dry_run(session, staff, csv_bytes("2077474-0;Muualla Oy;;;;;;;;;"))
    row = rows_of(session, imp)[2]
    assert row.outcome is RowOutcome.ERROR and row.existing_id is None
    assert "Muualla" not in (row.message or "") and str(other.id) not in (row.message or "")


def test_the_same_business_id_twice_in_the_file(session, staff):
    imp = dry_run(session, staff, csv_bytes("2077474-0;Eka Oy;;;;;;;;;", "20774740;Toka Oy;;;;;;;;;"))
    rows = rows_of(session, imp)
    assert rows[2].outcome is RowOutcome.CREATE
    assert rows[3].outcome is RowOutcome.ERROR and "2" in rows[3].message


@pytest.mark.parametrize(("line", "column", "words"), [
    ("2077474-0;;;140;;;;;;;", "Nimi", None),  # no name at all
    ("2077474-0;A Oy;;Kuopio;;;;;;;", "Kunta", "Kuopio"),
    ("2077474-0;A Oy;;;10-49;;;;;;", "Henkilöstö", None),
    ("2077474-0;A Oy;;;;paljon;;;;;", "Liikevaihto", None),
    ("2077474-0;A Oy;;;;-5;;;;;", "Liikevaihto", None),
    ("2077474-0;A Oy;12345678;;;;;;;;", "Toimiala", None),
    ("2077474-0;A Oy;;;;;;;;ehkä;", "Veturiyritys", None),
])
def test_row_errors_name_their_column(session, staff, line, column, words):
    imp = dry_run(session, staff, csv_bytes(line, "1927400-1;Hyvä Oy;;;;;;;;;"))
    row = rows_of(session, imp)[2]
    assert row.outcome is RowOutcome.ERROR, row.message
    assert row.column_name == column
    if words:
        assert words in row.message


def test_finnish_numbers_names_of_towns_and_yes_no_words_are_read(session, staff):
    imp = dry_run(session, staff, csv_bytes(
        "1927400-1;Luku Oy;25.620 Metallituotteiden työstö;Iisalmi;1 200;1 234 567,50;"
        "luku.example;Kuvaus;puu, metalli;kyllä;X"), as_prospects=True)
    commit(session, staff, imp)
    company = session.scalars(select(Company).where(Company.business_id == "1927400-1")).one()
    assert (company.industry_code, company.industry_text) == ("25620", "Metallituotteiden työstö")
    assert company.municipality_code == "140" and company.employees == 1200
    assert company.turnover_eur == Decimal("1234567.50")
    assert company.website == "https://luku.example" and company.keywords == ["puu", "metalli"]
    assert company.is_anchor and company.is_growth_seeking and company.is_prospect
    assert company.industry_code_set.value == "TOL2025"


def test_turnover_in_thousands_and_the_files_code_set(session, staff):
    data = csv_bytes("1927400-1;Tuhat Oy;25620;49;2,5", header="Y-tunnus;Nimi;TOL;Kunta;"
                     "Liikevaihto (1000 €)")
    imp = dry_run(session, staff, data, code_set="TOL2008")
    commit(session, staff, imp)
    company = session.scalars(select(Company).where(Company.business_id == "1927400-1")).one()
    assert company.turnover_eur == Decimal("2500.00") and company.municipality_code == "049"
    assert company.industry_code_set.value == "TOL2008"


def test_the_files_code_set_does_not_refile_an_unchanged_code(session, staff, make_company):
    from app.models import IndustryCodeSet

    same = make_company(city=staff.city, name="Sama Koodi Oy", business_id="2077474-0",
                        industry_code="25620", industry_code_set=IndustryCodeSet.TOL2008)
    other = make_company(city=staff.city, name="Uusi Koodi Oy", business_id="1927400-1",
                         industry_code="25620", industry_code_set=IndustryCodeSet.TOL2008)
    data = csv_bytes("2077474-0;Sama Koodi Oy;25620", "1927400-1;Uusi Koodi Oy;62010",
                     header="Y-tunnus;Nimi;Toimialakoodi")
    imp = dry_run(session, staff, data, code_set="TOL2025")
    rows = rows_of(session, imp)
    assert rows[2].outcome is RowOutcome.UNCHANGED
    assert rows[3].changed_fields == ["industry_code", "industry_code_set"]
    commit(session, staff, imp)
    session.expire_all()
    assert session.get(Company, same.id).industry_code_set is IndustryCodeSet.TOL2008
    assert session.get(Company, other.id).industry_code_set is IndustryCodeSet.TOL2025


def test_business_id_that_lost_its_leading_zero_is_read(session, staff):
    imp = dry_run(session, staff, csv_bytes("1120389;Nolla Oy;;;;;;;;;"))
    row = rows_of(session, imp)[2]
    assert row.outcome is RowOutcome.CREATE and row.business_id == "0112038-9"


# --- decisions and the commit --------------------------------------------------------------


def test_an_error_row_blocks_the_commit_until_skipped(session, staff):
    imp = dry_run(session, staff, csv_bytes("1927400-1;Hyvä Oy;;;;;;;;;", "2077474-1;Virhe Oy;;;;;;;;;"))
    with pytest.raises(Conflict):
        imports.start_commit(session, staff, imp.id)
    assert count(session, Company) == 0 and imp.status is ImportStatus.PLANNED
    error = rows_of(session, imp)[3]
    imports.save_decisions(session, staff, imp.id, {error.id: "skip"})
    done = commit(session, staff, imp)
    assert done.status is ImportStatus.DONE
    assert [c.name for c in session.scalars(select(Company))] == ["Hyvä Oy"]
    assert done.summary["created"] == 1 and done.summary["skipped"] == 1
    assert done.content is None  # the file is not kept once imported


def test_skip_update_and_create_decisions(session, staff, make_company):
    a = make_company(city=staff.city, name="Alfa Rakennus Oy", business_id=None,
                     municipality_code="140", website="https://alfa.example")
    b = make_company(city=staff.city, name="Beeta Puu Oy", business_id=None,
                     municipality_code="140")
    c = make_company(city=staff.city, name="Gamma Metalli Oy", business_id=None,
                     municipality_code="140")
    imp = dry_run(session, staff, csv_bytes(
        ";Alfa Rakennus;;140;7;;;;;;",
        "1927400-1;Beeta Puu;;140;;;;Sahatavaraa;;;",
        ";Gamma Metalli;;140;;;;;;;",
    ))
    rows = rows_of(session, imp)
    assert {r.outcome for r in rows.values()} == {RowOutcome.MATCH}
    with pytest.raises(FieldError):
        imports.save_decisions(session, staff, imp.id, {rows[2].id: "bogus"})
    imports.save_decisions(session, staff, imp.id, {rows[2].id: "skip", rows[3].id: "update",
                                                    rows[4].id: "create"})
    done = commit(session, staff, imp)
    assert done.summary["created"] == 1 and done.summary["updated"] == 1
    session.expire_all()
    assert session.get(Company, a.id).employees is None  # skipped
    updated = session.get(Company, b.id)
    assert updated.business_id == "1927400-1" and updated.description == "Sahatavaraa"
    assert updated.name == "Beeta Puu"  # the row's name replaced the old one
    assert session.get(Company, c.id).name == "Gamma Metalli Oy"
    assert session.scalar(select(func.count(Company.id)).where(Company.name == "Gamma Metalli")) == 1


def test_decide_all_skips_every_error_row(session, staff):
    imp = dry_run(session, staff, csv_bytes("2077474-1;A;;;;;;;;;", "1234567-8;B;;;;;;;;;",
                                            "1927400-1;C Oy;;;;;;;;;"))
    assert imports.decide_all(session, staff, imp.id, "error", "skip") == 2
    with pytest.raises(FieldError):
        imports.decide_all(session, staff, imp.id, "error", "create")
    assert imports.summarize(session, imp).undecided_errors == 0


def test_an_update_changes_only_the_cells_the_row_fills(session, staff, make_company):
    company = make_company(city=staff.city, name="Täysi Oy", business_id="2077474-0",
                           municipality_code="140", website="https://taysi.example",
                           description="Vanha kuvaus", employees=3, is_anchor=True)
    imp = dry_run(session, staff, csv_bytes("2077474-0;Täysi Oy;;;8;;;;;;"))
    commit(session, staff, imp)
    session.expire_all()
    company = session.get(Company, company.id)
    assert company.employees == 8 and company.description == "Vanha kuvaus"
    assert company.website == "https://taysi.example" and company.is_anchor


def test_commit_is_audited_per_company_and_once_for_the_import(session, staff, make_company):
    old = make_company(city=staff.city, name="Vanha Oy", business_id="2077474-0",
                       municipality_code="140", employees=1)
    imp = dry_run(session, staff, csv_bytes("2077474-0;Vanha Oy;;;2;;;;;;",
                                            "1927400-1;Uusi Oy;;;;;;;;;"))
    commit(session, staff, imp)
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    by_action = {e.action: e for e in events}
    assert {e.action for e in events} == {"company.create", "company.update", "company.import"}
    assert by_action["company.update"].entity_id == old.id
    assert by_action["company.update"].before == {"employees": 1}
    assert by_action["company.update"].after == {"employees": 2}
    new = session.scalars(select(Company).where(Company.name == "Uusi Oy")).one()
    assert by_action["company.create"].after == audit.snapshot(new)  # as a form's create writes
    assert new.name_normalized == "uusi"
    assert all(e.actor_id == staff.id and e.city_id == staff.city_id for e in events)
    assert by_action["company.import"].after["created"] == 1
    assert by_action["company.import"].after["filename"] == "lista.csv"


def test_nothing_is_written_when_the_write_fails_halfway(session, staff, monkeypatch):
    imp = dry_run(session, staff, csv_bytes(*(f";Yritys {i} Oy;;;;;;;;;" for i in range(30))))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports_write, "_last_contacts", broken)  # after the companies flushed
    imports.start_commit(session, staff, imp.id)
    with pytest.raises(RuntimeError):
        imports.run_commit(session, imp.id, today=TODAY)
    assert count(session, Company) == 0
    assert count(session, AuditEvent) == 0
    session.refresh(imp)
    assert imp.status is ImportStatus.FAILED and imp.message


def test_a_company_added_after_the_dry_run_stops_the_whole_commit(session, staff, make_company):
    imp = dry_run(session, staff, csv_bytes("1927400-1;Eka Oy;;;;;;;;;", "2077474-0;Toka Oy;;;;;;;;;"))
    imports.start_commit(session, staff, imp.id)
    make_company(city=staff.city, name="Toka Oy", business_id="2077474-0")  # someone was quicker
    imports.run_commit(session, imp.id, today=TODAY)
    session.refresh(imp)
    assert imp.status is ImportStatus.PLANNED and "1" in imp.message
    assert session.scalar(select(func.count(Company.id)).where(Company.name == "Eka Oy")) == 0
    assert rows_of(session, imp)[3].outcome is RowOutcome.UNCHANGED


def test_last_contact_dates_become_interactions_and_future_ones_are_errors(session, staff):
    data = csv_bytes("1927400-1;Eka Oy;1.10.2026", "2077474-0;Toka Oy;1.12.2026",
                     header="Y-tunnus;Nimi;Viimeisin yhteydenotto")
    imp = dry_run(session, staff, data)
    rows = rows_of(session, imp)
    assert rows[3].outcome is RowOutcome.ERROR and rows[3].column_name == "Viimeisin yhteydenotto"
    imports.decide_all(session, staff, imp.id, "error", "skip")
    commit(session, staff, imp)
    contact = session.scalars(select(Interaction)).one()
    assert contact.occurred_on == date(2026, 10, 1) and contact.company.name == "Eka Oy"
    assert contact.created_by_id == staff.id


def test_xlsx_and_utf8_with_bom_import_alike(session, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["Business ID", "Company name", "Employees", "Turnover"])
    sheet.append(["1927400-1", "Excel Oy", 12, 1500.5])
    buffer = io.BytesIO()
    book.save(buffer)
    imp = dry_run(session, staff, buffer.getvalue(), "lista.xlsx")
    commit(session, staff, imp)
    bom = csv_bytes("2077474-0,Bom Oy,3,\"1 000,00\"", header="Y-tunnus,Nimi,Henkilöstö,Liikevaihto",
                    encoding="utf-8-sig")
    assert bom.startswith(b"\xef\xbb\xbf")
    imp = dry_run(session, staff, bom)
    commit(session, staff, imp)
    companies = {c.name: c for c in session.scalars(select(Company))}
    assert companies["Excel Oy"].employees == 12
    assert companies["Excel Oy"].turnover_eur == Decimal("1500.50")
    assert companies["Bom Oy"].turnover_eur == Decimal("1000.00")


# --- bad files and access ----------------------------------------------------------------------


@pytest.mark.parametrize(("data", "words"), [
    (b"", "tyhjä"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "CSV"),
    (b"\x00\x01\x02\x03binary\x00\x00", "CSV"),
    (b"Nimi;Kuvaus\r\nA Oy;" + b"x" * 6000 + b"\r\n", "merkki"),
    (b"Nimi;Kuvaus\r\nA Oy;\x81\x8d\x8f\x90\x9d\r\n", "merkkej"),
    (b"Nimi;Kuvaus\r\n", "ei yrityksi"),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_stored(session, staff, data, words):
    with pytest.raises(FieldError) as caught:
        imports.upload_list(session, staff, data, "lista.csv")
    assert caught.value.field == "file" and words in str(caught.value.message)
    assert count(session, CompanyImport) == 0


def test_staff_imports_only_into_their_own_town(session, staff, make_city, make_user):
    other = make_city()
    with pytest.raises(NotFound):
        imports.upload_list(session, staff, csv_bytes("1927400-1;A Oy;;;;;;;;;"), "a.csv",
                            city_id=other.id)
    with pytest.raises(Forbidden):
        imports.upload_list(session, make_user(Role.VIEWER, city=staff.city),
                            csv_bytes("1927400-1;A Oy;;;;;;;;;"), "a.csv")
    assert count(session, CompanyImport) == 0


def test_coordinator_picks_the_town_and_an_upload_is_private(session, make_user, make_city):
    town = make_city(code="678", name="Raahe")
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(FieldError):
        imports.upload_list(session, coordinator, csv_bytes("1927400-1;A Oy;;;;;;;;;"), "a.csv")
    imp = dry_run(session, coordinator, csv_bytes("1927400-1;A Oy;;;;;;;;;"), city_id=town.id)
    commit(session, coordinator, imp)
    assert session.scalars(select(Company)).one().city_id == town.id
    with pytest.raises(NotFound):
        imports.get_import(session, make_user(Role.STAFF, city=town), imp.id)


def test_twenty_thousand_rows_import(session, staff):
    lines = [f";Tuontiyritys {i:05d} Oy;62010;140;{i % 50};{i},50;;;;;" for i in range(20_000)]
    imp = dry_run(session, staff, csv_bytes(*lines))
    assert imports.summarize(session, imp).create == 20_000
    done = commit(session, staff, imp)
    assert done.status is ImportStatus.DONE and done.summary["created"] == 20_000
    assert count(session, Company) == 20_000
    assert session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "company.create")) == 20_000
