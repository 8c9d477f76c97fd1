"""The company list's bulk flag and the export of the chosen companies (issue 16 point 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, CompanyShare, Role
from app.services.companies import bulk


def _updates(session, company):
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "company", AuditEvent.entity_id == company.id,
        AuditEvent.action == "company.update")))


def test_flag_marks_each_chosen_company_with_its_own_audit(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    first, second = make_company(city=staff.city), make_company(city=staff.city)
    already = make_company(city=staff.city, is_growth_seeking=True)
    count = bulk.flag_companies(session, staff, [first.id, second.id, already.id, first.id],
                                "growth")
    assert count == 2
    assert first.is_growth_seeking and second.is_growth_seeking and already.is_growth_seeking
    (event,) = _updates(session, first)
    assert event.before == {"is_growth_seeking": False} and event.after == {"is_growth_seeking": True}
    assert _updates(session, already) == []
    assert not first.is_anchor


def test_anchor_flag_and_an_unknown_flag(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    assert bulk.flag_companies(session, staff, [company.id], "anchor") == 1
    assert company.is_anchor
    with pytest.raises(FieldError) as exc:
        bulk.flag_companies(session, staff, [company.id], "is_anchor")
    assert exc.value.field == "flag"


def test_one_company_out_of_reach_flags_none(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    mine, theirs = make_company(city=staff.city), make_company()
    with pytest.raises(NotFound):
        bulk.flag_companies(session, staff, [mine.id, theirs.id], "anchor")
    session.expire_all()
    assert not mine.is_anchor and not theirs.is_anchor and _updates(session, mine) == []


def test_a_viewer_may_not_flag(session, make_user, make_company):
    viewer = make_user(Role.VIEWER)
    company = make_company(city=viewer.city)
    with pytest.raises(Forbidden):
        bulk.flag_companies(session, viewer, [company.id], "anchor")
    with pytest.raises(FieldError):
        bulk.flag_companies(session, viewer, [], "anchor")


def test_selection_is_the_chosen_visible_companies_in_name_order(session, make_user,
                                                                 make_company):
    staff = make_user(Role.STAFF)
    b = make_company(city=staff.city, name="Bravo Oy")
    a = make_company(city=staff.city, name="Alfa Oy")
    make_company(city=staff.city, name="Ei valittu Oy")
    shared = make_company(name="Jaettu Oy")
    session.add(CompanyShare(company=shared, city_id=staff.city_id))
    session.flush()
    rows = bulk.selected_companies(session, staff, [b.id, shared.id, a.id, b.id])
    assert [c.name for c in rows] == ["Alfa Oy", "Bravo Oy", "Jaettu Oy"]


def test_selection_with_another_towns_company_is_not_found(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    mine, theirs = make_company(city=staff.city), make_company()
    with pytest.raises(NotFound):
        bulk.selected_companies(session, staff, [mine.id, theirs.id])
    with pytest.raises(NotFound):
        bulk.selected_companies(session, staff, list(range(1, bulk.MAX_SELECTION + 2)))
    with pytest.raises(FieldError):
        bulk.selected_companies(session, staff, [])
