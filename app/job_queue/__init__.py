"""Background work, one interface for every area: ``enqueue("imports.commit", import_id=3)``.

A job is a function registered by name (``@job("area.what")``, in ``app/jobs/tasks.py``) taking
the database session and JSON-able keyword arguments; it calls exactly one service use case,
which updates the job's own progress row (an import, a harvest job) that the pages poll.

Where it runs depends on ``JOB_QUEUE``:

- ``thread`` (the embedded default, ``make run``): a daemon thread of the web process, through
  ``app/job_queue/thread.py``, so a newcomer needs nothing more;
- ``inline``: right away, in the caller (scripts, some tests);
- ``database``: a row in ``queued_job`` that a ``flask worker`` process takes (see
  ``app/job_queue/worker.py``): production, on PostgreSQL. README explains the choice over Redis.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import insert, text

from app.extensions import db
from app.job_queue import thread as _thread
from app.models.base import utcnow
from app.models.job_queue import QueuedJob, QueueStatus

MODES = ("inline", "thread", "database")
CHANNEL = "veturi_jobs"  # PostgreSQL NOTIFY channel: an idle worker wakes at once
JobFn = Callable[..., Any]


@dataclass(frozen=True)
class JobSpec:
    """A registered job: its function, how often a run lost with its worker is retried, and
    what tidies up after each attempt lost with its worker (``on_lost``, called with the job's
    arguments and ``attempt_started_at``, whether the job is retried or given up): a progress
    row marked failed so the next run is not blocked, records the attempt left half-done."""

    name: str
    fn: JobFn
    max_attempts: int = 1
    on_lost: JobFn | None = None
    label: str = ""  # the thread's name in thread mode, formatted with the kwargs


_JOBS: dict[str, JobSpec] = {}
_TASK_MODULES = ("app.jobs.tasks",)


def job(name: str, *, max_attempts: int = 1, on_lost: JobFn | None = None,
        label: str = "") -> Callable[[JobFn], JobFn]:
    """Register ``fn(session, **kwargs)`` under ``name``. ``max_attempts`` above 1 only for a
    job that is safe to run again from the start (all-or-nothing, or idempotent)."""
    def register(fn: JobFn) -> JobFn:
        _JOBS[name] = JobSpec(name, fn, max_attempts, on_lost, label)
        return fn
    return register


def get(name: str) -> JobSpec:
    """The registered job, or ValueError for a name nobody registered (a typo fails loudly)."""
    _load()
    try:
        return _JOBS[name]
    except KeyError:
        raise ValueError(f"no background job is registered as {name!r}") from None


def _load() -> None:
    for module in _TASK_MODULES:
        importlib.import_module(module)


def registered() -> list[str]:
    """Every job's name (``flask worker --list``)."""
    _load()
    return sorted(_JOBS)


@dataclass
class Handle:
    """What ``enqueue`` returns: the queue row's id (database mode) or the thread (thread
    mode); ``join`` waits for a thread and does nothing otherwise."""

    id: int | None = None
    thread: threading.Thread | None = None

    def join(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)


def enqueue(name: str, *, locale: str | None = None, app: Flask | None = None,
            **kwargs: Any) -> Handle:
    """Run the job ``name`` in the background, as ``JOB_QUEUE`` says. ``locale`` is the language
    of the user who started it, so the messages the job stores read right; ``kwargs`` must be
    JSON-able (ids, not objects)."""
    spec = get(name)
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    mode = app.config.get("JOB_QUEUE", "thread")
    if mode == "inline":
        run(app, spec, kwargs, locale=locale)
        return Handle()
    if mode == "thread":
        # ``start`` looked up per call: tests replace it
        thread = _thread.start(app, spec.fn, name=_thread_name(spec, kwargs), locale=locale,
                               **kwargs)
        return Handle(thread=thread)
    if mode == "database":
        with db.engine.begin() as conn:  # its own transaction: the caller's session is untouched
            new_id = conn.execute(insert(QueuedJob).values(
                name=name, kwargs=kwargs, locale=locale, status=QueueStatus.QUEUED, attempts=0,
                max_attempts=spec.max_attempts, created_at=utcnow(), run_after=utcnow(),
            ).returning(QueuedJob.id)).scalar_one()
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"NOTIFY {CHANNEL}"))  # delivered at commit
        return Handle(id=new_id)
    raise ValueError(f"JOB_QUEUE must be one of {', '.join(MODES)}, not {mode!r}")


def run(app: Flask, spec: JobSpec, kwargs: dict[str, Any], *, locale: str | None = None) -> Any:
    """Run one job in a fresh app context (its own session) and the given language. Errors
    propagate: the worker records them; the job's service has already marked its own row."""
    with app.app_context():
        try:
            with force_locale(locale) if locale else nullcontext():
                return spec.fn(db.session, **kwargs)
        finally:
            db.session.remove()


def _thread_name(spec: JobSpec, kwargs: dict[str, Any]) -> str:
    try:
        return spec.label.format(**kwargs) if spec.label else spec.name
    except (KeyError, IndexError):
        return spec.name
