"""The harvest jobs: the daily harvest of every enabled source on the default schedule, and the
harvest of one source that has a schedule of its own. The harvest use case matches the calls
it changed itself (its after-commit follow-up). With ``JOB_QUEUE=database`` (production) the
scheduler only queues them (``harvest.scheduled``): the worker process harvests, so a worker
that dies mid-harvest is reaped and retried like any job, and the scheduler stays light."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from app import clock, job_queue
from app.extensions import db
from app.services.funding import harvest
from connectors.http import make_session

log = logging.getLogger(__name__)


def _run(app: Flask | None, names: list[str] | None) -> int:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOB_QUEUE") == "database":
        with app.app_context():
            job_queue.enqueue("harvest.scheduled", app=app, names=names)
        return 0
    return run_here(app, names)


def run_here(app: Flask, names: list[str] | None) -> int:
    """Harvest in this process (the queued job's body, or the scheduler's own thread when there
    is no worker). Returns how many sources were harvested."""
    with app.app_context():
        try:
            today = clock.today()
            if names is not None:  # a source disabled since the scheduler started is skipped
                scheduled = {name for name, _cron in harvest.own_schedules(db.session)}
                names = [name for name in names if name in scheduled]
                if not names:
                    return 0
            http = make_session(deadline=app.config["HARVEST_REQUEST_DEADLINE"])
            runs = harvest.run_all(db.session, http=http, today=today, now=clock.utcnow(),
                                   names=names, default_schedule_only=names is None)
            log.info("harvest job: %d source(s), %d failed", len(runs),
                     sum(1 for r in runs if r.status.value == "failed"))
            return len(runs)
        finally:
            db.session.remove()


def harvest_enabled_sources(app: Flask | None = None) -> int:
    """The daily job: every enabled source without a schedule of its own. Returns the count
    (0 when handed to the worker process)."""
    return _run(app, None)


def harvest_source(name: str, app: Flask | None = None) -> int:
    """The job of one source with its own schedule."""
    return _run(app, [name])
