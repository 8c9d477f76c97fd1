from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import NotFound
from app.models import Role
from app.services import pipeline
from app.services.pipeline._funnel import stays

T0 = datetime(2026, 10, 1, 12, tzinfo=UTC)


def test_stays_are_the_time_between_a_companys_moves():
    changes = [(1, 10, T0), (1, 20, T0 + timedelta(days=4)), (1, None, T0 + timedelta(days=6)),
               (2, 10, T0 + timedelta(days=1))]
    assert stays(changes) == [(10, T0 + timedelta(days=4), 4.0),
                              (20, T0 + timedelta(days=6), 2.0)]
    assert stays([]) == []


def test_funnel_counts_moves_and_median_days(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    a, b, c = (make_company(city=staff.city) for _ in range(3))
    for company, days in ((a, 2), (b, 4), (c, 30)):
        pipeline.move_company(session, staff, company.id, "identified", now=T0)
        pipeline.move_company(session, staff, company.id, "first_contact",
                              now=T0 + timedelta(days=days))
    pipeline.park_company(session, staff, c.id, "Ei nyt", now=T0 + timedelta(days=40))
    other = make_company()  # another town: never counted
    pipeline.move_company(session, make_user(Role.COORDINATOR), other.id, "identified", now=T0)
    result = pipeline.funnel(session, staff, None, start=date(2026, 10, 1),
                             end=date(2026, 10, 10))
    rows = {r.stage.key: r for r in result.rows}
    assert rows["identified"].companies == 0 and rows["first_contact"].companies == 2
    assert rows["identified"].moves_in == 3 and rows["first_contact"].moves_in == 2
    assert rows["identified"].median_days == 3.0  # stays of 2 and 4 days ended in the period
    assert result.parked_in_period == 0
    assert rows["first_contact"].share == 1.0
    whole = pipeline.funnel(session, staff, None, start=date(2026, 10, 1), end=date(2026, 12, 1))
    assert whole.parked_in_period == 1
    assert {r.stage.key: r.median_days for r in whole.rows}["identified"] == 4.0


def test_funnel_of_another_town_is_not_found_for_staff(session, make_user, make_city):
    staff = make_user(Role.STAFF)
    with pytest.raises(NotFound):
        pipeline.funnel(session, staff, make_city().id, start=date(2026, 1, 1),
                        end=date(2026, 2, 1))
