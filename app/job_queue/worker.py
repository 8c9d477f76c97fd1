"""``flask worker``'s loop: take the oldest queued job from ``queued_job``, run it in this
process's one app, record how it ended.

Taking a job is one short transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
workers never wait on each other; a guarded ``UPDATE`` elsewhere). While a job runs, a thread
moves its ``heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS``. A running job whose heartbeat is
older than ``JOB_LOST_AFTER_SECONDS`` belongs to a worker that died (killed, out of memory, the
machine rebooted): any worker reaps it, queueing it again while it has attempts left, otherwise
marking it failed; either way its ``on_lost`` is called (with the lost attempt's start) so its
progress row says so, the next "run now" is not blocked and nothing stays "running".
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select, update

from app import job_queue as queue
from app.extensions import db
from app.models.base import utcnow
from app.models.job_queue import QueuedJob, QueueStatus

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


class Worker:
    """One worker process's loop over the queue (``run``), or one step of it (``run_one``)."""

    def __init__(self, app: Flask, *, name: str | None = None, poll: float | None = None):
        self.app = app
        self.name = name or worker_name()
        self.poll = poll if poll is not None else app.config["JOB_POLL_SECONDS"]
        self.heartbeat = app.config["JOB_HEARTBEAT_SECONDS"]
        self.lost_after = timedelta(seconds=app.config["JOB_LOST_AFTER_SECONDS"])
        self.stopping = threading.Event()

    @property
    def _engine(self) -> Any:
        with self.app.app_context():
            return db.engine

    def _for_update(self, stmt: Any) -> Any:
        if self._engine.dialect.name == "postgresql":
            return stmt.with_for_update(skip_locked=True)
        return stmt

    def claim(self) -> dict[str, Any] | None:
        """Take the oldest job that is due, or None."""
        now = utcnow()
        with self._engine.begin() as conn:
            stmt = (select(QueuedJob.id)
                    .where(QueuedJob.status == QueueStatus.QUEUED, QueuedJob.run_after <= now)
                    .order_by(QueuedJob.id).limit(1))
            job_id = conn.scalar(self._for_update(stmt))
            if job_id is None:
                return None
            taken = conn.execute(
                update(QueuedJob)
                .where(QueuedJob.id == job_id, QueuedJob.status == QueueStatus.QUEUED)
                .values(status=QueueStatus.RUNNING, attempts=QueuedJob.attempts + 1,
                        worker=self.name, started_at=now, heartbeat_at=now)
                .returning(QueuedJob.id, QueuedJob.name, QueuedJob.kwargs, QueuedJob.locale)
            ).first()
        return dict(taken._mapping) if taken is not None else None

    def reap(self) -> int:
        """Requeue or fail the running jobs whose worker stopped beating. Returns how many."""
        cutoff = utcnow() - self.lost_after
        given_up: list[tuple[str, dict[str, Any], str | None]] = []
        with self._engine.begin() as conn:
            stmt = select(QueuedJob.id, QueuedJob.name, QueuedJob.kwargs, QueuedJob.locale,
                          QueuedJob.attempts, QueuedJob.max_attempts, QueuedJob.worker,
                          QueuedJob.started_at).where(
                QueuedJob.status == QueueStatus.RUNNING, QueuedJob.heartbeat_at < cutoff)
            lost = conn.execute(self._for_update(stmt)).all()
            for row in lost:
                note = f"worker {row.worker} stopped during attempt {row.attempts}"
                if row.attempts < row.max_attempts:
                    values: dict[str, Any] = {"status": QueueStatus.QUEUED, "error": note,
                                              "run_after": utcnow()}
                else:
                    values = {"status": QueueStatus.FAILED, "error": note,
                              "finished_at": utcnow()}
                started = row.started_at.isoformat() if row.started_at else None
                given_up.append((row.name, dict(row.kwargs, attempt_started_at=started),
                                 row.locale))
                conn.execute(update(QueuedJob).where(QueuedJob.id == row.id).values(**values))
                log.warning("job %s (%s): %s", row.id, row.name, note)
        for name, kwargs, locale in given_up:
            self._on_lost(name, kwargs, locale)
        return len(lost)

    def _on_lost(self, name: str, kwargs: dict[str, Any], locale: str | None) -> None:
        try:
            spec = queue.get(name)
            if spec.on_lost is not None:
                lost = queue.JobSpec(name, spec.on_lost)
                queue.run(self.app, lost, kwargs, locale=locale)
        except Exception:  # noqa: BLE001 - one bad hook must not stop the worker
            log.exception("marking lost job %s failed did not work", name)

    def _beat(self, job_id: int, done: threading.Event) -> None:
        while not done.wait(self.heartbeat):
            try:
                with self._engine.begin() as conn:
                    conn.execute(update(QueuedJob).where(QueuedJob.id == job_id)
                                 .values(heartbeat_at=utcnow()))
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                log.exception("heartbeat of job %s failed", job_id)

    def execute(self, taken: dict[str, Any]) -> bool:
        """Run a taken job with its heartbeat; record done or failed. Returns whether it worked."""
        done = threading.Event()
        beat = threading.Thread(target=self._beat, args=(taken["id"], done), daemon=True,
                                name=f"heartbeat-{taken['id']}")
        beat.start()
        error: str | None = None
        try:
            queue.run(self.app, queue.get(taken["name"]), taken["kwargs"] or {},
                      locale=taken["locale"])
        except Exception as exc:  # the worker is the boundary: record, go on with the next
            log.exception("job %s (%s) failed", taken["id"], taken["name"])
            error = repr(exc)[:2000]
        finally:
            done.set()
            beat.join()
        with self._engine.begin() as conn:
            conn.execute(update(QueuedJob).where(QueuedJob.id == taken["id"]).values(
                status=QueueStatus.FAILED if error else QueueStatus.DONE, error=error,
                finished_at=utcnow()))
        return error is None

    def run_one(self) -> bool:
        """Reap, then run the next job if there is one. Returns whether a job ran."""
        self.reap()
        taken = self.claim()
        if taken is None:
            return False
        self.execute(taken)
        return True

    def run(self, *, burst: bool = False) -> None:
        """Work until ``stopping`` is set (SIGTERM: after the current job) or, with ``burst``,
        until the queue is empty. Idle, it polls every ``JOB_POLL_SECONDS``; on PostgreSQL it
        also listens, so a new job starts within milliseconds rather than at the next poll."""
        log.info("worker %s started", self.name)
        listener = None if burst else self._listen()
        try:
            while not self.stopping.is_set():
                if self.run_one():
                    continue
                if burst:
                    break
                if listener is not None:
                    for _note in listener.notifies(timeout=self.poll, stop_after=1):
                        pass
                else:
                    self.stopping.wait(self.poll)
        finally:
            if listener is not None:
                listener.close()
        log.info("worker %s stopped", self.name)

    def _listen(self) -> Any:
        """A raw psycopg connection listening on the queue's channel (PostgreSQL only)."""
        if self._engine.dialect.name != "postgresql":
            return None
        import psycopg

        url = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        conn = psycopg.connect(url, autocommit=True)
        conn.execute(f"LISTEN {queue.CHANNEL}")
        return conn


def wait_until_idle(worker: Worker, *, timeout: float = 30.0) -> None:
    """Run jobs until none is queued (tests and scripts)."""
    deadline = time.monotonic() + timeout
    while worker.run_one():
        if time.monotonic() > deadline:
            raise TimeoutError("the queue did not empty in time")
