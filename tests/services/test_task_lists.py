"""The task tabs' counts and the task list's bulk actions (issue 16 point 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, CompanyShare, Role, Task
from app.services import engagement


def _task(session, company, **over):
    task = Task(company=company, title=over.pop("title", "Soita"), **over)
    session.add(task)
    session.flush()
    return task


def _task_events(session, task):
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "task", AuditEvent.entity_id == task.id,
        AuditEvent.action == "task.update")))


def test_counts_agree_with_each_view_and_leave_out_other_towns(session, make_user, make_company,
                                                               make_city):
    today = clock.today()
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    own = make_company(city=staff.city)
    foreign = make_company(city=make_city())
    shared = make_company(city=foreign.city)
    session.add(CompanyShare(company=shared, city_id=staff.city_id))
    _task(session, own, assignee=staff, due_on=today - timedelta(days=3))  # mine, overdue, week
    _task(session, own, assignee=staff, due_on=today + timedelta(days=60))  # mine
    _task(session, own, assignee=staff)  # mine, no due date
    _task(session, shared, assignee=colleague)  # the town's
    _task(session, own, assignee=staff, done_at=datetime.now(UTC))  # done
    _task(session, foreign, assignee=staff, due_on=today)  # another town's: never counted
    counts = engagement.task_counts(session, staff, today=today)
    assert counts == {"mine": 3, "overdue": 1, "week": 1, "town": 4, "done": 1}
    for view, number in counts.items():
        assert engagement.task_page(session, staff, view=view, today=today).total == number


def test_a_viewer_gets_counts_only_for_its_own_tabs(session, make_user, make_company):
    viewer = make_user(Role.VIEWER)
    _task(session, make_company(city=viewer.city))
    assert engagement.task_counts(session, viewer, today=clock.today()) == {"town": 1, "done": 0}


def test_bulk_complete_marks_each_done_with_its_own_audit(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    first, second = _task(session, company), _task(session, company, title="Lähetä")
    already = _task(session, company, done_at=datetime(2026, 1, 1, tzinfo=UTC))
    count = engagement.bulk_change_tasks(session, staff, [first.id, second.id, already.id,
                                                          first.id], done=True)
    assert count == 2
    assert first.done_at is not None and second.done_at is not None
    assert already.done_at.year == 2026 and already.done_at.month == 1
    assert len(_task_events(session, first)) == 1 and len(_task_events(session, second)) == 1
    assert _task_events(session, already) == []


def test_bulk_reassign_names_one_colleague_on_each(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city)
    tasks = [_task(session, company, assignee=staff) for _ in range(3)]
    assert engagement.bulk_change_tasks(session, staff, [t.id for t in tasks],
                                        assignee_id=colleague.id) == 3
    assert {t.assignee_id for t in tasks} == {colleague.id}
    (event,) = _task_events(session, tasks[0])
    assert event.after == {"assignee_id": colleague.id}


def test_one_task_out_of_reach_changes_none(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    own = _task(session, make_company(city=staff.city))
    foreign = _task(session, make_company(city=make_city()))
    with pytest.raises(NotFound):
        engagement.bulk_change_tasks(session, staff, [own.id, foreign.id], done=True)
    session.expire_all()
    assert own.done_at is None and foreign.done_at is None
    assert _task_events(session, own) == []


def test_an_assignee_of_another_town_changes_nothing(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    stranger = make_user(Role.STAFF)
    task = _task(session, make_company(city=staff.city), assignee=staff)
    with pytest.raises(FieldError) as exc:
        engagement.bulk_change_tasks(session, staff, [task.id], assignee_id=stranger.id)
    assert exc.value.field == "assignee_id"
    session.expire_all()
    assert task.assignee_id == staff.id


def test_a_viewer_and_an_empty_choice_are_refused(session, make_user, make_company):
    viewer = make_user(Role.VIEWER)
    task = _task(session, make_company(city=viewer.city))
    with pytest.raises(Forbidden):
        engagement.bulk_change_tasks(session, viewer, [task.id], done=True)
    with pytest.raises(FieldError):
        engagement.bulk_change_tasks(session, viewer, [], done=True)
    with pytest.raises(NotFound):
        engagement.bulk_change_tasks(session, viewer, [2**40], done=True)
