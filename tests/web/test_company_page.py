"""The company page: profile sidebar, panels, the activity timeline and its GET filter, and the
"Log a contact" form opened in place."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.clock import today
from app.models import Contact, Interaction, InteractionKind, Role, Task
from app.services import pipeline
from tests.services.test_matches import make_call  # noqa: F401  (fixture)


def _section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start:html.index("</section>", start)]


def _busy_company(session, make_user, make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, municipality_code=user.city.code)
    person = Contact(company=company, first_name="Aino", last_name="Mäki",
                     email="aino@example.fi", phone="040 123 4567")
    session.add(person)
    session.add(Interaction(company=company, occurred_on=today() - timedelta(days=5),
                            kind=InteractionKind.PHONE, summary="Soitettiin kasvuaikeista.",
                            topics=[], created_by=user, staff=[user], contacts=[person]))
    session.add(Interaction(company=company, occurred_on=today() - timedelta(days=1),
                            kind=InteractionKind.NOTE, summary="Muistiinpano tuonnista.",
                            topics=[], created_by=user, staff=[user]))
    session.add(Task(company=company, title="Lähetä hakuohjeet", created_by=user, assignee=user,
                     due_on=today() + timedelta(days=3)))
    session.flush()
    pipeline.move_company(session, user, company.id, "identified", expected_stage=None)
    return user, company


def test_profile_sidebar_panels_and_timeline(login, make_user, make_company, session):
    user, company = _busy_company(session, make_user, make_company)
    html = login(user).get(f"/companies/{company.id}").get_data(as_text=True)
    side = html[html.index('class="company-side"'):html.index('class="company-main"')]
    assert 'href="tel:0401234567"' in side and 'href="mailto:aino@example.fi"' in side
    assert "Vastuuhenkilö" in side  # the owner is a fact of the profile
    # the municipality code is the town's own: shown once, as the town
    assert "Kuntanumero" not in html
    main = html[html.index('class="company-main"'):]
    assert main.index('class="panels"') < main.index('id="timeline-h"')
    assert "Avoimet tehtävät" in main[:main.index('id="timeline-h"')]
    timeline = _section(html, "timeline-h")
    # newest first: the stage move (today), the note (yesterday), the task (today), the call
    assert timeline.index("Muistiinpano tuonnista.") < timeline.index("Soitettiin kasvuaikeista.")
    assert "Lisätty putkeen vaiheeseen Tunnistettu" in timeline
    assert "Tehtävä lisätty: Lähetä hakuohjeet" in timeline
    # the form opens in place, with a single "Log a contact" entry point on the page
    assert html.count('id="log-contact"') == 1
    assert re.search(r'<details class="log-contact" id="log-contact"', html)
    assert f'action="/companies/{company.id}/interactions/new"' in html


def test_timeline_filter_is_a_plain_get(login, make_user, make_company, session):
    user, company = _busy_company(session, make_user, make_company)
    client = login(user)
    html = client.get(f"/companies/{company.id}?kind=note").get_data(as_text=True)
    timeline = _section(html, "timeline-h")
    assert "Muistiinpano tuonnista." in timeline
    assert "Soitettiin kasvuaikeista." not in timeline and "Tunnistettu" not in timeline
    assert 'id="kind-note" checked' in timeline
    both = _section(client.get(f"/companies/{company.id}?kind=contact&kind=stage")
                    .get_data(as_text=True), "timeline-h")
    assert "Soitettiin kasvuaikeista." in both and "Tunnistettu" in both
    assert "Muistiinpano tuonnista." not in both
    # a made-up kind falls back to everything rather than an error
    resp = client.get(f"/companies/{company.id}?kind=nonsense")
    assert resp.status_code == 200 and "Muistiinpano tuonnista." in resp.get_data(as_text=True)


def test_empty_timeline_says_what_to_do(login, make_user, make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    client = login(user)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    timeline = _section(html, "timeline-h")
    assert "Kirjaa ensimmäinen yhteydenotto" in timeline
    filtered = _section(client.get(f"/companies/{company.id}?kind=match")
                        .get_data(as_text=True), "timeline-h")
    assert "Tällaisia tapahtumia ei vielä ole." in filtered


def test_viewer_sees_the_timeline_but_no_form(login, make_user, make_company, session):
    user, company = _busy_company(session, make_user, make_company)
    viewer = make_user(Role.VIEWER, city=user.city)
    html = login(viewer).get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Soitettiin kasvuaikeista." in html
    assert 'id="log-contact"' not in html


def test_other_towns_company_page_is_not_found(login, make_user, make_company, make_city, session):
    _user, company = _busy_company(session, make_user, make_company)
    stranger = make_user(Role.STAFF, city=make_city())
    assert login(stranger).get(f"/companies/{company.id}?kind=note").status_code == 404


def test_log_a_contact_in_place_goes_back_to_the_timeline(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    client = login(user)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    # phone call first among the kinds, today's date and the actor filled in
    kinds = re.findall(r'<option[^>]*value="(\w+)"', html[html.index('id="kind"'):])
    assert kinds[0] == "phone"
    assert f'value="{today().isoformat()}"' in html
    resp = client.submit(f"/companies/{company.id}/interactions/new", {
        "kind": "phone", "occurred_on": today().strftime("%d.%m.%Y"),  # typed by hand: accepted
        "summary": "Sovittiin tapaaminen.", "staff_ids": str(user.id),
        "follow_up_assignee_id": ""}, page=f"/companies/{company.id}")
    assert resp.status_code == 302 and resp.location.endswith("#timeline-h")
    assert session.scalar(select(func.count(Interaction.id))) == 1


def test_completing_a_task_offers_to_log_its_outcome(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    task = Task(company=company, title="Soita rahoituksesta", created_by=user, assignee=user)
    session.add(task)
    session.flush()
    client = login(user)
    resp = client.submit(f"/tasks/{task.id}/complete", {}, page=f"/companies/{company.id}")
    session.refresh(task)
    assert resp.status_code == 302 and task.done_at is not None
    html = client.get(resp.location).get_data(as_text=True)
    assert "Tehtävä tehty." in html and "Kirjaa tulos yhteydenotoksi" in html
    link = re.search(r'href="([^"]*/interactions/new[^"]*)">Kirjaa tulos', html).group(1)
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Tehtävän Soita rahoituksesta tulos:" in form  # the summary is started for the user


def test_proposing_a_call_opens_the_contact_with_a_follow_up(login, session, make_user,
                                                             make_company, make_call):  # noqa: F811
    from app.models.matches import Match, MatchStatus

    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    call = make_call("Kasvun haku", "Kasvuyrityksille.")
    match = Match(company_id=company.id, call_id=call.id, score=70.0, components={},
                  reasons=[], status=MatchStatus.NEW)
    session.add(match)
    session.flush()
    client = login(user)
    resp = client.submit(f"/matches/{match.id}/status", {"status": "proposed"},
                         page=f"/companies/{company.id}")
    assert resp.status_code == 302 and "/interactions/new" in resp.location
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED
    form = client.get(resp.location).get_data(as_text=True)
    assert "Ehdotettiin yritykselle rahoitushakua Kasvun haku." in form
    assert 'value="Kysy, hakeeko yritys: Kasvun haku"' in form
    due = (today() + timedelta(days=14)).isoformat()
    assert f'value="{due}"' in form
    assert "Ehdotettu yritykselle" in form  # the flash says what to do
