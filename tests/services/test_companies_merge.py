from datetime import date

import pytest
from sqlalchemy import select

from app.errors import Conflict, FieldError, Forbidden, NotFound
from app.models import AuditEvent, CompanyShare, Contact, Interaction, InteractionKind, Role, Task
from app.services.companies import duplicates, merge
from app.services.companies.search import CompanyFilters, search_companies


@pytest.fixture()
def pair(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    sharing_town = make_city()
    keep = make_company(city=staff.city, name="Kallion Konepaja Oy", business_id=None,
                        keywords=["koneistus"])
    drop = make_company(city=staff.city, name="Kallion Konepaja", business_id="2077474-0",
                        website="https://kallio.example", keywords=["hitsaus"], is_anchor=True)
    contact = Contact(company=drop, first_name="Aino", last_name="Mäki")
    interaction = Interaction(company=drop, occurred_on=date(2026, 5, 1), kind=InteractionKind.VISIT,
                              summary="Vierailu")
    task = Task(company=drop, title="Soita")
    session.add_all([contact, interaction, task, CompanyShare(company=drop, city_id=sharing_town.id)])
    session.flush()
    return staff, keep, drop, contact, interaction, task


def test_merge_moves_everything_and_keeps_the_other_hidden(session, pair):
    staff, keep, drop, contact, interaction, task = pair
    event = merge.merge_companies(session, staff, keep.id, drop.id)
    for row in (contact, interaction, task):
        session.refresh(row)
        assert row.company_id == keep.id
    session.refresh(keep)
    session.refresh(drop)
    assert keep.business_id == "2077474-0" and drop.business_id is None
    assert keep.website == "https://kallio.example" and keep.is_anchor
    assert "Kallion Konepaja" in keep.auxiliary_names and keep.keywords == ["koneistus", "hitsaus"]
    assert drop.merged_into_id == keep.id
    assert len(keep.shares) == 1
    assert [c.id for c in search_companies(session, staff, CompanyFilters(q="kallion konepaja")).items] == [keep.id]
    assert event.action == "company.merge" and event.actor_id == staff.id
    assert event.before["moved"]["contact.company_id"] == [contact.id]


def test_undo_restores_both_records_exactly(session, pair):
    staff, keep, drop, contact, interaction, task = pair
    own_task = Task(company=keep, title="Oma tehtävä")
    session.add(own_task)
    session.flush()
    event = merge.merge_companies(session, staff, keep.id, drop.id)
    restored = merge.unmerge(session, staff, event.id)
    assert restored.id == drop.id and drop.merged_into_id is None
    session.refresh(keep)
    assert drop.business_id == "2077474-0" and keep.business_id is None
    assert keep.website is None and keep.keywords == ["koneistus"] and not keep.is_anchor
    for row in (contact, interaction, task):
        session.refresh(row)
        assert row.company_id == drop.id
    session.refresh(own_task)
    assert own_task.company_id == keep.id
    assert session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first() == "company.unmerge"
    with pytest.raises(Conflict):
        merge.unmerge(session, staff, event.id)


def test_merge_guards(session, pair, make_user, make_company, make_city):
    staff, keep, drop, *_ = pair
    with pytest.raises(FieldError):
        merge.merge_companies(session, staff, keep.id, keep.id)
    foreign = make_company(city=make_city())
    with pytest.raises(NotFound):
        merge.merge_companies(session, staff, keep.id, foreign.id)
    merge.merge_companies(session, staff, keep.id, drop.id)
    with pytest.raises((Conflict, NotFound)):
        merge.merge_companies(session, staff, keep.id, drop.id)


def test_duplicates_are_found_with_their_reason(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    c = lambda name, **kw: make_company(city=staff.city, name=name, business_id=kw.pop("business_id", None), **kw)  # noqa: E731
    c("Kallion Konepaja Oy", municipality_code="140")
    c("Kallion Konepaja", municipality_code="140")                       # same name
    c("Pohjolan Sahatavara Oy", municipality_code="140")
    c("Pohjolan Sahatavra Oy", municipality_code="140")                  # similar
    c("Tunturisafarit Oy", municipality_code="140", auxiliary_names=["Kuusamon Elämys"])
    c("Kuusamon Elämys Oy", municipality_code="140")                     # auxiliary name
    c("Rakennus A Oy", municipality_code="140", website="https://www.talo.example/")
    c("Talotekijät Oy", municipality_code="140", website="talo.example")  # same website
    c("Metsä Oy", municipality_code="140", business_id="2077474-0")
    c("Metsä Oy", municipality_code="740", business_id="1234567-1")      # other place and ID
    make_company(city=make_city(), name="Kallion Konepaja Ab", municipality_code="140")
    pairs = duplicates.find_duplicates(session, staff)
    found = {(p.first.name, p.second.name): p.reason for p in pairs}
    assert found == {
        ("Kallion Konepaja Oy", "Kallion Konepaja"): "same_name",
        ("Tunturisafarit Oy", "Kuusamon Elämys Oy"): "auxiliary_name",
        ("Rakennus A Oy", "Talotekijät Oy"): "same_website",
        ("Pohjolan Sahatavara Oy", "Pohjolan Sahatavra Oy"): "similar_name",
    }


def test_merging_across_towns_needs_the_coordinator_and_a_confirmation_naming_what_moves(
        session, pair, make_user, make_company, make_city):
    staff, keep, drop, contact, interaction, task = pair
    other = make_city(name="Kuopio")
    foreign = make_company(city=other, name="Kallion Konepaja Ab", business_id=None)
    person = Contact(company=foreign, first_name="Eero", last_name="Salo")
    session.add(person)
    session.add(CompanyShare(company=foreign, city_id=staff.city_id))  # staff see it
    session.flush()
    with pytest.raises(Forbidden):
        merge.merge_companies(session, staff, keep.id, foreign.id, confirm_moves=True)
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(FieldError) as refused:
        merge.merge_companies(session, coordinator, keep.id, foreign.id)
    assert refused.value.field == "confirm_moves"
    assert "Kuopio" in str(refused.value.message) and "yhteyshenkilöitä 1" in str(refused.value.message)
    session.refresh(person)
    assert person.company_id == foreign.id  # nothing moved
    event = merge.merge_companies(session, coordinator, keep.id, foreign.id, confirm_moves=True)
    session.refresh(person)
    assert person.company_id == keep.id
    towns = {e.city_id: e.action for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(["company.merge", "company.merge_out"])))}
    assert towns == {keep.city_id: "company.merge", other.id: "company.merge_out"}
    merge.unmerge(session, coordinator, event.id)
    undone = {e.city_id for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "company.unmerge"))}
    assert undone == {keep.city_id, other.id}
