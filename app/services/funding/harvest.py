"""The harvest: read each enabled source through its connector and upsert its calls.

Every run of a source is recorded as a ``HarvestRun`` and committed on its own, so a failing
source never stops the others and never loses what the others brought. A ``SourceError`` (or any
other failure of a connector) ends that source's run as *failed*, with the message in the run
and in ``FundingSource.last_error``; stored calls are left as they were. An incomplete fetch, or
an empty one where the source had calls, is suspicious: what came back is stored, nothing is
marked withdrawn, and the run is *partial*.

These use cases run from the CLI, the scheduler and the "run now" thread: they take no acting
user (starting a run from the UI is checked in ``harvest_sources.start_job``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.models.funding import (
    MANUAL_KIND,
    FundingSource,
    HarvestJob,
    HarvestRun,
    JobStatus,
    RunStatus,
)
from app.models.funding_calls import CallStatus, FundingCall
from app.services import _rematch
from app.services._tx import committing
from app.services.funding._upsert import Counts, apply_fetch
from connectors import business_finland
from connectors.errors import SourceError
from connectors.records import FetchResult
from connectors.sources import DEFAULT_SOURCES, fetcher_for

log = logging.getLogger(__name__)

MANUAL_SOURCE = "manual"
BUSINESS_FINLAND_URL = "https://www.businessfinland.fi/"
Progress = Callable[[FundingSource, HarvestRun | None], None]


@dataclass(frozen=True, slots=True)
class SeedResult:
    created: list[FundingSource]
    instruments: Counts


def ensure_default_sources(session: Session, *, now: datetime | None = None) -> SeedResult:
    """Create the sources of ``connectors.sources.DEFAULT_SOURCES`` (the real public URLs), the
    ``manual`` source and Business Finland's (which publishes no feed), and store Business
    Finland's standing instruments as its calls. Existing sources are never changed; the
    instruments are upserted like a harvest (unchanged ones untouched, changed ones versioned,
    none withdrawn). Commits once."""
    now = now or utcnow()
    existing = set(session.scalars(select(FundingSource.name)))
    wanted = [(s.name, s.kind, s.url) for s in DEFAULT_SOURCES]
    wanted.append((MANUAL_SOURCE, MANUAL_KIND, None))
    wanted.append((business_finland.SOURCE, MANUAL_KIND, BUSINESS_FINLAND_URL))
    created = [
        FundingSource(name=name, kind=kind, url=url, enabled=True)
        for name, kind, url in wanted
        if name not in existing
    ]
    with committing(session):
        session.add_all(created)
        session.flush()
        source = session.scalars(select(FundingSource).where(
            FundingSource.name == business_finland.SOURCE)).one()
        counts = apply_fetch(session, source, None, business_finland.standing_instruments(),
                             now=now, withdraw_missing=False)
    return SeedResult(created, counts)


def harvestable(
    session: Session, names: Iterable[str] | None = None, *, default_schedule_only: bool = False
) -> list[FundingSource]:
    """Enabled sources that have a connector, by name; ``names`` picks some (even disabled ones,
    so an operator can try a source before enabling it). ``default_schedule_only`` leaves out
    the sources with a schedule of their own. Unknown names raise ``LookupError``."""
    stmt = select(FundingSource).where(FundingSource.kind != MANUAL_KIND)
    if names is None:
        stmt = stmt.where(FundingSource.enabled.is_(True))
        if default_schedule_only:
            stmt = stmt.where(FundingSource.schedule.is_(None))
        return list(session.scalars(stmt.order_by(FundingSource.name)))
    wanted = list(dict.fromkeys(names))
    found = {s.name: s for s in session.scalars(stmt.where(FundingSource.name.in_(wanted)))}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise LookupError(", ".join(missing))
    return [found[n] for n in wanted]


def _previous_fetched(session: Session, source_id: int, run_id: int) -> int:
    """How many calls the source's last successful run brought (0 if none)."""
    stmt = (
        select(HarvestRun.fetched)
        .where(HarvestRun.source_id == source_id, HarvestRun.id != run_id,
               HarvestRun.status.in_([RunStatus.OK, RunStatus.PARTIAL]))
        .order_by(HarvestRun.started_at.desc(), HarvestRun.id.desc())
        .limit(1)
    )
    return session.scalar(stmt) or 0


