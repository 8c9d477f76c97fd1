"""Computing matches for the rematch use cases (reads only): which companies changed calls touch,
each company's wanted list (from a ranking, or a new call merged into its stored list) and the
reasons made at once for a small rematch. Writing the lists: ``_bulk``."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Company
from app.models.funding_calls import FundingCall
from app.models.matches import (
    Match,
    MatchStatus,
)
from app.services.matches import _cache as cache
from app.services.matches._bulk import Stored, Wanted, components_json
from app.services.matches._records import call_profile, reasons_to_json
from matching import CompanyProfile, Matcher, Ranking, Score


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


def _boundaries(session: Session, company_ids: list[int], top_n: int,
                threshold: float) -> dict[int, float]:
    """company id -> the score a call must reach to enter its full list, for these companies
    only (one index range per thousand companies, never every stored match); companies with
    fewer than ``top_n`` current matches are absent: any call above the threshold enters."""
    out: dict[int, float] = {}
    ids = sorted(company_ids)
    for start in range(0, len(ids), 1000):
        part = ids[start:start + 1000]
        stmt = (select(Match.company_id, func.count(), func.min(Match.score))
                .where(Match.company_id.in_(part), Match.is_current.is_(True),
                       Match.status != MatchStatus.NOT_RELEVANT)
                .group_by(Match.company_id))
        out.update({cid: max(low, threshold) for cid, n, low in session.execute(stmt)
                    if n >= top_n})
    return out


def companies_for_calls(session: Session, m: Matcher, call_ids: list[int], today: date,
                        top_n: int, threshold: float) -> tuple[list[int], dict[int, list[Wanted]]]:
    """(companies to rank again, companies a call enters -> its places): a company with a row
    of a changed call is ranked again (the call may leave its list or move), one a call newly
    beats the last place of gets the call merged into its stored list. ``m`` has the companies
    synced (``cache.sync_companies``); call with the matcher lock held."""
    if not call_ids:
        return [], {}
    listed = set(session.scalars(select(Match.company_id).where(Match.call_id.in_(call_ids))))
    candidates: dict[int, list[Wanted]] = {}
    for call in session.scalars(select(FundingCall).where(FundingCall.id.in_(call_ids))):
        if str(call.id) not in m.call_index:
            continue  # not matchable (a copy of another source's call, an announcement)
        for score in m.rank_call(call_profile(call), today, threshold=threshold):
            company_id = int(score.company_id)
            if company_id not in listed:
                candidates.setdefault(company_id, []).append(Wanted(
                    call.id, score.score, components_json(*zip(*score.components, strict=True))))
    boundary = _boundaries(session, list(candidates), top_n, threshold)
    entering = {}
    for company_id, wanted in candidates.items():
        beats = [w for w in wanted if w.score >= boundary.get(company_id, threshold)]
        if beats:
            entering[company_id] = beats
    return sorted(listed), entering


def merged_list(stored: dict[int, Stored], entering: list[Wanted]) -> list[Wanted]:
    """A company's stored list with new calls merged in, best first (ties by call id, as the
    matcher breaks them)."""
    current = [Wanted(r.call_id, r.score, r.components) for r in stored.values()
               if r.is_current and r.status is not MatchStatus.NOT_RELEVANT]
    return sorted(current + entering, key=lambda w: (-w.score, str(w.call_id)))


def wanted_from(ranking: Ranking, company_id: int, m: Matcher) -> list[Wanted]:
    """A company's list from a ranking (calls that left the matcher since are skipped)."""
    if str(company_id) not in ranking:
        return []
    call_ids, scores, comps = ranking.flat(str(company_id))
    names = ranking.component_names
    return [Wanted(int(k), score, components_json(names, values))
            for k, score, values in zip(call_ids, scores, comps, strict=True)
            if k in m.call_index]


def wanted_from_scores(scores: list[Score]) -> list[Wanted]:
    return [Wanted(int(s.call_id), s.score, components_json(*zip(*s.components, strict=True)))
            for s in scores]


def make_reasons(m: Matcher, due: list[tuple[int, int]], wanted: dict[int, list[Wanted]],
                 profiles: dict[int, CompanyProfile], today: date) -> dict[tuple[int, int], str]:
    """Reasons (JSON text) of some listed pairs, made now. Call with the matcher lock held."""
    by_pair = {(c, w.call_id): w for c in {c for c, _k in due} for w in wanted.get(c, ())}
    out: dict[tuple[int, int], str] = {}
    by_company: dict[int, list[Score]] = {}
    for company_id, call_id in due:
        w = by_pair.get((company_id, call_id))
        if w is None or str(call_id) not in m.call_index:
            continue
        by_company.setdefault(company_id, []).append(Score(
            str(company_id), str(call_id), w.score, tuple(json.loads(w.components).items())))
    for company_id, scores in by_company.items():
        profile = profiles.get(company_id)
        if profile is None and str(company_id) not in m.company_index:
            continue  # left for when the match is first shown
        for s in m.with_reasons(scores, today, company=profile):
            out[(company_id, int(s.call_id))] = json.dumps(reasons_to_json(s.reasons))
    return out


def call_versions(session: Session, call_ids: set[int] | None) -> dict[int, int]:
    """call id -> version, of these calls (None: of every call)."""
    stmt = select(FundingCall.id, FundingCall.version)
    if call_ids is not None:
        if not call_ids:
            return {}
        stmt = stmt.where(FundingCall.id.in_(call_ids))
    return dict(session.execute(stmt).all())
