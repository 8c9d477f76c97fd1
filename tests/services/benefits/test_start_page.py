"""The start page: my tasks, my companies' new matches and deadlines, my town's activity."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import NotFound
from app.models import Interaction, InteractionKind, Role, Task
from app.models.matches import MatchStatus
from app.services import benefits

TODAY = date(2026, 12, 3)


def test_my_tasks_new_matches_deadlines_and_town_activity(session, towns, make_match,
                                                          make_company):
    staff, company = towns["staff"], towns["company"]
    company.owner_id = staff.id
    far = towns["partner"]
    session.add_all([
        Task(company=company, title="Myöhässä", due_on=TODAY - timedelta(days=2),
             assignee_id=staff.id),
        Task(company=company, title="Tänään", due_on=TODAY, assignee_id=staff.id),
        Task(company=company, title="Ensi kuussa", due_on=TODAY + timedelta(days=40),
             assignee_id=staff.id),
        Task(company=company, title="Jonkun muun", due_on=TODAY, assignee_id=None),
        Task(company=far, title="Toisen kaupungin", due_on=TODAY,
             assignee_id=towns["other_staff"].id),
        Interaction(company=company, occurred_on=TODAY, kind=InteractionKind.PHONE,
                    summary="Soitto"),
        Interaction(company=far, occurred_on=TODAY, kind=InteractionKind.PHONE,
                    summary="Vieras soitto"),
    ])
    new = make_match(company, status=MatchStatus.NEW)
    preparing = make_match(company, status=MatchStatus.APPLYING)
    preparing.call.next_deadline_at = datetime.combine(TODAY + timedelta(days=10),
                                                       datetime.min.time(), UTC)
    make_match(far, status=MatchStatus.NEW)
    session.flush()
    page = benefits.start_page(session, staff, today=TODAY)
    assert [t.title for t in page.overdue] == ["Myöhässä"]
    assert [t.title for t in page.this_week] == ["Tänään"]
    assert [m.id for m in page.new_matches] == [new.id]
    assert [m.id for m in page.deadlines] == [preparing.id]
    assert [i.summary for i in page.activity] == ["Soitto"]


def test_a_coordinator_picks_a_town_and_staff_cannot(session, towns):
    page = benefits.start_page(session, towns["coordinator"], today=TODAY,
                               city_id=towns["other_staff"].city_id)
    assert page.town_name == towns["other_staff"].city.name_fi
    with pytest.raises(NotFound):
        benefits.start_page(session, towns["staff"], today=TODAY,
                            city_id=towns["other_staff"].city_id)


def test_the_viewer_sees_the_page_too(session, towns, make_user):
    assert benefits.start_page(session, towns["viewer"], today=TODAY).overdue == []
    assert Role.VIEWER is towns["viewer"].role


def test_my_stalled_pipeline_companies_are_on_the_start_page(session, towns, make_company):
    """A company I own that has had no contact within its stage's limit is listed; a colleague's
    stalled company is not on my page, but is on the coordinator's view of the town."""
    from app.services import pipeline

    staff = towns["staff"]
    mine, colleagues = towns["company"], make_company(city=staff.city, name="Muiden Oy")
    mine.owner_id = staff.id
    long_ago = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    for company in (mine, colleagues):
        pipeline.move_company(session, staff, company.id, "first_contact", expected_stage=None,
                              now=long_ago)
    page = benefits.start_page(session, staff, today=TODAY)
    assert [(s.company_id, s.stage_key) for s in page.stalled] == [(mine.id, "first_contact")]
    town = benefits.start_page(session, towns["coordinator"], today=TODAY,
                               city_id=staff.city_id)
    assert {s.company_id for s in town.stalled} == {mine.id, colleagues.id}
