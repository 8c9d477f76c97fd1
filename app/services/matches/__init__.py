"""Use cases of funding matches: the shell around the pure ``matching`` library.

Rows become the matcher's records (``_records``), the library ranks them, and each company's
top ``MATCH_TOP_N`` eligible calls scoring at least ``MATCH_THRESHOLD`` are stored with their
score, component scores, reasons and the call's version. Nothing here scores: eligibility,
relevance and reasons all come from ``matching``; text vectors from ``services.embeddings``.

When matches are recomputed:

* ``rematch_after_save``: a company's profile was saved; that company at once (tens of ms);
* ``after_harvest``: every call changed since the last call-driven rematch (``MatchRun``), by a
  harvest, an upload or an edit, and every call whose deadline has passed, against all
  companies; only the companies whose lists such a call may enter or leave are rematched;
* ``rematch_after_call_save``: a call typed in or edited by hand, the same way, at once;
* ``rematch(full=True)``: everything, with a fresh fit (``flask match --full``, weekly job); the
  first one, into an empty table, loads it with the rows' keys set aside (``_keys``).

In production (``_artifact.shared_mode``) a web request never fits the matcher: it loads the
artifact the ``matching.fit`` job built (``_artifact``), rematches a saved company with it, and
when none is ready marks the company pending (``rematch_changed``); call-driven and large
rematches go to the job queue.

What staff did survives every rematch: a decided match (proposed ... awarded, not relevant)
keeps its row and status when its call leaves the list or closes; a call marked not relevant
never takes a place again; feedback rows are never deleted. The cached matcher: ``_cache``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow, zone
from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import (
    Match,
    MatchFeedback,
    MatchRun,
    MatchStatus,
)
from app.services import audit
from app.services._tx import committing
from app.services.matches import _artifact, _keys
from app.services.matches import _cache as cache
from app.services.matches._batch import Batches
from app.services.matches._bulk import Wanted, refresh_statistics
from app.services.matches._memory import collector_paused
from app.services.matches._records import call_rules
from app.services.matches._store import (
    call_versions,
    companies_for_calls,
    dismissed_calls,
    live_ids,
)
from app.services.matches._training import (
    LearningState,  # noqa: F401  (re-exported for the learning page)
    TrainResult,
    learning_state,
    train_feedback_weights,
)
from app.services.matches._writers import store_all
from matching import DEFAULT_THRESHOLD, DEFAULT_TOP_N
from matching.eligibility import call_failures

log = logging.getLogger(__name__)

BATCH = 2000  # companies whose lists are written per commit
# at most this many changed profiles are ranked one by one; more are synced into the matcher
# and ranked in blocks (``Matcher.rank_stored``), as are the companies changed calls concern
ONE_BY_ONE = 50
# places a company's ranking reserves for calls staff marked not relevant (at most)
MAX_DISMISSED = 50
FEEDBACK_LABELS = ("relevant", "not_relevant")

Progress = Callable[[int, int], None]  # (companies done, companies in all)


@dataclass(frozen=True, slots=True)
class RematchSummary:
    """What a rematch did: companies rematched, calls the matcher knew, calls that triggered it,
    matches stored (current ones) and the seconds it took."""

    companies: int
    calls: int
    changed_calls: int
    stored: int
    seconds: float


def settings(config: Any = None) -> tuple[int, float]:
    """(top N, threshold) from the given config, else the app's, else the library defaults."""
    config = _config(config)
    return (int(config.get("MATCH_TOP_N", DEFAULT_TOP_N)),
            float(config.get("MATCH_THRESHOLD", DEFAULT_THRESHOLD)))


def _config(config: Any) -> Any:
    if config is None and has_app_context():
        config = current_app.config
    return config or {}


def workers(config: Any = None) -> int:
    """Processes that rank a full rematch (``MATCH_WORKERS``; default: this machine's cores,
    at most 4)."""
    value = _config(config).get("MATCH_WORKERS")
    return max(1, int(value)) if value else min(os.cpu_count() or 1, 4)


# -- computing and storing --------------------------------------------------------------------


def _rematch(session: Session, **kwargs: Any) -> RematchSummary:
    """``_rematch_now``, a full one with the cyclic collector paused (``_memory``)."""
    with collector_paused(bool(kwargs.get("full"))):
        return _rematch_now(session, **kwargs)


