"""Computing matches for the rematch use cases (reads only): which companies changed calls touch,
each company's wanted list (from a ranking, or a new call merged into its stored list) and the
reasons made at once for a small rematch. Writing the lists: ``_bulk``."""

from __future__ import annotations

import json
import weakref
from datetime import date

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Company
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchCutoff, MatchStatus
from app.services.matches import _cache as cache
from app.services.matches._bulk import Stored, Wanted, among
from app.services.matches._components import components_json, components_template
from app.services.matches._records import call_profile, reasons_to_json
from matching import COMPONENTS, CompanyProfile, Matcher, Ranking, Score


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


def cutoffs(session: Session, company_ids: list[int], top_n: int) -> dict[int, float]:
    """company id -> the score a call must reach to enter its full list, for these companies
    (their stored cutoffs, one primary-key lookup each; never an aggregate of the matches).
    Companies listing fewer than ``top_n`` calls are absent: any call above the threshold
    enters."""
    table = MatchCutoff.__table__
    stmt = select(table.c.company_id, table.c.cutoff).where(table.c.listed >= top_n)
    if not company_ids:
        return {}
    dialect = session.get_bind().dialect.name
    step = len(company_ids) if dialect == "postgresql" else 1000  # one array, or IN slices
    out: dict[int, float] = {}
    for start in range(0, len(company_ids), step):
        out.update(session.execute(stmt.where(
            among(table.c.company_id, company_ids[start:start + step], dialect))).all())
    return out


def companies_for_calls(session: Session, m: Matcher, call_ids: list[int], today: date,
                        top_n: int, threshold: float) -> tuple[list[int], dict[int, list[Wanted]]]:
    """(companies to rank again, companies a call enters -> its places): a company with a row
    of a changed call is ranked again (the call may leave its list or move), one whose last
    place a call reaches gets the call merged into its stored list. ``m`` has the companies
    synced (``cache.sync_companies``); call with the matcher lock held.

    A broad call scores above the threshold for tens of thousands of companies; they stay
    arrays until the stored cutoffs say which few it enters."""
    if not call_ids:
        return [], {}
    listed = set(session.scalars(select(Match.company_id).where(Match.call_id.in_(call_ids))))
    listed_ids = np.fromiter(listed, np.int64, len(listed))  # once, not per call
    entering: dict[int, list[Wanted]] = {}
    for call in session.scalars(select(FundingCall).where(FundingCall.id.in_(call_ids))):
        if str(call.id) not in m.call_index:  # a copy of another source's call, say
            continue
        cand, scores, comps = m.call_scores(call_profile(call), today, threshold=threshold)
        ids = _company_ids(m)[cand]
        fresh = ~np.isin(ids, listed_ids)
        ids, scores, comps = ids[fresh], scores[fresh], comps[fresh]
        enters = entering_companies(session, ids, scores, top_n, threshold)
        for j in np.nonzero(np.isin(ids, np.fromiter(enters, np.int64, len(enters))))[0]:
            entering.setdefault(int(ids[j]), []).append(Wanted(
                call.id, float(scores[j]),
                components_json(COMPONENTS, np.round(comps[j].astype(np.float64), 4).tolist())))
    return sorted(listed), entering


# matcher -> (its company list, their ids as integers by place), kept until the list changes
# (every upsert or removal makes a new one): tens of thousands of candidates need their ids
_IDS: weakref.WeakKeyDictionary[Matcher, tuple[list[CompanyProfile], np.ndarray]] = (
    weakref.WeakKeyDictionary())


def _company_ids(m: Matcher) -> np.ndarray:
    found = _IDS.get(m)
    if found is None or found[0] is not m.companies:
        found = _IDS[m] = (m.companies, np.fromiter((int(c.id) for c in m.companies), np.int64,
                                                     len(m.companies)))
    return found[1]


def entering_companies(session: Session, ids: np.ndarray, scores: np.ndarray, top_n: int,
                       threshold: float) -> set[int]:
    """Which of these companies a call with these scores enters: the score reaches the company's
    stored cutoff, or, when the company lists fewer than ``top_n`` calls, the threshold. On
    PostgreSQL one join of the pairs with the cutoffs."""
    if not len(ids):
        return set()
    if session.get_bind().dialect.name != "postgresql":
        cut = cutoffs(session, ids.tolist(), top_n)
        return {int(i) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)
                if s >= cut.get(int(i), threshold)}
    # the arrays go as two text literals: the driver adapting 50,000 values one by one would
    # cost more than the join
    rows = session.execute(text(
        "SELECT t.id FROM unnest(CAST(:ids AS integer[]), CAST(:scores AS double precision[]))"
        " AS t(id, score) LEFT JOIN match_cutoff c ON c.company_id = t.id AND c.listed >= :n"
        " WHERE t.score >= COALESCE(c.cutoff, :threshold)"),
        {"ids": "{" + ",".join(map(str, ids.tolist())) + "}",
         "scores": "{" + ",".join(map(repr, scores.tolist())) + "}", "n": top_n,
         "threshold": threshold})
    return {row[0] for row in rows}


def merged_list(stored: dict[int, Stored], entering: list[Wanted]) -> list[Wanted]:
    """A company's stored list with new calls merged in, best first (ties by call id, as the
    matcher breaks them)."""
    current = [Wanted(r.call_id, r.score, r.components) for r in stored.values()
               if r.is_current and r.status is not MatchStatus.NOT_RELEVANT]
    return sorted(current + entering, key=lambda w: (-w.score, str(w.call_id)))


def wanted_from(ranking: Ranking, company_ids: list[int], m: Matcher) -> dict[int, list[Wanted]]:
    """These companies' lists from a ranking (calls that left the matcher since are skipped),
    read in one pass over it."""
    template = components_template(ranking.component_names)
    known = m.call_index
    out: dict[int, list[Wanted]] = {}
    for company, call_ids, scores, comps in ranking.flat_lists([str(c) for c in company_ids]):
        out[int(company)] = [Wanted(int(k), score, template % tuple(values))
                             for k, score, values in zip(call_ids, scores, comps, strict=True)
                             if k in known]
    return out


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
