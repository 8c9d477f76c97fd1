"""Use cases of funding matches: the shell around the pure ``matching`` library.

Rows are turned into the matcher's records (``matching_records``), the library scores them, and
the top matches per company are stored with their score, components, reasons and the call's
version. Staff work on a match (its workflow status) and their feedback survive every rematch.

A fitted ``Matcher`` is kept per process and database: it is refitted when the matchable calls
or the learned weights change (a cheap fingerprint query says so), and a company is folded into
it when it is rematched, so one changed profile is rematched in tens of milliseconds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.i18n import lazy_gettext as _l
from app.models import City, Company, User
from app.models.base import utcnow
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match, MatcherState, MatchFeedback, MatchStatus
from app.services import audit
from app.services._tx import committing
from app.services.errors import FieldError, NotFound
from app.services.matching_records import (
    call_profile,
    company_profile,
    reasons_to_json,
    region_map,
)
from matching import DEFAULT_THRESHOLD, DEFAULT_TOP_N, Explanation, Matcher, Score, Weights
from matching.feedback import FeedbackExample, train

log = logging.getLogger(__name__)

BATCH = 500
# above this many companies touched by changed calls, one full ranking is cheaper
FULL_RANK_ABOVE = 2000
FEEDBACK_LABELS = ("relevant", "not_relevant")


@dataclass(frozen=True, slots=True)
class RematchSummary:
    companies: int
    calls: int
    stored: int
    seconds: float


_cache: dict[str, tuple[tuple[Any, ...], Matcher]] = {}
_lock = threading.Lock()


def _matchable_calls():  # type: ignore[no-untyped-def]
    return select(FundingCall).where(
        FundingCall.kind == CallKind.CALL,
        FundingCall.canonical_id.is_(None),  # the same call from a second source counts once
        FundingCall.status.in_([CallStatus.OPEN, CallStatus.FORTHCOMING]),
    )


def _live_companies():  # type: ignore[no-untyped-def]
    return select(Company).where(Company.merged_into_id.is_(None))


def _weights(session: Session) -> tuple[int | None, Weights]:
    state = session.scalars(select(MatcherState).order_by(MatcherState.id.desc())).first()
    return (state.id, Weights.from_mapping(state.weights)) if state else (None, Weights())


def _fingerprint(session: Session) -> tuple[Any, ...]:
    sub = _matchable_calls().with_only_columns(FundingCall.id, FundingCall.updated_at).subquery()
    count, newest = session.execute(select(func.count(), func.max(sub.c.updated_at))).one()
    return (count, str(newest), _weights(session)[0])


def _regions(session: Session) -> dict[str, str]:
    return region_map(list(session.scalars(select(City))))


def matcher(session: Session, *, refit: bool = False) -> Matcher:
    """The process's fitted matcher for this database (refitted when calls or weights changed)."""
    bind = session.get_bind()
    key = str(getattr(bind, "engine", bind).url)
    fingerprint = _fingerprint(session)
    cached = _cache.get(key)
    if cached is not None and cached[0] == fingerprint and not refit:
        return cached[1]
    regions = _regions(session)
    calls = [call_profile(c) for c in session.scalars(_matchable_calls())]
    companies = [
        company_profile(c, regions)
        for c in session.scalars(_live_companies().options(selectinload(Company.city)))
    ]
    fitted = Matcher.fit(calls, companies, weights=_weights(session)[1])
    with _lock:
        _cache[key] = (fingerprint, fitted)
    return fitted


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _store(
    session: Session,
    company_id: int,
    scores: list[Score],
    versions: dict[int, int],
    now: datetime,
) -> int:
    """Make the company's current matches exactly ``scores``; keep what staff worked on."""
    existing = {
        m.call_id: m for m in session.scalars(select(Match).where(Match.company_id == company_id))
    }
    kept: set[int] = set()
    for rank, score in enumerate(scores, start=1):
        call_id = int(score.call_id)
        match = existing.get(call_id)
        if match is None:
            match = Match(company_id=company_id, call_id=call_id, status=MatchStatus.NEW)
            session.add(match)
        match.score, match.rank = round(score.score, 2), rank
        match.components = dict(score.components)
        match.reasons = reasons_to_json(score.reasons)
        match.call_version = versions.get(call_id, 1)
        match.is_current, match.computed_at = True, now
        kept.add(call_id)
    stale = [m for call_id, m in existing.items() if call_id not in kept]
    for match in stale:
        if match.status.is_active_work:
            match.is_current, match.rank = False, None  # staff's work stays, out of the list
        else:
            session.delete(match)
    return len(scores)


