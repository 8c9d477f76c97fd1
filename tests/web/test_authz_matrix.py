"""Role x town x action: who gets what. Other towns' rows are always a plain 404."""

import pytest

from app.models import CompanyShare, Role

ROLES = [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER, Role.COORDINATOR]

# (role, whose company, action) -> expected status
EXPECTED = {
    (Role.STAFF, "own", "view"): 200, (Role.STAFF, "other", "view"): 404,
    (Role.STAFF, "shared", "view"): 200,
    (Role.STAFF, "own", "edit"): 200, (Role.STAFF, "other", "edit"): 404,
    (Role.CITY_ADMIN, "own", "view"): 200, (Role.CITY_ADMIN, "other", "view"): 404,
    (Role.CITY_ADMIN, "shared", "view"): 200,
    (Role.CITY_ADMIN, "own", "edit"): 200, (Role.CITY_ADMIN, "other", "edit"): 404,
    (Role.VIEWER, "own", "view"): 200, (Role.VIEWER, "other", "view"): 404,
    (Role.VIEWER, "shared", "view"): 200,
    (Role.VIEWER, "own", "edit"): 403, (Role.VIEWER, "other", "edit"): 404,
    (Role.COORDINATOR, "own", "view"): 200, (Role.COORDINATOR, "other", "view"): 200,
    (Role.COORDINATOR, "shared", "view"): 200,
    (Role.COORDINATOR, "own", "edit"): 200, (Role.COORDINATOR, "other", "edit"): 200,
}


@pytest.mark.parametrize(("role", "whose", "action"), sorted(EXPECTED, key=str))
def test_company_access_matrix(login, make_user, make_company, make_city, session, role, whose, action):
    home = make_city()
    user = make_user(role, city=home)
    company = make_company(city=home if whose == "own" else make_city(),
                           name="Salainen Yritys Oy")
    if whose == "shared":
        session.add(CompanyShare(company_id=company.id, city_id=home.id))
        session.flush()
    client = login(user)
    url = f"/companies/{company.id}" + ("/edit" if action == "edit" else "")
    resp = client.get(url)
    assert resp.status_code == EXPECTED[(role, whose, action)]
    if resp.status_code == 404:
        assert "Salainen Yritys Oy" not in resp.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_posting_to_another_towns_company_changes_nothing(login, make_user, make_company, make_city, session, role):
    user = make_user(role, city=make_city())
    company = make_company(city=make_city(), name="Toisen Kaupungin Oy")
    client = login(user)
    resp = client.submit(f"/companies/{company.id}/edit", {
        "name": "Kaapattu Oy", "business_id": company.business_id, "industry_code_set": "TOL2025",
        "size_class": ""}, page="/")
    session.refresh(company)
    if role is Role.COORDINATOR:
        assert resp.status_code == 302 and company.name == "Kaapattu Oy"
    else:
        assert resp.status_code == 404 and company.name == "Toisen Kaupungin Oy"
        from sqlalchemy import select

        from app.models import AuditEvent
        denied = session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).one()
        assert denied.actor_id == user.id and denied.after["path"] == f"/companies/{company.id}/edit"
        assert denied.after["status"] == 404


@pytest.mark.parametrize(("role", "status"), [(Role.STAFF, 200), (Role.CITY_ADMIN, 200),
                                                (Role.VIEWER, 403), (Role.COORDINATOR, 200)])
def test_new_company_form_by_role(login, make_user, role, status):
    client = login(make_user(role))
    assert client.get("/companies/new").status_code == status


def test_home_list_shows_only_own_town(login, make_user, make_company, make_city):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Oma Yritys Oy")
    make_company(city=make_city(), name="Vieras Yritys Oy")
    html = login(user).get("/").get_data(as_text=True)
    assert "Oma Yritys Oy" in html and "Vieras Yritys Oy" not in html
