"""The harvest service on the saved real payloads served locally: idempotent upsert, versions,
withdrawal, suspicious fetches, failing sources and calls linked across sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.models.funding import FundingSource, HarvestRun, RunStatus
from app.models.funding_calls import CallKind, CallStatus, FundingCall, FundingCallVersion
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
from tests.unit.connectors.saved_payloads import hae_envelope, hae_variant


def _calls(session, source):
    return {c.source_id: c for c in session.scalars(
        select(FundingCall).where(FundingCall.funding_source_id == source.id))}


def _stamps(session):
    return dict(session.execute(select(FundingCall.id, FundingCall.updated_at)).all())


def test_first_harvest_stores_the_calls_with_deadlines_and_statuses(session, httpserver):
    _, url = eu_server(httpserver)
    source = add_source(session, "eu-ft-portal", "eu-ft", url)
    run = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)

    assert run.status is RunStatus.OK and run.errors == []
    assert (run.fetched, run.created, run.updated, run.unchanged, run.withdrawn) == (8, 8, 0, 0, 0)
    calls = _calls(session, source)
    assert len(calls) == 8
    call = calls[OPEN_TOPIC]
    assert call.status is CallStatus.OPEN and call.kind is CallKind.CALL
    assert call.programme == "Horizon Europe (HORIZON)"
    assert call.deadlines == ["2026-09-15T17:00:00+02:00"]
    assert call.next_deadline_at == datetime(2026, 9, 15, 15, 0, tzinfo=UTC)
    assert call.url.endswith("/topic-details/" + OPEN_TOPIC)
    two_stage = calls["HORIZON-MISS-2027-05-SOIL-01-two-stage"]
    assert two_stage.status is CallStatus.FORTHCOMING and len(two_stage.deadlines) == 2
    assert two_stage.next_deadline_at == datetime(2027, 4, 8, 15, 0, tzinfo=UTC)
    assert calls["HORIZON-CL2-2024-TRANSFORMATIONS-01-08"].status is CallStatus.CLOSED
    assert call.version == 1 and call.first_seen_at == NOW and call.content_hash
    assert source.last_success_at == NOW and source.last_error is None
    assert run.finished_at >= run.started_at == NOW


def test_second_identical_run_writes_no_row(session, httpserver):
    _, url = eu_server(httpserver)
    source = add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    before = _stamps(session)
    hashes = dict(session.execute(select(FundingCall.id, FundingCall.content_hash)).all())

    later = NOW + timedelta(hours=1)
    run = harvest.run_source(session, source, http=http(), today=TODAY, now=later)

    assert (run.fetched, run.created, run.updated, run.unchanged, run.withdrawn) == (8, 0, 0, 8, 0)
    session.expire_all()
    assert _stamps(session) == before
    assert dict(session.execute(select(FundingCall.id, FundingCall.content_hash)).all()) == hashes
    assert session.scalar(select(func.count(FundingCallVersion.id))) == 0
    assert session.scalar(select(func.count(HarvestRun.id))) == 2


def test_moved_deadline_creates_a_version_staff_can_read(session, httpserver):
    search, url = eu_server(httpserver)
    source = add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    search.payload = eu_page_with_deadline(OPEN_TOPIC, "2026-10-01T00:00:00.000+0000")

    run = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW + timedelta(days=1))

    assert (run.created, run.updated, run.unchanged) == (0, 1, 7)
    call = _calls(session, source)[OPEN_TOPIC]
    assert call.version == 2
    assert call.deadlines == ["2026-10-01T17:00:00+02:00"]
    assert call.next_deadline_at == datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
    (version,) = call.versions
    assert version.version == 2 and version.harvest_run_id == run.id
    assert version.changes == {"deadlines": {"before": ["2026-09-15T17:00:00+02:00"],
                                             "after": ["2026-10-01T17:00:00+02:00"]}}


def test_call_missing_from_a_complete_fetch_is_withdrawn_and_can_come_back(session, httpserver):
    search, url = eu_server(httpserver)
    source = add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    search.payload = eu_page_without(OPEN_TOPIC)

    run = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW + timedelta(days=1))

    assert run.status is RunStatus.OK and (run.fetched, run.withdrawn, run.unchanged) == (7, 1, 7)
    calls = _calls(session, source)
    assert len(calls) == 8  # never deleted
    gone = calls[OPEN_TOPIC]
    assert gone.status is CallStatus.WITHDRAWN and gone.withdrawn_at == NOW + timedelta(days=1)
    assert gone.versions[0].changes == {"status": {"before": "open", "after": "withdrawn"}}

    search.payload = eu_page_with_deadline(OPEN_TOPIC, "2026-09-15T00:00:00.000+0000")
    back = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW + timedelta(days=2))
    assert (back.updated, back.withdrawn) == (1, 0)
    session.refresh(gone)
    assert gone.status is CallStatus.OPEN and gone.withdrawn_at is None and gone.version == 3


def test_empty_result_where_there_were_calls_withdraws_nothing(session, httpserver):
    fake, url = hae_server(httpserver)
    source = add_source(session, "haeavustuksia", "haeavustuksia", url)
    harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    fake.payload = hae_envelope([], total=0, pages=0)

    run = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW + timedelta(days=1))

    assert run.status is RunStatus.PARTIAL and run.withdrawn == 0 and run.fetched == 0
    assert "suspicious" in run.errors[-1] and "1 before" in run.errors[-1]
    (call,) = _calls(session, source).values()
    assert call.status is CallStatus.OPEN and call.version == 1
    assert "suspicious" in source.last_error


def test_incomplete_fetch_keeps_what_came_and_withdraws_nothing(session, httpserver):
    pages = {1: [hae_variant(101)], 2: [hae_variant(102)]}
    broken = {"page2": False}

    def page(request):
        number = int(request.args["Pagination.Page"])
        if number == 2 and broken["page2"]:
            raise RuntimeError("page 2 is down")  # pytest-httpserver answers 500
        items = pages[number]
        return hae_envelope(items, total=2, pages=2)

    fake, url = hae_server(httpserver)
    fake.payload = page
    source = add_source(session, "haeavustuksia", "haeavustuksia", url)
    first = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    assert first.status is RunStatus.OK and first.created == 2

    pages[1] = [hae_variant(101), hae_variant(103)]  # a new call on page 1
    broken["page2"] = True
    run = harvest.run_source(session, source, http=http(), today=TODAY, now=NOW + timedelta(days=1))

    assert run.status is RunStatus.PARTIAL and run.withdrawn == 0 and run.created == 1
    assert any("page 2" in e for e in run.errors) and "incomplete" in run.errors[-1]
    calls = _calls(session, source)
    assert set(calls) == {"va-lou-2026-101", "va-lou-2026-102", "va-lou-2026-103"}
    assert all(c.status is CallStatus.OPEN for c in calls.values())


def test_failing_source_does_not_stop_another_and_loses_nothing(session, httpserver):
    eu, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    eu_source = add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    hae_source = add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    harvest.run_all(session, http=http(), today=TODAY, now=NOW)
    assert len(_calls(session, eu_source)) == 8

    eu.status = 500
    runs = harvest.run_all(session, http=http(), today=TODAY, now=NOW + timedelta(days=1))

    by_source = {r.source_id: r for r in runs}
    failed = by_source[eu_source.id]
    assert failed.status is RunStatus.FAILED and "HTTP 500" in failed.errors[0]
    assert failed.finished_at is not None and failed.fetched == 0
    assert by_source[hae_source.id].status is RunStatus.OK
    assert by_source[hae_source.id].unchanged == 1
    session.refresh(eu_source)
    assert "HTTP 500" in eu_source.last_error and eu_source.last_success_at == NOW
    calls = _calls(session, eu_source)
    assert len(calls) == 8 and calls[OPEN_TOPIC].status is CallStatus.OPEN
    assert len(eu.requests) == 1 + 3  # first harvest, then the first try and two retries


def test_a_crashing_connector_is_recorded_and_the_rest_still_run(session, httpserver):
    _, url = eura_server(httpserver)
    add_source(session, "aaa-broken", "no-such-kind", "http://127.0.0.1:9/")
    eura = add_source(session, "eura2021", "eura2021", url)
    runs = harvest.run_all(session, http=http(), today=TODAY, now=NOW)
    assert [r.status for r in runs] == [RunStatus.FAILED, RunStatus.OK]
    assert "no-such-kind" in runs[0].errors[0]
    (call,) = _calls(session, eura).values()
    assert call.call_identifier == "ESAELY-002" and call.status is CallStatus.CLOSED
    assert call.deadlines == ["2022-05-10T23:59:00+03:00"]


def test_disabled_and_manual_sources_are_not_harvested(session, httpserver):
    _, url = hae_server(httpserver)
    add_source(session, "haeavustuksia", "haeavustuksia", url, enabled=False)
    add_source(session, "manual", "manual", None)
    assert harvest.run_all(session, http=http(), today=TODAY, now=NOW) == []
    (run,) = harvest.run_all(session, http=http(), today=TODAY, now=NOW, names=["haeavustuksia"])
    assert run.status is RunStatus.OK


def test_url_points_one_run_at_another_address(session, httpserver):
    _, url = hae_server(httpserver)
    source = add_source(session, "haeavustuksia", "haeavustuksia", "https://www.haeavustuksia.fi")
    (run,) = harvest.run_all(session, http=http(), today=TODAY, now=NOW, names=["haeavustuksia"],
                             url=url)
    assert run.status is RunStatus.OK and run.created == 1
    assert source.url == "https://www.haeavustuksia.fi"


def _manual(session, **values):
    source = session.scalars(select(FundingSource).where(FundingSource.name == "manual")).first()
    source = source or add_source(session, "manual", "manual", None)
    call = FundingCall(funding_source_id=source.id, source_id=values.pop("source_id", "m-1"),
                       content_hash="x", first_seen_at=NOW, last_seen_at=NOW, **values)
    session.add(call)
    session.flush()
    return call


def test_same_call_from_two_sources_is_linked_by_identifier(session, httpserver):
    typed = _manual(session, title="EU cybersecurity call (typed in early)",
                    topic_identifier=" horizon-cl3-2026-02-cs-eccc-01 ", deadlines=[])
    _, url = eu_server(httpserver)
    source = add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_source(session, source, http=http(), today=TODAY, now=NOW)
    calls = _calls(session, source)
    assert calls[OPEN_TOPIC].canonical_id == typed.id
    assert [c.source_id for c in typed.duplicates] == [OPEN_TOPIC]
    assert sum(1 for c in calls.values() if c.canonical_id is not None) == 1


def test_same_call_is_linked_by_similar_title_and_the_same_deadline_day(session, httpserver):
    _, url = eu_server(httpserver)
    eu = add_source(session, "eu-ft-portal", "eu-ft", url)
    harvest.run_source(session, eu, http=http(), today=TODAY, now=NOW)
    real = _calls(session, eu)[OPEN_TOPIC]
    assert real.title.startswith("Approaches and tools for security")
    near = _manual(session, source_id="m-near", title=real.title.replace(" and ", " & ", 1),
                   deadlines=["2026-09-15T23:59:00+03:00"])
    other_day = _manual(session, source_id="m-other", title=real.title,
                        deadlines=["2026-09-16T12:00:00+03:00"])
    from app.services.funding._link import link_calls

    assert link_calls(session, near.funding_source_id, [near, other_day]) == 1
    assert near.canonical_id == real.id and other_day.canonical_id is None


def test_ensure_default_sources_seeds_the_real_urls_and_business_finland_once(session):
    result = harvest.ensure_default_sources(session, now=NOW)
    urls = {s.name: (s.kind, s.url) for s in result.created}
    assert urls["eu-ft-portal"] == ("eu-ft", "https://api.tech.ec.europa.eu/search-api/prod/rest")
    assert urls["haeavustuksia"] == ("haeavustuksia", "https://www.haeavustuksia.fi")
    assert urls["eura2021"] == ("eura2021", "https://eura2021.fi")
    assert urls["manual"] == ("manual", None) and urls["sitra"][0] == "rss"
    assert urls["business-finland"] == ("manual", "https://www.businessfinland.fi/")
    bf = session.scalars(select(FundingSource).where(FundingSource.name == "business-finland")).one()
    instruments = _calls(session, bf)
    assert result.instruments.created == len(instruments) >= 3
    assert all(c.is_continuous and c.status is CallStatus.OPEN and c.applicant_types == ["company"]
               and c.funder == "Business Finland" and c.url.startswith("https://")
               for c in instruments.values())
    assert any("Tempo" in c.title for c in instruments.values())

    again = harvest.ensure_default_sources(session, now=NOW + timedelta(days=1))
    assert again.created == [] and again.instruments.created == again.instruments.updated == 0
    assert again.instruments.unchanged == len(instruments)
    assert session.scalar(select(func.count(FundingSource.id))) == len(result.created) == 8
