"""The shared matcher's use cases: web requests never fit (``_artifact``), so what they cannot
do with the loaded artifact is deferred to the job queue; the jobs that fit it and drain what
waited for it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app import clock
from app.services import matches as m
from app.services.matches import _artifact
from app.services.matches import _cache as cache


def rematch_changed(session: Session, *, today: date, company_ids: Iterable[int] = (),
                    call_ids: Iterable[int] = (), config: Any = None) -> None:
    """The follow-up of a save: rematch what it changed here, unless this is a web request with
    a shared matcher that cannot do it without fitting; then the companies are marked pending
    (drained after the fit) and the calls queued (``matching.rematch_calls``). Commits."""
    company_ids, call_ids = sorted(set(company_ids)), sorted(set(call_ids))
    if cache.fitting_allowed():
        m.rematch(session, today=today, company_ids=company_ids, call_ids=call_ids, config=config)
        return
    if call_ids:
        _artifact.enqueue("matching.rematch_calls", call_ids=call_ids)
    if not company_ids:
        return
    try:
        if len(company_ids) <= m.ONE_BY_ONE:
            m._rematch(session, today=today, company_ids=company_ids, config=config)
            return
    except cache.MatcherNotReady:  # raised before anything is written
        pass
    _artifact.defer(session, company_ids)


def fit_shared(session: Session) -> int:
    """Fit the matcher once and store it as the artifact web workers load (``matching.fit``),
    then queue the rematch of the companies saved while none was ready. Returns its id."""
    with cache.LOCK:
        stamp = cache.call_stamp(session)
        weights_id, weights = cache.learned_weights(session)
        artifact = _artifact.build(session, call_stamp=stamp, weights_id=weights_id,
                                   weights=weights)
    if _artifact.pending(session):
        _artifact.enqueue(_artifact.PENDING_JOB)
    return artifact.id


def fit_if_stale(session: Session) -> bool:
    """Queue the fit when the artifact no longer covers the calls or weights (the scheduler,
    after a harvest). Returns whether one was queued."""
    return _artifact.is_stale(session) and _artifact.request_fit(session)


def rematch_pending(session: Session, *, today: date, config: Any = None) -> int:
    """Rematch the companies saved while no fitted matcher was ready (``matching.rematch_pending``)
    and drop their marks. Returns how many."""
    marks = _artifact.pending(session)
    if marks:
        m.rematch(session, today=today, company_ids=[c for c, _at in marks], config=config)
        _artifact.clear_pending(session, marks)
    return len(marks)


def shared_mode(config: Any = None) -> bool:
    """Whether web workers load the shared artifact instead of fitting (``MATCHER_SHARED``)."""
    return _artifact.shared_mode(config)


def is_stale(session: Session) -> bool:
    """Whether the shared matcher artifact is missing or no longer covers calls and weights."""
    return _artifact.is_stale(session)


def after_harvest_here_or_queued(session: Session, since: datetime, *, today: date,
                                 config: Any = None) -> None:
    """``after_harvest`` here, or in the job queue (``matching.after_harvest``) when this is a
    web request with a shared matcher (an upload of calls): matching calls against every
    company needs the company index, which web workers never build."""
    if cache.fitting_allowed():
        m.after_harvest(session, since, today=today, config=config)
    else:
        _artifact.enqueue("matching.after_harvest", since=since.isoformat())


def rematch_calls_since(session: Session, since: datetime, *, today: date,
                        config: Any = None) -> m.RematchSummary:
    """The queued half of ``after_harvest_here_or_queued`` (``matching.after_harvest``)."""
    return m.after_harvest(session, since, today=today, config=config)


def warm_up(app: Any, today: date | None = None) -> bool:
    """Load the shared artifact into this process before it serves requests (gunicorn's
    ``post_worker_init``, ``gunicorn.conf.py``), so a fresh worker's first save ranks at once:
    the calls' texts are read for their conditions, and one company goes through a save's
    whole rematch (queries, the day's view, ranking, reasons) with nothing written.
    Never fits; with no artifact ready it does nothing (the first save is then deferred).
    ``today`` (the network's day by default) is the day the first requests rank on: the
    matcher keeps its view of the open calls per day. Returns whether a matcher was loaded."""
    from app.extensions import db

    with app.app_context():
        if not _artifact.shared_mode(app.config):
            return False
        session = db.session
        try:
            with cache.LOCK:
                fitted = cache.load_shared(session)
                fitted.prepare_texts()
            first = session.scalars(cache.live_companies().limit(1)).first()
            if first is not None:  # a save's whole path once, as a request, writing nothing
                with app.test_request_context():
                    m._rematch(session, today=today or clock.today(), company_ids=[first.id],
                               store=False)
            return True
        except cache.MatcherNotReady:
            return False
        finally:
            session.rollback()
            db.session.remove()
