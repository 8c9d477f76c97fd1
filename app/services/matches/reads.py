"""Reading funding matches for the pages, the API and (later) the digest.

Every query of matches goes through ``authz.scope``, so a company of another town, or its
matches, is simply not found. What is shown as a proposal is decided here, not in templates: a
current match whose call can still be applied for today (by the matcher's own call rules, so a
deadline that passed since the last rematch hides it at once), not marked not relevant.
Matches in the workflow (proposed ... not awarded) are listed on their own, whether or not the
call still matches. Reads never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.models import Company, User
from app.models.funding_calls import FundingCall
from app.models.matches import WORKFLOW, Match, MatchStatus
from app.services.matches import _artifact
from app.services.matches import _cache as cache
from app.services.matches._records import (
    call_profile,
    company_profile,
    reasons_from_json,
    reasons_to_json,
)
from matching import Explanation, Reason, Score
from matching.eligibility import call_failures, next_deadline

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MatchFilters:
    """Filters of a company's matches: the call's programme, and a next deadline on or before
    a day (calls with no deadline are left out then)."""

    programme: str | None = None
    deadline_before: date | None = None


@dataclass(frozen=True, slots=True)
class MatchRow:
    """A match as a page shows it: the row, the call's next deadline (aware, in the call's own
    zone; None for a continuous call) and whether the call can be applied for today."""

    match: Match
    deadline: datetime | None
    open_today: bool


@dataclass(frozen=True, slots=True)
class CompanyMatches:
    """A company's proposals (best first), matches in the workflow and dismissed ones."""

    company: Company
    current: list[MatchRow] = field(default_factory=list)
    working: list[MatchRow] = field(default_factory=list)
    dismissed: list[MatchRow] = field(default_factory=list)
    updating: bool = False  # its rematch waits for the fitted matcher (a background job)


def _row(match: Match, today: date) -> MatchRow:
    profile = call_profile(match.call)
    return MatchRow(match, next_deadline(profile, today), not call_failures(profile, today))


def _passes(row: MatchRow, filters: MatchFilters) -> bool:
    if filters.deadline_before is None:
        return True
    return row.deadline is not None and row.deadline.date() <= filters.deadline_before


def fill_reasons(session: Session, matches: list[Match], *, today: date) -> None:
    """Make the reasons of matches stored without them (older rows). Flush-free: the reasons
    are derived data, kept only if the caller's unit of work commits anyway."""
    missing = [m for m in matches if not m.reasons and m.is_current]
    if not missing:
        return
    regions = cache.regions(session)
    with cache.LOCK:
        try:
            fitted = cache.matcher(session)
        except cache.MatcherNotReady:
            return  # made once the fitted matcher is there
        for match in missing:
            if str(match.call_id) not in fitted.call_index:
                continue
            score = Score(str(match.company_id), str(match.call_id), match.score,
                          tuple((match.components or {}).items()))
            profile = company_profile(match.company, regions)
            match.reasons = reasons_to_json(fitted.with_reasons([score], today,
                                                                company=profile)[0].reasons)


def company_matches(session: Session, actor: User, company_id: int,
                    filters: MatchFilters | None = None, *, today: date,
                    limit: int = 100) -> CompanyMatches:
    """A visible company's matches in three lists (see ``CompanyMatches``). Raises NotFound."""
    company = authz.get_company(session, actor, company_id)
    filters = filters or MatchFilters()
    stmt = (authz.scope(actor, select(Match), Match)
            .join(FundingCall, FundingCall.id == Match.call_id)
            .where(Match.company_id == company.id,
                   or_(Match.is_current.is_(True), Match.status.in_(list(WORKFLOW)),
                       Match.status == MatchStatus.NOT_RELEVANT))
            .options(selectinload(Match.call), selectinload(Match.company))
            .order_by(Match.score.desc(), Match.id).limit(3 * limit))
    if filters.programme:
        stmt = stmt.where(FundingCall.programme == filters.programme)
    rows = [r for r in (_row(m, today) for m in session.scalars(stmt)) if _passes(r, filters)]
    current = [r for r in rows if r.match.is_current and r.open_today
               and r.match.status is not MatchStatus.NOT_RELEVANT][:limit]
    working = sorted((r for r in rows if r.match.status in WORKFLOW),
                     key=lambda r: r.match.status_changed_at or _EPOCH, reverse=True)[:limit]
    dismissed = [r for r in rows if r.match.status is MatchStatus.NOT_RELEVANT][:limit]
    fill_reasons(session, [r.match for r in current + working], today=today)
    return CompanyMatches(company, current, working, dismissed,
                          updating=_artifact.is_pending(session, company.id))


def call_matches(session: Session, actor: User, call_id: int, *, today: date,
                 limit: int = 200) -> list[MatchRow]:
    """The companies of the actor's town (or shared with it; coordinators: the network) that
    a call matches, best first, plus those working on it. Raises NotFound for no such call."""
    call = authz.get_for(session, actor, FundingCall, call_id, "call.view")
    open_today = not call_failures(call_profile(call), today)
    wanted = Match.status.in_(list(WORKFLOW))
    if open_today:
        wanted = or_(wanted, Match.is_current.is_(True))
    stmt = (authz.scope(actor, select(Match), Match)
            .where(Match.call_id == call_id, wanted, Match.status != MatchStatus.NOT_RELEVANT)
            .options(selectinload(Match.company), selectinload(Match.call))
            .order_by(Match.score.desc(), Match.id).limit(limit))
    rows = [_row(m, today) for m in session.scalars(stmt)]
    fill_reasons(session, [r.match for r in rows[:50]], today=today)
    return rows


def get_match(session: Session, actor: User, match_id: int, *, today: date) -> MatchRow:
    """One visible match (NotFound otherwise, also for another town's)."""
    match = authz.get_for(session, actor, Match, match_id, "company.view")
    fill_reasons(session, [match], today=today)
    return _row(match, today)


def explain(session: Session, actor: User, company_id: int, call_id: int, *,
            today: date) -> Explanation:
    """Why a call is, or is not, a match for a visible company: every check passed or failed,
    the component scores and the relevance reasons. Raises NotFound."""
    company = authz.get_company(session, actor, company_id)
    call = authz.get_for(session, actor, FundingCall, call_id, "call.view")
    profile = company_profile(company, cache.regions(session))
    with cache.LOCK:
        try:
            return cache.matcher(session).explain(profile, call_profile(call), today)
        except cache.MatcherNotReady:  # no fitted matcher yet: no checks to show for now
            return Explanation(str(company.id), str(call.id), eligible=False)


def programmes(session: Session, actor: User, company_id: int) -> list[str]:
    """The programmes of a visible company's matched calls (the programme filter's choices)."""
    company = authz.get_company(session, actor, company_id)
    stmt = (select(FundingCall.programme).join(Match, Match.call_id == FundingCall.id)
            .where(Match.company_id == company.id, FundingCall.programme.is_not(None))
            .distinct().order_by(FundingCall.programme))
    return list(session.scalars(stmt))


def reasons_of(match: Match) -> tuple[Reason, ...]:
    """The stored reasons of a match as ``matching.Reason`` records."""
    return reasons_from_json(match.reasons)
