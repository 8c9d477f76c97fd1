import re

from sqlalchemy import func, select

from app.models import AuditEvent, Company, Role


def errors_of(html):
    return re.findall(r'<p class="error" id="([\w-]+)-error">(.*?)</p>', html, re.S)


def test_create_company_from_the_form(login, make_user, session):
    user = make_user(Role.STAFF)
    client = login(user)
    resp = client.submit("/companies/new", {
        "name": "Kuusamon Tunturi Safari Oy", "business_id": "2077474-0",
        "industry_code": "79900", "industry_code_set": "TOL2008", "employees": "12",
        "turnover_eur": "850000", "size_class": "small", "is_anchor": "y", "keywords": "matkailu, safarit",
    })
    assert resp.status_code == 302
    company = session.scalars(select(Company).where(Company.business_id == "2077474-0")).one()
    assert company.city_id == user.city_id and company.is_anchor and company.keywords == ["matkailu", "safarit"]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Kuusamon Tunturi Safari Oy" in page and "2077474-0" in page


def test_invalid_business_id_is_shown_next_to_the_field(login, make_user, session):
    client = login(make_user(Role.STAFF))
    resp = client.submit("/companies/new", {"name": "Virhe Oy", "business_id": "2077474-1"})
    assert resp.status_code == 422
    errs = dict(errors_of(resp.get_data(as_text=True)))
    assert "ei ole kelvollinen Y-tunnus" in errs["business_id"]
    assert 'aria-describedby="business_id-hint business_id-error" aria-invalid="true"' in resp.get_data(as_text=True)
    assert session.scalar(select(func.count(Company.id))) == 0


def test_existing_business_id_links_to_the_company(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    existing = make_company(city=user.city, business_id="2077474-0")
    resp = login(user).submit("/companies/new", {"name": "Kopio Oy", "business_id": "20774740"})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert f'href="/companies/{existing.id}"' in html
    assert session.scalar(select(func.count(Company.id))) == 1


def test_missing_name_and_overlong_text(login, make_user, session):
    client = login(make_user(Role.STAFF))
    resp = client.submit("/companies/new", {"name": "", "description": "x" * 5001})
    errs = dict(errors_of(resp.get_data(as_text=True)))
    assert resp.status_code == 422 and "name" in errs and "description" in errs
    assert session.scalar(select(func.count(Company.id))) == 0


def test_edit_is_audited(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Ennen Oy")
    resp = login(user).submit(f"/companies/{company.id}/edit", {
        "name": "Jälkeen Oy", "business_id": company.business_id, "industry_code_set": "TOL2025",
        "size_class": ""})
    assert resp.status_code == 302
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "company.update")).one()
    assert event.actor_id == user.id and event.before["name"] == "Ennen Oy"


def test_coordinator_chooses_the_town(login, make_user, make_city, session):
    town = make_city(name="Valittu")
    client = login(make_user(Role.COORDINATOR))
    resp = client.submit("/companies/new", {"name": "Verkosto Oy", "city_id": str(town.id)})
    assert resp.status_code == 302
    assert session.scalars(select(Company).where(Company.name == "Verkosto Oy")).one().city_id == town.id


def test_list_is_paginated_and_shows_flags_and_owner(login, make_user, make_company):
    user = make_user(Role.STAFF, name="Olli Omistaja")
    for i in range(30):
        make_company(city=user.city, name=f"Sivutus {i:02d} Oy", owner=user, is_anchor=(i == 0),
                     industry_code="25620", industry_text="Metallituotteiden työstö")
    client = login(user)
    first = client.get("/").get_data(as_text=True)
    assert "Sivutus 00 Oy" in first and "Sivutus 25 Oy" not in first
    assert "Veturi</span>" in first and "Olli Omistaja" in first and "25620" in first
    assert "Sivu 1/2" in first
    second = client.get("/?page=2").get_data(as_text=True)
    assert "Sivutus 25 Oy" in second and "Sivutus 00 Oy" not in second


def test_missing_company_is_404(login, make_user):
    assert login(make_user()).get("/companies/999999").status_code == 404
