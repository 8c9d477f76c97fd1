"""Reading staff's CSV and .xlsx files; Finnish numbers and dates. Every file is built here."""

from __future__ import annotations

import io
import time
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from connectors.cell_values import parse_date, parse_decimal
from connectors.tabular import (
    Table,
    TableError,
    cell_text,
    detect_delimiter,
    read_table,
)

ROWS = [
    ("Yritys", "Kunta", "Liikevaihto"),
    ("Pörssi Oy", "Hämeenlinna", "1 234,50"),
    ("Työkalu Ab", "Äänekoski", "12,5"),
]


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", newline="\r\n") -> bytes:
    lines = [delimiter.join(row) for row in rows]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows, *, title="Taulukko1") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- CSV encodings and delimiters ------------------------------------------------------------


def test_semicolon_cp1252_with_finnish_letters():
    # Excel's plain "CSV" on a Finnish Windows: Windows-1252 and semicolons
    table = read_table(csv_bytes(ROWS, encoding="cp1252"), "yritykset.csv")
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.headers == ("Yritys", "Kunta", "Liikevaihto")
    assert table.rows == [
        ("Pörssi Oy", "Hämeenlinna", "1 234,50"),
        ("Työkalu Ab", "Äänekoski", "12,5"),
    ]
    assert table.row_numbers == [2, 3]
    assert table.sheet is None


def test_utf8_with_bom():
    # Excel's "CSV UTF-8": the BOM must not stick to the first header
    data = b"\xef\xbb\xbf" + csv_bytes(ROWS, delimiter=",").replace(
        b"1 234,50", b'"1 234,50"'
    ).replace(b"12,5", b'"12,5"')
    table = read_table(data, "lista.csv")
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ","
    assert table.headers[0] == "Yritys"
    assert table.rows[0] == ("Pörssi Oy", "Hämeenlinna", "1 234,50")


def test_plain_utf8_and_tabs():
    table = read_table(csv_bytes(ROWS, delimiter="\t"), "lista.txt")
    assert (table.encoding, table.delimiter) == ("utf-8", "\t")
    assert table.rows[1][1] == "Äänekoski"


def test_utf16_unicode_text_from_excel():
    data = "\ufeff".encode("utf-16-le") + "\r\n".join("\t".join(r) for r in ROWS).encode(
        "utf-16-le"
    )
    table = read_table(b"\xff\xfe" + data[2:], "unicode.txt")
    assert table.encoding == "utf-16"
    assert table.rows[0][0] == "Pörssi Oy"


def test_quoted_cells_with_line_breaks_and_delimiters():
    data = (
        "otsikko;kuvaus;linkki\r\n"
        '"Haku; osa 1";"Ensimmäinen rivi\r\ntoinen rivi ""lainattu""";https://example.fi/a\r\n'
        "\r\n"
        "Toinen;;https://example.fi/b\r\n"
    ).encode()
    table = read_table(data, "haut.csv")
    assert table.delimiter == ";"
    assert table.rows[0] == (
        "Haku; osa 1",
        'Ensimmäinen rivi\ntoinen rivi "lainattu"',
        "https://example.fi/a",
    )
    assert table.rows[1] == ("Toinen", "", "https://example.fi/b")
    # spreadsheet rows: the multi-line cell is one row, the blank line is row 3
    assert table.row_numbers == [2, 4]


def test_decimal_commas_do_not_fool_the_delimiter():
    data = "nimi;määrä;osuus\nA;1,5;2,25\nB;3,5;4,75\n".encode()
    assert detect_delimiter(data.decode()) == ";"
    assert read_table(data, "x.csv").rows == [("A", "1,5", "2,25"), ("B", "3,5", "4,75")]


def test_single_column_file():
    table = read_table(b"Y-tunnus\n0112038-9\n1927400-1\n", "tunnukset.csv")
    assert table.headers == ("Y-tunnus",)
    assert table.rows == [("0112038-9",), ("1927400-1",)]


def test_short_rows_are_padded_and_trailing_delimiters_dropped():
    table = read_table(b"a;b;c;\n1;2\n4;5;6;\n", "x.csv")
    assert table.headers == ("a", "b", "c")
    assert table.rows == [("1", "2", ""), ("4", "5", "6")]


