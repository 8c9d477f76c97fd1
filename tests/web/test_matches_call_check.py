""""Check a company" on a call's page: the answer says concretely why the company is or is not
on the call's list (a hard rule in words, or the scores that keep it off)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models.matches import Match
from app.services import matches
from app.services.matches import _cache as cache
from tests.services.test_matches import TODAY, make_call, town  # noqa: F401  (fixtures)


@pytest.fixture()
def matched(session, town):  # noqa: F811
    cache.clear()
    matches.rematch(session, today=TODAY, full=True)
    yield town
    cache.clear()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _check(client, call, query="kallion konepaja"):
    resp = client.get(f"/calls/{call.id}/check?q={query}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/calls/{call.id}/why")
    return text_of(client.get(resp.headers["Location"]).get_data(as_text=True))


def _english(login, staff, session):
    staff.language = "en"
    session.flush()
    return login(staff)


def _score(session, company, call):
    return session.scalars(select(Match.score).where(Match.company_id == company.id,
                                                     Match.call_id == call.id)).one()


def test_a_listed_company_is_said_to_be_on_the_list(login, session, matched):
    staff, metal, _bakery, calls = matched
    page = _check(_english(login, staff, session), calls["robot"])
    score = f"{_score(session, metal, calls['robot']):.1f}"
    assert "On the list" in page and f"score of {score}/100" in page


@pytest.mark.parametrize(("name", "words"), [
    ("research", "Open to research organisations, not to companies"),
    ("large", "Only for large companies; the company is a small enterprise"),
    ("region", "Only for Lappi; the company is in"),
    ("passed", "The deadline passed on"),
])
def test_a_failing_hard_rule_is_named_in_words(login, session, matched, name, words):
    staff, _metal, _bakery, calls = matched
    page = _check(_english(login, staff, session), calls[name])
    assert "Not on the list: the company cannot apply" in page and words in page


def test_a_score_below_the_threshold_shows_score_and_threshold(login, session, matched,
                                                               make_call):  # noqa: F811
    staff, _metal, _bakery, _calls = matched
    tourism = make_call("Matkailuyritysten kehittäminen",
                        "Tuki majoitus- ja ohjelmapalveluyrityksille matkailijoiden palveluihin.")
    page = _check(_english(login, staff, session), tourism)
    found = re.search(r"its score (\d+\.\d)/100 is below the threshold of a match, (\d+\.\d)/100",
                      page)
    assert found and float(found.group(1)) < 10.0 and found.group(2) == "10.0"


def test_a_score_below_the_last_listed_match_shows_both_scores(  # noqa: F811
        login, app, session, town, make_call, monkeypatch):  # noqa: F811
    staff, metal, _bakery, calls = town
    second = make_call("Konepajojen energiatehokkuus",
                       "Konepajojen koneistus ja hitsaus energiatehokkaammaksi.",
                       keywords=["energiatehokkuus", "koneistus"])
    monkeypatch.setitem(app.config, "MATCH_TOP_N", 1)
    cache.clear()
    matches.rematch(session, today=TODAY, full=True, config=app.config)
    (listed,) = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                    Match.is_current.is_(True))).all()
    other = second if listed.call_id == calls["robot"].id else calls["robot"]
    page = _check(_english(login, staff, session), other)
    found = re.search(r"its score (\d+\.\d)/100 does not beat (\d+\.\d)/100, the score of "
                      r"its only listed match", page)
    assert found and found.group(2) == f"{listed.score:.1f}"
    assert float(found.group(1)) <= float(found.group(2))
    cache.clear()


def test_a_dismissed_call_and_a_pending_one_are_explained(login, session, matched,
                                                         make_call):  # noqa: F811
    staff, metal, _bakery, calls = matched
    match = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                Match.call_id == calls["robot"].id)).one()
    matches.record_feedback(session, staff, match.id, "not_relevant")
    client = _english(login, staff, session)
    assert "marked not relevant for this company" in _check(client, calls["robot"])
    fresh = make_call("Robotiikkainvestoinnit konepajoihin",
                      "Tuki konepajojen automaatio- ja robotiikkainvestointeihin.",
                      keywords=["automaatio", "robotiikka"])
    assert "Not on the list yet" in _check(client, fresh)


def test_the_answer_reads_in_finnish(login, session, matched, make_call):  # noqa: F811
    staff, _metal, _bakery, calls = matched
    page = _check(login(staff), calls["research"])
    assert "Ei listalla: yritys ei voi hakea" in page and "Avoin hakijoille: tutkimusorganisaatiot" in page
