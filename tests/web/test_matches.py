"""Matches in the UI and the API: town scoping, the breakdown in both languages, actions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import Role, SizeClass
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchFeedback, MatchStatus
from app.services import matches
from app.services.matches import _cache as cache
from tests.conftest import TEST_PASSWORD
from tests.services.test_matches import TODAY, make_call, town  # noqa: F401  (fixtures)
from tests.web.test_api_companies import auth


@pytest.fixture()
def matched(session, town):  # noqa: F811
    cache.clear()
    matches.rematch(session, today=TODAY, full=True)
    yield town
    cache.clear()


@pytest.fixture()
def outsider_company(session, matched, make_company, make_city):
    """A company of another town with the very profile of the town's metal workshop."""
    _staff, metal, _bakery, _calls = matched
    other = make_company(city=make_city(), name="Vieras Konepaja Oy", size_class=SizeClass.SMALL,
                         description=metal.description, keywords=metal.keywords)
    matches.rematch(session, today=TODAY, company_ids=[other.id])
    return other


def top(session, company):
    return session.scalars(select(Match).where(Match.company_id == company.id,
                                               Match.rank == 1)).one()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_company_page_lists_matches_with_score_reason_and_status(login, session, matched):
    staff, metal, _bakery, calls = matched
    page = login(staff).get(f"/companies/{metal.id}").get_data(as_text=True)
    section = page[page.index('id="matches-h"'):]
    assert "Sopivat rahoitushaut" in section and calls["robot"].title in section
    match = top(session, metal)
    assert f"{round(match.score)}" in text_of(section) and "Yhteiset teemat: " in section
    assert "Uusi, käsittelemättä" in section  # the status, also in words
    for name in ("closed", "passed", "large", "region"):
        assert calls[name].title not in page


def test_match_page_shows_the_breakdown_in_finnish_and_english(login, session, matched, client):
    staff, metal, _bakery, _calls = matched
    match = top(session, metal)
    detail = text_of(login(staff).get(f"/matches/{match.id}").get_data(as_text=True))
    assert "Miksi haku sopii" in detail and "Yhteinen teema: automaatio" in detail
    assert "Helsingin aikaa" in detail and "Täyttyy: Haku on auki" in detail
    assert "Toimiala" in detail and "Miten pisteet muodostuivat" in detail
    staff.language = "en"
    session.flush()
    english = client.application.test_client()
    english.submit("/login", {"email": staff.email, "password": TEST_PASSWORD})
    detail_en = text_of(english.get(f"/matches/{match.id}").get_data(as_text=True))
    assert "Why it matches" in detail_en and "Shared theme: automation" in detail_en
    assert "Helsinki time" in detail_en and "Passed: The call is open" in detail_en


def test_actions_change_status_and_record_feedback(login, session, matched):
    staff, metal, _bakery, _calls = matched
    match = top(session, metal)
    client = login(staff)
    client.submit(f"/matches/{match.id}/status", {"status": "proposed"}, page=f"/matches/{match.id}")
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED and match.status_changed_by_id == staff.id
    client.submit(f"/matches/{match.id}/feedback", {"label": "relevant"}, page=f"/matches/{match.id}")
    labels = list(session.scalars(select(MatchFeedback.label).where(MatchFeedback.match_id == match.id)))
    assert sorted(labels) == ["proposed", "relevant"]
    # without the CSRF token nothing happens
    assert client.post(f"/matches/{match.id}/status", data={"status": "applying"}).status_code == 400
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED


def test_status_is_changed_from_the_company_page_and_returns_there(login, session, matched):
    staff, metal, _bakery, _calls = matched
    match = top(session, metal)
    client = login(staff)
    here = f"/companies/{metal.id}"
    page = client.get(here).get_data(as_text=True)
    assert f'id="status-c-{match.id}"' in page and f'for="status-c-{match.id}"' in page
    resp = client.submit(f"/matches/{match.id}/status", {"status": "applying", "next": here},
                         page=here)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(here)
    session.refresh(match)
    assert match.status is MatchStatus.APPLYING
    evil = client.submit(f"/matches/{match.id}/status",
                         {"status": "submitted", "next": "//evil.example/"}, page=here)
    assert evil.headers["Location"].endswith(f"/matches/{match.id}")


