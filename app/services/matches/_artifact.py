"""The fitted matcher built once and shared: a versioned artifact in ``matcher_artifact``.

Fitting (vocabularies, IDF, every matchable call analysed) takes tens of seconds at network
scale, and each process that fits holds the result. So a background job (``matching.fit``, on
the job queue: started by the scheduler when the artifact is stale, after a harvest, or by a web
worker that found none) fits the calls side once, pickles it and stores it with the
fingerprint of what it covers (the matchable calls' count and newest change, the learned
weights, the embedding model). Web workers only load it (``load``): a fraction of a second and
the memory of the calls alone, since a saved company is ranked from its fresh profile and never
needs the company index. A newer ready row replaces the loaded one at the next use, without a
restart.

Pickles are trusted data: only this app's own job writes the table.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import pickle
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.models.job_queue import QueuedJob, QueueStatus
from app.models.matches import MatcherArtifact, MatchPending
from app.services._tx import committing
from app.services.matches._records import call_profile
from matching import Matcher, Weights
from matching.version import code_version

log = logging.getLogger(__name__)

READY = "ready"
KEEP = 2  # ready artifacts kept (the newest in use, one before it for workers still loading)
FIT_JOB = "matching.fit"
PENDING_JOB = "matching.rematch_pending"


@dataclass
class Loaded:
    """What a web worker holds: the artifact's id, the matcher and the calls it analysed."""

    id: int
    fingerprint: str
    matcher: Matcher
    calls: dict[int, datetime]
    weights_id: int | None


def fingerprint(call_stamp: tuple[Any, ...], weights_id: int | None,
                embedding_model: str | None) -> str:
    """What an artifact covers, as one comparable string: the matching code that fitted it,
    the calls, the learned weights and the embedding model (vectors and means of another model
    do not compare with the new ones, so a new model makes the artifact stale)."""
    return f"code={code_version()};calls={call_stamp[0]}@{call_stamp[1]};" \
           f"weights={weights_id};embeddings={embedding_model}"


def loadable(stored: str) -> bool:
    """Whether an artifact with this fingerprint may be loaded: only one fitted by this very
    matching code (after a deploy the old one's pickled objects may not fit the new classes);
    a stale one of the same code may, and is brought up to date in place."""
    return stored.startswith(f"code={code_version()};")


