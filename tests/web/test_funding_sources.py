"""The coordinator's source health page: counts and errors, the enabled toggle, the address,
and "run now" with its progress row."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Role
from app.models.base import utcnow
from app.models.funding import FundingSource, HarvestJob, HarvestRun, JobStatus, RunStatus
from app.models.funding_calls import FundingCall
from app.services.funding import harvest
from app.web.funding import background
from tests.services.test_funding_harvest_payloads import (
    NOW,
    TODAY,
    add_source,
    eu_server,
    hae_server,
    http,
)


class QueuedRuns:
    """Stands in for the thread launcher: the test database is one connection, so the queued
    job runs (with its own app context, as the thread would) once the request is over."""

    def __init__(self):
        self.queued = []
        self.started = []

    def __call__(self, app, job_id):
        self.queued.append((app, job_id))

    def run(self):
        while self.queued:
            app, job_id = self.queued.pop(0)
            self.started.append(job_id)
            background.run_job_in_app(app, job_id)


@pytest.fixture()
def inline_runs(monkeypatch):
    runs = QueuedRuns()
    monkeypatch.setattr(background, "start", runs)
    return runs


@pytest.mark.parametrize("role", [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER])
def test_source_page_and_its_actions_are_for_the_coordinator_only(login, make_user, session, role):
    source = add_source(session, "haeavustuksia", "haeavustuksia", "https://www.haeavustuksia.fi")
    client = login(make_user(role))
    assert client.get("/funding/sources").status_code == 403
    assert client.get(f"/funding/sources/{source.id}/edit").status_code == 403
    assert client.submit(f"/funding/sources/{source.id}/toggle", page="/calls").status_code == 403
    assert client.submit("/funding/sources/run", page="/calls").status_code == 403
    session.refresh(source)
    assert source.enabled and session.scalar(select(func.count(HarvestJob.id))) == 0


def test_health_shows_last_success_counts_and_errors(login, make_user, session, httpserver):
    eu, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    harvest.run_all(session, http=http(), today=TODAY, now=NOW)
    eu.status = 503
    harvest.run_all(session, http=http(), today=TODAY, now=NOW + timedelta(hours=1))

    html = login(make_user(Role.COORDINATOR, language="en")).get("/funding/sources").get_data(as_text=True)
    assert "Failed" in html and "HTTP 503" in html
    assert "8 current, 0 withdrawn" in html and "1 current, 0 withdrawn" in html
    assert "0 fetched, 0 new, 0 changed, 0 unchanged, 0 withdrawn" in html  # the failed run
    assert "1 fetched, 0 new, 0 changed, 1 unchanged, 0 withdrawn" in html
    assert '<th scope="row">eu-ft-portal' in html and "Run eu-ft-portal now" in html


def test_toggle_disables_and_enables_a_source_and_is_audited(login, make_user, session):
    source = add_source(session, "sitra", "rss", "https://www.sitra.fi/feed/")
    client = login(make_user(Role.COORDINATOR, language="en"))
    resp = client.submit(f"/funding/sources/{source.id}/toggle", page="/funding/sources")
    assert resp.status_code == 302
    session.refresh(source)
    assert source.enabled is False
    assert "No (disabled)" in client.get("/funding/sources").get_data(as_text=True)
    client.submit(f"/funding/sources/{source.id}/toggle", page="/funding/sources")
    session.refresh(source)
    assert source.enabled is True
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "funding_source.update")).all()
    assert [e.after for e in events] == [{"enabled": False}, {"enabled": True}]


def test_edit_source_address_and_schedule(login, make_user, session):
    source = add_source(session, "sitra", "rss", "https://www.sitra.fi/feed/")
    client = login(make_user(Role.COORDINATOR, language="en"))
    bad = client.submit(f"/funding/sources/{source.id}/edit",
                        {"enabled": "y", "url": "ftp://mirror.example/feed", "schedule": "every day"})
    assert bad.status_code == 422 and "http://" in bad.get_data(as_text=True)
    bad = client.submit(f"/funding/sources/{source.id}/edit",
                        {"enabled": "y", "url": "https://mirror.example/feed", "schedule": "every day"})
    assert bad.status_code == 422 and "crontab" in bad.get_data(as_text=True)
    session.refresh(source)
    assert source.url == "https://www.sitra.fi/feed/" and source.schedule is None
    ok = client.submit(f"/funding/sources/{source.id}/edit",
                       {"enabled": "y", "url": "https://mirror.example/feed", "schedule": "0  6 * * 1"})
    assert ok.status_code == 302
    session.refresh(source)
    assert source.url == "https://mirror.example/feed" and source.schedule == "0 6 * * 1"


def test_run_now_harvests_and_shows_the_result(login, make_user, session, httpserver, inline_runs):
    _, hae_url = hae_server(httpserver)
    _, eu_url = eu_server(httpserver)
    hae = add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    add_source(session, "manual", "manual", None)
    client = login(make_user(Role.COORDINATOR, language="en"))

    resp = client.submit("/funding/sources/run", {"source_id": str(hae.id)}, page="/funding/sources")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/funding/sources#progress")
    job = session.scalars(select(HarvestJob)).one()
    assert job.status is JobStatus.QUEUED and job.total == 1
    inline_runs.run()
    assert inline_runs.started == [job.id]
    session.refresh(job)
    assert job.status is JobStatus.DONE and (job.done, job.total) == (1, 1)
    (run,) = job.runs
    assert run.source_id == hae.id and run.status is RunStatus.OK and run.created == 1
    assert session.scalar(select(func.count(FundingCall.id))) == 1

    status = client.get(f"/funding/jobs/{job.id}/status").get_data(as_text=True)
    assert 'data-active="false"' in status and "Finished" in status
    assert "1 of 1 sources done" in status and "haeavustuksia: OK" in status
    page = client.get("/funding/sources").get_data(as_text=True)
    assert 'id="harvest-progress"' in page and "http-equiv" not in page

    client.submit("/funding/sources/run", page="/funding/sources")  # every enabled source
    inline_runs.run()
    job = session.scalars(select(HarvestJob).order_by(HarvestJob.id.desc())).first()
    session.refresh(job)
    assert job.total == 2 and job.done == 2 and job.status is JobStatus.DONE
    assert session.scalar(select(func.count(FundingCall.id))) == 9


def test_progress_of_a_running_job_is_polled(login, make_user, session):
    coordinator = make_user(Role.COORDINATOR, language="en")
    source = add_source(session, "eura2021", "eura2021", "https://eura2021.fi")
    job = HarvestJob(requested_by_id=coordinator.id, source_ids=[source.id, 99], total=3, done=1,
                     status=JobStatus.RUNNING, current_source="eura2021", created_at=utcnow())
    session.add(job)
    session.flush()
    session.add(HarvestRun(source_id=source.id, job_id=job.id, status=RunStatus.RUNNING, errors=[]))
    session.flush()
    client = login(coordinator)

    fragment = client.get(f"/funding/jobs/{job.id}/status").get_data(as_text=True)
    assert 'data-active="true"' in fragment and "Now reading eura2021." in fragment
    assert "1 of 3 sources done" in fragment and '<progress max="3" value="1"' in fragment
    page = client.get("/funding/sources").get_data(as_text=True)
    assert f'data-status-url="/funding/jobs/{job.id}/status"' in page
    assert '<script src="/static/js/job-progress.js" defer></script>' in page
    assert '<noscript><meta http-equiv="refresh" content="5">' in page
    assert "<script>" not in page  # CSP script-src 'self': no inline scripts

    resp = client.submit("/funding/sources/run", page="/funding/sources")
    assert resp.status_code == 302
    assert session.scalar(select(func.count(HarvestJob.id))) == 1  # refused while one runs
    assert "already running" in client.get("/funding/sources").get_data(as_text=True)


def test_progress_script_is_served_from_static(client):
    resp = client.get("/static/js/job-progress.js")
    assert resp.status_code == 200 and b"data-active" in resp.data and b"statusUrl" in resp.data


def test_background_thread_runs_the_job_in_its_own_app_context(app, session, httpserver, make_user):
    """The real thread: it opens its own app context and session and fills the progress row."""
    _, hae_url = hae_server(httpserver)
    source = add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    job = HarvestJob(requested_by_id=make_user(Role.COORDINATOR).id, source_ids=[source.id],
                     total=1, done=0, status=JobStatus.QUEUED, created_at=utcnow())
    session.add(job)
    session.commit()  # a savepoint in the test's outer transaction
    seen = {}
    original = harvest.run_job

    def spy(*args, **kwargs):
        seen["thread"] = threading.current_thread().name
        return original(*args, **kwargs)

    harvest_run_job = pytest.MonkeyPatch()
    harvest_run_job.setattr(harvest, "run_job", spy)
    try:
        background.start(app, job.id).join(timeout=30)
    finally:
        harvest_run_job.undo()
    assert seen["thread"] == f"harvest-job-{job.id}"
    session.expire_all()
    job = session.get(HarvestJob, job.id)
    assert job.status is JobStatus.DONE and job.done == 1
    assert session.scalars(select(FundingSource).where(FundingSource.id == source.id)).one().last_success_at
