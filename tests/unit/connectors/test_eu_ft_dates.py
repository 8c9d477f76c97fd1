"""EU deadline forms -> aware Europe/Brussels datetimes, and status derived from dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.eu_ft_dates import BRUSSELS, effective_status, parse_eu_date, parse_eu_deadline

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("raw", "expected", "offset_hours"),
    [
        # current rows: midnight "+0000" stands for the date; cut-off 17:00 Brussels (summer)
        ("2027-04-08T00:00:00.000+0000", datetime(2027, 4, 8, 17, 0), 2),
        # ... and in winter
        ("2026-11-26T00:00:00.000+0000", datetime(2026, 11, 26, 17, 0), 1),
        # legacy rows: Brussels wall-clock 17:00 mislabelled as UTC
        ("2024-02-07T17:00:00.000+0000", datetime(2024, 2, 7, 17, 0), 1),
        ("2023-09-20T17:00:00.000+0000", datetime(2023, 9, 20, 17, 0), 2),
        # a genuine offset is a real instant: 19:00+02:00 = 17:00 UTC = 18:00 CET
        ("2024-02-07T19:00:00.000+0200", datetime(2024, 2, 7, 18, 0), 1),
        # plain dates of the embedded "actions" JSON
        ("2026-11-26", datetime(2026, 11, 26, 17, 0), 1),
        # the portal's RSS form
        ("Thu, 26 Sep 2024 17:00:00 (Brussels local time)", datetime(2024, 9, 26, 17, 0), 2),
        # grantsTenders.json epoch milliseconds (2024-09-26T15:00:00Z)
        (1727362800000, datetime(2024, 9, 26, 17, 0), 2),
        ("1727362800000", datetime(2024, 9, 26, 17, 0), 2),
    ],
)
def test_deadline_forms(raw, expected, offset_hours):
    deadline = parse_eu_deadline(raw)
    assert deadline.tzinfo is BRUSSELS
    assert deadline.replace(tzinfo=None) == expected
    assert deadline.utcoffset() == timedelta(hours=offset_hours)


def test_brussels_17_is_helsinki_18():
    deadline = parse_eu_deadline("2026-11-26T00:00:00.000+0000")
    assert deadline.astimezone(HELSINKI).hour == 18


@pytest.mark.parametrize("raw", ["soon", "26.11.2026", "2026-13-01", ""])
def test_unknown_deadline_forms_raise(raw):
    with pytest.raises(ValueError):
        parse_eu_deadline(raw)


def test_opening_date_is_the_calendar_date():
    assert parse_eu_date("2026-08-25T00:00:00.000+0000") == date(2026, 8, 25)


def _d(day: str) -> tuple[datetime, ...]:
    return (parse_eu_deadline(day),)


@pytest.mark.parametrize(
    ("today", "api", "expected"),
    [
        (date(2026, 8, 24), "open", "forthcoming"),  # dates win over a premature "open"
        (date(2026, 8, 25), "forthcoming", "open"),  # opened today, API still forthcoming
        (date(2026, 11, 26), "open", "open"),  # the deadline day itself is still open
        (date(2026, 11, 27), "open", "closed"),  # stale "open" after the deadline
    ],
)
def test_status_from_dates_beats_the_api(today, api, expected):
    status = effective_status(
        today=today, opening=date(2026, 8, 25), deadlines=_d("2026-11-26"), api_status=api
    )
    assert status == expected


def test_status_falls_back_to_the_api_when_dates_cannot_tell():
    assert effective_status(today=date(2026, 1, 1), opening=None, deadlines=(), api_status="open")
    assert (
        effective_status(today=date(2026, 1, 1), opening=None, deadlines=(), api_status=None)
        is None
    )
    # no opening date but the deadline has passed: closed whatever the API says
    assert (
        effective_status(
            today=date(2026, 1, 1), opening=None, deadlines=_d("2025-05-05"), api_status="open"
        )
        == "closed"
    )


def test_two_stage_uses_the_last_deadline():
    deadlines = (parse_eu_deadline("2027-04-08"), parse_eu_deadline("2027-09-14"))
    assert (
        effective_status(
            today=date(2027, 5, 1), opening=date(2027, 2, 4), deadlines=deadlines, api_status=None
        )
        == "open"
    )