def test_a_value_without_a_header_is_refused():
    with pytest.raises(TableError) as caught:
        read_table(b"a;b\n1;2;3\n", "x.csv")
    assert caught.value.code == "too_many_cells"
    assert caught.value.params == {"row": 2, "column": 3, "columns": 2}


def test_records_by_header():
    table = read_table(csv_bytes(ROWS), "x.csv")
    assert list(table.records())[0] == (
        2,
        {"Yritys": "Pörssi Oy", "Kunta": "Hämeenlinna", "Liikevaihto": "1 234,50"},
    )


def test_header_is_the_first_non_blank_row():
    table = read_table(b"\n;;\nnimi;kunta\nA;B\n", "x.csv")
    assert (table.headers, table.header_row, table.row_numbers) == (("nimi", "kunta"), 3, [4])


def test_header_only_is_an_empty_table():
    table = read_table(b"nimi;kunta\n", "x.csv")
    assert table.rows == [] and table.headers == ("nimi", "kunta")


# --- xlsx -------------------------------------------------------------------------------------------


def test_xlsx_values_become_text():
    rows = [
        ("Otsikko", "Määräaika", "Avautuu", "Budjetti", "Osuus", "Jatkuva", "Tyhjä"),
        ("Haku A", datetime(2026, 11, 28, 16, 15), date(2026, 9, 1), 1_500_000, 0.35, True, None),
        (None, None, None, None, None, None, None),
        ("Haku B", datetime(2026, 12, 1), None, 1234.5, 0.1 + 0.2, False, None),
    ]
    table = read_table(xlsx_bytes(rows), "haut.xlsx")
    assert table.sheet == "Taulukko1"
    assert (table.encoding, table.delimiter) == (None, None)
    assert table.headers == rows[0]
    assert table.rows == [
        ("Haku A", "2026-11-28T16:15", "2026-09-01", "1500000", "0.35", "true", ""),
        ("Haku B", "2026-12-01", "", "1234.5", "0.3", "false", ""),
    ]
    assert table.row_numbers == [2, 4]


def test_xlsx_named_csv_is_still_read():
    assert read_table(xlsx_bytes(ROWS), "lista.csv").rows[0][0] == "Pörssi Oy"


def test_xlsx_first_sheet_only_and_sparse_cells():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first["A1"], first["B1"] = "nimi", "kunta"
    first["B3"] = "Espoo"
    workbook.create_sheet("Ohjeet")["A1"] = "Täytä ensimmäinen välilehti"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx")
    assert table.rows == [("", "Espoo")] and table.row_numbers == [3]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (7, "7"),
        (7.0, "7"),
        (1e-7, "0.0000001"),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


# --- refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "tyhja.csv", "empty"),
        (b"  \r\n\n ", "tyhja.csv", "empty"),
        (b";;;\n;;\n", "puolipisteet.csv", "no_header"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "lista.pdf", "not_tabular"),
        (bytes(range(256)) * 4, "data.bin", "not_tabular"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "kuva.csv", "not_tabular"),
        (b"<!DOCTYPE html><html><body>Kirjaudu</body></html>", "lista.csv", "not_tabular"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "vanha.xls", "old_excel"),
        (b"nimi;kunta\nA;B\n", "lista.xlsx", "bad_xlsx"),
        (b"PK\x03\x04not really a zip", "lista.xlsx", "bad_xlsx"),
        (b"nimi\n\x81\x8d\x8f\x90\x9d\n", "lista.csv", "bad_encoding"),
    ],
    ids=[
        "empty",
        "whitespace",
        "no-header",
        "pdf",
        "garbage",
        "png",
        "html",
        "xls",
        "csv-as-xlsx",
        "broken-zip",
        "undefined-cp1252",
    ],
)
def test_refused_files(data, filename, code):
    with pytest.raises(TableError) as caught:
        read_table(data, filename)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert caught.value.message and str(caught.value) == caught.value.message


