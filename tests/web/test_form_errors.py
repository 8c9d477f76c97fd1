"""Every error of a form shows on the first submit, WTForms' and the service's together, and the
summary at the top links each one to its field."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from app.models import Company, Contact, Interaction, Role, Task


def _error(html: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    return found.group(1) if found else ""


def _summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([\w-]+)">', summary.group(0))


def test_interaction_form_shows_required_and_future_date_at_once(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/interactions/new", {
        "kind": "meeting", "occurred_on": (date.today() + timedelta(days=3)).isoformat(),
        "summary": "   ", "staff_ids": str(user.id), "follow_up_assignee_id": ""})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _error(html, "summary")  # WTForms' own check
    assert "tulevaisuudessa" in _error(html, "occurred_on")  # the service's, in the same round
    assert _summary_links(html) == ["occurred_on", "summary"]
    assert session.scalar(select(func.count(Interaction.id))) == 0


def test_two_service_errors_of_an_interaction_come_together(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/interactions/new", {
        "kind": "meeting", "occurred_on": (date.today() + timedelta(days=3)).isoformat(),
        "summary": "Palaveri", "staff_ids": str(user.id), "follow_up_title": "Soita",
        "follow_up_due_on": (date.today() - timedelta(days=3)).isoformat(),
        "follow_up_assignee_id": ""})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _error(html, "occurred_on") and _error(html, "follow_up_due_on")
    assert session.scalar(select(func.count(Task.id))) == 0


def test_company_form_shows_every_service_error(login, make_user, session):
    user = make_user(Role.STAFF)
    resp = login(user).submit("/companies/new", {
        "name": "", "business_id": "1234567-8", "industry_code": "abc",
        "municipality_code": "1x", "industry_code_set": "TOL2025", "size_class": ""})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    for field in ("name", "business_id", "industry_code", "municipality_code"):
        assert _error(html, field), field
    assert _summary_links(html) == ["name", "business_id", "industry_code", "municipality_code"]
    assert session.scalar(select(func.count(Company.id))) == 0


def test_contact_form_shows_required_and_bad_email_at_once(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/contacts/new", {
        "first_name": "Aino", "last_name": "", "email": "ei-osoite"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _error(html, "last_name") and _error(html, "email")
    assert session.scalar(select(func.count(Contact.id))) == 0


def test_task_form_summary_links_to_the_field(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/tasks/new", {"title": " ", "assignee_id": ""})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _summary_links(html) == ["title"]
    assert 'tabindex="-1"' in html and "error-summary.js" in html
    assert session.scalar(select(func.count(Task.id))) == 0


def test_call_form_shows_the_missing_title_and_the_bad_link_at_once(login, make_user, session):
    from app.models.funding_calls import FundingCall

    before = session.scalar(select(func.count(FundingCall.id)))
    resp = login(make_user(Role.COORDINATOR)).submit("/calls/new", {
        "title": "", "kind": "call", "status": "open", "url": "ftp://rahoitus.example/haku"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _error(html, "title") and "http://" in _error(html, "url")
    assert _summary_links(html) == ["title", "url"]
    assert session.scalar(select(func.count(FundingCall.id))) == before


def test_source_form_shows_the_bad_address_and_the_bad_schedule_at_once(login, make_user, session):
    from tests.services.test_funding_harvest_payloads import add_source

    source = add_source(session, "sitra", "rss", "https://www.sitra.fi/feed/")
    resp = login(make_user(Role.COORDINATOR)).submit(
        f"/funding/sources/{source.id}/edit",
        {"enabled": "y", "url": "ftp://mirror.example/feed", "schedule": "every day"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _error(html, "url") and _error(html, "schedule")
    session.refresh(source)
    assert source.url == "https://www.sitra.fi/feed/" and source.schedule is None
