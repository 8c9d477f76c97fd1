"""A harvest whose worker process died: a "run now" job's progress row is marked failed so the
page says so and the next "run now" is not refused (``harvest_sources.active_job``); the
source runs a scheduled harvest left "running" are marked failed, so the sources page does not
show them running forever (the job's retry harvests the sources again)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.models.base import utcnow
from app.models.funding import FundingSource, HarvestJob, HarvestRun, JobStatus, RunStatus
from app.services._tx import committing


def fail_lost_job(session: Session, job_id: int) -> bool:
    """Mark the harvest job failed if it is still queued or running. Commits. Returns whether
    it changed anything (a job that finished before its worker died is left alone)."""
    job = session.get(HarvestJob, job_id)
    if job is None or not job.is_active:
        return False
    with committing(session):
        job.status, job.current_source = JobStatus.FAILED, None
        job.message = _("The process running this harvest stopped. Start it again.")
        job.finished_at = utcnow()
    return True


def fail_interrupted_runs(session: Session, *, since: datetime | None,
                          names: list[str] | None = None) -> int:
    """Mark failed the source runs of a scheduled harvest (no "run now" job) that are still
    running since the lost attempt started (``since``; None: any), of the named sources or of
    all. Commits. Returns how many."""
    stmt = select(HarvestRun).where(HarvestRun.status == RunStatus.RUNNING,
                                    HarvestRun.job_id.is_(None))
    if since is not None:
        stmt = stmt.where(HarvestRun.started_at >= since)
    if names is not None:
        stmt = stmt.join(FundingSource, FundingSource.id == HarvestRun.source_id).where(
            FundingSource.name.in_(names))
    runs = list(session.scalars(stmt))
    if runs:
        message = _("The process running this harvest stopped; the harvest is tried again.")
        with committing(session):
            for run in runs:
                run.status, run.errors = RunStatus.FAILED, [message]
                run.finished_at = utcnow()
    return len(runs)
