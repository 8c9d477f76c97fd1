"""Company-list exports: no cell can run as a formula, numbers and dates keep their type, and one
bad row never loses the whole export. Every file is read back as a spreadsheet program would."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.models import Role
from app.services.companies import exports

# Payloads that spreadsheet programs run or interpret when a cell starts with them.
PAYLOADS = [
    "=1+cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example\")",
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]
COL = {key: i for i, (key, _) in enumerate(exports.COLUMNS)}


def _csv_rows(client, query=""):
    raw = client.get(f"/companies/export.csv{query}").get_data().decode("utf-8-sig")
    return raw, list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))


def _sheet(client, query=""):
    resp = client.get(f"/companies/export.xlsx{query}")
    assert resp.status_code == 200
    return load_workbook(io.BytesIO(resp.get_data()))


@pytest.fixture()
def staff(make_user):
    return make_user(Role.STAFF)


def test_csv_cells_that_start_like_a_formula_are_defused(login, staff, make_company):
    for n, payload in enumerate(PAYLOADS):
        make_company(city=staff.city, name=f"Yritys {n} Oy", description=payload,
                     industry_text=payload)
    _, rows = _csv_rows(login(staff))
    texts = sorted(row[COL["description"]] for row in rows[1:])
    assert texts == sorted("'" + p for p in PAYLOADS)
    assert all(row[COL["industry_text"]].startswith("'") for row in rows[1:])


def test_csv_numbers_are_plain_numbers_and_dates_are_dates(login, staff, make_company):
    make_company(city=staff.city, name="Numero Oy", employees=-3, turnover_eur=Decimal("-1250.50"))
    raw, rows = _csv_rows(login(staff))
    row = rows[1]
    assert row[COL["employees"]] == "-3" and row[COL["turnover_eur"]] == "-1250,50"
    assert ";-3;-1250,50;" in raw  # unquoted and not prefixed: a spreadsheet reads numbers
    datetime.date.fromisoformat(row[COL["updated_at"]])


def test_xlsx_has_no_formula_cells_and_keeps_the_text(login, staff, make_company):
    for n, payload in enumerate(PAYLOADS):
        make_company(city=staff.city, name=f"Yritys {n} Oy", description=payload)
    sheet = _sheet(login(staff)).active
    cells = [row[COL["description"]] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # (XML reads a carriage return back as a line feed)
    assert sorted(cell.value for cell in cells) == sorted(p.replace("\r", "\n") for p in PAYLOADS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_xlsx_numbers_are_numbers_and_dates_are_dates(login, staff, make_company):
    make_company(city=staff.city, name="Numero Oy", employees=12, turnover_eur=Decimal("1250000.50"),
                 municipality_code="005")
    row = next(_sheet(login(staff)).active.iter_rows(min_row=2))
    assert row[COL["employees"]].value == 12 and row[COL["employees"]].data_type == "n"
    assert row[COL["turnover_eur"]].value == pytest.approx(1250000.5)
    assert row[COL["turnover_eur"]].data_type == "n"
    assert row[COL["updated_at"]].is_date
    assert isinstance(row[COL["updated_at"]].value, datetime.datetime)
    assert row[COL["municipality_code"]].value == "005"  # a code stays text with its zeros


CONTROL_TEXT = "Ohjaus\x01merkit\x0b ja\x1b[31m väri\x7f Oy"


def test_control_characters_in_a_company_do_not_break_the_xlsx_export(
    login, staff, make_company
):
    make_company(city=staff.city, name="Siisti Oy")
    make_company(city=staff.city, name="Ohjausmerkit Oy", description=CONTROL_TEXT,
                 industry_text="\x02=1+1")
    client = login(staff)
    rows = list(_sheet(client).active.iter_rows(min_row=2, values_only=True))
    by_name = {row[COL["name"]]: row for row in rows}
    assert set(by_name) == {"Siisti Oy", "Ohjausmerkit Oy"}
    assert by_name["Ohjausmerkit Oy"][COL["description"]] == "Ohjausmerkit ja[31m väri Oy"
    assert by_name["Ohjausmerkit Oy"][COL["industry_text"]] == "=1+1"
    _, csv_rows = _csv_rows(client)
    texts = {row[COL["name"]]: row for row in csv_rows[1:]}
    assert texts["Ohjausmerkit Oy"][COL["description"]] == "Ohjausmerkit ja[31m väri Oy"
    assert texts["Ohjausmerkit Oy"][COL["industry_text"]] == "'=1+1"


def test_a_row_that_fails_is_reported_and_the_others_are_exported(
    login, staff, make_company, monkeypatch
):
    make_company(city=staff.city, name="Hyvä Oy")
    bad = make_company(city=staff.city, name="Rikki Oy", business_id="2077474-0")
    make_company(city=staff.city, name="Toinen Hyvä Oy")
    real_row = exports._row

    def failing_row(company):
        if company.id == bad.id:
            raise ValueError("cannot export this row")
        return real_row(company)

    monkeypatch.setattr(exports, "_row", failing_row)
    client = login(staff)
    book = _sheet(client)
    names = [row[COL["name"]] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Hyvä Oy", "Toinen Hyvä Oy"]
    skipped = list(book.worksheets[1].iter_rows(values_only=True))
    assert skipped[1][:2] == (bad.id, "2077474-0")

    raw, rows = _csv_rows(client)
    assert sorted(r[COL["name"]] for r in rows[1:] if len(r) == len(exports.COLUMNS)) == [
        "Hyvä Oy", "Toinen Hyvä Oy"]
    assert f"{bad.id}" in rows[-1][0] and "2077474-0" in rows[-1][0]


def test_text_no_spreadsheet_can_hold_is_dropped_in_both_formats():
    """Lone surrogates and XML non-characters (not storable in PostgreSQL, but in older data or
    SQLite) neither break the .xlsx nor the UTF-8 encoding of the CSV."""
    from types import SimpleNamespace

    company = SimpleNamespace(
        id=1, business_id="2077474-0", name="Rikki\ud800 Oy\ufffe", auxiliary_names=["\x00Apu"],
        industry_code=None, industry_code_set=None, industry_text=None,
        municipality_code="140", city=SimpleNamespace(name_fi="Iisalmi"), size_class=None,
        employees=None, turnover_eur=None, is_anchor=False, is_growth_seeking=False,
        is_prospect=False, owner=None, website=None, keywords=[], description="\x1f=cmd",
        updated_at=None,
    )
    assert exports.clean_text("a\ud800b\udfff\ufffe\uffff\x00\x08c\td\ne") == "abc\td\ne"
    row = next(load_workbook(io.BytesIO(exports.xlsx_bytes([company]))).active.iter_rows(
        min_row=2))
    assert row[COL["name"]].value == "Rikki Oy" and row[COL["auxiliary_names"]].value == "Apu"
    assert row[COL["description"]].value == "=cmd" and row[COL["description"]].data_type == "s"
    text = "".join(exports.csv_chunks([company])).encode("utf-8").decode("utf-8-sig")
    assert "Rikki Oy;Apu;" in text and ";'=cmd;" in text
