"""Why a company is or is not on a call's list: one verdict per branch, from the matcher's own
eligibility checks and scores and the stored matches."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import NotFound
from app.models import Role
from app.models.matches import Match, MatchStatus
from app.services import matches
from app.services.matches.check import Verdict, check_company
from tests.services.test_matches import TODAY, make_call, town  # noqa: F401  (fixtures)

CONFIG = {"MATCH_TOP_N": 20, "MATCH_THRESHOLD": 10.0}


def _stored(session, company, call):
    return session.scalars(select(Match).where(Match.company_id == company.id,
                                               Match.call_id == call.id)).one_or_none()


@pytest.fixture()
def matched(session, town):  # noqa: F811
    matches.rematch(session, today=TODAY, full=True, config=CONFIG)
    return town


def test_a_listed_match_says_so_with_its_score(session, matched):
    staff, metal, _bakery, calls = matched
    found = check_company(session, staff, metal.id, calls["robot"].id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.LISTED
    stored = _stored(session, metal, calls["robot"])
    assert found.match is stored and found.score == pytest.approx(stored.score, abs=0.01)


@pytest.mark.parametrize(("name", "code"), [
    ("large", "large_only"), ("region", "region"), ("research", "applicant_type"),
    ("closed", "call_closed"), ("passed", "deadline_passed"), ("news", "announcement_not_matched"),
])
def test_a_failing_hard_rule_is_named(session, matched, name, code):
    staff, metal, _bakery, calls = matched
    found = check_company(session, staff, metal.id, calls[name].id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.INELIGIBLE and found.score is None
    assert code in [r.code for r in found.failures]


def test_a_score_below_the_threshold_gives_the_score_and_the_threshold(session, matched,
                                                                       make_call):  # noqa: F811
    staff, metal, _bakery, _calls = matched
    tourism = make_call("Matkailuyritysten kehittäminen",
                        "Tuki majoitus- ja ohjelmapalveluyrityksille matkailijoiden palveluihin.")
    found = check_company(session, staff, metal.id, tourism.id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.BELOW_THRESHOLD
    assert found.threshold == 10.0 and found.score is not None and found.score < 10.0
    assert _stored(session, metal, tourism) is None


def test_a_score_below_the_last_listed_match_gives_both_scores(session, town, make_call):  # noqa: F811
    staff, metal, _bakery, calls = town
    second = make_call("Konepajojen energiatehokkuus",
                       "Konepajojen koneistus ja hitsaus energiatehokkaammaksi.",
                       keywords=["energiatehokkuus", "koneistus"])
    one = {"MATCH_TOP_N": 1, "MATCH_THRESHOLD": 10.0}
    matches.rematch(session, today=TODAY, full=True, config=one)
    (listed,) = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                    Match.is_current.is_(True))).all()
    other = second if listed.call_id == calls["robot"].id else calls["robot"]
    found = check_company(session, staff, metal.id, other.id, today=TODAY, config=one)
    assert found.verdict is Verdict.BELOW_LAST
    assert found.last_listed == pytest.approx(listed.score) and found.top_n == 1
    assert 10.0 <= found.score <= found.last_listed


def test_a_call_marked_not_relevant_says_so(session, matched):
    staff, metal, _bakery, calls = matched
    match = _stored(session, metal, calls["robot"])
    matches.record_feedback(session, staff, match.id, "not_relevant")
    found = check_company(session, staff, metal.id, calls["robot"].id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.DISMISSED and found.match is match


def test_a_match_being_worked_on_is_listed_as_such(session, matched):
    staff, metal, _bakery, calls = matched
    match = _stored(session, metal, calls["robot"])
    matches.set_status(session, staff, match.id, "proposed")
    found = check_company(session, staff, metal.id, calls["robot"].id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.WORKING and found.match.status is MatchStatus.PROPOSED


def test_a_new_call_not_yet_matched_is_pending(session, matched, make_call):  # noqa: F811
    staff, metal, _bakery, _calls = matched
    fresh = make_call("Robotiikkainvestoinnit konepajoihin",
                      "Tuki konepajojen automaatio- ja robotiikkainvestointeihin.",
                      keywords=["automaatio", "robotiikka"])
    found = check_company(session, staff, metal.id, fresh.id, today=TODAY, config=CONFIG)
    assert found.verdict is Verdict.PENDING and found.score >= 10.0


def test_another_towns_company_is_not_found(session, matched, make_user):
    _staff, metal, _bakery, calls = matched
    stranger = make_user(Role.STAFF)
    with pytest.raises(NotFound):
        check_company(session, stranger, metal.id, calls["robot"].id, today=TODAY)