def _rematch_now(session: Session, *, today: date, company_ids: Iterable[int] = (),
                 call_ids: Iterable[int] = (), full: bool = False, config: Any = None,
                 progress: Progress | None = None, store: bool = True) -> RematchSummary:
    """The one rematch routine behind every use case (see the module docstring). Ranks, then
    writes each batch's difference in bulk and commits it (``_batch``), so a failure leaves the
    earlier batches stored; a full one writes each block as soon as the workers ranked it.
    ``store=False`` writes nothing (a web worker's warm-up, ``warm_up``)."""
    clock = time.perf_counter()
    top_n, threshold = settings(config)
    call_ids = list(dict.fromkeys(call_ids))
    targets = list(dict.fromkeys(company_ids))
    entering: dict[int, list[Wanted]] = {}
    in_blocks = full or bool(call_ids) or len(targets) > ONE_BY_ONE
    if in_blocks and not cache.fitting_allowed():
        raise cache.MatcherNotReady("a rematch of many companies runs in the background")
    with cache.LOCK:
        m = cache.matcher(session, refit=full, workers=workers(config) if full else 1)
        if full:
            targets = live_ids(session)
        elif in_blocks:
            m = cache.sync_companies(session, m)
            listed, entering = companies_for_calls(session, m, call_ids, today, top_n,
                                                   threshold)
            seen = set(targets)
            targets += [c for c in listed if c not in seen]
            seen.update(listed)
            entering = {c: w for c, w in entering.items() if c not in seen}
        dismissed = dismissed_calls(session, None if len(targets) > BATCH else targets)
        extra = {cid: min(len(calls), MAX_DISMISSED) for cid, calls in dismissed.items()}
        depth = top_n + max(extra.values(), default=0)
        ranking = None
        if in_blocks and not full and targets:
            ranking = m.rank_stored([str(c) for c in targets], today, top_n=depth,
                                    threshold=threshold)  # in this process: maybe a request
        n_calls = len(m.calls)
    everyone = targets + sorted(entering)
    batches = Batches(session, m, today, top_n, threshold, entering, extra,
                      call_versions(session, None) if full else None, store)
    done = 0

    def report(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, len(everyone))

    if progress is not None:
        progress(0, len(everyone))
    with _keys.aside_while(session, len(everyone), full and store), _groups(
            m, everyone, ranking, today, depth, threshold,
            workers(config) if full else 0) as groups:
        stored = store_all(batches, groups, report, overlapped=store and len(everyone) > BATCH
                           and session.get_bind().dialect.name == "postgresql")
    return RematchSummary(len(everyone), n_calls, len(call_ids), stored,
                          round(time.perf_counter() - clock, 3))


@contextmanager
def _groups(m: Any, everyone: list[int], ranking: Any, today: date, depth: int,
            threshold: float, full_workers: int) -> Iterator[Iterator[tuple[list[int], Any]]]:
    """The batches of companies to store, each with the ranking that holds their lists.
    ``full_workers``: a full rematch, whose batches are the matcher's blocks as its workers
    rank them (the lock held throughout: the workers were forked from this matcher), then any
    company the matcher does not hold (ranked one by one); otherwise slices of ``everyone``."""
    if not full_workers:
        yield ((everyone[s:s + BATCH], ranking) for s in range(0, len(everyone), BATCH))
        return
    wanted = set(everyone)
    with cache.LOCK, m.ranking_blocks(today, top_n=depth, threshold=threshold, chunk=BATCH,
                                      workers=full_workers) as blocks:
        def stream() -> Iterator[tuple[list[int], Any]]:
            for block in blocks:
                chunk = [int(c) for c in block.company_ids if int(c) in wanted]
                wanted.difference_update(chunk)
                yield chunk, block
            rest = [c for c in everyone if c in wanted]
            for s in range(0, len(rest), BATCH):
                yield rest[s:s + BATCH], None
        yield stream()


def _log_run(session: Session, kind: str, started: datetime, summary: RematchSummary) -> None:
    with committing(session):
        session.add(MatchRun(kind=kind, started_at=started, finished_at=utcnow(),
                             companies=summary.companies, calls=summary.changed_calls,
                             stored=summary.stored, seconds=summary.seconds))
        if kind == "full":
            refresh_statistics(session)


