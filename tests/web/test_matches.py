"""Matches in the UI and the API: town scoping, breakdown, actions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import Role
from app.models.matches import Match, MatchFeedback, MatchStatus
from app.services import matching
from tests.services.test_matching import make_call, town  # noqa: F401  (fixtures)
from tests.web.test_api_companies import auth, token_for  # noqa: F401  (fixtures)


@pytest.fixture()
def matched(session, town):  # noqa: F811
    matching.clear_cache()
    matching.rematch(session, today=date.today(), full=True)
    yield town
    matching.clear_cache()


def top(session, company):
    return session.scalars(select(Match).where(Match.company_id == company.id, Match.rank == 1)).one()


def test_company_page_lists_matches_and_the_match_page_explains(login, session, matched):
    staff, metal, _bakery, calls = matched
    client = login(staff)
    page = client.get(f"/companies/{metal.id}").get_data(as_text=True)
    assert "Sopivat rahoitushaut" in page and calls["robot"].title in page
    assert calls["closed"].title not in page
    match = top(session, metal)
    detail = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Miksi haku sopii" in detail and "Yhteinen teema" in detail and "Täyttyy:" in detail
    english = client.application.test_client()  # the same breakdown in English
    staff.language = "en"
    session.flush()
    from tests.conftest import TEST_PASSWORD
    english.submit("/login", {"email": staff.email, "password": TEST_PASSWORD})
    detail_en = english.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Why it matches" in detail_en and "Shared theme" in detail_en


def test_actions_change_status_and_record_feedback(login, session, matched):
    staff, metal, _bakery, _calls = matched
    match = top(session, metal)
    client = login(staff)
    client.submit(f"/matches/{match.id}/status", {"status": "proposed"}, page=f"/matches/{match.id}")
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED
    client.submit(f"/matches/{match.id}/feedback", {"label": "relevant"}, page=f"/matches/{match.id}")
    labels = list(session.scalars(select(MatchFeedback.label).where(MatchFeedback.match_id == match.id)))
    assert sorted(labels) == ["proposed", "relevant"]
    assert client.post(f"/matches/{match.id}/status", data={"status": "applying"}).status_code == 400


def test_viewer_sees_but_cannot_act(login, session, matched, make_user):
    staff, metal, _bakery, _calls = matched
    viewer = make_user(Role.VIEWER, city=staff.city)
    match = top(session, metal)
    client = login(viewer)
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Ehdota yritykselle" not in page
    resp = client.submit(f"/matches/{match.id}/status", {"status": "proposed"}, page=f"/matches/{match.id}")
    assert resp.status_code == 403
    session.refresh(match)
    assert match.status is MatchStatus.NEW


def test_other_towns_matches_are_404(login, session, matched, make_user, make_city):
    staff, metal, _bakery, _calls = matched
    outsider = make_user(Role.STAFF, city=make_city())
    match = top(session, metal)
    client = login(outsider)
    assert client.get(f"/matches/{match.id}").status_code == 404
    assert client.get(f"/companies/{metal.id}/matches").status_code == 404


def test_call_page_lists_only_the_towns_companies_and_explains_why_not(login, session, matched, make_company, make_city):
    staff, metal, _bakery, calls = matched
    client = login(staff)
    page = client.get(f"/calls/{calls['robot'].id}").get_data(as_text=True)
    assert metal.name in page
    resp = client.get(f"/calls/{calls['large'].id}/check?q=kallion konepaja")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/companies/{metal.id}/calls/{calls['large'].id}/why")
    why = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Ei: yritys ei voi hakea" in why and "Vain suuryrityksille" in why


def test_api_matches(client, session, matched, make_user, make_city, make_company, token_for):  # noqa: F811
    staff, metal, _bakery, calls = matched
    token = token_for(staff)
    body = client.get(f"/api/v1/companies/{metal.id}/matches", headers=auth(token)).get_json()
    assert body["items"][0]["call_id"] == calls["robot"].id
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    first = body["items"][0]
    assert first["status"] == "new" and isinstance(first["reasons"], list) and first["reasons"]
    assert all(isinstance(r, str) for r in first["reasons"])
    listed = client.get(f"/api/v1/calls/{calls['robot'].id}/matches", headers=auth(token)).get_json()
    assert metal.id in {i["company_id"] for i in listed["items"]}
    outsider = make_user(Role.STAFF, city=make_city())
    other = client.get(f"/api/v1/calls/{calls['robot'].id}/matches", headers=auth(token_for(outsider))).get_json()
    assert other["items"] == []
    assert client.get(f"/api/v1/companies/{metal.id}/matches", headers=auth(token_for(outsider))).status_code == 404
    assert client.get("/api/v1/calls/999999/matches", headers=auth(token)).status_code == 404


def test_saving_a_profile_rematches_it(login, session, matched):
    staff, metal, _bakery, calls = matched
    client = login(staff)
    client.submit(f"/companies/{metal.id}/edit", {
        "name": metal.name, "business_id": metal.business_id, "industry_code_set": "TOL2025",
        "size_class": "micro", "description": "Leipomo leipoo ruisleipää ja vähentää ruokahävikkiä.",
        "keywords": "leipomo, hävikki, elintarvikkeet"}, page=f"/companies/{metal.id}/edit")
    assert top(session, metal).call_id == calls["food"].id
