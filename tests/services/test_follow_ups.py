"""After-commit follow-ups: a use case's follow-up runs once its work is committed, never after a
rollback, and a failing one never loses the saved work. Every path that creates or changes what
matching reads leaves the company's matches current when it returns: the import, the register
import, a merge and an undone merge, the company form's use cases, a call saved by hand."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.models import Company, IndustryCodeSet, Role, SizeClass
from app.models.funding import FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match
from app.services import companies, imports
from app.services._tx import after_commit, committing, pending_follow_ups
from app.services.companies import merge
from app.services.funding import calls
from app.services.funding.inputs import CallInput
from app.services.imports import register
from app.services.inputs import CompanyInput
from app.services.matches import _cache as cache
from connectors.records import CompanyRecord

TODAY = clock.today()
SOON = datetime.combine(TODAY + timedelta(days=70), datetime.min.time(), UTC)
ROBOT_TEXT = ("Konepaja koneistaa ja hitsaa teräsosia. Suunnittelemme robottisolua ja tuotannon "
              "automaatiota ja energiatehokkuutta.")


@pytest.fixture(autouse=True)
def _fresh_matcher():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture()
def robot_call(session):
    source = FundingSource(name="jälkityölähde", kind="manual")
    session.add(source)
    session.flush()
    call = FundingCall(
        funding_source_id=source.id, source_id="r1", kind=CallKind.CALL,
        title="Teollisuuden automaatio- ja robotiikkainvestoinnit",
        description="Tuki pk-yritysten automaatio- ja robotiikkainvestointeihin, koneistukseen ja "
                    "tuotannon energiatehokkuuteen.",
        status=CallStatus.OPEN, language="fi", deadlines=[SOON.isoformat()],
        next_deadline_at=SOON, is_continuous=False, content_hash="r1",
        keywords=["automaatio", "robotiikka", "koneistus"], applicant_types=["company"])
    session.add(call)
    session.flush()
    return call


def matches_of(session, company_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Match).where(
        Match.company_id == company_id, Match.is_current.is_(True))) or 0


# --- the mechanism -----------------------------------------------------------------------------


def test_a_follow_up_runs_after_the_commit_and_once(session):
    seen: list[str] = []
    with committing(session):
        after_commit(session, lambda: seen.append("first"), key="k")
        after_commit(session, lambda: seen.append("second"), key="k")
        after_commit(session, lambda: seen.append("other"))
        assert seen == []
    assert seen == ["second", "other"]
    assert pending_follow_ups(session) == 0


def test_a_rollback_discards_the_follow_ups(session):
    seen: list[str] = []
    with pytest.raises(RuntimeError), committing(session):
        after_commit(session, lambda: seen.append("never"))
        raise RuntimeError("the use case failed")
    with committing(session):
        pass
    assert seen == [] and pending_follow_ups(session) == 0


def test_a_savepoint_commit_does_not_run_the_follow_ups_early(session):
    seen: list[str] = []
    with committing(session):
        after_commit(session, lambda: seen.append("after"))
        savepoint = session.begin_nested()
        savepoint.commit()
        failed = session.begin_nested()
        failed.rollback()  # a savepoint rolled back does not drop the use case's follow-ups
        assert seen == []
    assert seen == ["after"]


def test_a_failing_follow_up_does_not_lose_the_save(session, make_user, caplog):
    staff = make_user(Role.STAFF)
    seen: list[str] = []

    def broken() -> None:
        raise RuntimeError("matcher down")

    with committing(session):
        company = Company(city_id=staff.city_id, name="Tallessa Oy")
        session.add(company)
        after_commit(session, broken)
        after_commit(session, lambda: seen.append("still runs"))
    assert seen == ["still runs"]
    assert "follow-up" in caplog.text and "matcher down" in caplog.text
    session.expire_all()
    assert session.scalar(select(Company.name).where(Company.id == company.id)) == "Tallessa Oy"


def test_a_failing_rematch_does_not_fail_the_company_save(session, make_user, robot_call,
                                                          monkeypatch):
    from app.services import matches

    staff = make_user(Role.STAFF)

    def down(*args, **kwargs):
        raise RuntimeError("matcher down")

    monkeypatch.setattr(matches, "rematch", down)
    company = companies.create_company(session, staff, CompanyInput(
        name="Kallion Konepaja Oy", description=ROBOT_TEXT))
    session.expire_all()
    assert session.get(Company, company.id).description == ROBOT_TEXT
    assert matches_of(session, company.id) == 0


# --- every path leaves the matches current ----------------------------------------------------


def _robot_company(staff) -> CompanyInput:
    return CompanyInput(name="Kallion Konepaja Oy", description=ROBOT_TEXT,
                        keywords=("koneistus", "automaatio", "robotiikka"),
                        industry_code="25620", industry_code_set="TOL2008", size_class="small",
                        employees=30)


def test_a_company_created_or_updated_by_the_service_has_its_matches(session, make_user,
                                                                    robot_call):
    staff = make_user(Role.STAFF)
    company = companies.create_company(session, staff, _robot_company(staff))
    assert matches_of(session, company.id) == 1
    session.execute(Match.__table__.delete())
    changed = dataclasses.replace(_robot_company(staff), employees=31)
    companies.update_company(session, staff, company.id, changed)
    assert matches_of(session, company.id) == 1
    session.execute(Match.__table__.delete())
    # a save that changes nothing writes nothing, yet still refreshes the company's matches
    companies.update_company(session, staff, company.id, changed)
    assert matches_of(session, company.id) == 1


def test_an_imported_company_has_its_matches_right_after(session, make_user, make_city,
                                                         robot_call):
    town = make_city(code="140", name="Iisalmi")
    staff = make_user(Role.STAFF, city=town)
    data = ("Nimi;Kuvaus;Avainsanat;Kokoluokka\r\n"
            f"Kärkkäisen Kala ja Kone Ky;{ROBOT_TEXT};koneistus, automaatio;pieni\r\n"
            ).encode("cp1252")
    imp = imports.upload_list(session, staff, data, "lista.csv")
    imports.save_mapping(session, staff, imp.id, imp.mapping)
    imports.run_dry_run(session, imp.id, today=TODAY)
    imports.start_commit(session, staff, imp.id)
    imports.run_commit(session, imp.id, today=TODAY)
    company = session.scalars(select(Company).where(
        Company.name == "Kärkkäisen Kala ja Kone Ky")).one()
    assert matches_of(session, company.id) == 1


def test_register_import_gives_matches(session, make_city, robot_call):
    town = make_city(code="140", name="Iisalmi")
    counts = register.import_register_batch(session, town, [CompanyRecord(
        business_id="0112038-9", name="Robottikone Oy", industry_code="28410",
        industry_code_set="TOL2025", industry_text="Koneistus, automaatio ja robotiikka",
        municipality_code="140")])
    assert counts.created == 1
    company = session.scalars(select(Company).where(Company.business_id == "0112038-9")).one()
    assert matches_of(session, company.id) == 1


def test_merge_and_undo_leave_both_companies_matched(session, make_user, make_company,
                                                     robot_call):
    staff = make_user(Role.STAFF)
    keep = make_company(city=staff.city, name="Kallion Konepaja Oy", business_id=None)
    drop = make_company(city=staff.city, name="Kallion Konepaja", business_id="2077474-0",
                        description=ROBOT_TEXT, keywords=["koneistus", "automaatio"],
                        industry_code="25620", industry_code_set=IndustryCodeSet.TOL2008,
                        size_class=SizeClass.SMALL)
    assert matches_of(session, keep.id) == 0
    event = merge.merge_companies(session, staff, keep.id, drop.id)
    assert matches_of(session, keep.id) == 1  # the kept one gained the description
    session.execute(Match.__table__.delete())
    merge.unmerge(session, staff, event.id)
    assert matches_of(session, drop.id) == 1  # the restored one is matched again


def test_a_call_typed_in_is_matched_when_the_service_returns(session, make_user, make_company):
    coordinator = make_user(Role.COORDINATOR)
    company = make_company(name="Kallion Konepaja Oy", description=ROBOT_TEXT,
                           keywords=["koneistus", "automaatio", "robotiikka"])
    call = calls.create_call(session, coordinator, CallInput(
        title="Teollisuuden automaatio- ja robotiikkainvestoinnit",
        description="Tuki automaatio- ja robotiikkainvestointeihin ja koneistukseen.",
        funder="ELY-keskus", url="https://example.fi/haku", deadlines=(SOON,), status="open",
        applicant_types=("company",), keywords=("automaatio", "robotiikka")))
    assert session.scalar(select(func.count()).select_from(Match).where(
        Match.call_id == call.id, Match.company_id == company.id)) == 1


def test_every_harvest_entry_matches_the_calls_it_changed(session, httpserver, monkeypatch):
    """``run_all`` (CLI, scheduler) and ``run_job`` ("run now") rematch by themselves: no entry
    point has to call the after-harvest step."""
    from app.models.funding import HarvestJob
    from app.services.funding import harvest
    from tests.services import test_funding_harvest_payloads as payloads

    seen: list[list[int]] = []
    monkeypatch.setattr(harvest, "after_harvest",
                        lambda s, runs, *, today: seen.append([r.created for r in runs]))
    _fake, url = payloads.eu_server(httpserver)
    source = payloads.add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_all(session, http=payloads.http(), today=payloads.TODAY,
                    now=datetime.now(UTC), names=[source.name])
    assert seen == [[8]]
    job = HarvestJob(source_ids=[source.id])
    session.add(job)
    session.flush()
    harvest.run_job(session, job.id, http=payloads.http(), today=payloads.TODAY)
    assert len(seen) == 2
