import json
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from app.models import Contact, Interaction, Role, Task


def test_log_a_contact_with_a_follow_up_from_the_company_page(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    person = Contact(company=company, first_name="Aino", last_name="Mäki")
    session.add(person)
    session.flush()
    client = login(user)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert f'/companies/{company.id}/interactions/new' in page
    due = date.today() + timedelta(days=7)
    resp = client.submit(f"/companies/{company.id}/interactions/new", {
        "kind": "visit", "occurred_on": date.today().isoformat(), "summary": "Tutustuttiin tuotantoon.",
        "topics": "rahoitus, vienti", "contact_ids": str(person.id), "staff_ids": str(user.id),
        "follow_up_title": "Lähetä Business Finlandin ohjeet", "follow_up_due_on": due.isoformat(),
        "follow_up_assignee_id": str(user.id)})
    assert resp.status_code == 302
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Tutustuttiin tuotantoon." in page and "Lähetä Business Finlandin ohjeet" in page
    assert "Aino Mäki" in page and "Yritysvierailu" in page
    assert session.scalar(select(func.count(Task.id))) == 1


def test_future_date_is_refused_next_to_the_field(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/interactions/new", {
        "kind": "meeting", "occurred_on": (date.today() + timedelta(days=3)).isoformat(),
        "summary": "Tuleva", "staff_ids": str(user.id), "follow_up_assignee_id": ""})
    assert resp.status_code == 422
    assert re.search(r'id="occurred_on-error">[^<]*tulevaisuudessa', resp.get_data(as_text=True))
    assert session.scalar(select(func.count(Interaction.id))) == 0


def test_posting_to_another_towns_company_is_404_and_writes_nothing(login, make_user, make_company, make_city, session):
    user = make_user(Role.STAFF)
    other = make_company(city=make_city())
    resp = login(user).submit(f"/companies/{other.id}/interactions/new", {
        "kind": "meeting", "occurred_on": date.today().isoformat(), "summary": "x"}, page="/")
    assert resp.status_code == 404
    assert session.scalar(select(func.count(Interaction.id))) == 0


def test_log_shortcut_finds_the_company_as_you_type(login, make_user, make_company, make_city):
    user = make_user(Role.STAFF)
    mine = make_company(city=user.city, name="Kallion Konepaja Oy")
    make_company(city=make_city(), name="Kallion Konepaja Ab")  # another town's namesake
    client = login(user)
    data = client.get("/companies/suggest?q=kallion konepja").get_json()
    assert [i["id"] for i in data["items"]] == [mine.id]
    assert data["items"][0]["url"].endswith(f"/companies/{mine.id}/interactions/new")
    html = client.get("/log?q=konepaja").get_data(as_text=True)  # the same without JavaScript
    assert f"/companies/{mine.id}/interactions/new" in html and "Ab" not in html


def test_task_actions_and_calendar_export(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Kalenteri Oy")
    task = Task(company=company, title="Soita toimitusjohtajalle", due_on=date.today(), assignee=user)
    session.add(task)
    session.flush()
    client = login(user)
    assert "Soita toimitusjohtajalle" in client.get("/tasks").get_data(as_text=True)
    new_due = date.today() + timedelta(days=10)
    client.submit(f"/tasks/{task.id}/reschedule", {"due_on": new_due.isoformat(), "next": "/tasks"}, page="/tasks")
    session.refresh(task)
    assert task.due_on == new_due
    ics = client.get(f"/tasks/{task.id}.ics")
    body = ics.get_data(as_text=True)
    assert ics.mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in body and f"DTSTART;VALUE=DATE:{new_due:%Y%m%d}" in body
    assert "Soita toimitusjohtajalle – Kalenteri Oy" in body
    client.submit(f"/tasks/{task.id}/complete", {"next": "/tasks"}, page="/tasks")
    session.refresh(task)
    assert task.is_done
    assert "Soita toimitusjohtajalle" not in client.get("/tasks").get_data(as_text=True)
    assert client.post(f"/tasks/{task.id}/reopen").status_code == 400  # no CSRF token
    session.refresh(task)
    assert task.is_done


def test_contact_person_add_export_and_erase(login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN)
    company = make_company(city=admin.city)
    client = login(admin)
    resp = client.submit(f"/companies/{company.id}/contacts/new", {
        "first_name": "Eero", "last_name": "Esimerkki", "email": "eero@example.fi",
        "has_marketing_consent": "y"})
    assert resp.status_code == 302
    contact = session.scalars(select(Contact).where(Contact.company_id == company.id)).one()
    assert contact.has_marketing_consent and contact.marketing_consent_at is not None
    exported = client.get(f"/contacts/{contact.id}/export.json")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert json.loads(exported.get_data(as_text=True))["person"]["email"] == "eero@example.fi"
    confirm = client.get(f"/contacts/{contact.id}/erase").get_data(as_text=True)
    assert "Eero Esimerkki" in confirm
    client.submit(f"/contacts/{contact.id}/erase", page=f"/contacts/{contact.id}/erase")
    session.refresh(contact)
    assert contact.erased_at is not None and contact.email is None
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Eero" not in page and "Poistettu henkilö" in page


def test_staff_cannot_erase_or_see_the_stale_report(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    contact = Contact(company=company, first_name="Säilyvä", last_name="Henkilö")
    session.add(contact)
    session.flush()
    client = login(staff)
    assert client.get(f"/contacts/{contact.id}/erase").status_code == 403
    assert client.get("/contacts/stale").status_code == 403


def test_reassign_from_the_tasks_page(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=user.city, name="Kalle Kollega")
    company = make_company(city=user.city)
    task = Task(company=company, title="Siirrettävä", due_on=date.today(), assignee=user)
    session.add(task)
    session.flush()
    client = login(user)
    html = client.get("/tasks").get_data(as_text=True)
    assert f'id="assignee-{task.id}"' in html and "Kalle Kollega" in html
    client.submit(f"/tasks/{task.id}/reassign", {"assignee_id": str(colleague.id), "next": "/tasks"}, page="/tasks")
    session.refresh(task)
    assert task.assignee_id == colleague.id
