from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Contact, Interaction, Role, Task
from app.services import engagement
from app.services.engagement import TaskChange
from app.services.inputs import InteractionInput, TaskInput

TODAY = date(2026, 11, 28)


def visit(**over):
    base = dict(kind="visit", occurred_on=TODAY - timedelta(days=1), summary="Tehdasvierailu")
    base.update(over)
    return InteractionInput(**base)


def test_log_interaction_with_participants_and_follow_up(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city, is_prospect=True)
    person = Contact(company=company, first_name="Aino", last_name="Mäki")
    session.add(person)
    session.flush()
    interaction = engagement.log_interaction(
        session, staff, company.id,
        visit(topics=("rahoitus", " "), contact_ids=(person.id,), staff_ids=(staff.id, colleague.id),
              follow_up=TaskInput(title="Lähetä hakuohjeet", due_on=TODAY + timedelta(days=7),
                                  assignee_id=colleague.id)),
        today=TODAY)
    assert interaction.topics == ["rahoitus"]
    assert {u.id for u in interaction.staff} == {staff.id, colleague.id}
    assert [c.id for c in interaction.contacts] == [person.id]
    task = session.scalars(select(Task).where(Task.interaction_id == interaction.id)).one()
    assert task.assignee_id == colleague.id and task.created_by_id == staff.id
    assert company.is_prospect is False
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"interaction.create", "task.create"} <= actions


@pytest.mark.parametrize(("data", "field"), [
    (visit(occurred_on=TODAY + timedelta(days=1)), "occurred_on"),
    (visit(kind="telepathy"), "kind"),
    (visit(summary=""), "summary"),
    (visit(summary="x" * 5001), "summary"),
    (visit(follow_up=TaskInput(title="")), "follow_up_title"),
    (visit(follow_up=TaskInput(title="Myöhässä", due_on=TODAY - timedelta(days=1))), "follow_up_due_on"),
])
def test_bad_interaction_writes_nothing(session, make_user, make_company, data, field):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    with pytest.raises(FieldError) as exc:
        engagement.log_interaction(session, staff, company.id, data, today=TODAY)
    assert exc.value.field == field
    assert session.scalar(select(func.count(Interaction.id))) == 0
    assert session.scalar(select(func.count(Task.id))) == 0


def test_contacts_of_another_company_are_refused(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company, other = make_company(city=staff.city), make_company(city=staff.city)
    stranger = Contact(company=other, first_name="Vieras", last_name="Henkilö")
    session.add(stranger)
    session.flush()
    with pytest.raises(FieldError) as exc:
        engagement.log_interaction(session, staff, company.id, visit(contact_ids=(stranger.id,)), today=TODAY)
    assert exc.value.field == "contact_ids"


def test_staff_of_another_town_cannot_be_participant_or_assignee(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    outsider = make_user(Role.STAFF, city=make_city())
    company = make_company(city=staff.city)
    with pytest.raises(FieldError):
        engagement.log_interaction(session, staff, company.id, visit(staff_ids=(outsider.id,)), today=TODAY)
    with pytest.raises(FieldError):
        engagement.create_task(session, staff, company.id, TaskInput(title="X", assignee_id=outsider.id))


def test_other_towns_company_is_not_found_and_viewer_is_forbidden(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    with pytest.raises(NotFound):
        engagement.log_interaction(session, staff, make_company(city=make_city()).id, visit(), today=TODAY)
    viewer = make_user(Role.VIEWER, city=staff.city)
    with pytest.raises(Forbidden):
        engagement.log_interaction(session, viewer, make_company(city=staff.city).id, visit(), today=TODAY)
    assert session.scalar(select(func.count(Interaction.id))) == 0


def test_task_complete_reschedule_reassign_are_audited(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city)
    task = engagement.create_task(session, staff, company.id, TaskInput(title="Soita", due_on=TODAY, assignee_id=staff.id))
    engagement.change_task(session, staff, task.id, TaskChange(due_on=TODAY + timedelta(days=3)))
    engagement.change_task(session, staff, task.id, TaskChange(assignee_id=colleague.id))
    engagement.change_task(session, staff, task.id, TaskChange(done=True))
    assert task.due_on == TODAY + timedelta(days=3) and task.assignee_id == colleague.id and task.is_done
    updates = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "task.update").order_by(AuditEvent.id)))
    assert [sorted(e.after) for e in updates] == [["due_on"], ["assignee_id"], ["done_at"]]
    engagement.change_task(session, staff, task.id, TaskChange(done=True))  # no change, no event
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "task.update")) == 3


def test_task_views(session, make_user, make_company):
    me = make_user(Role.STAFF)
    other = make_user(Role.STAFF, city=me.city)
    company = make_company(city=me.city)
    monday = date(2026, 11, 23)

    def add(title, due, who):
        return engagement.create_task(session, me, company.id, TaskInput(title=title, due_on=due, assignee_id=who.id))

    add("late", monday - timedelta(days=2), me)
    add("this week", monday + timedelta(days=5), me)
    add("next week", monday + timedelta(days=9), me)
    add("colleague's", monday, other)
    done = add("done", monday, me)
    engagement.change_task(session, me, done.id, TaskChange(done=True))
    titles = lambda view: [t.title for t in engagement.list_tasks(session, me, view=view, today=monday + timedelta(days=1))]  # noqa: E731
    assert titles("mine") == ["late", "this week", "next week"]
    assert titles("overdue") == ["late"]
    assert titles("week") == ["late", "this week"]
    assert set(titles("town")) == {"late", "this week", "next week", "colleague's"}
    assert titles("done") == ["done"]


def test_timeline_is_newest_first(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    for days, text in [(30, "vanha"), (1, "uusin"), (10, "keskimmäinen")]:
        engagement.log_interaction(session, staff, company.id, visit(occurred_on=TODAY - timedelta(days=days), summary=text), today=TODAY)
    assert [i.summary for i in engagement.timeline(session, staff, company)] == ["uusin", "keskimmäinen", "vanha"]
