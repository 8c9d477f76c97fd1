"""``flask scheduler``: the one process that runs Veturi's scheduled jobs (APScheduler 3).

Run it next to gunicorn, never inside the web workers (each worker would run every job). Only
one scheduler runs at a time, even across machines: on PostgreSQL it holds a session-level
advisory lock (``pg_try_advisory_lock``) for its whole life; on SQLite, an exclusive
``flock`` on ``instance/scheduler.lock``. A second scheduler exits at once with a message.

Jobs live in the app database (APScheduler's ``SQLAlchemyJobStore`` on the ``scheduler_job``
table, created by the migrations), so they survive a restart: a run missed while the process
was down is made up once when it starts again (within ``MISFIRE_GRACE``, coalesced). The jobs
are referred to by name (``app.jobs.harvest:...``), the form the job store keeps.
"""

from __future__ import annotations

import fcntl
import logging
import signal
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import click
from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from app.extensions import db
from app.services.funding import harvest

log = logging.getLogger(__name__)

# the advisory lock's key: "VETURI" + 1, a constant every scheduler process agrees on
LOCK_KEY = 0x564554555249_0001
JOB_TABLE = "scheduler_job"
MISFIRE_GRACE = 12 * 3600
DAILY_HARVEST = "harvest-daily"
SOURCE_JOB_PREFIX = "harvest-source-"


class SchedulerLock:
    """Held by the running scheduler; ``acquire`` is False while another process holds it."""

    def __init__(self, database_url: str, lock_file: Path) -> None:
        self.database_url = database_url
        self.lock_file = lock_file
        self._conn: Connection | None = None
        self._file: IO[str] | None = None

    @classmethod
    def for_app(cls, app: Flask) -> SchedulerLock:
        return cls(app.config["SQLALCHEMY_DATABASE_URI"],
                   Path(app.instance_path) / "scheduler.lock")

    @property
    def uses_postgresql(self) -> bool:
        return self.database_url.startswith("postgresql")

    def acquire(self) -> bool:
        if self.uses_postgresql:
            # its own connection, outside the pool, kept open for the process's life
            engine = create_engine(self.database_url, poolclass=NullPool)
            conn = engine.connect()
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                    {"key": LOCK_KEY}).scalar())
            conn.commit()  # a session-level lock outlives the transaction; stay idle, not "in tx"
            if got:
                self._conn = conn
            else:
                conn.close()
            return got
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = self.lock_file.open("w")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._conn is not None:
            self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            self._conn.close()
            self._conn = None
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

RETRAIN_JOB = "matcher-retrain"
DIGEST_JOB = "digest-due"
FIT_JOB = "matcher-fit"


class _AppContextPool:
    """A thread pool whose every task runs inside the one app's context."""

    def __init__(self, app: Flask, workers: int) -> None:
        self._app = app
        self._pool = futures.ThreadPoolExecutor(workers)

    def _in_app(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with self._app.app_context():
            return fn(*args, **kwargs)

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> futures.Future[Any]:
        return self._pool.submit(self._in_app, fn, *args, **kwargs)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait)


class AppContextExecutor(BasePoolExecutor):
    """APScheduler's thread-pool executor, running every job in the scheduler's one app: the
    process builds its app once (``flask scheduler``) and each job reuses it (``current_app``)."""

    def __init__(self, app: Flask, max_workers: int = 2) -> None:
        super().__init__(_AppContextPool(app, max_workers))


@dataclass(frozen=True, slots=True)
class JobSpec:
    id: str
    func: str
    trigger: CronTrigger
    args: tuple[Any, ...] = ()


def wanted_jobs(app: Flask, own_schedules: list[tuple[str, str]]) -> list[JobSpec]:
    """The daily harvest at ``HARVEST_CRON``, one job per source with its own schedule, the
    weekly retraining of the matcher on staff feedback at ``MATCH_RETRAIN_CRON``, the check that
    the shared matcher artifact is fresh (``MATCHER_FIT_CHECK_CRON``), and the check
    for due weekly digests at ``DIGEST_CHECK_CRON``.
    Raises ValueError for a schedule that is not five crontab fields."""
    tz = ZoneInfo(app.config["TIMEZONE"])
    specs = [JobSpec(DAILY_HARVEST, "app.jobs.harvest:harvest_enabled_sources",
                     CronTrigger.from_crontab(app.config["HARVEST_CRON"], timezone=tz))]
    for name, schedule in own_schedules:
        specs.append(JobSpec(SOURCE_JOB_PREFIX + name, "app.jobs.harvest:harvest_source",
                             CronTrigger.from_crontab(schedule, timezone=tz), (name,)))
    specs.append(JobSpec(RETRAIN_JOB, "app.jobs.matching:retrain_and_rematch",
                         CronTrigger.from_crontab(app.config["MATCH_RETRAIN_CRON"], timezone=tz)))
    specs.append(JobSpec(FIT_JOB, "app.jobs.matching:fit_if_stale",
                         CronTrigger.from_crontab(app.config["MATCHER_FIT_CHECK_CRON"],
                                                  timezone=tz)))
    specs.append(JobSpec(DIGEST_JOB, "app.jobs.digest:build_and_send_due",
                         CronTrigger.from_crontab(app.config["DIGEST_CHECK_CRON"], timezone=tz)))
    return specs


def sync_jobs(scheduler: BaseScheduler, specs: list[JobSpec]) -> None:
    """Make the stored jobs match ``specs``: a job whose trigger and arguments are unchanged is
    kept as stored (its next run time too, so a missed run is made up); others are replaced,
    and jobs no longer wanted are removed."""
    wanted = {spec.id for spec in specs}
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            scheduler.remove_job(job.id)
    for spec in specs:
        job = scheduler.get_job(spec.id)
        if (job is not None and job.func_ref == spec.func and tuple(job.args) == spec.args
                and str(job.trigger) == str(spec.trigger)
                and job.trigger.timezone == spec.trigger.timezone):
            continue
        scheduler.add_job(spec.func, spec.trigger, args=list(spec.args), id=spec.id,
                          name=spec.id, replace_existing=True)


def build_scheduler(
    app: Flask, *, scheduler_class: type[BaseScheduler] = BlockingScheduler,
    jobstore_url: str | None = None,
) -> BaseScheduler:
    """The scheduler with its persistent job store; its jobs are put in place when it starts."""
    store = (SQLAlchemyJobStore(url=jobstore_url, tablename=JOB_TABLE) if jobstore_url
             else SQLAlchemyJobStore(engine=db.engine, tablename=JOB_TABLE))
    scheduler = scheduler_class(
        jobstores={"default": store},
        executors={"default": AppContextExecutor(app, 2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE},
        timezone=ZoneInfo(app.config["TIMEZONE"]),
    )
    specs = wanted_jobs(app, harvest.own_schedules(db.session))
    scheduler.add_listener(lambda _event: sync_jobs(scheduler, specs), EVENT_SCHEDULER_STARTED)
    return scheduler


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduled jobs (the daily harvest) until stopped; one scheduler at a time."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    lock = SchedulerLock.for_app(app)
    if not lock.acquire():
        raise click.ClickException("another scheduler is already running (lock held)")
    try:
        try:
            scheduler = build_scheduler(app)
        except ValueError as exc:
            raise click.ClickException(f"bad schedule: {exc}") from exc
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        click.echo(f"Scheduler started: daily harvest at '{app.config['HARVEST_CRON']}' "
                   f"({app.config['TIMEZONE']}). Stop with Ctrl-C.")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)
    finally:
        lock.release()
