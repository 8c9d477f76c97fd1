"""Property tests (hypothesis) of the input cleaners and the table importers: whatever the input,
they give a clean value or raise only their documented validation error.

Derandomized (the same examples every run, no example database), so CI is repeatable."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum.fi import ytunnus

from app.errors import FieldError
from app.limits import (
    MAX_AMOUNT,
    MAX_DATE,
    MIN_DATE,
    clean_stored,
    clean_text,
    forbidden_character,
    json_problem,
)
from app.services.imports._mapping import FIELDS, RowError, RowReader
from app.services.validation import normalise_business_id, require_text
from app.web.redirects import is_safe_target
from connectors.cell_values import parse_date, parse_decimal
from connectors.manual_calls import parse_calls_table
from connectors.tabular import TableError, read_table

PROPERTY = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                    suppress_health_check=[HealthCheck.too_slow])
FILES = settings(PROPERTY, max_examples=60)
ROWS = settings(PROPERTY, max_examples=150)

# every character, also NUL, controls and lone surrogates
any_text = st.text(st.characters(codec=None, categories=None), max_size=60)
cell_text = st.one_of(
    any_text,
    st.from_regex(r"[ 0-9.,'\u00a0€%+-]{0,20}", fullmatch=True),
    st.from_regex(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{5}", fullmatch=True),
    st.sampled_from(["kyllä", "ei", "x", "micro", "TOL 2008", "Iisalmi", "140", "0112038-9",
                     "112038-9", "FI01120389", "25620 Konepajat", "1e400", "NaN", "9" * 40]),
)


def _with_check_digit(seven: str) -> str | None:
    remainder = sum(w * int(d) for w, d in zip((7, 9, 10, 5, 8, 4, 2), seven, strict=True)) % 11
    return None if remainder == 1 else f"{seven}-{0 if remainder == 0 else 11 - remainder}"


valid_ids = st.integers(0, 9_999_999).map(lambda n: _with_check_digit(f"{n:07d}")).filter(bool)


# --- text ------------------------------------------------------------------------------------

@PROPERTY
@given(any_text, st.booleans())
def test_clean_text_leaves_nothing_forbidden_and_is_idempotent(value, multiline):
    cleaned = clean_text(value, multiline=multiline)
    assert not forbidden_character(cleaned)
    assert all(c in "\t\n" or ord(c) >= 32 for c in cleaned) if multiline else all(
        ord(c) >= 32 for c in cleaned)
    assert clean_text(cleaned, multiline=multiline) == cleaned
    cleaned.encode("utf-8")  # what PostgreSQL and a spreadsheet need


@PROPERTY
@given(st.recursive(any_text | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
                    max_leaves=20))
def test_stored_values_lose_every_forbidden_character(value):
    cleaned = clean_stored(value)
    assert json_problem(cleaned, max_depth=10_000) is None
    assert clean_stored(cleaned) == cleaned


@PROPERTY
@given(any_text, st.integers(1, 50), st.booleans())
def test_require_text_raises_only_field_errors(value, width, required):
    try:
        text = require_text(value, "name", max_length=width, required=required)
    except FieldError as exc:
        assert exc.field == "name"
    else:
        assert len(text) <= width and text == text.strip()


@PROPERTY
@given(any_text)
@example("/\t/evil.example/")
@example("/\\evil.example")
def test_a_safe_redirect_target_stays_on_the_site(value):
    from urllib.parse import urlsplit

    if is_safe_target(value):
        browser = "".join(c for c in value if c not in "\t\n\r").replace("\\", "/")
        parts = urlsplit(browser)
        assert not parts.scheme and not parts.netloc and not browser.startswith("//")


# --- business ID -----------------------------------------------------------------------------

@PROPERTY
@given(any_text | cell_text)
def test_business_id_is_canonical_or_a_field_error(value):
    try:
        result = normalise_business_id(value)
    except FieldError as exc:
        assert exc.field == "business_id"
        return
    if result is not None:
        assert ytunnus.is_valid(result) and len(result) == 9 and result[7] == "-"
        assert normalise_business_id(result) == result


@PROPERTY
@given(valid_ids, st.sampled_from(["{}", " {} ", "FI{}", "fi {}"]), st.booleans())
def test_every_valid_business_id_is_accepted_as_typed(business_id, shape, hyphen):
    typed = shape.format(business_id if hyphen else business_id.replace("-", ""))
    assert normalise_business_id(typed) == business_id


# --- numbers and dates -----------------------------------------------------------------------

@PROPERTY
@given(any_text | cell_text)
@example("9" * 40)
@example("1e400")
def test_parse_decimal_gives_a_finite_number_or_none(value):
    number = parse_decimal(value)
    assert number is None or (isinstance(number, Decimal) and number.is_finite())


@PROPERTY
@given(any_text | cell_text)
@example("0001-01-01")
@example("31.12.9999")
def test_parse_date_gives_a_sane_date_or_none(value):
    day = parse_date(value)
    assert day is None or (isinstance(day, date) and MIN_DATE <= day <= MAX_DATE)


@ROWS
@given(st.lists(cell_text, min_size=len(FIELDS) + 2, max_size=len(FIELDS) + 2))
@example(["Iso Oy", "", "", "", "", "", "", "", "", "", "", "", "1" + "0" * 40])
def test_a_row_reads_or_raises_a_row_error(cells):
    mapping = [name for name, _label in FIELDS]
    mapping += ["turnover_keur", "last_contact_on"][: len(cells) - len(mapping)]
    reader = RowReader(mapping, today=date(2026, 12, 3), municipalities={"iisalmi": "140"})
    try:
        row = reader.read(cells)
    except RowError as exc:
        assert exc.field in {*mapping, "turnover_eur"}
        return
    data = row.data
    assert data.turnover_eur is None or abs(data.turnover_eur) < MAX_AMOUNT
    assert row.last_contact_on is None or MIN_DATE <= row.last_contact_on <= date(2026, 12, 3)


# --- tables ----------------------------------------------------------------------------------

def _csv_bytes(rows, delimiter, encoding):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


table_rows = st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=0, max_size=6)


@FILES
@given(table_rows, st.sampled_from(";,\t"), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_a_csv_upload_is_a_table_or_a_table_error(rows, delimiter, encoding):
    try:
        table = read_table(_csv_bytes(rows, delimiter, encoding), "lista.csv", max_rows=100,
                           max_cell=200)
    except TableError as exc:
        assert exc.code
        return
    assert all(isinstance(c, str) for row in table.rows for c in row)
    parse_calls_table(table, today=date(2026, 12, 3))  # problems are reported, never raised


@FILES
@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x"]))
@example(b"PK\x03\x04garbage", "x.xlsx")
@example(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.xls")
def test_any_bytes_are_a_table_or_a_table_error(data, filename):
    try:
        read_table(data, filename, max_rows=100, max_cell=200)
    except TableError as exc:
        assert exc.code


xlsx_cell = st.one_of(cell_text.map(lambda t: "".join(c for c in t if ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF)),
                      st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                      st.dates(date(1900, 3, 1), date(2999, 12, 31)), st.booleans(), st.none())


@settings(FILES, max_examples=25)
@given(st.lists(st.lists(xlsx_cell, min_size=1, max_size=4), min_size=0, max_size=5))
def test_an_xlsx_upload_is_a_table_or_a_table_error(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        table = read_table(buffer.getvalue(), "lista.xlsx", max_rows=100, max_cell=200)
    except TableError as exc:
        assert exc.code
        return
    assert all(isinstance(c, str) for row in table.rows for c in row)
    parse_calls_table(table, today=date(2026, 12, 3))


def test_the_table_reader_and_the_app_share_the_date_range():
    from connectors.cell_values import DATE_RANGE

    assert DATE_RANGE == (MIN_DATE, MAX_DATE)


@PROPERTY
@given(any_text, st.sampled_from([200, 5000]))
@example("\x1a", 200)
@example(" \x00\ud800 ", 5000)
def test_required_text_of_control_characters_alone_is_empty(value, width):
    try:
        text = require_text(value, "name", max_length=width)
    except FieldError:
        return
    assert text and text == clean_text(text, multiline=width > 2000).strip()
