"""Partner suggestions of a consortium call: companies of the whole network by role, another
town's by name and town only, and the contact request that reaches its town."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app import authz
from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Company, Task
from app.models.funding_calls import CallStatus
from app.services.matches import partners
from tests.services.partner_world import build

TODAY = date(2026, 12, 4)


@pytest.fixture()
def world(session, make_city, make_user, make_company):
    return build(session, make_city, make_user, make_company)


def _by_name(found):
    return {s.name: s for g in found.groups for s in g.suggestions}


def test_a_consortium_call_lists_the_network_by_role(session, world):
    found = partners.call_partners(session, world.staff, world.call.id, today=TODAY)
    assert found.rule is not None and found.rule.kind == "eu_collaborative"
    roles = {g.role: [s.name for s in g.suggestions] for g in found.groups}
    assert roles == {"technology": ["Oma Ohjelmisto Oy"], "research": ["Vieras Tutkimus Oy"],
                     "pilot": ["Vieras Konepaja Oy", "Jaettu Energia Oy"]}  # best first
    pilot = next(g for g in found.groups if g.role == "pilot")
    assert pilot.named_in_call  # "pilot sites with end-users" in the call's text
    # merged away, dismissed by staff, or matching another call only: not suggested
    assert not {"Yhdistetty Oy", "Hylätty Oy", "Ei Osumaa Oy"} & set(_by_name(found))


def test_another_towns_company_comes_with_its_name_and_town_only(session, world):
    found = _by_name(partners.call_partners(session, world.staff, world.call.id, today=TODAY))
    assert found["Oma Ohjelmisto Oy"].full
    assert found["Oma Ohjelmisto Oy"].row.match.id == world.matches["own"].id
    assert found["Jaettu Energia Oy"].full  # shared with the viewer's town
    for name in ("Vieras Konepaja Oy", "Vieras Tutkimus Oy"):
        s = found[name]
        assert not s.full and s.row is None and s.town.id == world.other_town.id
        assert set(vars(type(s))["__slots__"]) == {"role", "company_id", "name", "town", "row"}


def test_the_coordinator_sees_every_suggestion_in_full(session, world):
    found = _by_name(partners.call_partners(session, world.coordinator, world.call.id,
                                            today=TODAY))
    assert all(s.full for s in found.values()) and len(found) == 4


def test_a_call_for_one_applicant_or_a_closed_call_suggests_nobody(session, world):
    single = partners.call_partners(session, world.staff, world.single.id, today=TODAY)
    assert single.rule is None and not single.groups
    world.call.status = CallStatus.CLOSED
    session.flush()
    closed = partners.call_partners(session, world.staff, world.call.id, today=TODAY)
    assert closed.rule is not None and not closed.open_today and not closed.groups


def test_the_name_and_town_clause_is_the_only_unscoped_read(session, world):
    # the ordinary scope does not reach the other town's company; the partner clause does
    ids = [world.foreign.id, world.own.id, world.shared.id]
    stmt = authz.scope(world.staff, select(Company.id).where(Company.id.in_(ids)))
    assert set(session.scalars(stmt)) == {world.own.id, world.shared.id}
    wide = authz.scope_partner_suggestions(world.staff, select(Company.id).where(
        Company.id.in_([*ids, world.merged.id])))
    assert set(session.scalars(wide)) == set(ids)  # every town's, merged ones left out
    with pytest.raises(NotFound):
        authz.get_company(session, world.staff, world.foreign.id)


def test_contacting_the_owner_leaves_a_task_for_the_other_town(session, world):
    task = partners.contact_owner(session, world.staff, world.call.id, world.foreign.id,
                                  "  Rakennetaanko konsortio robotiikasta?  ")
    assert task.company_id == world.foreign.id and task.assignee_id == world.other_staff.id
    assert task.created_by_id == world.staff.id
    assert task.title.startswith("Kumppanipyyntö (Omakaupunki)")  # the owner reads Finnish
    assert "Olli Oma" in task.notes and world.staff.email in task.notes
    assert task.notes.endswith("Rakennetaanko konsortio robotiikasta?")
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "task",
                                                     AuditEvent.entity_id == task.id)).one()
    assert event.city_id == world.other_town.id and event.actor_id == world.staff.id
    assert event.after["partner_request"] == {"call_id": world.call.id,
                                              "from_city_id": world.own_town.id}
    # the asker learns nothing more: the task stays the other town's
    with pytest.raises(NotFound):
        authz.get_owned(session, world.staff, Task, task.id)
    assert authz.get_owned(session, world.other_staff, Task, task.id) is task


def test_one_open_request_per_company_and_call(session, world):
    first = partners.contact_owner(session, world.staff, world.call.id, world.foreign.id, "Hei")
    with pytest.raises(FieldError):
        partners.contact_owner(session, world.staff, world.call.id, world.foreign.id, "Hei taas")
    first.done_at = first.created_at  # the town answered: a new request may follow
    session.flush()
    assert partners.contact_owner(session, world.staff, world.call.id, world.foreign.id, "Uusi")
    # another asker of the same town is not held back by the first one's request
    other = partners.contact_owner(session, world.coordinator, world.call.id, world.foreign.id,
                                   "Hei")
    assert other.created_by_id == world.coordinator.id


def test_without_an_owner_the_task_waits_for_the_towns_staff(session, world):
    task = partners.contact_owner(session, world.staff, world.call.id, world.research.id, "Hei")
    assert task.assignee_id is None and task.company_id == world.research.id


@pytest.mark.parametrize("which", ["unmatched", "merged", "dismissed"])
def test_only_a_suggested_company_can_be_contacted(session, world, which):
    with pytest.raises(NotFound):
        partners.contact_owner(session, world.staff, world.call.id,
                               getattr(world, which).id, "Hei")
    with pytest.raises(NotFound):  # a call for one applicant suggests nobody
        partners.contact_owner(session, world.staff, world.single.id, world.foreign.id, "Hei")
    assert not session.scalars(select(Task)).all()


def test_a_viewer_may_look_but_not_ask_and_a_message_is_needed(session, world):
    assert partners.call_partners(session, world.viewer, world.call.id, today=TODAY).groups
    with pytest.raises(Forbidden):
        partners.contact_owner(session, world.viewer, world.call.id, world.foreign.id, "Hei")
    with pytest.raises(FieldError):
        partners.contact_owner(session, world.staff, world.call.id, world.foreign.id, "   ")
    with pytest.raises(FieldError):
        partners.contact_owner(session, world.staff, world.call.id, world.foreign.id,
                               "x" * (partners.MESSAGE_MAX + 1))
