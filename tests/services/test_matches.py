"""The matcher's shell: what a rematch stores, what survives it, when it reruns, who sees what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.errors import Forbidden, NotFound
from app.models import AuditEvent, IndustryCodeSet, Role, SizeClass
from app.models.funding import FundingSource, HarvestRun, RunStatus
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match, MatchFeedback, MatchRun, MatchStatus
from app.services import matches
from app.services.funding import harvest
from app.services.matches import _cache as cache
from app.services.matches import reads as matching_reads
from tests.services import test_funding_harvest_payloads as payloads

TODAY = datetime.now(ZoneInfo("Europe/Helsinki")).date()
SOON = datetime.combine(TODAY + timedelta(days=70), datetime.min.time(), UTC) + timedelta(hours=15)
PAST = SOON - timedelta(days=140)


@pytest.fixture(autouse=True)
def _fresh_matcher():
    cache.clear()
    yield
    cache.clear()


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
            is_continuous=deadline is None, content_hash=f"h{n}",
            keywords=over.pop("keywords", []),
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
        description="Perheleipomo leipoo ruisleipää lähiraaka-aineista ja haluaa vähentää "
                    "hävikkiä.", keywords=["leipomo", "elintarvikkeet", "hävikki"])
    calls = {
        "robot": make_call("Teollisuuden automaatio- ja robotiikkainvestoinnit",
                           "Tuki pk-yritysten automaatio- ja robotiikkainvestointeihin sekä "
                           "tuotannon energiatehokkuuteen.", keywords=["automaatio", "robotiikka"]),
        "food": make_call("Elintarvikealan kehittämisavustus",
                          "Avustus elintarvikeyritysten tuotekehitykseen ja ruokahävikin "
                          "vähentämiseen.", keywords=["elintarvikkeet", "hävikki"]),
        "closed": make_call("Suljettu automaatiohaku", "Robotiikka ja automaatio teollisuudessa.",
                            status=CallStatus.CLOSED, deadline=PAST),
        "passed": make_call("Päättynyt robotiikkahaku", "Automaatio ja robotiikka konepajoille.",
                            deadline=PAST),
        "large": make_call("Suuryritysten robotiikkaohjelma", "Automaatio ja robotiikka.",
                           large_only=True),
        "region": make_call("Lapin teollisuusautomaatio", "Automaatio ja robotiikka Lapissa.",
                            regions=["Lappi"]),
        "research": make_call("Automaation tutkimushanke", "Automaatio ja robotiikka.",
                              applicant_types=["research"]),
        "news": make_call("Uutinen: automaatiohaku tulossa", "Automaatio.",
                          kind=CallKind.ANNOUNCEMENT),
        "withdrawn": make_call("Peruttu automaatiohaku", "Automaatio ja robotiikka.",
                               status=CallStatus.WITHDRAWN),
    }
    return staff, metal, bakery, calls


INELIGIBLE = ("closed", "passed", "large", "region", "research", "news", "withdrawn")


def titles(session, company):
    stmt = (select(FundingCall.title).join(Match, Match.call_id == FundingCall.id)
            .where(Match.company_id == company.id, Match.is_current.is_(True))
            .order_by(Match.rank))
    return list(session.scalars(stmt))


def stored(session, company, call):
    return session.scalars(select(Match).where(Match.company_id == company.id,
                                               Match.call_id == call.id)).one_or_none()


def test_full_rematch_stores_relevant_eligible_calls_with_reasons(session, town):
    _staff, metal, bakery, calls = town
    summary = matches.rematch(session, today=TODAY, full=True)
    assert summary.companies == 2 and summary.stored >= 2 and summary.calls == 6
    assert titles(session, metal)[0] == calls["robot"].title
    assert titles(session, bakery)[0] == calls["food"].title
    match = stored(session, metal, calls["robot"])
    assert match.rank == 1 and 0 < match.score <= 100 and match.status is MatchStatus.NEW
    assert set(match.components) == {"concept", "word", "char", "industry", "targeting",
                                   "embedding"}
    codes = {r["code"] for r in match.reasons}
    assert {"shared_term", "deadline", "eligible"} <= codes
    assert match.call_version == calls["robot"].version
    assert session.scalars(select(MatchRun)).one().kind == "full"


def test_only_the_top_n_above_the_threshold_are_stored(session, town, make_call):
    _staff, metal, _bakery, _calls = town
    for i in range(25):
        make_call(f"Automaatiohaku {i}", f"Robotiikka, automaatio ja koneistus, kierros {i}.",
                  keywords=["automaatio", "koneistus"])
    matches.rematch(session, today=TODAY, full=True)
    rows = session.scalars(select(Match).where(Match.company_id == metal.id)
                           .order_by(Match.rank)).all()
    assert [m.rank for m in rows] == list(range(1, 21))
    assert all(m.score >= 10 and m.reasons for m in rows)
    assert [m.score for m in rows] == sorted((m.score for m in rows), reverse=True)
    matches.rematch(session, today=TODAY, full=True, config={"MATCH_TOP_N": 5,
                                                              "MATCH_THRESHOLD": 30.0})
    scores = list(session.scalars(select(Match.score).where(Match.company_id == metal.id)))
    assert 0 < len(scores) <= 5 and min(scores) >= 30


@pytest.mark.parametrize("path", ["full", "company", "calls"])
def test_no_ineligible_call_is_ever_stored(session, town, make_company, path):
    staff, metal, bakery, calls = town
    big = make_company(city=staff.city, name="Iso Konepaja Oyj", size_class=SizeClass.LARGE,
                       employees=900, description=metal.description, keywords=metal.keywords)
    sme = calls["robot"]
    sme.sme_only = True
    session.flush()
    companies = [metal.id, bakery.id, big.id]
    if path == "full":
        matches.rematch(session, today=TODAY, full=True)
    elif path == "company":
        for company_id in companies:
            assert matches.rematch_after_save(session, company_id, today=TODAY)
    else:
        matches.rematch(session, today=TODAY, call_ids=[c.id for c in calls.values()])
    small_ones = set(session.scalars(select(Match.call_id).where(
        Match.company_id.in_([metal.id, bakery.id]))))
    for name in INELIGIBLE:
        assert calls[name].id not in small_ones, name
    big_ones = set(session.scalars(select(Match.call_id).where(Match.company_id == big.id)))
    for name in set(INELIGIBLE) - {"large"}:
        assert calls[name].id not in big_ones, name
    assert stored(session, big, sme) is None  # SME-only call, large company
    assert stored(session, metal, sme) is not None
    assert stored(session, big, calls["large"]) is not None  # and the large one is its


def test_profile_change_is_rematched_at_once(session, town):
    _staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    metal.description = "Leipomo, joka leipoo ruisleipää ja vähentää ruokahävikkiä."
    metal.keywords = ["leipomo", "hävikki", "elintarvikkeet"]
    session.flush()
    assert matches.rematch_after_save(session, metal.id, today=TODAY)
    assert titles(session, metal)[0] == calls["food"].title
    assert stored(session, metal, calls["food"]).reasons


def test_a_failing_rematch_after_a_save_does_not_fail_the_save(session, town, monkeypatch):
    _staff, metal, _bakery, _calls = town

    def broken(*_args, **_kwargs):
        raise RuntimeError("matcher down")

    monkeypatch.setattr(matches, "_rematch", broken)
    assert matches.rematch_after_save(session, metal.id, today=TODAY) is False


def test_workflow_and_feedback_survive_a_rematch(session, town):
    staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    match = stored(session, metal, calls["robot"])
    matches.set_status(session, staff, match.id, "proposed")
    matches.rematch(session, today=TODAY, full=True)
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED and match.is_current
    # the call closes: the proposal leaves the list of matches but the work is kept
    calls["robot"].status = CallStatus.CLOSED
    session.flush()
    matches.after_harvest(session, datetime.now(UTC) - timedelta(minutes=5), today=TODAY)
    session.refresh(match)
    assert match.status is MatchStatus.PROPOSED and match.is_current is False
    assert calls["robot"].title not in titles(session, metal)
    found = matching_reads.company_matches(session, staff, metal.id, today=TODAY)
    assert match.id not in {r.match.id for r in found.current}
    assert match.id in {r.match.id for r in found.working}
    assert session.scalar(select(func.count(MatchFeedback.id))) == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "match.status")).one()
    assert event.after["status"] == "proposed" and event.actor_id == staff.id


def test_not_relevant_leaves_the_list_for_good_and_is_feedback(session, town, make_call):
    staff, metal, _bakery, calls = town
    for i in range(22):
        make_call(f"Robotiikkahaku {i}", f"Automaatio ja robotiikka konepajoille, kierros {i}.",
                  keywords=["automaatio"])
    matches.rematch(session, today=TODAY, full=True)
    match = stored(session, metal, calls["robot"])
    matches.record_feedback(session, staff, match.id, "not_relevant")
    found = matching_reads.company_matches(session, staff, metal.id, today=TODAY)
    assert match.id not in {r.match.id for r in found.current}
    assert match.id in {r.match.id for r in found.dismissed}
    matches.rematch(session, today=TODAY, full=True)
    session.refresh(match)
    assert match.status is MatchStatus.NOT_RELEVANT and not match.is_current
    current = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                  Match.is_current.is_(True))).all()
    assert len(current) == 20 and match not in current  # its place went to the next call
    label = session.scalars(select(MatchFeedback.label)).one()
    assert label == "not_relevant"
    matches.set_status(session, staff, match.id, "reviewed")  # staff change their mind
    matches.rematch(session, today=TODAY, full=True)
    session.refresh(match)
    assert match.is_current and match.rank == 1


def test_acting_on_a_match_needs_the_right_and_the_town(session, town, make_user, make_city):
    staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    match = stored(session, metal, calls["robot"])
    with pytest.raises(Forbidden):
        matches.set_status(session, make_user(Role.VIEWER, city=staff.city), match.id,
                            "proposed")
    with pytest.raises(NotFound):
        matches.record_feedback(session, make_user(Role.STAFF, city=make_city()), match.id,
                                 "relevant")
    session.refresh(match)
    assert match.status is MatchStatus.NEW


def test_a_new_call_after_a_harvest_is_matched_to_all_companies(session, town, make_call):
    _staff, _metal, bakery, _calls = town
    matches.rematch(session, today=TODAY, full=True)
    since = datetime.now(UTC) - timedelta(seconds=1)
    new = make_call("Leipomoiden energiatehokkuus ja uunit",
                    "Tuki leipomoiden uuniinvestointeihin ja energiatehokkuuteen.",
                    keywords=["leipomo", "energiatehokkuus"])
    summary = matches.after_harvest(session, since, today=TODAY)
    assert new.title in titles(session, bakery) and summary.changed_calls >= 1
    assert stored(session, bakery, new).reasons
    assert [r.kind for r in session.scalars(select(MatchRun).order_by(MatchRun.id))] == [
        "full", "calls"]


def test_a_harvest_matches_its_calls_as_a_full_rematch_would(session, town, httpserver):
    """Through the harvest's own hook, on the saved EU payload: the incremental result (only
    the companies a changed call concerns) equals a full recomputation."""
    today = payloads.TODAY
    matches.rematch(session, today=today, full=True)
    _fake, url = payloads.eu_server(httpserver)
    source = payloads.add_source(session, "eu-ft-portal", "eu-ft", url)
    run = harvest.run_source(session, source, http=payloads.http(), today=today,
                             now=datetime.now(UTC))
    assert run.status is RunStatus.OK and run.created == 8
    assert harvest.after_harvest(session, [run], today=today) == 8
    eu_calls = set(session.scalars(select(FundingCall.id).where(
        FundingCall.funding_source_id == source.id)))

    def current():
        return set(session.execute(select(Match.company_id, Match.call_id)
                                   .where(Match.is_current.is_(True))).all())

    incremental = current()
    assert {call_id for _c, call_id in incremental} & eu_calls  # some EU topic matched
    matches.rematch(session, today=today, full=True)
    assert current() == incremental


def test_a_call_edited_by_hand_between_harvests_is_caught_by_the_next(session, town):
    _staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    calls["large"].large_only = None  # corrected by hand; no rematch ran for it
    session.flush()
    later = datetime.now(UTC) + timedelta(minutes=1)  # the harvest starts after the edit
    session.add(HarvestRun(source_id=calls["large"].funding_source_id, started_at=later,
                           status=RunStatus.OK, updated=1))
    session.flush()
    run = session.scalars(select(HarvestRun)).one()
    harvest.after_harvest(session, [run], today=TODAY)
    assert stored(session, metal, calls["large"]) is not None


def test_a_passed_deadline_hides_the_match_at_once_and_the_next_rematch_drops_it(session, town):
    staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    later = SOON.date() + timedelta(days=1)
    found = matching_reads.company_matches(session, staff, metal.id, today=later)
    assert calls["robot"].id not in {r.match.call_id for r in found.current}
    matches.after_harvest(session, datetime.now(UTC), today=later)
    assert stored(session, metal, calls["robot"]) is None


def test_a_changed_call_updates_the_cached_matcher_without_a_refit(session, town, make_call):
    _staff, metal, _bakery, calls = town
    for i in range(10):
        make_call(f"Muu haku {i}", f"Matkailu ja kulttuuri {i}.")
    matches.rematch(session, today=TODAY, full=True)
    fitted = cache._cache[next(iter(cache._cache))].matcher
    food = calls["food"]
    food.description = "Tuki konepajojen robotiikkaan, koneistukseen ja hitsaukseen."
    food.keywords = ["automaatio", "koneistus", "hitsaus"]
    session.flush()
    assert matches.rematch_after_save(session, metal.id, today=TODAY)
    assert cache._cache[next(iter(cache._cache))].matcher is fitted  # updated in place
    assert food.title in titles(session, metal)[:2]
    assert stored(session, metal, food).call_version == food.version


def test_a_calls_companies_are_only_the_towns_own(session, town, make_company, make_city):
    staff, metal, _bakery, calls = town
    other = make_company(city=make_city(), name="Vieras Konepaja Oy",
                         description=metal.description, keywords=metal.keywords,
                         size_class=SizeClass.SMALL)
    matches.rematch(session, today=TODAY, full=True)
    everyone = set(session.scalars(select(Match.company_id)
                                   .where(Match.call_id == calls["robot"].id)))
    assert other.id in everyone
    rows = matching_reads.call_matches(session, staff, calls["robot"].id, today=TODAY)
    visible = {r.match.company_id for r in rows}
    assert metal.id in visible and other.id not in visible
    with pytest.raises(NotFound):
        matching_reads.company_matches(session, staff, other.id, today=TODAY)
    with pytest.raises(NotFound):
        matching_reads.call_matches(session, staff, 999_999, today=TODAY)


def test_filters_by_programme_and_deadline(session, town, make_call):
    staff, metal, _bakery, calls = town
    late = make_call("Robotiikan kasvuohjelma", "Automaatio ja robotiikka konepajoille.",
                     programme="Kasvu", deadline=SOON + timedelta(days=200))
    matches.rematch(session, today=TODAY, full=True)

    def listed(**filters):
        found = matching_reads.company_matches(
            session, staff, metal.id, matching_reads.MatchFilters(**filters), today=TODAY)
        return {r.match.call_id for r in found.current}

    assert listed(programme="Kasvu") == {late.id}
    before = listed(deadline_before=SOON.date())
    assert calls["robot"].id in before and late.id not in before
    assert matching_reads.programmes(session, staff, metal.id) == ["Kasvu"]


def test_why_not_explains_an_ineligible_call(session, town):
    staff, metal, _bakery, calls = town
    explanation = matching_reads.explain(session, staff, metal.id, calls["large"].id,
                                         today=TODAY)
    assert not explanation.eligible and {r.code for r in explanation.failed} == {"large_only"}
    passed = matching_reads.explain(session, staff, metal.id, calls["robot"].id, today=TODAY)
    assert passed.eligible and passed.score is not None
    assert {"status_ok", "deadline_ok"} <= {r.code for r in passed.passed}


def test_merged_companies_lose_their_new_matches(session, town):
    _staff, metal, bakery, _calls = town
    matches.rematch(session, today=TODAY, full=True)
    bakery.merged_into_id = metal.id
    session.flush()
    matches.rematch(session, today=TODAY, company_ids=[bakery.id])
    assert session.scalar(select(func.count(Match.id)).where(Match.company_id == bakery.id)) == 0


def test_the_day_is_the_callers(session, town):
    """A deadline counts on its own date: the day after it the call no longer matches."""
    _staff, metal, _bakery, calls = town
    matches.rematch(session, today=date.fromordinal(SOON.date().toordinal()), full=True)
    assert stored(session, metal, calls["robot"]) is not None
    matches.rematch(session, today=SOON.date() + timedelta(days=1), full=True)
    assert stored(session, metal, calls["robot"]) is None
