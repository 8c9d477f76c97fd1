"""The company timeline: every kind of event in one list, newest first, town-scoped, and read in
a bounded number of queries however many rows there are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from app.clock import today
from app.errors import NotFound
from app.models import Contact, Interaction, InteractionKind, Role, Task
from app.models.matches import MatchFeedback
from app.services import engagement, pipeline
from app.services.companies import timeline
from app.services.engagement import TaskChange
from app.services.inputs import InteractionInput
from tests.services.test_matches import make_call  # noqa: F401


def _log(session, actor, company, days_ago, summary, kind="phone"):
    return engagement.log_interaction(
        session, actor, company.id,
        InteractionInput(kind=kind, occurred_on=today() - timedelta(days=days_ago),
                         summary=summary),
        today=today())


@pytest.fixture()
def busy(session, make_user, make_company, make_call):  # noqa: F811
    """A company with a call, a note, a done task, two stage moves and a match decision."""
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    _log(session, staff, company, 10, "Ensimmäinen puhelu")
    _log(session, staff, company, 3, "Tuonnin muistiinpano", kind="note")
    task = Task(company=company, title="Lähetä esite", created_by=staff, assignee=staff)
    session.add(task)
    session.flush()
    engagement.change_task(session, staff, task.id, TaskChange(done=True))
    pipeline.move_company(session, staff, company.id, "identified", expected_stage=None)
    pipeline.move_company(session, staff, company.id, "first_contact",
                          expected_stage="identified")
    call = make_call("Kasvuhaku", "Kasvuyrityksille.")
    session.add(MatchFeedback(company_id=company.id, call_id=call.id, user_id=staff.id,
                              label="proposed", components={}))
    session.flush()
    return staff, company, call


def test_all_kinds_newest_first(session, busy):
    staff, company, call = busy
    entries = timeline.company_timeline(session, staff, company.id)
    kinds = [(e.kind, e.event) for e in entries]
    assert set(kinds) == {("contact", "phone"), ("note", "note"), ("task", "created"),
                          ("task", "done"), ("stage", "joined"), ("stage", "moved"),
                          ("match", "proposed")}
    keys = [e.sort_key for e in entries]
    assert keys == sorted(keys, reverse=True)
    assert entries[-1].row.summary == "Ensimmäinen puhelu"  # ten days ago: the oldest
    decision = next(e for e in entries if e.kind == "match")
    assert decision.extra["call_title"] == "Kasvuhaku" and decision.who == staff.name
    move = next(e for e in entries if e.event == "moved")
    assert move.row.from_stage.key == "identified" and move.row.to_stage.key == "first_contact"


def test_filter_by_kind(session, busy):
    staff, company, _call = busy
    only = timeline.company_timeline(session, staff, company.id, kinds=["stage"])
    assert {e.kind for e in only} == {"stage"} and len(only) == 2
    notes = timeline.company_timeline(session, staff, company.id, kinds=["note"])
    assert [e.row.summary for e in notes] == ["Tuonnin muistiinpano"]
    contacts = timeline.company_timeline(session, staff, company.id, kinds=["contact", "match"])
    assert {e.kind for e in contacts} == {"contact", "match"}
    # an unknown kind is dropped: the whole timeline, not an error
    assert len(timeline.company_timeline(session, staff, company.id, kinds=["bogus"])) == 7


def test_limit_keeps_the_newest(session, busy):
    staff, company, _call = busy
    two = timeline.company_timeline(session, staff, company.id, limit=2)
    everything = timeline.company_timeline(session, staff, company.id)
    assert [e.sort_key for e in two] == [e.sort_key for e in everything[:2]]


def test_other_towns_company_is_not_found(session, busy, make_user, make_city):
    _staff, company, _call = busy
    stranger = make_user(Role.STAFF, city=make_city())
    with pytest.raises(NotFound):
        timeline.company_timeline(session, stranger, company.id)
    coordinator = make_user(Role.COORDINATOR)
    assert len(timeline.company_timeline(session, coordinator, company.id)) == 7


def _count_queries(session, fn):
    statements: list[str] = []
    engine = session.get_bind()

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def test_query_count_does_not_grow_with_rows(session, busy, make_user):
    staff, company, _call = busy
    session.expire_all()
    few = _count_queries(session, lambda: timeline.company_timeline(session, staff, company.id))
    colleague = make_user(Role.STAFF, city=staff.city)
    person = Contact(company=company, first_name="Aino", last_name="Mäki")
    session.add(person)
    for n in range(25):
        session.add(Interaction(company=company, occurred_on=today() - timedelta(days=n),
                                kind=InteractionKind.MEETING, summary=f"Tapaaminen {n}",
                                topics=[], created_by=colleague, staff=[staff, colleague],
                                contacts=[person]))
        session.add(Task(company=company, title=f"Tehtävä {n}", created_by=colleague,
                         assignee=colleague, done_at=datetime.now(UTC)))
    session.flush()
    session.expire_all()
    many = _count_queries(session, lambda: timeline.company_timeline(session, staff, company.id))
    assert many == few
    assert many <= 15