def _versions(session: Session, call_ids: Iterable[int]) -> dict[int, int]:
    ids = list(set(call_ids))
    if not ids:
        return {}
    return dict(
        session.execute(
            select(FundingCall.id, FundingCall.version).where(FundingCall.id.in_(ids))
        ).all()
    )


def _settings(config: dict[str, Any] | None) -> tuple[int, float]:
    config = config or {}
    return int(config.get("MATCH_TOP_N", DEFAULT_TOP_N)), float(
        config.get("MATCH_THRESHOLD", DEFAULT_THRESHOLD)
    )


def rematch(
    session: Session,
    *,
    today: date,
    company_ids: Iterable[int] | None = None,
    call_ids: Iterable[int] | None = None,
    full: bool = False,
    config: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> RematchSummary:
    """Score and store matches: every company (``full``), some companies (their profiles
    changed), or the companies some calls may concern (the calls are new or changed).

    Commits in batches of companies; a batch that fails leaves the earlier ones stored.
    """
    started = utcnow()
    top_n, threshold = _settings(config)
    m = matcher(session, refit=full)
    regions = _regions(session)
    targets: list[int]
    if full:
        targets = list(session.scalars(_live_companies().with_only_columns(Company.id)))
    elif company_ids is not None:
        targets = list(dict.fromkeys(company_ids))
    else:
        targets = _companies_for_calls(session, m, list(call_ids or ()), today, threshold)
    stored = 0
    ranking = m.rank_all(today, top_n=top_n, threshold=threshold) if full else None
    for start in range(0, len(targets), BATCH):
        chunk = targets[start:start + BATCH]
        companies = list(session.scalars(
            _live_companies().where(Company.id.in_(chunk)).options(selectinload(Company.city))))
        if ranking is not None:
            # a full ranking stores scores only: reasons are filled in when a match is shown
            ranked = {str(c.id): list(ranking.get(str(c.id), [])) for c in companies}
        else:
            profiles = [company_profile(c, regions) for c in companies]
            m.upsert_companies(profiles)
            ranked = {p.id: m.rank_company(p, today, top_n=top_n, threshold=threshold)
                      for p in profiles}
        versions = _versions(session, (int(s.call_id) for v in ranked.values() for s in v))
        with committing(session):
            now = utcnow()
            for company in companies:
                stored += _store(session, company.id, ranked[str(company.id)], versions, now)
            gone = set(chunk) - {c.id for c in companies}  # merged or deleted meanwhile
            if gone:
                session.execute(delete(Match).where(
                    Match.company_id.in_(gone), Match.status.in_(
                        [MatchStatus.NEW, MatchStatus.REVIEWED])))
        if progress is not None:
            progress(len(chunk))
    seconds = (utcnow() - started).total_seconds()
    return RematchSummary(len(targets), len(list(call_ids or ())), stored, seconds)


def _companies_for_calls(
    session: Session,
    m: Matcher,
    call_ids: list[int],
    today: date,
    threshold: float,
) -> list[int]:
    """Companies whose top list a new or changed call may enter or leave."""
    if not call_ids:
        return []
    calls = list(session.scalars(select(FundingCall).where(FundingCall.id.in_(call_ids))))
    touched: set[int] = set(
        session.scalars(select(Match.company_id).where(Match.call_id.in_(call_ids)))
    )
    for call in calls:
        touched.update(
            int(s.company_id) for s in m.rank_call(call_profile(call), today, threshold=threshold)
        )
        if len(touched) > FULL_RANK_ABOVE:
            return list(session.scalars(_live_companies().with_only_columns(Company.id)))
    return sorted(touched)


def rematch_company(
    session: Session, company_id: int, *, today: date, config: dict[str, Any] | None = None
) -> RematchSummary:
    """A changed profile is rematched at once (called after the profile's own commit)."""
    return rematch(session, today=today, company_ids=[company_id], config=config)


def rematch_after_save(
    session: Session, company_id: int, *, today: date, config: dict[str, Any] | None = None
) -> bool:
    """Rematch a company whose profile was just saved. The save has committed already, so a
    failure here must not undo it or fail the request: it is logged, rolled back, and the
    next rematch catches up. Returns whether it worked."""
    try:
        rematch_company(session, company_id, today=today, config=config)
    except Exception:  # noqa: BLE001 - a side effect of a save that already succeeded
        log.exception("rematch of company %s after saving it failed", company_id)
        session.rollback()
        return False
    return True


def after_harvest(
    session: Session, since: datetime, *, today: date, config: dict[str, Any] | None = None
) -> RematchSummary:
    """Match the calls a harvest created or changed (updated since ``since``) to all companies;
    calls that closed or were withdrawn leave the lists they were on."""
    changed = list(session.scalars(select(FundingCall.id).where(FundingCall.updated_at >= since)))
    return rematch(session, today=today, call_ids=changed, config=config)


# -- staff acting on matches ------------------------------------------------------------------


def _visible_match(session: Session, actor: User, match_id: int) -> Match:
    stmt = authz.scope(actor, select(Match), Match).where(Match.id == match_id)
    match = session.scalars(
        stmt.options(selectinload(Match.call), selectinload(Match.company))
    ).one_or_none()
    if match is None:
        raise NotFound()
    return match


def _match_for(session: Session, actor: User, match_id: int) -> Match:
    match = _visible_match(session, actor, match_id)
    authz.require(actor, "match.act", match.company)
    return match


def _feedback(session: Session, actor: User, match: Match, label: str) -> None:
    session.add(
        MatchFeedback(
            match_id=match.id,
            company_id=match.company_id,
            call_id=match.call_id,
            user_id=actor.id,
            label=label,
            components=dict(match.components or {}),
        )
    )


def set_status(session: Session, actor: User, match_id: int, status: str) -> Match:
    """Move a match in its workflow (proposed, applying, submitted, awarded...). The move is
    also feedback for the matcher. Commits with an audit event."""
    match = _match_for(session, actor, match_id)
    try:
        new = MatchStatus(status)
    except ValueError as exc:
        raise FieldError("status", _l("Unknown status.")) from exc
    if new is match.status:
        return match
    before = {"status": match.status.value}
    with committing(session):
        match.status, match.status_changed_at, match.status_changed_by_id = (
            new,
            utcnow(),
            actor.id,
        )
        if new is not MatchStatus.REVIEWED:
            _feedback(session, actor, match, new.value)
        audit.record(
            session,
            actor,
            "match.status",
            entity="match",
            entity_id=match.id,
            city_id=match.company.city_id,
            before=before,
            after={"status": new.value, "company_id": match.company_id, "call_id": match.call_id},
        )
    return match


def record_feedback(session: Session, actor: User, match_id: int, label: str) -> Match:
    """Mark a match relevant or not relevant. Not relevant also takes it off the list."""
    if label not in FEEDBACK_LABELS:
        raise FieldError("label", _l("Unknown feedback."))
    match = _match_for(session, actor, match_id)
    with committing(session):
        _feedback(session, actor, match, label)
        if label == "not_relevant":
            match.status = MatchStatus.NOT_RELEVANT
        elif match.status is MatchStatus.NEW:
            match.status = MatchStatus.REVIEWED
        match.status_changed_at, match.status_changed_by_id = utcnow(), actor.id
        audit.record(
            session,
            actor,
            "match.feedback",
            entity="match",
            entity_id=match.id,
            city_id=match.company.city_id,
            after={"label": label, "company_id": match.company_id, "call_id": match.call_id},
        )
    return match


def train_feedback_weights(session: Session) -> MatcherState | None:
    """Retrain the relevance weights from all feedback; with too little the defaults (or the
    last learned weights) stand and nothing is written. Learned weights only reorder eligible
    calls. Commits."""
    rows = session.execute(select(MatchFeedback.components, MatchFeedback.label)).all()
    learned = train([FeedbackExample(components or {}, label) for components, label in rows])
    if learned is None:
        return None
    weights = {
        name: float(getattr(learned.weights, name))
        for name in ("concept", "word", "char", "industry", "targeting")
    }
    with committing(session):
        state = MatcherState(weights=weights, examples=learned.n_examples)
        session.add(state)
        session.flush()
        audit.record(
            session,
            None,
            "matcher.train",
            entity="matcher_state",
            entity_id=state.id,
            city_id=None,
            after={"weights": weights, "examples": learned.n_examples},
        )
    return state


# -- reads ------------------------------------------------------------------------------------

def with_reasons(session: Session, matches: list[Match], *, today: date) -> list[Match]:
    """Fill in the reasons of matches stored by a full ranking (which skips them for speed).
    Flush-only: the reasons are derived data, kept if the caller's transaction commits."""
    missing = [m for m in matches if not m.reasons]
    if not missing:
        return matches
    fitted = matcher(session)
    regions = _regions(session)
    by_company: dict[int, list[Match]] = {}
    for match in missing:
        by_company.setdefault(match.company_id, []).append(match)
    for rows in by_company.values():
        profile = company_profile(rows[0].company, regions)
        scores = [Score(str(r.company_id), str(r.call_id), r.score,
                        tuple((r.components or {}).items())) for r in rows]
        known = {c.id for c in fitted.calls}
        scores = [s for s in scores if s.call_id in known]
        for score in fitted.with_reasons(scores, today, company=profile):
            row = next(r for r in rows if str(r.call_id) == score.call_id)
            row.reasons = reasons_to_json(score.reasons)
    return matches



@dataclass(frozen=True, slots=True)
class MatchFilters:
    programme: str | None = None
    deadline_before: date | None = None
    include_closed_work: bool = True


def _filtered(stmt: Any, filters: MatchFilters) -> Any:
    if filters.programme:
        stmt = stmt.where(FundingCall.programme == filters.programme)
    if filters.deadline_before:
        stmt = stmt.where(
            or_(
                FundingCall.next_deadline_at.is_(None),
                func.date(FundingCall.next_deadline_at) <= filters.deadline_before,
            )
        )
    return stmt


def company_matches(
    session: Session,
    actor: User,
    company_id: int,
    filters: MatchFilters | None = None,
    *,
    limit: int = 100,
) -> tuple[list[Match], list[Match]]:
    """(current proposals best first, matches staff are working on) of a visible company."""
    company = authz.get_company(session, actor, company_id)
    filters = filters or MatchFilters()
    base = _filtered(
        select(Match)
        .join(FundingCall, FundingCall.id == Match.call_id)
        .where(Match.company_id == company.id)
        .options(selectinload(Match.call)),
        filters,
    )
    current = list(
        session.scalars(
            base.where(Match.is_current.is_(True), Match.status != MatchStatus.NOT_RELEVANT)
            .order_by(Match.score.desc(), Match.id)
            .limit(limit)
        )
    )
    working = list(
        session.scalars(
            base.where(Match.status.notin_([MatchStatus.NEW, MatchStatus.REVIEWED]))
            .order_by(Match.status_changed_at.desc().nulls_last(), Match.id)
            .limit(limit)
        )
    )
    with_reasons(session, current + working, today=date.today())
    return current, working


def call_matches(session: Session, actor: User, call_id: int, *, limit: int = 200) -> list[Match]:
    """The companies of the actor's town (or shared with it) a call matches, best first."""
    if session.get(FundingCall, call_id) is None:
        raise NotFound()
    stmt = (
        authz.scope(actor, select(Match), Match)
        .where(
            Match.call_id == call_id,
            Match.is_current.is_(True),
            Match.status != MatchStatus.NOT_RELEVANT,
        )
        .options(selectinload(Match.company))
        .order_by(Match.score.desc(), Match.id)
        .limit(limit)
    )
    matches = list(session.scalars(stmt))
    with_reasons(session, matches[:50], today=date.today())
    return matches


def get_match(session: Session, actor: User, match_id: int) -> Match:
    match = _visible_match(session, actor, match_id)
    with_reasons(session, [match], today=date.today())
    return match


def explain(
    session: Session, actor: User, company_id: int, call_id: int, *, today: date
) -> Explanation:
    """Why a call is, or is not, a match for a visible company (all checks and reasons)."""
    company = authz.get_company(session, actor, company_id)
    call = session.get(FundingCall, call_id)
    if call is None:
        raise NotFound()
    m = matcher(session)
    return m.explain(company_profile(company, _regions(session)), call_profile(call), today)


def programmes(session: Session, company_id: int) -> list[str]:
    stmt = (
        select(FundingCall.programme)
        .join(Match, Match.call_id == FundingCall.id)
        .where(Match.company_id == company_id, FundingCall.programme.is_not(None))
        .distinct()
        .order_by(FundingCall.programme)
    )
    return list(session.scalars(stmt))
