"""The owner of a company, the one rule of who can be assigned, and an audit that shows only real
changes (issue 8 points 1, 4, 8; issue 9 points 1, 9)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app import authz
from app.errors import FieldError, NotFound
from app.models import AuditEvent, Company, CompanyShare, Role
from app.services import companies, engagement
from app.services.engagement import TaskChange
from app.services.inputs import CompanyInput, InteractionInput, TaskInput


def _events(session, company, action="company.update"):
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "company", AuditEvent.entity_id == company.id,
        AuditEvent.action == action)))


# -- an input that does not carry a field never changes it ---------------------------------------

def test_update_without_the_owner_keeps_the_owner(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, name="Järvi Siika Oy", owner=staff)
    companies.update_company(session, staff, company.id, CompanyInput(
        name="Järvi Siika Oy", business_id=company.business_id, website="https://siika.example"))
    session.refresh(company)
    assert company.owner_id == staff.id
    assert company.website == "https://siika.example"
    (event,) = _events(session, company)
    assert "owner_id" not in event.after and event.after["website"] == "https://siika.example"


def test_update_changes_only_the_fields_the_input_carries(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, description="Kalanjalostus", employees=12,
                           keywords=["kala"], is_anchor=True, owner=staff)
    companies.update_company(session, staff, company.id, CompanyInput(employees=14))
    session.refresh(company)
    assert (company.description, company.employees, company.keywords, company.is_anchor,
            company.owner_id) == ("Kalanjalostus", 14, ["kala"], True, staff.id)


def test_none_clears_and_unset_keeps(session, make_user, make_company):
    from app.services.inputs import UNSET

    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, owner=staff, description="Kuvaus")
    companies.update_company(session, staff, company.id,
                             CompanyInput(owner_id=None, description=UNSET))
    session.refresh(company)
    assert company.owner_id is None and company.description == "Kuvaus"


def test_input_knows_what_it_carries():
    assert CompanyInput(name="A", owner_id=None).given() == {"name", "owner_id"}
    assert CompanyInput(name="A").completed().owner_id is None
    assert CompanyInput().completed({"owner_id": 5}).owner_id == 5


# -- the audit records only real changes --------------------------------------------------------

def test_saving_an_unchanged_turnover_writes_no_event_and_no_updated_at(
    session, make_user, make_company
):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, turnover_eur=Decimal("56677324.00"), employees=262)
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    company.updated_at = stamp
    session.commit()
    session.expire_all()
    companies.update_company(session, staff, company.id, CompanyInput(
        name=company.name, business_id=company.business_id, turnover_eur=Decimal("56677324"),
        employees=262))
    session.expire_all()
    assert _events(session, company) == []
    assert session.get(Company, company.id).updated_at == stamp


def test_a_real_turnover_change_is_audited_in_the_columns_form(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, turnover_eur=Decimal("1000.00"))
    session.commit()
    companies.update_company(session, staff, company.id, CompanyInput(turnover_eur=Decimal("1500")))
    (event,) = _events(session, company)
    assert event.before == {"turnover_eur": "1000.00"}
    assert event.after == {"turnover_eur": "1500.00"}


# -- the one rule of who can be assigned ---------------------------------------------------------

def test_assignable_are_active_working_users_of_the_companys_towns(
    session, make_user, make_company, make_city
):
    town, other, sharing = make_city(), make_city(), make_city()
    staff = make_user(Role.STAFF, city=town)
    admin = make_user(Role.CITY_ADMIN, city=town)
    make_user(Role.VIEWER, city=town)
    make_user(Role.STAFF, city=town, is_active_account=False)
    make_user(Role.STAFF, city=other)
    partner = make_user(Role.STAFF, city=sharing)
    coordinator = make_user(Role.COORDINATOR)
    company = make_company(city=town)
    session.add(CompanyShare(company_id=company.id, city_id=sharing.id))
    session.flush()
    session.refresh(company)
    by_staff = {u.id for u in authz.assignable_users(session, staff, company)}
    assert by_staff == {staff.id, admin.id, partner.id}
    by_coordinator = {u.id for u in authz.assignable_users(session, coordinator, company)}
    assert coordinator.id in by_coordinator and by_staff <= by_coordinator
    assert {u.id for u in authz.assignable_users(session, staff)} == {staff.id, admin.id}


@pytest.mark.parametrize("who", ["other_town", "viewer", "inactive", "coordinator", "missing"])
def test_owner_outside_the_rule_is_refused_like_an_unknown_id(
    session, make_user, make_company, make_city, who
):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    chosen = {
        "other_town": lambda: make_user(Role.STAFF).id,
        "viewer": lambda: make_user(Role.VIEWER, city=staff.city).id,
        "inactive": lambda: make_user(Role.STAFF, city=staff.city, is_active_account=False).id,
        "coordinator": lambda: make_user(Role.COORDINATOR).id,
        "missing": lambda: 2_000_000_000,
    }[who]()
    for call in (
        lambda: companies.update_company(session, staff, company.id, CompanyInput(owner_id=chosen)),
        lambda: companies.create_company(session, staff, CompanyInput(name="Uusi Oy",
                                                                       owner_id=chosen)),
    ):
        with pytest.raises(FieldError) as exc:
            call()
        assert (exc.value.field, str(exc.value.message)) == ("owner_id", "Tuntematon henkilö.")
    session.refresh(company)
    assert company.owner_id is None
    assert session.scalar(select(func.count(Company.id))) == 1


def test_coordinator_may_choose_a_coordinator_and_any_town_staff(session, make_user, make_company):
    coordinator, other = make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)
    company = make_company()
    local = make_user(Role.CITY_ADMIN, city=company.city)
    companies.update_company(session, coordinator, company.id, CompanyInput(owner_id=other.id))
    assert company.owner_id == other.id
    companies.update_company(session, coordinator, company.id, CompanyInput(owner_id=local.id))
    assert company.owner_id == local.id
    with pytest.raises(FieldError):  # but not another town's staff for this town's company
        companies.update_company(session, coordinator, company.id,
                                 CompanyInput(owner_id=make_user(Role.STAFF).id))


def test_keeping_an_owner_outside_the_rule_is_allowed(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    gone = make_user(Role.STAFF, city=staff.city, is_active_account=False)
    company = make_company(city=staff.city, owner=gone)
    companies.update_company(session, staff, company.id,
                             CompanyInput(name="Uusi nimi Oy", owner_id=gone.id))
    assert company.owner_id == gone.id and company.name == "Uusi nimi Oy"


def test_task_assignee_and_participants_follow_the_same_rule(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    stranger = make_user(Role.STAFF)
    viewer = make_user(Role.VIEWER, city=staff.city)
    coordinator = make_user(Role.COORDINATOR)  # offered to a coordinator only
    for bad in (stranger.id, viewer.id, coordinator.id, 2_000_000_000):
        with pytest.raises(FieldError) as exc:
            engagement.create_task(session, staff, company.id, TaskInput(title="Soita",
                                                                         assignee_id=bad))
        message = str(exc.value.message)
        with pytest.raises(FieldError) as exc:
            engagement.log_interaction(
                session, staff, company.id,
                InteractionInput(kind="phone", occurred_on=datetime(2026, 1, 5).date(),
                                 summary="Puhelu", staff_ids=(staff.id, bad)),
                today=datetime(2026, 1, 6).date())
        assert exc.value.field == "staff_ids"
        assert str(exc.value.message) == message
    task = engagement.create_task(session, staff, company.id, TaskInput(title="Soita"))
    with pytest.raises(FieldError):
        engagement.change_task(session, staff, task.id, TaskChange(assignee_id=stranger.id))
    assert task.assignee_id is None


# -- assigning from the list ---------------------------------------------------------------------

def test_assign_owner_to_several_companies_audits_each(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    first, second = make_company(city=staff.city), make_company(city=staff.city, owner=colleague)
    assert companies.assign_owner(session, staff, [first.id, second.id], colleague.id) == 1
    assert first.owner_id == second.owner_id == colleague.id
    assert [e.after for e in _events(session, first)] == [{"owner_id": colleague.id}]
    assert _events(session, second) == []


def test_assign_owner_changes_nothing_if_one_company_is_out_of_reach(
    session, make_user, make_company
):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    mine, theirs = make_company(city=staff.city), make_company()
    with pytest.raises(NotFound):
        companies.assign_owner(session, staff, [mine.id, theirs.id], colleague.id)
    with pytest.raises(FieldError):
        companies.assign_owner(session, staff, [mine.id], make_user(Role.STAFF).id)
    session.refresh(mine)
    assert mine.owner_id is None and _events(session, mine) == []


# -- the duplicate business ID names only a company the user may see ------------------------------

def test_duplicate_in_another_town_gives_no_id(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(business_id="2077474-0")
    with pytest.raises(FieldError) as exc:
        companies.create_company(session, staff, CompanyInput(name="Kopio Oy",
                                                              business_id="2077474-0"))
    assert exc.value.field == "business_id" and "existing_id" not in exc.value.params
    assert session.scalar(select(func.count(Company.id))) == 1