def newest(session: Session) -> tuple[int, str] | None:
    """(id, fingerprint) of the newest ready artifact: one indexed row, cheap per use."""
    row = session.execute(select(MatcherArtifact.id, MatcherArtifact.fingerprint)
                          .where(MatcherArtifact.status == READY)
                          .order_by(MatcherArtifact.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def load(session: Session, artifact_id: int) -> Loaded:
    """Unpickle an artifact (never fits)."""
    data = session.scalar(select(MatcherArtifact.data).where(MatcherArtifact.id == artifact_id))
    state = pickle.loads(data)  # noqa: S301 - written only by this app's own fit job
    del data
    _give_back_memory()
    return Loaded(artifact_id, state["fingerprint"], state["matcher"], state["calls"],
                  state["weights_id"])


def _give_back_memory() -> None:
    """Return the freed pickle bytes to the system (glibc keeps them otherwise), so a web
    worker's resident memory is the matcher's own."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def build(session: Session, *, call_stamp: tuple[Any, ...], weights_id: int | None,
          weights: Weights) -> MatcherArtifact:
    """Fit the calls side of the matcher and store it as the newest ready artifact (the
    ``matching.fit`` job). Commits; older artifacts beyond ``KEEP`` are deleted."""
    from app.services.matches._cache import matchable_calls, stored_embeddings

    clock = time.perf_counter()
    rows = list(session.scalars(matchable_calls()))
    vectors = stored_embeddings(session, companies=False)
    fitted = Matcher.fit([call_profile(c) for c in rows], [], weights=weights,
                         embeddings=vectors)
    if vectors is not None:
        _company_means(session, vectors)
    stamp = fingerprint(call_stamp, weights_id, vectors.model_id if vectors else None)
    data = pickle.dumps({"fingerprint": stamp, "matcher": fitted, "weights_id": weights_id,
                         "calls": {c.id: c.updated_at for c in rows}}, protocol=5)
    with committing(session):
        artifact = MatcherArtifact(status=READY, fingerprint=stamp, calls=len(rows),
                                   size=len(data), data=data, finished_at=utcnow(),
                                   seconds=round(time.perf_counter() - clock, 3))
        session.add(artifact)
        session.flush()
        old = list(session.scalars(select(MatcherArtifact.id).where(
            MatcherArtifact.id < artifact.id).order_by(MatcherArtifact.id.desc())
            .offset(KEEP - 1)))
        if old:
            session.execute(delete(MatcherArtifact).where(MatcherArtifact.id.in_(old)))
    log.info("matcher artifact %s: %d calls, %d bytes, %.1f s", artifact.id, len(rows),
             len(data), artifact.seconds)
    return artifact


def _company_means(session: Session, vectors: Any) -> None:
    """The companies' per-language means for the artifact, which holds no company: read in
    batches and summed, never all vectors at once."""
    from sqlalchemy.orm import selectinload

    from app.models import Company
    from app.services import embeddings
    from app.services.matches._cache import live_companies, regions
    from app.services.matches._records import company_profile
    from matching.embedding import language_means

    by_region = regions(session)

    def pairs() -> Any:
        ids = list(session.scalars(live_companies().with_only_columns(Company.id)))
        for start in range(0, len(ids), 2000):
            part = ids[start:start + 2000]
            found = {int(k): v for k, v in embeddings.company_vectors_of(
                session, vectors.model_id, part).items()}
            for c in session.scalars(live_companies().where(Company.id.in_(part))
                                     .options(selectinload(Company.city))):
                yield company_profile(c, by_region).language, found.get(c.id)

    vectors.company_means, vectors.company_overall = language_means(pairs())
    vectors.version += 1


def is_stale(session: Session) -> bool:
    """Whether the newest artifact no longer covers the calls, weights and embedding model (or
    there is none)."""
    from app.services.matches._cache import current_fingerprint

    found = newest(session)
    return found is None or found[1] != current_fingerprint(session)


def _queued(session: Session, name: str, *, or_running: bool = False) -> bool:
    states = (QueueStatus.QUEUED, QueueStatus.RUNNING) if or_running else (QueueStatus.QUEUED,)
    return session.scalar(select(QueuedJob.id).where(
        QueuedJob.name == name, QueuedJob.status.in_(states)).limit(1)) is not None


def request_fit(session: Session) -> bool:
    """Queue ``matching.fit`` unless one is already waiting or running (two fits would only
    race to store the same artifact; one that ends stale is caught by the scheduler's next
    staleness check). Returns whether one was queued. Outside the app nothing happens."""
    if not has_app_context() or _queued(session, FIT_JOB, or_running=True):
        return False
    enqueue(FIT_JOB)
    return True


def enqueue(name: str, **kwargs: Any) -> None:
    """Hand a matching job to the queue (``JOB_QUEUE``: the worker process in production)."""
    from app import job_queue

    job_queue.enqueue(name, **kwargs)


def defer(session: Session, company_ids: list[int]) -> None:
    """Mark companies whose rematch waits for a fitted matcher, and ask for the fit. Commits
    the marks in their own small transaction (the save itself is already committed)."""
    now = utcnow()
    with committing(session):
        have = set(session.scalars(select(MatchPending.company_id)
                                   .where(MatchPending.company_id.in_(company_ids))))
        session.add_all(MatchPending(company_id=c, created_at=now)
                        for c in company_ids if c not in have)
        if have:
            session.execute(update(MatchPending).where(MatchPending.company_id.in_(have))
                            .values(created_at=now))
    if is_stale(session):
        request_fit(session)  # drains the marks once fitted
    elif not _queued(session, PENDING_JOB):
        enqueue(PENDING_JOB)


def pending(session: Session) -> list[tuple[int, datetime]]:
    """(company id, marked at) of every company waiting for its rematch."""
    return [(c, at) for c, at in session.execute(
        select(MatchPending.company_id, MatchPending.created_at)
        .order_by(MatchPending.company_id))]


def is_pending(session: Session, company_id: int) -> bool:
    """Whether this company's matches are being updated (its rematch waits for the fit)."""
    return session.get(MatchPending, company_id) is not None


def clear_pending(session: Session, done: list[tuple[int, datetime]]) -> None:
    """Drop the marks that were drained (a mark renewed meanwhile stays). Commits."""
    with committing(session):
        for company_id, at in done:
            session.execute(delete(MatchPending).where(MatchPending.company_id == company_id,
                                                       MatchPending.created_at <= at))


def shared_mode(config: Any = None) -> bool:
    """Whether web workers load the shared artifact instead of fitting (``MATCHER_SHARED``;
    by default when jobs go to a worker process, ``JOB_QUEUE=database``)."""
    if config is None and has_app_context():
        config = current_app.config
    config = config or {}
    value = config.get("MATCHER_SHARED")
    if value is None:
        return config.get("JOB_QUEUE") == "database"
    return bool(value)

