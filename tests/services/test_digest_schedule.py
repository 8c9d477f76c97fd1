"""When a digest is due: Monday 07:00 in Helsinki is 07:00 local in the weeks of both
daylight-saving changes, and a check that runs late still finds this week's digest due."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.services.digest._schedule import due_at, is_due, period_of

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(("period", "utc_hour"), [
    (date(2027, 3, 22), 5),  # winter time (UTC+2)
    (date(2027, 3, 29), 4),  # the Monday after the change on Sunday 28 March: summer (UTC+3)
    (date(2027, 10, 25), 4),  # summer time until Sunday 31 October
    (date(2027, 11, 1), 5),  # the Monday after the October change: winter again
])
def test_monday_seven_is_seven_local_around_both_changes(period, utc_hour):
    due = due_at(period, 0, 7, HELSINKI)
    assert due == datetime(period.year, period.month, period.day, utc_hour, tzinfo=UTC)
    assert due.astimezone(HELSINKI).hour == 7


def test_sunday_of_a_change_keeps_the_local_hour():
    # Sunday 28 March 2027 (clocks go 03:00 -> 04:00) and Sunday 31 October 2027 (04:00 -> 03:00)
    assert due_at(date(2027, 3, 22), 6, 7, HELSINKI).astimezone(HELSINKI).hour == 7
    assert due_at(date(2027, 10, 25), 6, 7, HELSINKI).astimezone(HELSINKI).hour == 7
    # 03:00 does not exist on the March Sunday: it is read as winter time, i.e. 04:00 summer time
    assert due_at(date(2027, 3, 22), 6, 3, HELSINKI).astimezone(HELSINKI).hour == 4


def test_due_from_the_users_hour_onwards_in_the_march_week():
    before = datetime(2027, 3, 29, 3, 59, tzinfo=UTC)  # 06:59 summer time
    at = datetime(2027, 3, 29, 4, 0, tzinfo=UTC)  # 07:00 summer time
    assert not is_due(before, 0, 7, HELSINKI)
    assert is_due(at, 0, 7, HELSINKI)
    # an hour later by the winter clock would be 08:00 local: still due, the same period
    assert period_of(datetime(2027, 3, 29, 5, 0, tzinfo=UTC), HELSINKI) == date(2027, 3, 29)


def test_due_from_the_users_hour_onwards_in_the_october_week():
    before = datetime(2027, 11, 1, 4, 59, tzinfo=UTC)  # 06:59 winter time
    at = datetime(2027, 11, 1, 5, 0, tzinfo=UTC)
    assert not is_due(before, 0, 7, HELSINKI)
    assert is_due(at, 0, 7, HELSINKI)


def test_the_period_is_the_local_iso_week():
    # Sunday 23:30 UTC is already Monday in Helsinki: the new week
    assert period_of(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), HELSINKI) == date(2026, 12, 7)
    assert period_of(datetime(2026, 12, 6, 21, 30, tzinfo=UTC), HELSINKI) == date(2026, 11, 30)
    # a late check on Sunday evening still counts Monday's digest as due this week
    assert is_due(datetime(2026, 12, 13, 20, 0, tzinfo=UTC), 0, 7, HELSINKI)
