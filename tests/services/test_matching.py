"""The matcher's shell: what is stored, what survives a rematch, who sees what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, IndustryCodeSet, Role, SizeClass
from app.models.funding import FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match, MatcherState, MatchFeedback, MatchStatus
from app.services import matching
from app.services.errors import NotFound
from matching.feedback import MIN_LABELS

TODAY = date(2026, 11, 28)
SOON = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)
PAST = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_matcher():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture()
def make_call(session):
    source = FundingSource(name="testilähde", kind="manual")
    session.add(source)
    session.flush()
    counter = iter(range(1, 10_000))

    def make(title, description, *, status=CallStatus.OPEN, deadline=SOON, language="fi", **over):
        n = next(counter)
        call = FundingCall(
            funding_source_id=source.id, source_id=f"k{n}", kind=over.pop("kind", CallKind.CALL),
            title=title, description=description, status=status, language=language,
            deadlines=[deadline.isoformat()] if deadline else [], next_deadline_at=deadline,
            is_continuous=deadline is None, content_hash=f"h{n}", keywords=over.pop("keywords", []),
            applicant_types=over.pop("applicant_types", ["company"]), **over)
        session.add(call)
        session.flush()
        return call

    return make


@pytest.fixture()
def town(session, make_user, make_company, make_call):
    staff = make_user(Role.STAFF)
    metal = make_company(
        city=staff.city, name="Kallion Konepaja Oy", industry_code="25620",
        industry_code_set=IndustryCodeSet.TOL2008, size_class=SizeClass.SMALL, employees=30,
        description="Konepaja koneistaa ja hitsaa teräsosia. Suunnittelemme robottisolua ja "
                    "tuotannon energiatehokkuuden parantamista.",
        keywords=["koneistus", "hitsaus", "automaatio", "energiatehokkuus"])
    bakery = make_company(
        city=staff.city, name="Iisalmen Leipomo Oy", industry_code="10710",
        industry_code_set=IndustryCodeSet.TOL2008, size_class=SizeClass.MICRO, employees=6,
        description="Perheleipomo leipoo ruisleipää lähiraaka-aineista ja haluaa vähentää hävikkiä.",
        keywords=["leipomo", "elintarvikkeet", "hävikki"])
    calls = {
        "robot": make_call("Teollisuuden automaatio- ja robotiikkainvestoinnit",
                           "Tuki pk-yritysten automaatio- ja robotiikkainvestointeihin sekä "
                           "tuotannon energiatehokkuuteen.", keywords=["automaatio", "robotiikka"]),
        "food": make_call("Elintarvikealan kehittämisavustus",
                          "Avustus elintarvikeyritysten tuotekehitykseen ja ruokahävikin "
                          "vähentämiseen.", keywords=["elintarvikkeet", "hävikki"]),
        "closed": make_call("Suljettu automaatiohaku", "Robotiikka ja automaatio teollisuudessa.",
                            status=CallStatus.CLOSED, deadline=PAST),
        "large": make_call("Suuryritysten robotiikkaohjelma", "Automaatio ja robotiikka.",
                           large_only=True),
        "region": make_call("Lapin teollisuusautomaatio", "Automaatio ja robotiikka Lapissa.",
                            regions=["Lappi"]),
        "news": make_call("Uutinen: automaatiohaku tulossa", "Automaatio.",
                          kind=CallKind.ANNOUNCEMENT),
    }
    return staff, metal, bakery, calls


def titles(session, company):
    stmt = (select(FundingCall.title).join(Match, Match.call_id == FundingCall.id)
            .where(Match.company_id == company.id, Match.is_current.is_(True))
            .order_by(Match.rank))
    return list(session.scalars(stmt))


def test_full_rematch_stores_relevant_eligible_calls_with_reasons(session, town):
    _staff, metal, bakery, calls = town
    summary = matching.rematch(session, today=TODAY, full=True)
    assert summary.companies == 2 and summary.stored >= 2
    assert titles(session, metal)[0] == calls["robot"].title
    assert titles(session, bakery)[0] == calls["food"].title
    stored = set(session.scalars(select(Match.call_id)))
    for ineligible in ("closed", "large", "region", "news"):
        assert calls[ineligible].id not in stored, ineligible
    match = session.scalars(select(Match).where(Match.company_id == metal.id, Match.rank == 1)).one()
    assert 0 < match.score <= 100 and set(match.components) >= {"concept", "word", "char"}
    assert match.reasons == []  # a full ranking skips reasons: they are made when shown
    staff = _staff
    current, _working = matching.company_matches(session, staff, metal.id)
    assert current[0].id == match.id
    assert any(r["code"] == "shared_term" for r in match.reasons)
    assert match.call_version == calls["robot"].version and match.status is MatchStatus.NEW


def test_profile_change_is_rematched_at_once(session, town):
    staff, metal, _bakery, calls = town
    matching.rematch(session, today=TODAY, full=True)
    metal.description = "Leipomo, joka leipoo ruisleipää ja vähentää ruokahävikkiä."
    metal.keywords = ["leipomo", "hävikki", "elintarvikkeet"]
    session.flush()
    assert matching.rematch_after_save(session, metal.id, today=TODAY)
    assert titles(session, metal)[0] == calls["food"].title


def test_workflow_and_feedback_survive_a_rematch(session, town):
    staff, metal, _bakery, calls = town
    matching.rematch(session, today=TODAY, full=True)
    match = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                Match.call_id == calls["robot"].id)).one()
    matching.set_status(session, staff, match.id, "proposed")
    matching.rematch(session, today=TODAY, full=True)
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED and match.is_current
    # the call closes: the proposal leaves the list of matches but the work is kept
    calls["robot"].status = CallStatus.CLOSED
    calls["robot"].updated_at = datetime.now(UTC)
    session.flush()
    matching.after_harvest(session, datetime.now(UTC) - timedelta(minutes=5), today=TODAY)
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED and match.is_current is False
    assert calls["robot"].title not in titles(session, metal)
    assert session.scalar(select(func.count(MatchFeedback.id))) == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "match.status")).one()
    assert event.after["status"] == "proposed" and event.actor_id == staff.id


def test_a_new_call_after_a_harvest_is_matched_to_all_companies(session, town, make_call):
    _staff, metal, bakery, _calls = town
    matching.rematch(session, today=TODAY, full=True)
    since = datetime.now(UTC) - timedelta(seconds=1)
    new = make_call("Leipomoiden energiatehokkuus ja uunit",
                    "Tuki leipomoiden uuniinvestointeihin ja energiatehokkuuteen.",
                    keywords=["leipomo", "energiatehokkuus"])
    matching.after_harvest(session, since, today=TODAY)
    assert new.title in titles(session, bakery)


def test_not_relevant_takes_the_match_off_the_list_and_is_feedback(session, town):
    staff, metal, _bakery, calls = town
    matching.rematch(session, today=TODAY, full=True)
    match = session.scalars(select(Match).where(Match.company_id == metal.id, Match.rank == 1)).one()
    matching.record_feedback(session, staff, match.id, "not_relevant")
    current, working = matching.company_matches(session, staff, metal.id)
    assert match.id not in {m.id for m in current} and match.id in {m.id for m in working}
    matching.rematch(session, today=TODAY, full=True)
    session.refresh(match)
    assert match.status is MatchStatus.NOT_RELEVANT


def test_training_needs_enough_feedback(session, town):
    staff, metal, bakery, calls = town
    matching.rematch(session, today=TODAY, full=True)
    assert matching.train_feedback_weights(session) is None
    assert session.scalar(select(func.count(MatcherState.id))) == 0
    for i in range(MIN_LABELS):
        good = i % 2 == 0
        session.add(MatchFeedback(company_id=metal.id, call_id=calls["robot"].id, label="relevant" if good else "not_relevant",
                                  components={"concept": 0.8 if good else 0.1, "word": 0.5, "char": 0.4,
                                              "industry": 0.3 if good else 0.2, "targeting": 0.1}))
    session.flush()
    state = matching.train_feedback_weights(session)
    assert state is not None and state.examples == MIN_LABELS
    assert state.weights["concept"] > 0
    matching.rematch(session, today=TODAY, full=True)  # the learned weights never admit...
    assert calls["closed"].id not in set(session.scalars(select(Match.call_id)))  # ...the ineligible


def test_a_calls_companies_are_only_the_towns_own(session, town, make_user, make_company, make_city):
    staff, metal, _bakery, calls = town
    other_town_company = make_company(city=make_city(), name="Vieras Konepaja Oy",
                                      description=metal.description, keywords=metal.keywords,
                                      size_class=SizeClass.SMALL)
    matching.rematch(session, today=TODAY, full=True)
    everyone = set(session.scalars(select(Match.company_id).where(Match.call_id == calls["robot"].id)))
    assert other_town_company.id in everyone
    visible = {m.company_id for m in matching.call_matches(session, staff, calls["robot"].id)}
    assert metal.id in visible and other_town_company.id not in visible
    with pytest.raises(NotFound):
        matching.company_matches(session, staff, other_town_company.id)


def test_why_not_explains_an_ineligible_call(session, town):
    staff, metal, _bakery, calls = town
    explanation = matching.explain(session, staff, metal.id, calls["large"].id, today=TODAY)
    assert not explanation.eligible and {r.code for r in explanation.failed} == {"large_only"}
