from sqlalchemy import select

from app.models import AuditEvent, Contact, Role


def test_duplicates_page_merge_and_undo_from_the_audit_log(login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN)
    keep = make_company(city=admin.city, name="Kallion Konepaja Oy", municipality_code="140")
    drop = make_company(city=admin.city, name="Kallion Konepaja", municipality_code="140", business_id=None)
    person = Contact(company=drop, first_name="Aino", last_name="Mäki")
    session.add(person)
    session.flush()
    client = login(admin)
    page = client.get("/companies/duplicates").get_data(as_text=True)
    assert "Sama nimi" in page and f"a={keep.id}" in page
    compare = client.get(f"/companies/merge?a={keep.id}&b={drop.id}").get_data(as_text=True)
    assert "Kallion Konepaja Oy" in compare and 'type="radio"' in compare
    resp = client.submit("/companies/merge", {"a": keep.id, "b": drop.id, "keep": str(keep.id)},
                         page=f"/companies/merge?a={keep.id}&b={drop.id}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/companies/{keep.id}")
    session.refresh(person)
    assert person.company_id == keep.id
    log = client.get("/audit?action=company.merge").get_data(as_text=True)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "company.merge")).one()
    assert f"/audit/{event.id}/undo-merge" in log
    client.submit(f"/audit/{event.id}/undo-merge", page="/audit")
    session.refresh(person)
    session.refresh(drop)
    assert person.company_id == drop.id and drop.merged_into_id is None


def test_audit_log_is_for_admins_and_scoped_to_their_town(login, make_user, make_company, make_city, session):
    from app.services import audit

    admin = make_user(Role.CITY_ADMIN)
    other_town = make_city()
    audit.record(session, admin, "company.update", entity="company", entity_id=1, city_id=admin.city_id, after={"name": "Oma"})
    audit.record(session, None, "company.update", entity="company", entity_id=2, city_id=other_town.id, after={"name": "Vieras"})
    session.flush()
    staff = make_user(Role.STAFF, city=admin.city)
    from tests.conftest import TEST_PASSWORD
    client = login(admin)
    html = client.get("/audit").get_data(as_text=True)
    assert "Oma" in html and "Vieras" not in html
    assert client.get(f"/audit?user_id={admin.id}").status_code == 200
    other = client.application.test_client()
    other.submit("/login", {"email": staff.email, "password": TEST_PASSWORD})
    assert other.get("/audit").status_code == 403
    coordinator = make_user(Role.COORDINATOR)
    third = client.application.test_client()
    third.submit("/login", {"email": coordinator.email, "password": TEST_PASSWORD})
    html = third.get("/audit").get_data(as_text=True)
    assert "Oma" in html and "Vieras" in html


def test_a_merge_across_towns_asks_the_coordinator_to_confirm_what_moves(
        login, make_user, make_company, make_city, session):
    from app.models import CompanyShare

    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    other = make_city(name="Kuopio")
    keep = make_company(city=staff.city, name="Kallion Konepaja Oy")
    drop = make_company(city=other, name="Kallion Konepaja", business_id=None)
    person = Contact(company=drop, first_name="Aino", last_name="Mäki")
    session.add_all([person, CompanyShare(company=drop, city_id=staff.city_id)])
    session.flush()
    url = f"/companies/merge?a={keep.id}&b={drop.id}"
    client = login(staff)
    assert client.get(url).status_code == 403  # staff see both, but may not move Kuopio's data
    client.submit("/logout", page="/")
    client = login(coordinator)
    page = client.get(url).get_data(as_text=True)
    assert 'name="confirm_moves"' in page and "Kuopio" in page
    resp = client.submit("/companies/merge", {"a": keep.id, "b": drop.id, "keep": str(keep.id)},
                         page=url)
    assert resp.status_code == 422 and "Kuopio" in resp.get_data(as_text=True)
    session.refresh(person)
    assert person.company_id == drop.id
    resp = client.submit("/companies/merge", {"a": keep.id, "b": drop.id, "keep": str(keep.id),
                                              "confirm_moves": "y"}, page=url)
    assert resp.status_code == 302
    session.refresh(person)
    assert person.company_id == keep.id
