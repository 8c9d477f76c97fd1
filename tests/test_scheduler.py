"""The scheduler process: one at a time (advisory lock on PostgreSQL, lock file on SQLite), the
daily harvest job with coalescing, and jobs that survive a restart."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import create_engine, func, select, text

from app.cli.scheduler import (
    DAILY_HARVEST,
    DIGEST_JOB,
    FIT_JOB,
    RETRAIN_JOB,
    SchedulerLock,
    build_scheduler,
)
from app.models.funding import HarvestRun, RunStatus
from tests.services.test_funding_harvest_payloads import add_source, eu_server, hae_server

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_lock_file_lets_one_scheduler_run_at_a_time(tmp_path):
    first = SchedulerLock("sqlite:///x.db", tmp_path / "instance" / "scheduler.lock")
    second = SchedulerLock("sqlite:///x.db", tmp_path / "instance" / "scheduler.lock")
    assert first.acquire() is True
    try:
        assert second.acquire() is False
    finally:
        first.release()
    assert second.acquire() is True
    second.release()


def test_second_scheduler_cannot_take_the_lock_on_this_database(app, tmp_path):
    """On the app's own backend: the advisory lock on PostgreSQL, the lock file on SQLite."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    first = SchedulerLock(url, tmp_path / "scheduler.lock")
    second = SchedulerLock(url, tmp_path / "scheduler.lock")
    assert first.uses_postgresql is url.startswith("postgresql")
    assert first.acquire() is True
    try:
        assert second.acquire() is False
    finally:
        first.release()
    assert second.acquire() is True
    second.release()


def test_scheduler_command_exits_when_another_holds_the_lock(app):
    lock = SchedulerLock.for_app(app)
    assert lock.acquire()
    try:
        result = app.test_cli_runner().invoke(args=["scheduler"])
    finally:
        lock.release()
    assert result.exit_code != 0 and "another scheduler is already running" in result.output


@pytest.fixture()
def store(tmp_path):
    return f"sqlite:///{tmp_path / 'jobs.db'}"


def test_daily_harvest_and_own_schedules_are_scheduled(app, session, store):
    add_source(session, "sitra", "rss", "https://www.sitra.fi/feed/", schedule="30 6 * * 1")
    add_source(session, "cinea", "rss", "https://cinea.ec.europa.eu/node/2/rss_en",
               schedule="0 7 * * *", enabled=False)
    scheduler = build_scheduler(app, scheduler_class=BackgroundScheduler, jobstore_url=store)
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {DAILY_HARVEST, "harvest-source-sitra", RETRAIN_JOB, DIGEST_JOB,
                             FIT_JOB}
        assert jobs[FIT_JOB].func_ref == "app.jobs.matching:fit_if_stale"
        assert jobs[DIGEST_JOB].func_ref == "app.jobs.digest:build_and_send_due"
        assert jobs[RETRAIN_JOB].func_ref == "app.jobs.matching:retrain_and_rematch"
        daily = jobs[DAILY_HARVEST]
        assert daily.func_ref == "app.jobs.harvest:harvest_enabled_sources"
        assert daily.coalesce is True and daily.max_instances == 1
        assert str(daily.trigger.timezone) == "Europe/Helsinki"
        first = daily.next_run_time.astimezone(HELSINKI)
        assert (first.hour, first.minute) == (5, 0)
        assert jobs["harvest-source-sitra"].args == ("sitra",)
    finally:
        scheduler.shutdown(wait=False)


def test_jobs_survive_a_restart_and_a_missed_run_is_kept(app, session, store):
    scheduler = build_scheduler(app, scheduler_class=BackgroundScheduler, jobstore_url=store)
    scheduler.start(paused=True)
    scheduler.shutdown(wait=True)
    # the process was down when the job was due: its stored next run time is now in the past
    missed = datetime.now(HELSINKI).replace(microsecond=0) - timedelta(hours=2)
    engine = create_engine(store)
    with engine.begin() as conn:
        raw = conn.execute(text("SELECT job_state FROM scheduler_job WHERE id = :id"),
                           {"id": DAILY_HARVEST}).scalar_one()
        state = pickle.loads(raw)
        state["next_run_time"] = missed
        conn.execute(text("UPDATE scheduler_job SET job_state = :s, next_run_time = :t WHERE id = :id"),
                     {"s": pickle.dumps(state), "t": missed.timestamp(), "id": DAILY_HARVEST})
    engine.dispose()

    again = build_scheduler(app, scheduler_class=BackgroundScheduler, jobstore_url=store)
    again.start(paused=True)
    try:
        job = again.get_job(DAILY_HARVEST)
        assert job is not None and job.next_run_time == missed  # still due: runs once on resume
    finally:
        again.shutdown(wait=False)

    app.config["HARVEST_CRON"] = "15 4 * * *"
    try:
        changed = build_scheduler(app, scheduler_class=BackgroundScheduler, jobstore_url=store)
        changed.start(paused=True)
        job = changed.get_job(DAILY_HARVEST)
        changed.shutdown(wait=False)
    finally:
        app.config["HARVEST_CRON"] = "0 5 * * *"
    local = job.next_run_time.astimezone(HELSINKI)
    assert (local.hour, local.minute) == (4, 15)  # a new schedule replaces the stored job


def test_daily_job_harvests_the_sources_on_the_default_schedule(app, session, httpserver):
    from app.jobs.harvest import harvest_enabled_sources, harvest_source

    _, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    eu = add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    hae = add_source(session, "haeavustuksia", "haeavustuksia", hae_url, schedule="0 6 * * 1")
    assert harvest_enabled_sources(app) == 1
    runs = session.scalars(select(HarvestRun)).all()
    assert [(r.source_id, r.status) for r in runs] == [(eu.id, RunStatus.OK)]
    assert harvest_source("haeavustuksia", app) == 1
    hae.enabled = False
    session.flush()
    assert harvest_source("haeavustuksia", app) == 0


def test_the_queued_harvest_job_harvests_in_the_worker(app, session, httpserver):
    """The body the worker runs for ``harvest.scheduled`` (the scheduler only queued it)."""
    from app.jobs.tasks import harvest_scheduled

    _, eu_url = eu_server(httpserver)
    eu = add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    assert harvest_scheduled(session, names=None) == 1
    assert [(r.source_id, r.status) for r in session.scalars(select(HarvestRun))] == [
        (eu.id, RunStatus.OK)]


def test_retrain_job_keeps_the_weights_with_too_little_feedback(app, session):
    from app.jobs.matching import retrain_and_rematch
    from app.models.matches import MatcherState

    assert retrain_and_rematch(app) is False
    # the training is kept for the learning page, not adopted
    assert session.scalar(select(func.count(MatcherState.id)).where(MatcherState.adopted)) == 0
