"""The job queue with a real ``flask worker`` process: a "run now" harvest runs end to end, a
job whose worker is killed mid-run is marked failed (or retried) and does not block the next
"run now". Runs on a file SQLite database and, with TEST_DATABASE_URL, on a PostgreSQL database
of its own (``<name>_jobs``): the worker is another process and needs committed rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug import Request, Response

from app import job_queue as queue
from app.extensions import db
from app.job_queue.worker import Worker
from app.models import Role, User
from app.models.base import utcnow
from app.models.funding import HarvestJob, JobStatus
from app.models.job_queue import QueuedJob, QueueStatus
from app.services.funding import sources as harvest_sources
from tests.conftest import BACKENDS, own_app
from tests.services.test_funding_harvest_payloads import add_source, hae_server

ROOT = Path(__file__).resolve().parent.parent
FAST = {"JOB_QUEUE": "database", "JOB_POLL_SECONDS": 0.1, "JOB_HEARTBEAT_SECONDS": 1,
        "JOB_LOST_AFTER_SECONDS": 3}


@pytest.fixture(scope="module", params=BACKENDS)
def qapp(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    application = own_app(request.param, "jobs", tmp_path_factory, **FAST)
    yield application
    with application.app_context():
        db.engine.dispose()


def start_worker(app: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VETURI_ENV": "production", "SECRET_KEY": "a-worker-test-secret",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           **{key: str(value) for key, value in FAST.items()}}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def wait_for(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def queue_harvest(app: Any, url: str) -> tuple[int, int]:
    """A "run now" harvest of one source, queued as the source page does. Returns the ids of
    the harvest job and of its queue row."""
    with app.app_context():
        n = time.monotonic_ns()
        source = add_source(db.session, f"hae-{n}", "haeavustuksia", url)
        user = User(email=f"c{n}@example.test", name="Coordinator", role=Role.COORDINATOR,
                    password_hash="x", language="en")
        db.session.add(user)
        db.session.commit()
        job = harvest_sources.start_job(db.session, user, source.id)
        handle = queue.enqueue("harvest.run_now", job_id=job.id)
        db.session.remove()
        assert handle.id is not None
        return job.id, handle.id


def rows(app: Any, job_id: int, queued_id: int) -> tuple[HarvestJob, QueuedJob]:
    with app.app_context():
        try:
            return (db.session.get(HarvestJob, job_id), db.session.get(QueuedJob, queued_id))
        finally:
            db.session.expunge_all()
            db.session.remove()


def stop(proc: subprocess.Popen[bytes]) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stderr.read().decode() if proc.stderr else ""


def test_the_worker_process_runs_a_run_now_harvest_end_to_end(qapp, httpserver):
    _, url = hae_server(httpserver, prefix=f"/fast{time.monotonic_ns()}")
    job_id, queued_id = queue_harvest(qapp, url)
    worker = start_worker(qapp)
    try:
        wait_for(lambda: rows(qapp, job_id, queued_id)[1].status is QueueStatus.DONE)
    finally:
        log = stop(worker)
    job, queued = rows(qapp, job_id, queued_id)
    assert job.status is JobStatus.DONE and job.done == 1, log
    assert queued.attempts == 1 and queued.error is None and queued.finished_at is not None
    assert worker.returncode == 0  # SIGTERM lets it stop cleanly between jobs


def test_a_killed_worker_does_not_block_the_next_run_now(qapp, httpserver):
    release = threading.Event()
    path = f"/slow{time.monotonic_ns()}"

    def slow(request: Request) -> Response:
        release.wait(60)
        return Response("{}", status=503)

    httpserver.expect_request(f"{path}/api/haku/list-items").respond_with_handler(slow)
    job_id, queued_id = queue_harvest(qapp, httpserver.url_for(path))
    worker = start_worker(qapp)
    try:
        wait_for(lambda: rows(qapp, job_id, queued_id)[0].status is JobStatus.RUNNING)
        worker.send_signal(signal.SIGKILL)  # mid-run: its thread waits on the slow source
        worker.wait(10)
        with qapp.app_context():
            assert harvest_sources.active_job(db.session) is not None  # still blocking
            db.session.remove()
        time.sleep(FAST["JOB_LOST_AFTER_SECONDS"] + 0.5)
        assert Worker(qapp).reap() == 1  # what the next worker does when it starts
    finally:
        release.set()
        stop(worker)
    job, queued = rows(qapp, job_id, queued_id)
    assert queued.status is QueueStatus.FAILED and "stopped" in queued.error
    assert job.status is JobStatus.FAILED and "pysähtyi" in job.message  # Finnish by default
    with qapp.app_context():
        assert harvest_sources.active_job(db.session) is None
        user = db.session.scalars(select(User).where(User.role == Role.COORDINATOR)).first()
        again = harvest_sources.start_job(db.session, user, job.source_ids[0])  # not refused
        assert again.status is JobStatus.QUEUED
        db.session.remove()


def test_a_lost_job_with_attempts_left_is_queued_again_and_runs(qapp):
    """An idempotent job (max_attempts > 1) whose worker vanished runs again from the start."""
    with qapp.app_context():
        handle = queue.enqueue("matching.rematch_calls", call_ids=[])
        stale = utcnow().replace(year=2000)
        db.session.execute(
            QueuedJob.__table__.update().where(QueuedJob.id == handle.id).values(
                status=QueueStatus.RUNNING, attempts=1, heartbeat_at=stale, worker="gone:1"))
        db.session.commit()
        db.session.remove()
    worker = Worker(qapp)
    assert worker.reap() == 1
    with qapp.app_context():
        row = db.session.get(QueuedJob, handle.id)
        assert row.status is QueueStatus.QUEUED and "gone:1" in row.error
        db.session.remove()
    while worker.run_one():
        pass
    with qapp.app_context():
        row = db.session.get(QueuedJob, handle.id)
        assert row.status is QueueStatus.DONE and row.attempts == 2
        db.session.remove()


def test_an_unknown_job_name_is_refused_before_anything_is_queued(qapp):
    with qapp.app_context():
        before = db.session.scalar(select(QueuedJob.id).order_by(QueuedJob.id.desc()).limit(1))
        with pytest.raises(ValueError, match="no background job"):
            queue.enqueue("imports.comit", import_id=1)
        after = db.session.scalar(select(QueuedJob.id).order_by(QueuedJob.id.desc()).limit(1))
        assert before == after
        db.session.remove()


def test_production_queues_jobs_for_the_worker_and_a_bad_mode_refuses_to_start():
    from config import ConfigError, load_config

    base = {"SECRET_KEY": "a-real-secret-of-ours"}
    assert load_config({**base, "VETURI_ENV": "production"}).JOB_QUEUE == "database"
    assert load_config({**base, "VETURI_ENV": "development"}).JOB_QUEUE == "thread"
    cfg = load_config({**base, "VETURI_ENV": "production", "JOB_QUEUE": "redis"})
    with pytest.raises(ConfigError, match="JOB_QUEUE"):
        cfg.validate()
    cfg = load_config({**base, "JOB_HEARTBEAT_SECONDS": "30", "JOB_LOST_AFTER_SECONDS": "40"})
    with pytest.raises(ConfigError, match="JOB_LOST_AFTER_SECONDS"):
        cfg.validate()


def test_a_scheduled_harvest_lost_with_its_worker_leaves_no_source_run_running(qapp):
    """The attempt's runs are marked failed when the lost job is queued again (its retry
    harvests anew); a run that started before the attempt (another harvest's) is left alone."""
    from datetime import timedelta

    from app.models.funding import FundingSource, HarvestRun, RunStatus

    with qapp.app_context():
        session = db.session
        source = FundingSource(name=f"lost-{time.monotonic_ns()}", kind="manual", enabled=True)
        session.add(source)
        session.flush()
        attempt_start = utcnow() - timedelta(minutes=5)
        older = HarvestRun(source_id=source.id, started_at=attempt_start - timedelta(hours=1),
                           status=RunStatus.RUNNING, errors=[])
        mine = HarvestRun(source_id=source.id, started_at=attempt_start + timedelta(seconds=2),
                          status=RunStatus.RUNNING, errors=[])
        session.add_all([older, mine])
        session.flush()
        name, older_id, mine_id = source.name, older.id, mine.id
        session.commit()  # nothing read after it: the queue's own connection writes next
        handle = queue.enqueue("harvest.scheduled", names=[name])
        session.execute(
            QueuedJob.__table__.update().where(QueuedJob.id == handle.id).values(
                status=QueueStatus.RUNNING, attempts=1, started_at=attempt_start,
                heartbeat_at=utcnow().replace(year=2000), worker="gone:2"))
        session.commit()
        db.session.remove()
    assert Worker(qapp).reap() == 1
    with qapp.app_context():
        session = db.session
        assert session.get(QueuedJob, handle.id).status is QueueStatus.QUEUED  # retried
        lost = session.get(HarvestRun, mine_id)
        assert lost.status is RunStatus.FAILED and lost.finished_at is not None
        assert "stopped" in lost.errors[0] or "pysähtyi" in lost.errors[0]
        assert session.get(HarvestRun, older_id).status is RunStatus.RUNNING
        session.execute(QueuedJob.__table__.delete().where(QueuedJob.id == handle.id))
        session.commit()
        db.session.remove()
