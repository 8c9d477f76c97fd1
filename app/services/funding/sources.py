"""The coordinator's side of the harvest: source health, editing a source, and starting a
harvest from the UI ("run now"), whose progress row the page polls.

All of it is the network coordinator's (``network.settings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow
from app.errors import Conflict, ErrorCollector, NotFound
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.funding import MANUAL_KIND, FundingSource, HarvestJob, HarvestRun, JobStatus
from app.models.funding_calls import CallStatus, FundingCall
from app.services import audit
from app.services._tx import committing

# A job row still "running" after this long belongs to a thread that died with its process.
STALE_JOB = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class SourceInput:
    enabled: bool
    url: str | None = None
    schedule: str | None = None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One row of the source health page."""

    source: FundingSource
    last_run: HarvestRun | None
    active_calls: int
    withdrawn_calls: int


def source_health(session: Session, actor: User) -> list[SourceHealth]:
    """Every source with its last run and call counts, by name."""
    authz.require(actor, "network.settings")
    sources = list(session.scalars(select(FundingSource).order_by(FundingSource.name)))
    last_ids = select(func.max(HarvestRun.id)).group_by(HarvestRun.source_id)
    last = {r.source_id: r for r in session.scalars(select(HarvestRun).where(
        HarvestRun.id.in_(last_ids)))}
    counts: dict[tuple[int, bool], int] = {}
    stmt = (
        select(FundingCall.funding_source_id, FundingCall.status, func.count(FundingCall.id))
        .group_by(FundingCall.funding_source_id, FundingCall.status)
    )
    for source_id, status, n in session.execute(stmt):
        key = (source_id, status is CallStatus.WITHDRAWN)
        counts[key] = counts.get(key, 0) + n
    return [
        SourceHealth(s, last.get(s.id), counts.get((s.id, False), 0), counts.get((s.id, True), 0))
        for s in sources
    ]


def recent_runs(session: Session, actor: User, *, limit: int = 20) -> list[HarvestRun]:
    authz.require(actor, "network.settings")
    stmt = select(HarvestRun).order_by(HarvestRun.started_at.desc(), HarvestRun.id.desc())
    return list(session.scalars(stmt.limit(limit)))


def _clean(source: FundingSource, data: SourceInput) -> dict[str, object]:
    """The source's new settings, or every FieldError of the input at once."""
    errors = ErrorCollector()
    url = (data.url or "").strip() or None
    if source.kind != MANUAL_KIND:
        if url is None or not url.startswith(("http://", "https://")):
            errors.add("url", _l("Enter an address that starts with http:// or https://."))
        elif len(url) > 1000:
            errors.add("url", _l("The address is too long."))
    schedule = " ".join((data.schedule or "").split()) or None
    if schedule is not None:
        try:
            CronTrigger.from_crontab(schedule)
        except ValueError:
            errors.add(
                "schedule", _l("Write the schedule as five crontab fields, e.g. 0 5 * * *.")
            )
    errors.raise_if_any()
    return {"enabled": bool(data.enabled), "url": url, "schedule": schedule}


def check_source(session: Session, actor: User, source_id: int, data: SourceInput) -> None:
    """Raise every FieldError saving these settings would raise; writes nothing (for forms)."""
    _clean(get_source(session, actor, source_id), data)


def update_source(
    session: Session, actor: User, source_id: int, data: SourceInput
) -> FundingSource:
    """Enable or disable a source, point it at another address or give it its own schedule.
    Audited; commits. Raises NotFound, Forbidden, FieldError."""
    source = authz.get_for(session, actor, FundingSource, source_id, "network.settings")
    values = _clean(source, data)
    before = audit.snapshot(source)
    for key, value in values.items():
        setattr(source, key, value)
    diff = audit.changed(before, audit.snapshot(source))
    if not diff:
        return source
    with committing(session):
        audit.record(
            session, actor, "funding_source.update", entity="funding_source",
            entity_id=source.id, city_id=None,
            before={k: v[0] for k, v in diff.items()}, after={k: v[1] for k, v in diff.items()},
        )
    return source


def active_job(session: Session, *, now: datetime | None = None) -> HarvestJob | None:
    """The harvest started from the UI that is still running, if any."""
    since = (now or utcnow()) - STALE_JOB
    stmt = (
        select(HarvestJob)
        .where(HarvestJob.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
               HarvestJob.created_at >= since)
        .order_by(HarvestJob.id.desc())
    )
    return session.scalars(stmt.limit(1)).first()


def start_job(
    session: Session, actor: User, source_id: int | None = None, *, now: datetime | None = None
) -> HarvestJob:
    """Queue a harvest of one source (or of every enabled one) for a background thread to run
    (``harvest.run_job``). Audited; commits. Raises Conflict while another one runs, NotFound
    for an unknown or manual source, Forbidden for anyone but a coordinator."""
    authz.require(actor, "network.settings")
    now = now or utcnow()
    if active_job(session, now=now) is not None:
        raise Conflict(_l("A harvest is already running; wait for it to finish."))
    stmt = select(FundingSource.id).where(FundingSource.kind != MANUAL_KIND)
    if source_id is None:
        stmt = stmt.where(FundingSource.enabled.is_(True))
    else:
        stmt = stmt.where(FundingSource.id == source_id)
    ids = list(session.scalars(stmt.order_by(FundingSource.name)))
    if source_id is not None and not ids:
        raise NotFound()
    job = HarvestJob(requested_by_id=actor.id, source_ids=ids, total=len(ids), done=0,
                     status=JobStatus.QUEUED, created_at=now)
    with committing(session):
        session.add(job)
        session.flush()
        audit.record(session, actor, "harvest.start", entity="harvest_job", entity_id=job.id,
                     city_id=None, after={"source_ids": ids})
    return job


def get_job(session: Session, actor: User, job_id: int) -> HarvestJob:
    """A harvest job's progress row (for the polling page)."""
    return authz.get_for(session, actor, HarvestJob, job_id, "network.settings")


def get_source(session: Session, actor: User, source_id: int) -> FundingSource:
    return authz.get_for(session, actor, FundingSource, source_id, "network.settings")


def latest_job(session: Session, actor: User) -> HarvestJob | None:
    """The most recent harvest started from the UI (running or finished), for its progress box."""
    authz.require(actor, "network.settings")
    return session.scalars(select(HarvestJob).order_by(HarvestJob.id.desc()).limit(1)).first()
