"""Why a company is, or is not, on a call's list of matches ("Check a company" on a call's page).

One verdict per (company, call), from what decides the list and nothing else: the matcher's own
eligibility checks and score for the pair (``reads.explain``), the company's stored
matches, and the list's two settings (``MATCH_TOP_N``, ``MATCH_THRESHOLD``). In order:

* ``DISMISSED``: staff marked the call not relevant for the company: it never takes a place;
* ``WORKING``: staff are working on the match (proposed ... not awarded): listed as such;
* ``INELIGIBLE``: a hard rule fails; ``failures`` names each (applicant type, size, country,
  region, status, deadline, an announcement not yet completed);
* ``LISTED``: a current match, with its score;
* ``BELOW_THRESHOLD``: eligible, but the score is below the threshold of a match;
* ``BELOW_LAST``: eligible and above the threshold, but the company's list is full and the
  score does not beat its last listed match (both scores given);
* ``PENDING``: eligible with a score that earns a place, but the company's matches were last
  computed before (they follow the next rematch of the company or the call).

A read: nothing is written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.models import Company, User
from app.models.funding_calls import FundingCall
from app.models.matches import WORKFLOW, Match, MatchStatus
from app.services.matches import reads as matching_reads
from app.services.matches import settings
from matching import Explanation, Reason


class Verdict(enum.Enum):
    """Whether the company is on the call's list, and if not, what keeps it off."""

    LISTED = "listed"
    WORKING = "working"
    DISMISSED = "dismissed"
    INELIGIBLE = "ineligible"
    BELOW_THRESHOLD = "below_threshold"
    BELOW_LAST = "below_last"
    PENDING = "pending"

    @property
    def on_list(self) -> bool:
        return self in (Verdict.LISTED, Verdict.WORKING)


@dataclass(frozen=True, slots=True)
class CompanyCheck:
    """The verdict with the numbers behind it. ``score`` is the pair's score today (None when a
    hard rule fails); ``last_listed`` the score of the last match on the company's full list
    (None when the list has free places)."""

    company: Company
    call: FundingCall
    explanation: Explanation
    verdict: Verdict
    score: float | None
    threshold: float
    top_n: int
    last_listed: float | None = None
    match: Match | None = None

    @property
    def failures(self) -> tuple[Reason, ...]:
        return self.explanation.failed


def _last_listed(session: Session, company_id: int, top_n: int) -> float | None:
    """The lowest score on the company's current list when the list is full, else None."""
    count, low = session.execute(
        select(func.count(), func.min(Match.score)).where(
            Match.company_id == company_id, Match.is_current.is_(True),
            Match.status != MatchStatus.NOT_RELEVANT)).one()
    return float(low) if count >= top_n and low is not None else None


def check_company(session: Session, actor: User, company_id: int, call_id: int, *, today: date,
                  config: Any = None) -> CompanyCheck:
    """Why a visible company is or is not on the call's list (see the module docstring).
    Raises NotFound for a company the actor may not see or a call that does not exist."""
    company: Company = authz.get_company(session, actor, company_id)
    explanation = matching_reads.explain(session, actor, company.id, call_id, today=today)
    call = session.get(FundingCall, call_id)
    assert call is not None  # explain raised NotFound otherwise
    top_n, threshold = settings(config)
    match = session.scalars(select(Match).where(Match.company_id == company.id,
                                                Match.call_id == call_id)).one_or_none()
    score = explanation.score.score if explanation.score is not None else None

    def verdict(kind: Verdict, **more: Any) -> CompanyCheck:
        return CompanyCheck(company, call, explanation, kind, score, threshold, top_n,
                            match=match, **more)

    if match is not None and match.status is MatchStatus.NOT_RELEVANT:
        return verdict(Verdict.DISMISSED)
    if match is not None and match.status in WORKFLOW:
        return verdict(Verdict.WORKING)
    if not explanation.eligible or score is None:
        return verdict(Verdict.INELIGIBLE)
    if match is not None and match.is_current:
        return verdict(Verdict.LISTED)
    if score < threshold:
        return verdict(Verdict.BELOW_THRESHOLD)
    last = _last_listed(session, company.id, top_n)
    if last is not None and score <= last:
        return verdict(Verdict.BELOW_LAST, last_listed=last)
    return verdict(Verdict.PENDING, last_listed=last)