def _active_calls(session: Session, source_id: int) -> int:
    stmt = select(func.count(FundingCall.id)).where(
        FundingCall.funding_source_id == source_id,
        FundingCall.status.is_distinct_from(CallStatus.WITHDRAWN),
    )
    return session.scalar(stmt) or 0


def _judge(session: Session, run: HarvestRun, result: FetchResult) -> tuple[RunStatus, list[str]]:
    """Decide whether missing calls may be withdrawn: only after a complete, plausible fetch."""
    problems = list(result.problems)
    if not result.complete:
        problems.append("The fetch was incomplete: no call was marked withdrawn.")
        return RunStatus.PARTIAL, problems
    if not result.calls:
        before = max(_previous_fetched(session, run.source_id, run.id),
                     _active_calls(session, run.source_id))
        if before:
            problems.append(
                f"The source returned no calls although it had {before} before: "
                "treated as suspicious, no call was marked withdrawn."
            )
            return RunStatus.PARTIAL, problems
    return RunStatus.OK, problems


def _finish(run: HarvestRun, now: datetime, clock: float) -> None:
    run.finished_at = now + timedelta(seconds=time.monotonic() - clock)


def _fail(
    session: Session, run_id: int, source_id: int, message: str, now: datetime, clock: float
) -> HarvestRun:
    run = session.get(HarvestRun, run_id)
    source = session.get(FundingSource, source_id)
    assert run is not None and source is not None
    with committing(session):
        run.status = RunStatus.FAILED
        run.errors = [message]
        source.last_error = message
        _finish(run, now, clock)
    return run


def _run_source(
    session: Session,
    source: FundingSource,
    *,
    http: requests.Session,
    today: date,
    now: datetime,
    url: str | None = None,
    job_id: int | None = None,
) -> HarvestRun:
    clock = time.monotonic()
    run = HarvestRun(source_id=source.id, job_id=job_id, started_at=now,
                     status=RunStatus.RUNNING, errors=[])
    with committing(session):
        session.add(run)
    run_id, source_id, name = run.id, source.id, source.name
    try:
        result = fetcher_for(source.kind)(http, url or source.url, today=today)
    except SourceError as exc:
        log.warning("harvest of %s failed: %s", name, exc)
        return _fail(session, run_id, source_id, exc.message, now, clock)
    except Exception as exc:  # a connector bug must not stop the other sources
        log.exception("harvest of %s crashed", name)
        return _fail(session, run_id, source_id, f"Unexpected error: {exc!r}", now, clock)
    try:
        with committing(session):
            status, problems = _judge(session, run, result)
            counts = apply_fetch(session, source, run, result.calls, now=now,
                                 withdraw_missing=status is RunStatus.OK)
            for field in ("fetched", "created", "updated", "unchanged", "withdrawn"):
                setattr(run, field, getattr(counts, field))
            run.status, run.errors = status, problems
            _finish(run, now, clock)
            source.last_success_at = now
            source.last_error = "\n".join(problems) if status is RunStatus.PARTIAL else None
    except Exception as exc:  # the database refused the batch: nothing of it was kept
        log.exception("storing the calls of %s failed", name)
        return _fail(session, run_id, source_id, f"Storing the calls failed: {exc!r}", now, clock)
    return run


