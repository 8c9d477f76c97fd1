"""Computing and storing matches for the rematch use cases (flush only): which companies a changed
call touches, the ranking of a batch of companies, and the upsert of their ``Match`` rows that
keeps staff's statuses and dismissals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Company
from app.models.funding_calls import FundingCall
from app.models.matches import (
    Match,
    MatchStatus,
)
from app.services.matches import _cache as cache
from app.services.matches._records import (
    call_profile,
    company_profile,
    reasons_to_json,
)
from matching import Matcher, Score


def live_ids(session: Session) -> list[int]:
    return list(session.scalars(cache.live_companies().with_only_columns(Company.id)
                                .order_by(Company.id)))


def dismissed_calls(session: Session, company_ids: list[int] | None) -> dict[int, set[int]]:
    """company id -> calls staff marked not relevant (they never take one of its places)."""
    stmt = select(Match.company_id, Match.call_id).where(
        Match.status == MatchStatus.NOT_RELEVANT)
    if company_ids is not None:
        stmt = stmt.where(Match.company_id.in_(company_ids))
    out: dict[int, set[int]] = {}
    for company_id, call_id in session.execute(stmt):
        out.setdefault(company_id, set()).add(call_id)
    return out


def _boundaries(session: Session, top_n: int, threshold: float) -> dict[int, float]:
    """company id -> the score a call must beat to enter its full list (companies with fewer
    than ``top_n`` current matches are absent: any call above the threshold enters)."""
    stmt = (select(Match.company_id, func.count(), func.min(Match.score))
            .where(Match.is_current.is_(True), Match.status != MatchStatus.NOT_RELEVANT)
            .group_by(Match.company_id))
    return {cid: max(low, threshold) for cid, n, low in session.execute(stmt) if n >= top_n}


def companies_for_calls(session: Session, call_ids: list[int], today: date, top_n: int,
                         threshold: float) -> list[int]:
    """Companies whose list a new or changed call may enter (it beats their last place) or
    leave (it is stored there now). Call with the matcher lock held."""
    if not call_ids:
        return []
    m = cache.sync_companies(session)
    touched: set[int] = set(session.scalars(
        select(Match.company_id).where(Match.call_id.in_(call_ids))))
    boundary = _boundaries(session, top_n, threshold)
    rows = session.scalars(select(FundingCall).where(FundingCall.id.in_(call_ids)))
    for call in rows:
        for score in m.rank_call(call_profile(call), today, threshold=threshold):
            company_id = int(score.company_id)
            if score.score >= boundary.get(company_id, threshold):
                touched.add(company_id)
    return sorted(touched)


def _reusable(match: Match | None, version: int, company: Company) -> bool:
    """Stored reasons still hold when neither the call nor the profile changed since."""
    return bool(match is not None and match.reasons and match.call_version == version
                and company.updated_at <= match.computed_at)


def store_scores(session: Session, company: Company, scores: list[Score],
                 existing: dict[int, Match], versions: dict[int, int], top_n: int,
                 now: datetime) -> int:
    """Make the company's current list exactly its best ``top_n`` scores (reasons filled in);
    keep every row staff decided on. Flush-free; the caller commits."""
    kept: set[int] = set()
    rank = 0
    for score in scores:
        call_id = int(score.call_id)
        match = existing.get(call_id)
        dismissed = match is not None and match.status is MatchStatus.NOT_RELEVANT
        if not dismissed and rank >= top_n:
            continue
        if match is None:
            match = Match(company_id=company.id, call_id=call_id, status=MatchStatus.NEW)
            session.add(match)
        if not dismissed:
            rank += 1
        kept.add(call_id)
        values = {"score": round(score.score, 2), "rank": None if dismissed else rank,
                  "components": dict(score.components), "call_version": versions.get(call_id, 1),
                  "is_current": not dismissed}
        if score.reasons:
            values["reasons"] = reasons_to_json(score.reasons)
        if all(getattr(match, k) == v for k, v in values.items()):
            continue  # unchanged: no write (a weekly rematch of a quiet week writes little)
        for key, value in values.items():
            setattr(match, key, value)
        match.computed_at = now
    for call_id, match in existing.items():
        if call_id in kept:
            continue
        if match.status.is_kept:
            match.is_current, match.rank = False, None
        else:
            session.delete(match)
    return rank


def rank_chunk(m: Matcher, companies: list[Company], ranking: Any,
                existing: dict[int, dict[int, Match]], versions: dict[int, int],
                regions: dict[str, str], today: date, top_n: int, threshold: float,
                extra: dict[int, int]) -> dict[int, list[Score]]:
    """Each company's ranked scores, reasons filled in where the stored ones no longer hold.
    Call with the matcher lock held."""
    out: dict[int, list[Score]] = {}
    for company in companies:
        profile = company_profile(company, regions)
        depth = top_n + extra.get(company.id, 0)
        if ranking is not None:  # a call may have left the matcher since the ranking
            scores = [s for s in ranking.get(profile.id, ()) if s.call_id in m.call_index]
        else:
            scores = m.rank_company(profile, today, top_n=depth, threshold=threshold,
                                    reasons=False)
        mine = existing.get(company.id, {})
        stale = [s for s in scores[:depth]
                 if not _reusable(mine.get(int(s.call_id)), versions.get(int(s.call_id), 0),
                                  company)]
        if stale:
            filled = {s.call_id: s for s in m.with_reasons(stale, today, company=profile)}
            scores = [filled.get(s.call_id, s) for s in scores]
        out[company.id] = scores
    return out


def call_versions(session: Session, call_ids: set[int]) -> dict[int, int]:
    if not call_ids:
        return {}
    return dict(session.execute(select(FundingCall.id, FundingCall.version)
                                .where(FundingCall.id.in_(call_ids))).all())