def rematch(session: Session, *, today: date, company_ids: Iterable[int] | None = None,
            call_ids: Iterable[int] | None = None, full: bool = False, config: Any = None,
            progress: Progress | None = None) -> RematchSummary:
    """Score and store matches: every company with a fresh fit (``full``), some companies
    (their profiles changed), and/or the companies some calls may concern (the calls are new,
    changed or closed). ``today`` is the local (Helsinki) date the deadlines are checked on.
    Commits per batch of companies; a full run is logged as a ``MatchRun``."""
    started = utcnow()
    summary = _rematch(session, today=today, company_ids=company_ids or (),
                       call_ids=call_ids or (), full=full, config=config, progress=progress)
    if full:
        _log_run(session, "full", started, summary)
    return summary


def rematch_after_save(session: Session, company_id: int, *, today: date,
                       config: Any = None) -> bool:
    """Rematch a company whose profile was just saved (call after the save's own commit).

    The save has succeeded, so a failure here must neither undo it nor fail the request: it is
    logged and rolled back, and the next rematch catches up. Returns whether it worked.
    """
    try:
        _rematch(session, today=today, company_ids=[company_id], config=config)
    except Exception:  # noqa: BLE001 - a side effect of a save that already succeeded
        log.exception("rematch of company %s after saving it failed", company_id)
        session.rollback()
        return False
    return True


def rematch_after_call_save(session: Session, call_id: int, *, today: date,
                            config: Any = None) -> bool:
    """Match a call typed in or edited by hand against all companies (after its own commit);
    like ``rematch_after_save``, a failure is logged and left to the next rematch."""
    try:
        _rematch(session, today=today, call_ids=[call_id], config=config)
    except Exception:  # noqa: BLE001 - a side effect of a save that already succeeded
        log.exception("rematch of call %s after saving it failed", call_id)
        session.rollback()
        return False
    return True


def _expiry_bound(today: date) -> datetime:
    """The instant before which a call's next deadline must fall for the call to have expired
    by ``today`` (a Helsinki date): the start of tomorrow in the network's time zone. A deadline
    counts on its own local date (``matching.eligibility``), so one at 23.30 Brussels time
    yesterday falls after today began in Helsinki; any deadline dated before today in any zone
    from UTC-12 to UTC+14 still falls before tomorrow begins here. Compared in UTC on both
    databases (``UtcDateTime`` converts the bound)."""
    return datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone())


def _expired_calls(session: Session, today: date) -> list[int]:
    """Calls on someone's current list that can no longer be applied for today (closed,
    withdrawn, deadline passed), by the matcher's own call rules, read from a few columns of
    the calls that may be: not open, not a call, or no next deadline before tomorrow."""
    on_lists = (select(Match.id).where(Match.call_id == FundingCall.id,
                                       Match.is_current.is_(True)).exists())
    maybe = or_(FundingCall.kind != CallKind.CALL, FundingCall.status.not_in(
        [CallStatus.OPEN, CallStatus.FORTHCOMING]), FundingCall.next_deadline_at.is_(None),
        FundingCall.next_deadline_at < _expiry_bound(today))
    rows = session.execute(select(FundingCall.id, FundingCall.kind, FundingCall.status,
                                  FundingCall.deadlines).where(maybe, on_lists))
    return [cid for cid, kind, status, deadlines in rows
            if call_failures(call_rules(cid, kind, status, deadlines), today)]


def after_harvest(session: Session, since: datetime, *, today: date,
                  config: Any = None) -> RematchSummary:
    """Match every call changed since ``since`` or since the last call-driven rematch, whichever
    is earlier (so uploads and edits by hand are caught too), against all companies, and take
    calls that closed or whose deadline passed off the lists. With no rematch ever logged,
    everything is matched. Logs a ``MatchRun``; commits per batch."""
    started = utcnow()
    last = session.scalars(select(MatchRun).order_by(MatchRun.started_at.desc())).first()
    if last is None:
        summary = _rematch(session, today=today, full=True, config=config)
        _log_run(session, "full", started, summary)
        return summary
    since = min(since, last.started_at)
    changed = list(session.scalars(select(FundingCall.id).where(FundingCall.updated_at >= since)))
    calls = list(dict.fromkeys(changed + _expired_calls(session, today)))
    summary = _rematch(session, today=today, call_ids=calls, config=config)
    _log_run(session, "calls", started, summary)
    _refresh_shared(session, config)
    return summary


