"""Running a harvest started with "run now" in a thread of the web process.

The thread has its own app context (so its own database session) and its own HTTP session; it
updates the job's progress row as it goes, which the source page polls. The web request only
queues the job and returns. A thread dies with its worker: a job left "running" for longer than
``harvest_sources.STALE_JOB`` no longer blocks a new one.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from app.extensions import db
from app.services import harvest
from connectors.http import make_session

log = logging.getLogger(__name__)


def run_job_in_app(app: Flask, job_id: int) -> None:
    """The thread's body: one app context, the harvest, then the after-harvest hook."""
    with app.app_context():
        try:
            today = datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()
            job = harvest.run_job(db.session, job_id, http=make_session(), today=today)
            harvest.after_harvest(db.session, list(job.runs), today=today)
        except Exception:  # the thread is the boundary: log, the job row says it failed
            log.exception("background harvest job %s failed", job_id)
        finally:
            db.session.remove()


def start(app: Flask, job_id: int) -> threading.Thread:
    """Start the job in a daemon thread and return it (tests join it)."""
    thread = threading.Thread(target=run_job_in_app, args=(app, job_id),
                              name=f"harvest-job-{job_id}", daemon=True)
    thread.start()
    return thread
