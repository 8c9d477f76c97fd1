"""A job whose ``flask worker`` process is SIGKILLed mid-job is taken up again by the next worker
process and finishes (an idempotent job, ``max_attempts`` 2), and the queue goes on with the next
job: nothing stays blocked. (The run-now harvest, which is never run twice, is marked failed
instead: ``test_job_worker.py``.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app import job_queue as queue
from app.extensions import db
from app.models.job_queue import QueuedJob, QueueStatus
from tests.test_job_worker import FAST, ROOT, qapp, stop, wait_for  # noqa: F401  (fixture)

SLOW = "tests.slow_idempotent"

# a worker process like ``flask worker`` with one more job: it marks each start with a file and
# waits until the test lets it finish
WORKER = f'''
import pathlib, sys, time
from app import create_app
from app.job_queue import job
from app.job_queue.worker import Worker

folder = pathlib.Path(sys.argv[1])

@job("{SLOW}", max_attempts=2)
def slow(session, *, tag):
    n = len(list(folder.glob(tag + ".started*")))
    (folder / f"{{tag}}.started{{n}}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)

Worker(create_app()).run()
'''


@queue.job(SLOW, max_attempts=2)
def _slow(session: Any, *, tag: str) -> None:  # registered here too: enqueue checks the name
    raise AssertionError("runs in the worker process only")


def start(app: Any, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VETURI_ENV": "production", "SECRET_KEY": "a-worker-test-secret",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           **{key: str(value) for key, value in FAST.items()}}
    return subprocess.Popen([sys.executable, "-c", WORKER, str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def row(app: Any, queued_id: int) -> QueuedJob:
    with app.app_context():
        try:
            return db.session.get(QueuedJob, queued_id)
        finally:
            db.session.expunge_all()
            db.session.remove()


def test_a_job_killed_with_its_worker_runs_again_in_the_next_and_the_queue_goes_on(
        qapp, tmp_path):  # noqa: F811
    name = f"job{time.monotonic_ns()}"
    with qapp.app_context():
        first = queue.enqueue(SLOW, tag=name).id
        db.session.remove()
    worker = start(qapp, tmp_path)
    try:
        wait_for(lambda: (tmp_path / f"{name}.started0").exists())
        worker.send_signal(signal.SIGKILL)  # mid-job, no chance to record anything
        worker.wait(10)
        assert row(qapp, first).status is QueueStatus.RUNNING  # until its heartbeat is stale
        worker = start(qapp, tmp_path)  # the supervisor's restart: it reaps the lost job
        wait_for(lambda: (tmp_path / f"{name}.started1").exists(),
                 timeout=FAST["JOB_LOST_AFTER_SECONDS"] + 30)
        (tmp_path / "release").touch()
        wait_for(lambda: row(qapp, first).status is QueueStatus.DONE)
        done = row(qapp, first)
        assert done.attempts == 2 and done.error is None  # the second attempt went through
        with qapp.app_context():  # the next job is taken at once: nothing blocks
            second = queue.enqueue(SLOW, tag=f"{name}-next").id
            db.session.remove()
        wait_for(lambda: row(qapp, second).status is QueueStatus.DONE)
        assert row(qapp, second).attempts == 1
    finally:
        (tmp_path / "release").touch()
        stop(worker)


def test_timed_harvest_digest_and_retrain_go_through_the_queue(qapp):  # noqa: F811
    """The scheduler hands its long jobs to the worker process, so a dying worker is reaped
    for them too."""
    from app.jobs.digest import build_and_send_due
    from app.jobs.harvest import harvest_enabled_sources, harvest_source
    from app.jobs.matching import retrain_and_rematch

    assert harvest_enabled_sources(qapp) == 0
    assert harvest_source("eu-ft", qapp) == 0
    assert build_and_send_due(qapp) == 0
    assert retrain_and_rematch(qapp) is False
    with qapp.app_context():
        rows = db.session.query(QueuedJob.name, QueuedJob.kwargs).filter(
            QueuedJob.status == QueueStatus.QUEUED).order_by(QueuedJob.id.desc()).limit(4).all()
        db.session.remove()
    assert [tuple(r) for r in rows] == [
        ("matching.retrain_and_rematch", {}), ("digest.send", {}),
        ("harvest.scheduled", {"names": ["eu-ft"]}), ("harvest.scheduled", {"names": None})]