def test_not_relevant_moves_the_match_to_its_own_list(login, session, matched):
    staff, metal, _bakery, calls = matched
    match = top(session, metal)
    client = login(staff)
    resp = client.submit(f"/matches/{match.id}/feedback", {"label": "not_relevant"},
                         page=f"/matches/{match.id}")
    assert resp.headers["Location"].endswith(f"/companies/{metal.id}/matches")
    page = client.get(f"/companies/{metal.id}/matches").get_data(as_text=True)
    dismissed = page[page.index('id="dismissed-h"'):]
    assert calls["robot"].title in dismissed
    assert calls["robot"].title not in page[page.index('id="current-h"'):page.index('id="working-h"')]


def test_viewer_sees_but_cannot_act(login, session, matched, make_user):
    staff, metal, _bakery, _calls = matched
    viewer = make_user(Role.VIEWER, city=staff.city)
    match = top(session, metal)
    client = login(viewer)
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Miksi haku sopii" in page and "Ehdota yritykselle" not in page
    assert f'id="status-c-{match.id}"' not in client.get(f"/companies/{metal.id}").get_data(as_text=True)
    resp = client.submit(f"/matches/{match.id}/status", {"status": "proposed"}, page=f"/matches/{match.id}")
    assert resp.status_code == 403
    session.refresh(match)
    assert match.status is MatchStatus.NEW


def test_other_towns_matches_are_404(login, session, matched, make_user, make_city):
    _staff, metal, _bakery, calls = matched
    outsider = make_user(Role.STAFF, city=make_city())
    match = top(session, metal)
    client = login(outsider)
    assert client.get(f"/matches/{match.id}").status_code == 404
    assert client.get(f"/companies/{metal.id}/matches").status_code == 404
    assert client.get(f"/companies/{metal.id}/calls/{calls['robot'].id}/why").status_code == 404
    resp = client.submit(f"/matches/{match.id}/status", {"status": "proposed"},
                         page=f"/calls/{calls['robot'].id}")
    assert resp.status_code == 404


def test_call_page_lists_only_the_towns_companies(login, session, matched, outsider_company):
    staff, metal, _bakery, calls = matched
    assert session.scalars(select(Match).where(Match.company_id == outsider_company.id,
                                               Match.call_id == calls["robot"].id)).one()
    page = login(staff).get(f"/calls/{calls['robot'].id}").get_data(as_text=True)
    section = page[page.index('id="matches-h"'):page.index('id="history-h"')]
    assert metal.name in section and outsider_company.name not in section


