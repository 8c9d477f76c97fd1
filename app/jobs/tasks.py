"""The background jobs, registered by name for ``app/job_queue``. Each calls exactly one
service use case with the worker's session; it holds no logic of its own beyond reading the
settings and today's date, which are the worker's to know.

Other areas register theirs the same way (``@job("digest.send")``) and start them with
``queue.enqueue(name, **kwargs)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app.clock import today as local_today
from app.job_queue import job
from app.services import imports
from app.services import matches as matching
from app.services.funding import harvest
from app.services.funding import lost as harvest_lost
from connectors.http import make_session


# stores outcomes only: safe to plan again
@job("imports.dry_run", max_attempts=2, label="company-import-{import_id}")
def import_dry_run(session: Session, *, import_id: int) -> Any:
    """Plan every row of an uploaded list (``imports.run_dry_run``)."""
    return imports.run_dry_run(session, import_id, today=local_today())


# all the rows or none: safe to run again
@job("imports.commit", max_attempts=2, label="company-import-{import_id}")
def import_commit(session: Session, *, import_id: int) -> Any:
    """Write the planned rows of a list (``imports.run_commit``)."""
    return imports.run_commit(session, import_id, today=local_today())


def _harvest_lost(session: Session, *, job_id: int, attempt_started_at: str | None = None) -> bool:
    return harvest_lost.fail_lost_job(session, job_id)


def _scheduled_harvest_lost(session: Session, *, names: list[str] | None = None,
                            attempt_started_at: str | None = None) -> int:
    since = datetime.fromisoformat(attempt_started_at) if attempt_started_at else None
    return harvest_lost.fail_interrupted_runs(session, since=since, names=names)


# a harvest stores each source's run and the calls by their source id: safe to run again
@job("harvest.scheduled", max_attempts=2, on_lost=_scheduled_harvest_lost)
def harvest_scheduled(session: Session, *, names: list[str] | None = None) -> Any:
    """The scheduler's daily harvest (``names`` None) or one source's own schedule, in the
    worker (``app.jobs.harvest.run_here``)."""
    from app.jobs.harvest import run_here

    return run_here(current_app._get_current_object(), names)  # type: ignore[attr-defined]


# its progress counts would double: never run again, marked failed instead
@job("harvest.run_now", on_lost=_harvest_lost, label="harvest-job-{job_id}")
def harvest_run_now(session: Session, *, job_id: int) -> Any:
    """A harvest started with "run now" (``harvest.run_job``), then its follow-up rematch."""
    http = make_session(deadline=current_app.config["HARVEST_REQUEST_DEADLINE"])
    return harvest.run_job(session, job_id, http=http, today=local_today())


@job("matching.rematch_companies", max_attempts=3)  # idempotent
def rematch_companies(session: Session, *, company_ids: list[int]) -> Any:
    """Rematch companies whose profiles changed (``matching.rematch``)."""
    return matching.rematch(session, today=local_today(), company_ids=company_ids,
                            config=current_app.config)


@job("matching.rematch_calls", max_attempts=3)  # idempotent
def rematch_calls(session: Session, *, call_ids: list[int]) -> Any:
    """Match new or changed calls against every company (``matching.rematch``)."""
    return matching.rematch(session, today=local_today(), call_ids=call_ids,
                            config=current_app.config)


@job("matching.full_rematch", max_attempts=2)  # idempotent
def full_rematch(session: Session) -> Any:
    """Fit the matcher afresh and rematch every company (``matching.rematch(full=True)``)."""
    return matching.rematch(session, today=local_today(), full=True, config=current_app.config)


@job("matching.retrain_and_rematch", max_attempts=2)
def retrain_and_rematch(session: Session) -> Any:
    """Learn the weights from feedback, then the full rematch (``matching.retrain_and_rematch``)."""
    return matching.retrain_and_rematch(session, today=local_today(), config=current_app.config)


@job("matching.fit", max_attempts=2)  # all or nothing: one artifact row at the end
def fit(session: Session) -> Any:
    """Fit the shared matcher once and store it for the web workers (``matching.fit_shared``)."""
    return matching.fit_shared(session)


@job("matching.rematch_pending", max_attempts=3)  # idempotent
def rematch_pending(session: Session) -> Any:
    """Rematch the companies saved while no fitted matcher was ready."""
    return matching.rematch_pending(session, today=local_today(), config=current_app.config)


@job("matching.after_harvest", max_attempts=3)  # idempotent
def match_calls_since(session: Session, *, since: str) -> Any:
    """Match the calls changed since ``since`` (an upload) against every company."""
    return matching.rematch_calls_since(session, datetime.fromisoformat(since),
                                        today=local_today(), config=current_app.config)


# skips every text whose vector is current: safe to run again
@job("embeddings.refresh", max_attempts=2)
def embeddings_refresh(session: Session, *, call_ids: list[int] | None = None,
                       company_ids: list[int] | None = None, calls: bool = True,
                       companies: bool = True) -> Any:
    """Embed the calls and companies whose vector is missing or stale, then rematch them
    (``embeddings.refresh_and_rematch``)."""
    from app.services import embeddings

    summary = embeddings.refresh_and_rematch(
        session, today=local_today(), call_ids=call_ids, company_ids=company_ids, calls=calls,
        companies=companies, config=current_app.config)
    return None if summary is None else {"calls": summary.calls,
                                         "companies": summary.companies}


# one row per user and week, sent ones are never sent again: safe to run again
@job("digest.send", max_attempts=2)
def digest_send(session: Session) -> Any:
    """Build the due weekly digests and send the outbox (``app.jobs.digest.send_due``)."""
    from app.jobs.digest import send_due

    return send_due(current_app._get_current_object())  # type: ignore[attr-defined]
