"""``flask worker``: the process that runs background jobs from the queue (``JOB_QUEUE=
database``), beside gunicorn and ``flask scheduler``. Run one or more; each creates the app
once and reuses it for every job."""

from __future__ import annotations

import signal
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from app import job_queue as queue
from app.job_queue.worker import Worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@click.option("--list", "list_jobs", is_flag=True, help="List the registered jobs and stop.")
@with_appcontext
def worker(burst: bool, list_jobs: bool) -> None:
    """Run queued background jobs (imports, "run now" harvests, rematches) until stopped.

    SIGTERM or Ctrl-C lets the current job finish first. A job whose worker died is retried or
    marked failed after JOB_LOST_AFTER_SECONDS without a heartbeat.
    """
    if list_jobs:
        for name in queue.registered():
            click.echo(name)
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOB_QUEUE"] != "database":
        click.echo(f"note: JOB_QUEUE is {app.config['JOB_QUEUE']!r}; the web process runs jobs "
                   "itself and only jobs queued with JOB_QUEUE=database reach this worker",
                   err=True)
    loop = Worker(app)

    def stop(signum: int, frame: FrameType | None) -> None:
        loop.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    loop.run(burst=burst)