def test_why_not_for_a_call_that_is_not_a_match(login, session, matched):
    staff, _metal, _bakery, calls = matched
    client = login(staff)
    resp = client.get(f"/calls/{calls['large'].id}/check?q=kallion konepaja")
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/calls/{calls['large'].id}/why")
    why = text_of(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Ei listalla: yritys ei voi hakea" in why and "Vain suuryrityksille" in why


def test_filters_keep_the_form_and_narrow_the_list(login, session, matched):
    staff, metal, _bakery, calls = matched
    client = login(staff)
    page = client.get(f"/companies/{metal.id}/matches?deadline_before=2000-01-01").get_data(as_text=True)
    assert 'value="2000-01-01"' in page and calls["robot"].title not in page
    assert calls["robot"].title in client.get(f"/companies/{metal.id}/matches").get_data(as_text=True)


def test_api_matches(client, session, matched, make_user, make_city, token_for, outsider_company):  # noqa: F811
    staff, metal, _bakery, calls = matched
    token = token_for(staff)
    body = client.get(f"/api/v1/companies/{metal.id}/matches", headers=auth(token)).get_json()
    assert body["items"][0]["call_id"] == calls["robot"].id
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    first = body["items"][0]
    assert first["status"] == "new" and first["rank"] == 1 and first["reasons"]
    assert all(isinstance(r, str) for r in first["reasons"])
    assert any(r.startswith("Yhteinen teema") for r in first["reasons"])
    assert first["reason_codes"][0]["code"] and first["summary"]
    english = client.get(f"/api/v1/companies/{metal.id}/matches?lang=en",
                         headers=auth(token)).get_json()
    assert any(r.startswith("Shared theme") for r in english["items"][0]["reasons"])
    listed = client.get(f"/api/v1/calls/{calls['robot'].id}/matches", headers=auth(token)).get_json()
    assert metal.id in {i["company_id"] for i in listed["items"]}
    assert outsider_company.id not in {i["company_id"] for i in listed["items"]}
    outsider = make_user(Role.STAFF, city=outsider_company.city)
    theirs = client.get(f"/api/v1/calls/{calls['robot'].id}/matches",
                        headers=auth(token_for(outsider))).get_json()
    assert {i["company_id"] for i in theirs["items"]} == {outsider_company.id}
    stranger = token_for(make_user(Role.STAFF, city=make_city()))
    assert client.get(f"/api/v1/calls/{calls['robot'].id}/matches",
                      headers=auth(stranger)).get_json() == {"items": []}
    assert client.get(f"/api/v1/companies/{metal.id}/matches",
                      headers=auth(stranger)).status_code == 404
    assert client.get("/api/v1/calls/999999/matches", headers=auth(token)).status_code == 404
    assert client.get(f"/api/v1/companies/{metal.id}/matches").status_code == 401


def test_saving_a_profile_rematches_it(login, session, matched):
    staff, metal, _bakery, calls = matched
    client = login(staff)
    client.submit(f"/companies/{metal.id}/edit", {
        "name": metal.name, "business_id": metal.business_id, "industry_code_set": "TOL2025",
        "size_class": "micro", "description": "Leipomo leipoo ruisleipää ja vähentää ruokahävikkiä.",
        "keywords": "leipomo, hävikki, elintarvikkeet"}, page=f"/companies/{metal.id}/edit")
    assert top(session, metal).call_id == calls["food"].id


def test_a_call_typed_in_by_hand_is_matched_at_once(login, session, matched, make_user):
    staff, metal, _bakery, _calls = matched
    coordinator = make_user(Role.COORDINATOR)
    resp = login(coordinator).submit("/calls/new", {
        "title": "Konepajojen robotisointi", "kind": "call", "status": "open",
        "description": "Tuki konepajojen robotiikkaan, automaatioon, koneistukseen ja hitsaukseen.",
        "applicant_types": ["company"], "keywords": "automaatio\nkoneistus\nhitsaus"})
    assert resp.status_code == 302
    call = session.scalars(select(FundingCall).where(
        FundingCall.title == "Konepajojen robotisointi")).one()
    assert session.scalars(select(Match).where(Match.company_id == metal.id,
                                               Match.call_id == call.id)).one().reasons


def test_match_lists_show_a_score_bar_and_the_deadline(login, session, matched):
    staff, metal, _bakery, calls = matched
    page = login(staff).get(f"/companies/{metal.id}/matches").get_data(as_text=True)
    match = top(session, metal)
    row = page[page.index(match.call.title):]
    row = row[: row.index("</tr>")]
    assert "<meter class=\"score__bar\" min=\"0\" max=\"100\"" in row
    assert f'value="{round(match.score)}" aria-hidden="true">' in row  # the number is read
    assert "chip chip--" in row or "Jatkuva" in row


def test_the_company_pages_compact_panel_leaves_the_deadline_to_the_reasons(login, matched):
    staff, metal, _bakery, _calls = matched
    page = login(staff).get(f"/companies/{metal.id}").get_data(as_text=True)
    panel = page[page.index('id="matches-h"'):]
    panel = panel[: panel.index("</table>")]
    assert "chip chip--" not in panel and "<meter" in panel