def _refresh_shared(session: Session, config: Any) -> None:
    """After calls or weights changed: the shared artifact is fitted again (in the queue)."""
    if _artifact.shared_mode(config) and _artifact.is_stale(session):
        _artifact.request_fit(session)


# -- staff acting on matches ------------------------------------------------------------------


def _match_for(session: Session, actor: User, match_id: int) -> Match:
    return authz.get_for(session, actor, Match, match_id, "match.act")


def _feedback(session: Session, actor: User, match: Match, label: str) -> None:
    session.add(MatchFeedback(match_id=match.id, company_id=match.company_id,
                              call_id=match.call_id, user_id=actor.id, label=label,
                              components=dict(match.components or {})))


def set_status(session: Session, actor: User, match_id: int, status: str) -> Match:
    """Move a match in its workflow (reviewed, proposed, applying, submitted, awarded, not
    awarded, not relevant, or back to new). Every move but "new"/"reviewed" is also feedback
    for the matcher. Commits with an audit event. Raises NotFound (another town's match),
    Forbidden (a viewer), FieldError (an unknown status)."""
    match = _match_for(session, actor, match_id)
    try:
        new = MatchStatus(status)
    except ValueError as exc:
        raise FieldError("status", _l("Unknown status.")) from exc
    if new is match.status:
        return match
    before = {"status": match.status.value}
    with committing(session):
        match.status, match.status_changed_at, match.status_changed_by_id = new, utcnow(), actor.id
        if new not in (MatchStatus.NEW, MatchStatus.REVIEWED):
            _feedback(session, actor, match, new.value)
        audit.record(session, actor, "match.status", entity="match", entity_id=match.id,
                     city_id=match.company.city_id, before=before,
                     after={"status": new.value, "company_id": match.company_id,
                            "call_id": match.call_id})
    return match


def record_feedback(session: Session, actor: User, match_id: int, label: str) -> Match:
    """Mark a match relevant (a new one becomes reviewed) or not relevant (it leaves the list
    and its place goes to the next call at the next rematch). Commits with an audit event.
    Raises NotFound, Forbidden, FieldError (an unknown label)."""
    if label not in FEEDBACK_LABELS:
        raise FieldError("label", _l("Unknown feedback."))
    match = _match_for(session, actor, match_id)
    before = {"status": match.status.value}
    with committing(session):
        _feedback(session, actor, match, label)
        if label == "not_relevant":
            match.status = MatchStatus.NOT_RELEVANT
        elif match.status in (MatchStatus.NEW, MatchStatus.NOT_RELEVANT):
            match.status = MatchStatus.REVIEWED
        match.status_changed_at, match.status_changed_by_id = utcnow(), actor.id
        audit.record(session, actor, "match.feedback", entity="match", entity_id=match.id,
                     city_id=match.company.city_id, before=before,
                     after={"label": label, "status": match.status.value,
                            "company_id": match.company_id, "call_id": match.call_id})
    return match


def retrain_and_rematch(session: Session, *, today: date,
                        config: Any = None) -> tuple[TrainResult, RematchSummary]:
    """The weekly refresh: retrain the weights on staff feedback (``train_feedback_weights``),
    then rematch every company with a fresh fit, so the vocabulary follows the calls and new
    weights reach the stored matches. Commits per step (the rematch per batch)."""
    result = train_feedback_weights(session)
    summary = rematch(session, today=today, full=True, config=config)
    _refresh_shared(session, config)
    return result, summary


from app.services.matches.shared import (  # noqa: E402  (they use the rematch above)
    after_harvest_here_or_queued,
    fit_if_stale,
    fit_shared,
    is_stale,
    rematch_calls_since,
    rematch_changed,
    rematch_pending,
    shared_mode,
    warm_up,
)

__all__ = [
    "RematchSummary", "after_harvest", "after_harvest_here_or_queued", "fit_if_stale",
    "fit_shared", "is_stale", "rematch", "rematch_after_call_save", "rematch_after_save",
    "rematch_calls_since", "rematch_changed", "rematch_pending", "record_feedback",
    "learning_state", "retrain_and_rematch", "set_status", "settings", "shared_mode",
    "train_feedback_weights",
    "warm_up", "workers",
]
