from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Company, CompanyShare, Role
from app.services import companies
from app.services.inputs import CompanyInput


def count(session):
    return session.scalar(select(func.count(Company.id)))


def test_create_normalises_business_id_and_audits(session, make_user):
    staff = make_user(Role.STAFF)
    company = companies.create_company(
        session, staff,
        CompanyInput(name=" Kallio Konepaja Oy ", business_id="2077474 0", keywords=("koneistus", " "),
                     turnover_eur=Decimal("1250000"), website="kallio.example"),
    )
    assert company.business_id == "2077474-0"
    assert company.name == "Kallio Konepaja Oy"
    assert company.keywords == ["koneistus"]
    assert company.website == "https://kallio.example"
    assert company.city_id == staff.city_id
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == company.id)).one()
    assert event.action == "company.create" and event.after["business_id"] == "2077474-0"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (CompanyInput(name="X", business_id="2077474-1"), "business_id"),
        (CompanyInput(name="X", business_id="abc"), "business_id"),
        (CompanyInput(name=""), "name"),
        (CompanyInput(name="x" * 201), "name"),
        (CompanyInput(name="X", description="y" * 5001), "description"),
        (CompanyInput(name="X", industry_code="A1"), "industry_code"),
        (CompanyInput(name="X", municipality_code="14"), "municipality_code"),
        (CompanyInput(name="X", size_class="huge"), "size_class"),
        (CompanyInput(name="X", employees=-1), "employees"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(session, make_user, data, field):
    staff = make_user(Role.STAFF)
    before = count(session)
    with pytest.raises(FieldError) as exc:
        companies.create_company(session, staff, data)
    assert exc.value.field == field
    assert count(session) == before
    assert session.scalar(select(func.count(AuditEvent.id))) == 0


def test_duplicate_business_id_points_to_the_existing_company(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    existing = make_company(city=staff.city, business_id="2077474-0")
    with pytest.raises(FieldError) as exc:
        companies.create_company(session, staff, CompanyInput(name="Toinen Oy", business_id="20774740"))
    assert exc.value.field == "business_id"
    assert exc.value.params["existing_id"] == existing.id


def test_viewer_may_not_create(session, make_user):
    viewer = make_user(Role.VIEWER)
    with pytest.raises(Forbidden):
        companies.create_company(session, viewer, CompanyInput(name="X"))


def test_update_is_audited_with_before_and_after(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, name="Vanha Nimi Oy", employees=5)
    companies.update_company(session, staff, company.id, CompanyInput(name="Uusi Nimi Oy", business_id=company.business_id, employees=5))
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "company.update")).one()
    assert event.before == {"name": "Vanha Nimi Oy"}
    assert event.after == {"name": "Uusi Nimi Oy"}


def test_update_of_another_towns_company_is_not_found(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    other = make_company()
    with pytest.raises(NotFound):
        companies.update_company(session, staff, other.id, CompanyInput(name="Hijack Oy"))
    session.refresh(other)
    assert other.name != "Hijack Oy"


def test_list_is_scoped_to_the_town_and_its_shares(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    own = [make_company(city=staff.city) for _ in range(3)]
    other_city = make_city()
    others = [make_company(city=other_city) for _ in range(2)]
    session.add(CompanyShare(company_id=others[0].id, city_id=staff.city_id))
    session.flush()
    page = companies.search_companies(session, staff, per_page=10)
    assert {c.id for c in page.items} == {c.id for c in own} | {others[0].id}
    assert page.total == 4


def test_coordinator_lists_the_whole_network(session, make_user, make_company):
    coordinator = make_user(Role.COORDINATOR)
    made = {make_company().id for _ in range(3)}
    page = companies.search_companies(session, coordinator, per_page=100)
    assert made <= {c.id for c in page.items}


def test_pagination(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    for i in range(7):
        make_company(city=staff.city, name=f"Yritys {i:02d} Oy")
    page2 = companies.search_companies(session, staff, page=2, per_page=3)
    assert [c.name for c in page2.items] == ["Yritys 03 Oy", "Yritys 04 Oy", "Yritys 05 Oy"]
    assert page2.pages == 3