def test_huge_cell_in_csv_and_xlsx():
    data = b"nimi;kuvaus\nA;" + b"x" * 10_001 + b"\n"
    with pytest.raises(TableError) as caught:
        read_table(data, "x.csv")
    assert caught.value.code == "cell_too_long"
    assert caught.value.params == {"row": 2, "column": 2, "length": 10_001, "limit": 10_000}

    with pytest.raises(TableError) as caught:
        read_table(xlsx_bytes([("nimi",), ("y" * 501,)]), "x.xlsx", max_cell=500)
    assert caught.value.code == "cell_too_long" and caught.value.params["row"] == 2


def test_cell_beyond_the_csv_module_limit():
    data = b'nimi\n"' + b"z" * 200_000 + b'"\n'
    with pytest.raises(TableError) as caught:
        read_table(data, "x.csv")
    assert caught.value.code == "cell_too_long"


def test_too_many_rows():
    data = b"n\n" + b"1\n" * 11
    assert len(read_table(data, "x.csv", max_rows=11).rows) == 11
    with pytest.raises(TableError) as caught:
        read_table(data, "x.csv", max_rows=10)
    assert caught.value.code == "too_many_rows" and caught.value.params["limit"] == 10


def test_twenty_thousand_rows_quickly():
    header = "y_tunnus;nimi;kunta;toimiala;kuvaus"
    line = '0112038-9;Yritys Oy;Hämeenlinna;62100;"Ohjelmistoja, palveluja; ja ""muuta"""'
    data = ("\r\n".join([header] + [line] * 20_000) + "\r\n").encode("cp1252")
    started = time.perf_counter()
    table = read_table(data, "iso.csv")
    elapsed = time.perf_counter() - started
    assert len(table.rows) == 20_000 and table.row_numbers[-1] == 20_001
    assert table.rows[-1][4] == 'Ohjelmistoja, palveluja; ja "muuta"'
    assert elapsed < 2.0, f"20,000 rows took {elapsed:.2f} s"


def test_twenty_thousand_xlsx_rows():
    rows = [("nimi", "kunta", "luku")] + [(f"Yritys {i}", "Espoo", i) for i in range(20_000)]
    data = xlsx_bytes(rows)
    started = time.perf_counter()
    table = read_table(data, "iso.xlsx")
    assert len(table.rows) == 20_000 and table.rows[-1] == ("Yritys 19999", "Espoo", "19999")
    assert time.perf_counter() - started < 10.0


def test_table_is_a_plain_record():
    table = Table(headers=("a",), rows=[("1",)], row_numbers=[2])
    assert list(table.numbered()) == [(2, ("1",))]


# --- numbers and dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("1234.5", Decimal("1234.5")),
        ("12 %", Decimal("12")),
        ("12,5%", Decimal("12.5")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234.567", Decimal("1234567")),
        ("1 200 000 €", Decimal("1200000")),
        ("EUR 5000", Decimal("5000")),
        ("\u221212,5", Decimal("-12.5")),
        ("+3", Decimal("3")),
        (",5", Decimal("0.5")),
        ("0", Decimal("0")),
    ],
)
def test_parse_decimal(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "  ", "abc", "12 kpl", "1e5", "NaN", "Infinity", "1,2,3.4.5", "--1", "%"]
)
def test_parse_decimal_rejects(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.11.2026", date(2026, 11, 28)),
        ("28.11.26", date(2026, 11, 28)),
        ("1.2.2027", date(2027, 2, 1)),
        ("28.11.2026.", date(2026, 11, 28)),
        ("28/11/2026", date(2026, 11, 28)),
        ("2026-11-28", date(2026, 11, 28)),
        ("2026-11-28T16:15", date(2026, 11, 28)),
        ("2026-11-28 16:15:00+02:00", date(2026, 11, 28)),
        ("28.11.2026 klo 16.15", date(2026, 11, 28)),
        ("46354", date(2026, 11, 28)),  # Excel serial day
        ("46354.0", date(2026, 11, 28)),
        ("1.1.99", date(1999, 1, 1)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "2026",
        "31.2.2026",
        "28.11.",
        "huomenna",
        "2026-13-01",
        "12345",
        "28.11.20261",
        "99999",
    ],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None
