"""The owner on the company form, the list and the API; no other town's user can be named, and
the list says what it holds (issue 8 points 1, 6, 8; issue 9 points 1, 9)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Company, Role


@pytest.fixture()
def token_for(app):
    def make(user):
        result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
        assert result.exit_code == 0, result.output
        return {"Authorization": f"Bearer {result.output.strip()}"}

    return make


def _edit_fields(company, **over):
    data = {"name": company.name, "business_id": company.business_id or "",
            "industry_code_set": "TOL2025", "size_class": "", "website": "https://siika.example"}
    data.update(over)
    return data


def _updates(session, company):
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == company.id, AuditEvent.action == "company.update")))


# -- the company form ----------------------------------------------------------------------------

def test_saving_the_form_without_an_owner_field_keeps_the_owner(login, make_user, make_company,
                                                                session):
    staff = make_user(Role.STAFF, name="Hanna Henkilöstö")
    company = make_company(city=staff.city, name="Järvi Siika Oy", owner=staff)
    resp = login(staff).submit(f"/companies/{company.id}/edit", _edit_fields(company))
    assert resp.status_code == 302
    session.refresh(company)
    assert company.owner_id == staff.id and company.website == "https://siika.example"
    assert all("owner_id" not in e.after for e in _updates(session, company))


def test_the_form_offers_and_sets_the_owner(login, make_user, make_company, session):
    staff = make_user(Role.STAFF, name="Hanna Henkilöstö")
    colleague = make_user(Role.CITY_ADMIN, city=staff.city, name="Pekka Pääkäyttäjä")
    viewer = make_user(Role.VIEWER, city=staff.city, name="Kalle Katselija")
    stranger = make_user(Role.STAFF, name="Raili Raahelainen")
    company = make_company(city=staff.city, owner=staff)
    client = login(staff)
    page = client.get(f"/companies/{company.id}/edit").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="owner_id".*?</select>', page, re.S).group(0)
    assert f'<option selected value="{staff.id}">' in select_html
    assert colleague.name in select_html
    assert viewer.name not in select_html and stranger.name not in select_html
    resp = client.submit(f"/companies/{company.id}/edit",
                         _edit_fields(company, owner_id=str(colleague.id)))
    assert resp.status_code == 302
    session.refresh(company)
    assert company.owner_id == colleague.id
    assert colleague.name in client.get(f"/companies/{company.id}").get_data(as_text=True)


def test_staff_cannot_make_another_towns_user_the_owner(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    stranger = make_user(Role.STAFF, name="Raili Raahelainen")
    company = make_company(city=staff.city)
    client = login(staff)
    answers = []
    for owner in (stranger.id, 2_000_000_000):
        resp = client.submit(f"/companies/{company.id}/edit",
                             _edit_fields(company, owner_id=str(owner)))
        answers.append((resp.status_code, re.findall(r'id="owner_id-error">(.*?)<',
                                                     resp.get_data(as_text=True))))
    assert answers[0] == answers[1] and answers[0][0] == 422 and answers[0][1]
    resp = client.submit("/companies/new", {"name": "Uusi Oy", "owner_id": str(stranger.id)})
    assert resp.status_code == 422
    session.refresh(company)
    assert company.owner_id is None
    assert session.scalar(select(func.count(Company.id))) == 1
    assert stranger.name not in client.get(f"/companies/{company.id}").get_data(as_text=True)


# -- the API -------------------------------------------------------------------------------------

def test_api_refuses_another_towns_owner_as_an_unknown_id(client, make_user, make_company,
                                                          session, token_for, login):
    staff = make_user(Role.STAFF)
    stranger = make_user(Role.STAFF, name="Raili Raahelainen")
    headers = token_for(staff)
    bodies = []
    for owner in (stranger.id, 2_000_000_000):
        resp = client.post("/api/v1/companies", json={"name": "Uusi Oy", "owner_id": owner},
                           headers=headers)
        bodies.append((resp.status_code, resp.get_json()))
    assert bodies[0] == bodies[1] and bodies[0][0] == 422
    assert "owner_id" in bodies[0][1]["errors"]
    company = make_company(city=staff.city)
    patched = []
    for owner in (stranger.id, 2_000_000_000):
        resp = client.patch(f"/api/v1/companies/{company.id}", json={"owner_id": owner},
                            headers=headers)
        patched.append((resp.status_code, resp.get_json()))
    assert patched[0] == patched[1] and patched[0][0] == 422
    session.refresh(company)
    assert company.owner_id is None
    assert session.scalar(select(func.count(Company.id))) == 1
    page = login(staff).get(f"/companies/{company.id}").get_data(as_text=True)
    assert stranger.name not in page


def test_api_patch_changes_only_what_it_sends(client, make_user, make_company, session,
                                              token_for):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city, owner=staff, description="Kalanjalostus",
                           turnover_eur=Decimal("56677324.00"), is_anchor=True)
    headers = token_for(staff)
    resp = client.patch(f"/api/v1/companies/{company.id}", json={"employees": 14},
                        headers=headers)
    assert resp.status_code == 200, resp.get_json()
    session.refresh(company)
    assert (company.employees, company.owner_id, company.description, company.is_anchor) == (
        14, staff.id, "Kalanjalostus", True)
    assert [e.after for e in _updates(session, company)] == [{"employees": 14}]
    resp = client.patch(f"/api/v1/companies/{company.id}", json={"owner_id": colleague.id},
                        headers=headers)
    assert resp.status_code == 200 and resp.get_json()["owner_id"] == colleague.id
    other = make_company()
    resp = client.patch(f"/api/v1/companies/{other.id}", json={"employees": 1}, headers=headers)
    assert resp.status_code == 404
    session.refresh(other)
    assert other.employees is None


# -- the list ------------------------------------------------------------------------------------

def test_assign_an_owner_to_several_companies_from_the_list(login, make_user, make_company,
                                                            session):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city, name="Pekka Kollega")
    first, second = make_company(city=staff.city), make_company(city=staff.city)
    client = login(staff)
    page = client.get("/?q=").get_data(as_text=True)
    assert 'form="assign-owner"' in page and colleague.name in page
    resp = client.submit("/companies/assign-owner", {
        "company_ids": [str(first.id), str(second.id)], "owner_id": str(colleague.id),
        "query": "anchor=yes&next=//evil.example"}, page="/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/?anchor=yes"
    session.refresh(first)
    session.refresh(second)
    assert first.owner_id == second.owner_id == colleague.id
    assert len(_updates(session, first)) == len(_updates(session, second)) == 1


def test_list_assignment_refuses_another_towns_company_or_user(login, make_user, make_company,
                                                               session):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    mine, theirs = make_company(city=staff.city), make_company()
    client = login(staff)
    resp = client.submit("/companies/assign-owner", {
        "company_ids": [str(mine.id), str(theirs.id)], "owner_id": str(colleague.id)}, page="/")
    assert resp.status_code == 404
    resp = client.submit("/companies/assign-owner", {
        "company_ids": [str(mine.id)], "owner_id": str(make_user(Role.STAFF).id)}, page="/")
    assert resp.status_code == 302
    session.refresh(mine)
    assert mine.owner_id is None and _updates(session, mine) == []


def test_viewer_gets_no_assignment_and_the_filter_lists_only_assignable(login, make_user,
                                                                        make_company):
    viewer = make_user(Role.VIEWER, name="Kalle Katselija")
    staff = make_user(Role.STAFF, city=viewer.city, name="Hanna Henkilöstö")
    make_company(city=viewer.city)
    page = login(viewer).get("/").get_data(as_text=True)
    assert 'id="assign-owner"' not in page
    owner_filter = re.search(r'<select[^>]*name="owner".*?</select>', page, re.S).group(0)
    assert staff.name in owner_filter and viewer.name not in owner_filter


def test_coordinator_list_is_the_networks_and_shows_the_town(login, make_user, make_company,
                                                             make_city):
    home = make_city(name="Iisalmi")
    coordinator = make_user(Role.COORDINATOR, city=home)
    make_company(city=home, name="Iisalmen Oy")
    make_company(city=make_city(name="Raahe"), name="Raahen Oy")
    client = login(coordinator)
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Verkoston yritykset</h1>" in page
    assert "<th scope=\"col\">Kaupunki</th>" in page and "<td>Raahe</td>" in page
    page = client.get(f"/?city_id={home.id}").get_data(as_text=True)
    assert "<h1>Iisalmi: yritykset</h1>" in page and "Raahen Oy" not in page


def test_staff_list_names_its_town(login, make_user, make_company, make_city):
    staff = make_user(Role.STAFF, city=make_city(name="Iisalmi"))
    make_company(city=staff.city)
    page = login(staff).get("/").get_data(as_text=True)
    assert "<h1>Iisalmi: yritykset</h1>" in page and "<td>Iisalmi</td>" not in page


# -- the duplicate business ID -------------------------------------------------------------------

def test_duplicate_of_another_towns_company_has_no_link(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    other = make_company(business_id="2077474-0")
    resp = login(staff).submit("/companies/new", {"name": "Kopio Oy", "business_id": "2077474-0"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert f"/companies/{other.id}" not in html and "Y-tunnus" in html
    assert session.scalar(select(func.count(Company.id))) == 1


# -- the call page's company list says whose companies it holds ------------------------------------

from tests.services.test_matches import make_call, town  # noqa: E402, F401  (fixtures)
from tests.web.test_matches import matched, outsider_company  # noqa: E402, F401  (fixtures)


def test_call_page_for_the_coordinator_is_the_networks_with_the_town(
    login, make_user, matched, outsider_company  # noqa: F811
):
    staff, metal, _bakery, calls = matched
    section = lambda page: page[page.index('id="matches-h"'):page.index('id="history-h"')]  # noqa: E731
    client = login(staff)
    mine = section(client.get(f"/calls/{calls['robot'].id}").get_data(as_text=True))
    assert "Kaupunkisi yritykset" in mine and "<th scope=\"col\">Kaupunki</th>" not in mine
    client.submit("/logout", page="/")
    coordinator = make_user(Role.COORDINATOR, city=staff.city)
    network = section(login(coordinator).get(f"/calls/{calls['robot'].id}").get_data(as_text=True))
    assert "Kaupunkisi" not in network and "Verkoston yritykset" in network
    assert "<th scope=\"col\">Kaupunki</th>" in network
    assert f"<td>{outsider_company.city.name_fi}</td>" in network


# -- assignees and participants: the web forms and the API refuse another town's user ------------

def test_staff_cannot_assign_another_towns_user_to_a_task_or_a_contact(
    client, login, make_user, make_company, session, token_for
):
    from datetime import date

    from app.models import Interaction, Task

    staff = make_user(Role.STAFF)
    stranger = make_user(Role.STAFF, name="Raili Raahelainen")
    company = make_company(city=staff.city)
    headers = token_for(staff)
    login(staff)
    form = client.get(f"/companies/{company.id}/tasks/new").get_data(as_text=True)
    assert stranger.name not in form
    resp = client.submit(f"/companies/{company.id}/tasks/new",
                         {"title": "Soita", "assignee_id": str(stranger.id)})
    assert resp.status_code == 422
    today = date.today().isoformat()
    answers = []
    for user_id in (stranger.id, 2_000_000_000):
        resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=headers, json={
            "kind": "phone", "occurred_on": today, "summary": "Soitto",
            "staff_ids": [staff.id, user_id]})
        answers.append((resp.status_code, resp.get_json()))
        resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=headers, json={
            "kind": "phone", "occurred_on": today, "summary": "Soitto",
            "follow_up": {"title": "Soita", "assignee_id": user_id}})
        answers.append((resp.status_code, resp.get_json()))
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert {status for status, _body in answers} == {422}
    assert session.scalar(select(func.count(Task.id))) == 0
    assert session.scalar(select(func.count(Interaction.id))) == 0
    assert stranger.name not in client.get(f"/companies/{company.id}").get_data(as_text=True)
