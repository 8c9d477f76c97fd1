"""Calls from staff's spreadsheets: Finnish and English headers, Helsinki deadlines, row problems."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from connectors.manual_call_fields import parse_deadline
from connectors.manual_calls import RowProblem, parse_calls_table, slug
from connectors.tabular import Table, read_table

HELSINKI = ZoneInfo("Europe/Helsinki")

FINNISH_CSV = (
    "Otsikko;Linkki;Rahoittaja;Ohjelma;Määräaika;Haku alkaa;Tila;Jatkuva;Hakijat;Vain PK;Alueet;"
    "Avainsanat;Kieli;Budjetti;Tukiprosentti;Yhteyshenkilö\r\n"
    "Kasvuhaku 2027;www.example.fi/kasvuhaku;Hämeen liitto;AKKE;28.11.2026;1.9.2026;avoin;ei;"
    "yritys, yhdistys;kyllä;Kanta-Häme;vety, kiertotalous;suomi;1 200 000 €;50 %;Maija Meikäläinen\r\n"
)


def table_of(text: str, filename: str = "haut.csv", encoding: str = "cp1252") -> Table:
    return read_table(text.encode(encoding), filename)


def test_finnish_headers_in_a_cp1252_csv():
    calls, problems = parse_calls_table(table_of(FINNISH_CSV))
    assert problems == []
    (call,) = calls
    assert call.source == "manual"
    assert call.source_id == "hameen-liitto-kasvuhaku-2027"
    assert call.title == "Kasvuhaku 2027"
    assert call.url == "https://www.example.fi/kasvuhaku"
    assert call.funder == "Hämeen liitto"
    assert call.programme == "AKKE"
    # a date alone closes at 16:15 Helsinki time
    assert call.deadlines == (datetime(2026, 11, 28, 16, 15, tzinfo=HELSINKI),)
    assert call.deadlines[0].utcoffset() == timedelta(hours=2)
    assert call.opening_date == date(2026, 9, 1)
    assert call.status == "open"
    assert call.is_continuous is False
    assert call.applicant_types == ("company", "ngo")
    assert call.sme_only is True and call.large_only is None
    assert call.regions == ("Kanta-Häme",)
    assert call.keywords == ("vety", "kiertotalous")
    assert call.language == "fi"
    assert call.budget_eur == Decimal("1200000")
    assert call.funding_rate_pct == Decimal("50")
    assert call.kind == "call"
    assert call.extra == (("Yhteyshenkilö", "Maija Meikäläinen"),)  # unknown columns are kept


def test_english_headers_in_an_xlsx_with_real_dates():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "ID",
            "Title",
            "URL",
            "Funder",
            "Deadline",
            "Opening date",
            "Status",
            "Continuous",
            "Applicant types",
            "SME only",
            "Regions",
            "Keywords",
            "Language",
            "Summary",
            "Description",
        ]
    )
    sheet.append(
        [
            "BF-2026-7",
            "Clean tech call",
            "https://www.example.com/call",
            "Business Finland",
            datetime(2026, 12, 3, 12, 0),
            date(2026, 10, 1),
            "forthcoming",
            False,
            "companies; research",
            "no",
            "all",
            "energy",
            "English",
            "Short.",
            "Long text.",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    calls, problems = parse_calls_table(
        read_table(buffer.getvalue(), "calls.xlsx"), source="curated"
    )
    assert problems == []
    (call,) = calls
    assert (call.source, call.source_id) == ("curated", "BF-2026-7")
    assert call.deadlines == (datetime(2026, 12, 3, 12, 0, tzinfo=HELSINKI),)
    assert call.opening_date == date(2026, 10, 1)
    assert call.status == "forthcoming"
    assert call.applicant_types == ("company", "research")
    assert call.sme_only is False
    assert call.regions == ()  # "all": anyone
    assert (call.language, call.summary, call.description) == ("en", "Short.", "Long text.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.11.2026", datetime(2026, 11, 28, 16, 15, tzinfo=HELSINKI)),
        ("2026-11-28", datetime(2026, 11, 28, 16, 15, tzinfo=HELSINKI)),
        ("28.11.26", datetime(2026, 11, 28, 16, 15, tzinfo=HELSINKI)),
        ("28.11.2026 klo 12.00", datetime(2026, 11, 28, 12, 0, tzinfo=HELSINKI)),
        ("28.11.2026 23:59", datetime(2026, 11, 28, 23, 59, tzinfo=HELSINKI)),
        ("2026-06-15T16:15", datetime(2026, 6, 15, 16, 15, tzinfo=HELSINKI)),  # summer time
        ("2026-11-28T15:00:00Z", datetime(2026, 11, 28, 17, 0, tzinfo=HELSINKI)),
        ("2026-11-28T17:00:00+01:00", datetime(2026, 11, 28, 18, 0, tzinfo=HELSINKI)),
        ("2026-11-28 15:00 UTC", datetime(2026, 11, 28, 17, 0, tzinfo=HELSINKI)),
        ("28.11.2026 24:00", datetime(2026, 11, 29, 0, 0, tzinfo=HELSINKI)),
        ("46354", datetime(2026, 11, 28, 16, 15, tzinfo=HELSINKI)),  # an Excel serial day
    ],
)
def test_deadlines(text, expected):
    parsed = parse_deadline(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_offsets_are_shown_in_helsinki_time():
    parsed = parse_deadline("2026-11-28T15:00:00Z")
    assert parsed.tzinfo == HELSINKI and parsed.hour == 17


@pytest.mark.parametrize(
    "text", ["huomenna", "31.11.2026", "28.11.2026 25:00", "28.11.2026 Z", "28.11.2026 kello"]
)
def test_not_deadlines(text):
    assert parse_deadline(text) is None


def test_several_deadlines_are_sorted():
    table = Table(
        headers=("title", "deadline"),
        rows=[("Kaksivaiheinen", "15.1.2027; 28.11.2026, 1.3.2027")],
        row_numbers=[2],
    )
    (call,), problems = parse_calls_table(table)
    assert problems == []
    assert [d.date() for d in call.deadlines] == [
        date(2026, 11, 28),
        date(2027, 1, 15),
        date(2027, 3, 1),
    ]


def test_continuous_call_keeps_its_end_date_aside():
    table = Table(
        headers=("otsikko", "jatkuva", "määräaika"),
        rows=[("Jatkuva haku", "x", "31.12.2027")],
        row_numbers=[2],
    )
    (call,), _ = parse_calls_table(table)
    assert call.is_continuous is True and call.deadlines == ()
    assert dict(call.extra)["continuous_until"] == "2027-12-31T16:15:00+02:00"


def test_status_from_dates_when_today_is_given():
    rows = [
        ("Tuleva", "1.12.2026", "15.1.2027", ""),
        ("Avoin", "1.11.2026", "15.1.2027", ""),
        ("Päättynyt", "", "27.11.2026", ""),
        ("Kirjoitettu", "", "27.11.2026", "avoin"),  # a written status is kept
        ("Jatkuva", "", "", ""),
    ]
    table = Table(
        headers=("title", "opening_date", "deadline", "status"),
        rows=rows,
        row_numbers=[2, 3, 4, 5, 6],
    )
    calls, problems = parse_calls_table(table, today=date(2026, 11, 28))
    assert problems == []
    assert [c.status for c in calls] == ["forthcoming", "open", "closed", "open", None]
    calls, _ = parse_calls_table(table)
    assert [c.status for c in calls] == [None, None, None, "open", None]


def test_rows_with_problems_are_left_out_and_reported():
    rows = [
        ("Hyvä haku", "28.11.2026", "https://example.fi/a", "kyllä", "fi", "company"),
        ("", "28.11.2026", "", "", "", ""),
        ("Huono päivä", "30.2.2027", "", "", "", ""),
        ("Huono moni", "pian", "ftp://example.fi", "ehkä", "saksa", "kaikille yrityksille"),
    ]
    table = Table(
        headers=("title", "deadline", "url", "sme_only", "language", "applicant_types"),
        rows=rows,
        row_numbers=[2, 3, 5, 6],
    )
    calls, problems = parse_calls_table(table)
    assert [c.title for c in calls] == ["Hyvä haku"]
    assert problems[0] == RowProblem(3, "title", "The title is empty.")
    assert (
        problems[1].row == 5
        and problems[1].field == "deadline"
        and "30.2.2027" in problems[1].message
    )
    assert [(p.row, p.field) for p in problems[2:]] == [
        (6, "deadline"),
        (6, "applicant_types"),
        (6, "sme_only"),
        (6, "url"),
        (6, "language"),
    ]


def test_duplicate_calls_are_reported_on_the_later_row():
    table = Table(
        headers=("rahoittaja", "otsikko"),
        rows=[("ELY", "Sama haku"), ("ELY", "Sama  haku"), ("Muu", "Sama haku")],
        row_numbers=[2, 3, 4],
    )
    calls, problems = parse_calls_table(table)
    assert [c.source_id for c in calls] == ["ely-sama-haku", "muu-sama-haku"]
    assert problems == [RowProblem(3, "title", "The same call as row 2 (id 'ely-sama-haku').")]


def test_no_title_column():
    table = Table(headers=("nimike", "linkki"), rows=[("A", "https://example.fi")], row_numbers=[2])
    calls, problems = parse_calls_table(table)
    assert calls == []
    assert problems == [RowProblem(1, "title", "There is no title column (title / otsikko).")]


def test_two_columns_for_one_field():
    table = Table(headers=("title", "otsikko"), rows=[("A", "B")], row_numbers=[2])
    calls, problems = parse_calls_table(table)
    assert [c.title for c in calls] == ["A"]
    assert problems == [RowProblem(1, "title", "Two columns mean 'title': 'otsikko'.")]


def test_sme_only_and_large_only_conflict():
    table = Table(
        headers=("title", "sme_only", "large_only"), rows=[("A", "kyllä", "kyllä")], row_numbers=[2]
    )
    calls, problems = parse_calls_table(table)
    assert calls == [] and problems[0].field == "sme_only"


def test_slug_is_stable_and_bounded():
    assert slug("Business Finland  Tempo-rahoitus") == "business-finland-tempo-rahoitus"
    assert slug("Ääkköset: Örkki & Åke") == "aakkoset-orkki-ake"
    long_a, long_b = slug("x" * 200 + " a"), slug("x" * 200 + " b")
    assert len(long_a) <= 120 and long_a != long_b and long_a == slug("x" * 200 + " a")
    assert slug("!!!") == "call"


def test_offset_helper_handles_negative_offsets():
    parsed = parse_deadline("2026-11-28T10:00-05:00")
    assert parsed == datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
