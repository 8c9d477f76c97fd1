"""Running a harvest started with "run now" in a thread of the web process (through the shared
launcher in ``app/web/background.py``).

The thread has its own app context (so its own database session) and its own HTTP session; it
updates the job's progress row as it goes, which the source page polls. The web request only
queues the job and returns. A thread dies with its worker: a job left "running" for longer than
``harvest_sources.STALE_JOB`` no longer blocks a new one.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy.orm import Session

from app import clock
from app.services.funding import harvest
from app.web import background
from connectors.http import make_session


def _harvest(session: Session, job_id: int) -> None:
    """The harvest (which matches the calls it changed once it is done)."""
    http = make_session(deadline=current_app.config["HARVEST_REQUEST_DEADLINE"])
    harvest.run_job(session, job_id, http=http, today=clock.today())


def run_job_in_app(app: Flask, job_id: int) -> None:
    """The thread's body: one app context, the harvest."""
    background.run_in_app(app, _harvest, job_id)


def start(app: Flask, job_id: int) -> threading.Thread:
    """Start the job in a daemon thread and return it (tests join it)."""
    return background.start(app, _harvest, job_id, name=f"harvest-job-{job_id}")
