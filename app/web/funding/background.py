"""Starting a harvest with "run now": the job goes through the job queue (``app/job_queue``,
job ``harvest.run_now``) — a thread of the web process in the embedded default, ``flask
worker`` in production.

The job updates its progress row as it goes, which the source page polls; the web request only
queues it and returns. A thread dies with its web worker: a job left "running" for longer than
``harvest_sources.STALE_JOB`` no longer blocks a new one. A queued job whose worker dies is
marked failed once its heartbeat stops (``JOB_LOST_AFTER_SECONDS``).
"""

from __future__ import annotations

from flask import Flask

from app import job_queue as queue
from app.job_queue import thread as background


def run_job_in_app(app: Flask, job_id: int) -> None:
    """The job's body in its own app context (what the thread runs; tests call it)."""
    background.run_in_app(app, queue.get("harvest.run_now").fn, job_id=job_id)


def start(app: Flask, job_id: int) -> queue.Handle:
    """Queue the harvest job; the handle's ``join`` waits for it in thread mode (tests)."""
    return queue.enqueue("harvest.run_now", app=app, job_id=job_id)