def run_source(
    session: Session,
    source: FundingSource,
    *,
    http: requests.Session,
    today: date,
    now: datetime,
    url: str | None = None,
) -> HarvestRun:
    """Harvest one source now and record the run. ``url`` points this run at another address
    (a mirror, a test server) without changing the source. Commits twice (the run's start, then
    its result), then the calls it changed are matched (``after_harvest``, a follow-up of the
    last commit); never raises for a failing source: the run says what went wrong."""
    run = _run_source(session, source, http=http, today=today, now=now, url=url)
    with committing(session):
        _rematch.harvested(session, [run], today=today)
    return run


def run_all(
    session: Session,
    *,
    http: requests.Session,
    today: date,
    now: datetime,
    names: Iterable[str] | None = None,
    url: str | None = None,
    progress: Progress | None = None,
    default_schedule_only: bool = False,
) -> list[HarvestRun]:
    """Harvest every enabled source (or the named ones), one commit per source; then the calls
    the runs changed are matched (``after_harvest``, a follow-up of the last commit).

    ``progress(source, run)`` is told before (``run`` None) and after each source; the daily
    job passes ``default_schedule_only`` (sources with their own schedule have their own job).
    Raises
    ``LookupError`` for an unknown name and ``ValueError`` when ``url`` is given for more than
    one source; otherwise never raises for a failing source.
    """
    sources = harvestable(session, names, default_schedule_only=default_schedule_only)
    if url is not None and len(sources) != 1:
        raise ValueError("--url needs exactly one source")
    runs: list[HarvestRun] = []
    for source in sources:
        if progress:
            progress(source, None)
        run = _run_source(session, source, http=http, today=today, now=now, url=url)
        runs.append(run)
        if progress:
            progress(source, run)
    with committing(session):  # the harvest's end: its follow-up, the rematch, runs after it
        _rematch.harvested(session, runs, today=today)
    return runs


def run_job(
    session: Session,
    job_id: int,
    *,
    http: requests.Session,
    today: date,
    clock: Callable[[], datetime] = utcnow,
) -> HarvestJob:
    """Carry out a harvest started from the UI (``harvest_sources.start_job``), updating its
    progress row after every source. Commits per source and at the end, then the calls it
    changed are matched (``after_harvest``, a follow-up of the last commit)."""
    job = session.get(HarvestJob, job_id)
    if job is None:
        raise LookupError(f"harvest job {job_id} does not exist")
    with committing(session):
        job.status, job.started_at = JobStatus.RUNNING, clock()
    try:
        for source_id in job.source_ids:
            source = session.get(FundingSource, source_id)
            if source is None:
                continue
            with committing(session):
                job.current_source = source.name
            _run_source(session, source, http=http, today=today, now=clock(), job_id=job.id)
            with committing(session):
                job.done += 1
        runs = list(job.runs)
        with committing(session):
            job.status, job.current_source, job.finished_at = JobStatus.DONE, None, clock()
            _rematch.harvested(session, runs, today=today)
    except Exception as exc:
        log.exception("harvest job %s failed", job_id)
        with committing(session):
            job.status, job.message, job.finished_at = JobStatus.FAILED, repr(exc), clock()
    return job


def after_harvest(session: Session, runs: list[HarvestRun], *, today: date) -> int:
    """The follow-up of every harvest (``run_all``, ``run_job`` register it): the calls these
    runs created, changed or withdrew are matched against all companies
    (``matches.after_harvest``, which commits). Returns how many calls changed."""
    changed = sum(run.created + run.updated + run.withdrawn for run in runs)
    if changed:
        from app.services import matches  # the matcher is heavy: load it only when needed

        matches.after_harvest(session, min(run.started_at for run in runs), today=today)
    return changed


def own_schedules(session: Session) -> list[tuple[str, str]]:
    """(name, crontab) of the enabled sources that have a schedule of their own."""
    stmt = (
        select(FundingSource.name, FundingSource.schedule)
        .where(FundingSource.enabled.is_(True), FundingSource.schedule.is_not(None),
               FundingSource.kind != MANUAL_KIND)
        .order_by(FundingSource.name)
    )
    return [(name, schedule) for name, schedule in session.execute(stmt)]
