"""The calls list, a call's page and calendar, and manual calls, on calls harvested from the
saved real payloads served locally."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Role
from app.models.funding_calls import CallStatus, FundingCall, FundingCallVersion
from app.services.funding import harvest
from tests.services.test_funding_harvest_payloads import (
    NOW,
    OPEN_TOPIC,
    TODAY,
    add_source,
    eu_page_with_deadline,
    eu_page_without,
    eu_server,
    eura_server,
    hae_server,
    http,
)


@pytest.fixture()
def harvested(session, httpserver):
    """The EU page, the haeavustuksia item and the EURA row, harvested once."""
    eu, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    _, eura_url = eura_server(httpserver)
    add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    add_source(session, "eura2021", "eura2021", eura_url)
    runs = harvest.run_all(session, http=http(), today=TODAY, now=NOW)
    assert all(r.status.value == "ok" for r in runs)
    return eu


def _titles(html):
    return re.findall(r'<a href="/calls/\d+"[^>]*>([^<]+)</a>', html)


def _call(session, source_id):
    return session.scalars(select(FundingCall).where(FundingCall.source_id == source_id)).one()


def test_list_shows_every_current_call_with_its_next_deadline(login, make_user, session, harvested):
    html = login(make_user(Role.STAFF, language="en")).get("/calls").get_data(as_text=True)
    assert "10 calls" in html and len(_titles(html)) == 10
    assert "Yksityisteiden valtionavustukset" in html and "Continuous" in html
    # upcoming deadlines first (soonest first), then continuous or unknown, then past ones
    deadlines = {c.title: c.next_deadline_at for c in session.scalars(select(FundingCall))}
    now = datetime.now(UTC)
    keys = [(0, d) if d and d >= now else (1, None) if d is None else (2, d)
            for d in (deadlines[t] for t in _titles(html))]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1] or now))
    assert {k[0] for k in keys} >= {1, 2}


@pytest.mark.parametrize(("query", "expected"), [
    ("q=SOIL+health", ["Living labs to enhance soil health"]),
    ("q=yksityisteiden", ["Yksityisteiden valtionavustukset"]),
    ("q=esaely-002", ["Valtakunnallinen Innovaatio- ja osaamisverkostot"]),
    ("status=open", ["Approaches and tools", "SSbD bio-based", "Yksityisteiden"]),
    ("deadline_from=2026-09-01&deadline_to=2026-09-30", ["Approaches and tools", "SSbD bio-based"]),
    ("programme=Euroopan+aluekehitysrahasto+%28EAKR%29", ["Valtakunnallinen Innovaatio"]),
    ("status=open&q=hardware", ["Approaches and tools"]),
])
def test_list_filters(login, make_user, harvested, query, expected):
    html = login(make_user(Role.STAFF, language="en")).get(f"/calls?{query}").get_data(as_text=True)
    titles = _titles(html)
    assert len(titles) == len(expected), titles
    for prefix in expected:
        assert any(t.startswith(prefix) for t in titles), (prefix, titles)


def test_applicant_filter_keeps_calls_that_do_not_say(login, make_user, session, harvested):
    client = login(make_user(Role.COORDINATOR, language="en"))
    client.submit("/calls/new", {"title": "Research-only grant", "status": "open", "kind": "call",
                                 "applicant_types": ["research"]})
    client.submit("/calls/new", {"title": "Company-only grant", "status": "open", "kind": "call",
                                 "applicant_types": ["company"]})
    titles = _titles(client.get("/calls?applicant_type=company").get_data(as_text=True))
    assert "Company-only grant" in titles and "Research-only grant" not in titles
    assert len(titles) == 11  # the ten harvested calls state no applicant types


def test_withdrawn_calls_only_when_asked_for(login, make_user, session, harvested, httpserver):
    harvested.payload = eu_page_without(OPEN_TOPIC)
    harvest.run_all(session, http=http(), today=TODAY, now=NOW + timedelta(days=1))
    client = login(make_user(Role.STAFF, language="en"))
    assert not any(t.startswith("Approaches") for t in _titles(client.get("/calls").get_data(as_text=True)))
    titles = _titles(client.get("/calls?status=withdrawn").get_data(as_text=True))
    assert len(titles) == 1 and titles[0].startswith("Approaches and tools")


def test_call_page_shows_deadline_in_helsinki_time_and_the_version_history(
        login, make_user, session, harvested):
    harvested.payload = eu_page_with_deadline(OPEN_TOPIC, "2026-10-01T00:00:00.000+0000")
    harvest.run_all(session, http=http(), today=TODAY, now=NOW + timedelta(days=1))
    call = _call(session, OPEN_TOPIC)
    html = login(make_user(Role.STAFF, language="en")).get(f"/calls/{call.id}").get_data(as_text=True)
    # 17:00 Brussels is 18:00 in Helsinki, written in the reader's (English) locale
    assert "Thursday 1 Oct 2026, 18:00" in html and "Helsinki time" in html
    assert "Version history" in html and "Deadlines:</strong>" in html
    assert "15 Sept 2026, 18:00 → 1 Oct 2026, 18:00" in html  # one style: British, day first
    assert f'href="{call.url}"' in html and "Matched companies in your town" in html
    assert f'href="/calls/{call.id}.ics"' in html


def test_call_page_in_finnish(login, make_user, session, harvested):
    call = _call(session, OPEN_TOPIC)
    html = login(make_user(Role.VIEWER)).get(f"/calls/{call.id}").get_data(as_text=True)
    assert "tiistai 15.9.2026 18.00" in html and "Määräajat" in html


def test_source_text_is_shown_as_plain_text(login, make_user, session):
    client = login(make_user(Role.COORDINATOR, language="en"))
    resp = client.submit("/calls/new", {"title": "Grant <b>bold</b>", "status": "open", "kind": "call",
                                        "description": "<script>alert(1)</script>\nline two"})
    assert resp.status_code == 302
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Grant &lt;b&gt;bold&lt;/b&gt;" in html


def test_ics_export_has_each_deadline(login, make_user, session, harvested):
    call = _call(session, "HORIZON-MISS-2027-05-SOIL-01-two-stage")
    resp = login(make_user(Role.STAFF, language="en")).get(f"/calls/{call.id}.ics")
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    body = resp.get_data(as_text=True).replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == 2
    # 17:00 Brussels (summer time) is 15:00 UTC
    assert "DTSTART:20270408T150000Z" in body and "DTSTART:20270914T150000Z" in body
    assert "SUMMARY:Deadline: Living labs to enhance soil health" in body
    assert f"UID:veturi-call-{call.id}-deadline-1@veturi" in body and "BEGIN:VALARM" in body


def test_unknown_call_is_404(login, make_user):
    client = login(make_user(Role.STAFF))
    assert client.get("/calls/999999").status_code == 404
    assert client.get("/calls/999999.ics").status_code == 404


def test_coordinator_adds_a_manual_call_with_helsinki_deadlines(login, make_user, session):
    client = login(make_user(Role.COORDINATOR))
    resp = client.submit("/calls/new", {
        "title": "Tempo", "kind": "call", "status": "open", "funder": "Business Finland",
        "url": "https://www.businessfinland.fi/", "deadlines": "1.10.2026 16.00\n2026-12-01",
        "budget_eur": "60000", "applicant_types": ["company"], "keywords": "kasvu\nvienti"})
    assert resp.status_code == 302
    call = session.scalars(select(FundingCall).where(FundingCall.title == "Tempo")).one()
    assert call.deadlines == ["2026-10-01T16:00:00+03:00", "2026-12-01T23:59:00+02:00"]
    assert call.source.kind == "manual" and call.applicant_types == ["company"]
    assert call.keywords == ["kasvu", "vienti"] and call.status is CallStatus.OPEN
    assert session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "funding_call.create")) == 1


def test_bad_deadline_is_shown_next_to_the_field(login, make_user, session):
    resp = login(make_user(Role.COORDINATOR, language="en")).submit(
        "/calls/new", {"title": "X", "kind": "call", "status": "open", "deadlines": "ensi viikolla"})
    assert resp.status_code == 422
    assert re.search(r'id="deadlines-error">[^<]*ensi viikolla is not a date', resp.get_data(as_text=True))
    assert session.scalar(select(func.count(FundingCall.id))) == 0


@pytest.mark.parametrize("role", [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER])
def test_only_the_coordinator_edits_calls(login, make_user, session, harvested, role):
    client = login(make_user(role))
    call = _call(session, OPEN_TOPIC)
    assert client.get("/calls/new").status_code == 403
    assert client.get(f"/calls/{call.id}/edit").status_code == 403
    resp = client.submit(f"/calls/{call.id}/edit", {"title": "Kaapattu", "kind": "call"}, page="/calls")
    assert resp.status_code == 403
    session.refresh(call)
    assert call.title.startswith("Approaches")


def test_hand_edited_deadline_survives_the_next_harvest(login, make_user, session, harvested):
    coordinator = make_user(Role.COORDINATOR)
    call = _call(session, OPEN_TOPIC)
    client = login(coordinator)
    page = client.get(f"/calls/{call.id}/edit").get_data(as_text=True)
    assert "2026-09-15 18:00" in page  # shown in Helsinki time
    resp = client.submit(f"/calls/{call.id}/edit", {
        "title": call.title, "kind": "call", "status": "open", "url": call.url,
        "programme": call.programme, "call_identifier": call.call_identifier,
        "topic_identifier": call.topic_identifier, "type_of_action": call.type_of_action,
        "funder": call.funder or "", "description": call.description or "",
        "keywords": "\r\n".join(call.keywords), "deadlines": "2026-09-30 18:00"})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    session.refresh(call)
    assert call.deadlines == ["2026-09-30T18:00:00+03:00"] and call.staff_fields == ["deadlines"]
    version = session.scalars(select(FundingCallVersion).where(FundingCallVersion.call_id == call.id)).one()
    assert version.changed_by_id == coordinator.id and set(version.changes) == {"deadlines"}

    harvested.payload = eu_page_with_deadline(OPEN_TOPIC, "2026-09-16T00:00:00.000+0000")
    harvest.run_all(session, http=http(), today=TODAY, now=NOW + timedelta(days=1))
    session.refresh(call)
    assert call.deadlines == ["2026-09-30T18:00:00+03:00"] and call.version == 2




def test_business_finland_instruments_show_who_may_apply(login, make_user, session):
    """A standing instrument names its applicant types; the page lists them by their names."""
    harvest.ensure_default_sources(session)
    call = session.scalars(select(FundingCall).where(FundingCall.source_id.like("%tempo%"))).first()
    assert call is not None and call.applicant_types == ["company"]
    resp = login(make_user(Role.STAFF)).get(f"/calls/{call.id}")
    assert resp.status_code == 200
    assert re.search(r"<dt>Hakijat</dt><dd>Yritykset</dd>", resp.get_data(as_text=True))
