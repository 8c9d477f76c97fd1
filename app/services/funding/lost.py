"""A "run now" harvest whose worker process died: its progress row is marked failed so the
page says so and the next "run now" is not refused (``harvest_sources.active_job``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.models.base import utcnow
from app.models.funding import HarvestJob, JobStatus
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
