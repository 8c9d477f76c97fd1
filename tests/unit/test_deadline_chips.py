from datetime import UTC, date, datetime

import pytest

from app.presentation.deadlines import deadline


@pytest.mark.parametrize(("when", "days", "urgency"), [
    (date(2026, 12, 2), -1, "closed"),
    (date(2026, 12, 3), 0, "urgent"),
    (date(2026, 12, 10), 7, "urgent"),
    (date(2026, 12, 11), 8, "soon"),
    (date(2027, 1, 2), 30, "soon"),
    (date(2027, 1, 3), 31, "later"),
])
def test_days_left_and_urgency(when, days, urgency):
    d = deadline(when, today=date(2026, 12, 3))
    assert (d.days_left, d.urgency) == (days, urgency)


def test_a_utc_deadline_counts_in_the_networks_day():
    # 22:30 UTC on the 3rd is 00:30 on the 4th in Helsinki: one day left, not none
    d = deadline(datetime(2026, 12, 3, 22, 30, tzinfo=UTC), today=date(2026, 12, 3))
    assert d.days_left == 1


def test_no_deadline_is_none():
    assert deadline(None) is None
