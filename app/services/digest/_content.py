"""What one user's digest tells: gathered through ``app.authz`` scoping. Read-only.

* new matches since the user's last digest, at or above their minimum score, grouped by company;
* deadlines within 30 days of calls their companies are applying for;
* stalled pipeline companies (no contact within their stage's limit: ``pipeline``);
* the user's overdue tasks.

"Their companies": the ones they own or hold an open task for; a network coordinator may choose
their town's or the whole network's companies instead (``DigestScope``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app import authz
from app.models import Company, Task, User
from app.models.digest import Digest, DigestPreference, DigestScope
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchStatus
from app.services import pipeline
from app.services.matches._records import reasons_from_json
from app.services.matches.reads import fill_reasons

DEADLINE_WINDOW = timedelta(days=30)
MATCHES_PER_COMPANY = 10  # the best ones; the rest are counted and linked to the company's list


@dataclass(frozen=True, slots=True)
class MatchItem:
    match_id: int
    call_id: int
    title: str
    programme: str | None
    score: float
    reasons: tuple[Any, ...]
    deadline: datetime | None
    is_continuous: bool
    source_url: str | None


@dataclass(slots=True)
class CompanyMatches:
    company_id: int
    company_name: str
    matches: list[MatchItem] = field(default_factory=list)
    more: int = 0  # new matches beyond MATCHES_PER_COMPANY


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    match_id: int
    call_id: int
    company_name: str
    title: str
    deadline: datetime
    source_url: str | None


@dataclass(frozen=True, slots=True)
class TaskItem:
    task_id: int
    title: str
    company_id: int
    company_name: str
    due_on: date


@dataclass(frozen=True, slots=True)
class StalledItem:
    company_id: int
    company_name: str
    stage: str
    since: date


@dataclass(slots=True)
class DigestContent:
    """Everything one digest shows; ``items`` counts what there is to act on."""

    user_id: int
    name: str
    period: date
    since: datetime
    today: date
    companies: list[CompanyMatches]
    deadlines: list[DeadlineItem]
    stalled: list[StalledItem]
    tasks: list[TaskItem]

    @property
    def new_matches(self) -> int:
        return sum(len(c.matches) + c.more for c in self.companies)

    @property
    def items(self) -> int:
        return self.new_matches + len(self.deadlines) + len(self.stalled) + len(self.tasks)


def _web_link(url: str | None) -> str | None:
    """A call's source address, only when it is a web address (it goes into an e-mail link)."""
    return url if url and url.startswith(("https://", "http://")) else None


def since_of(session: Session, user: User, first: datetime) -> datetime:
    """When the user's previous digest was built; ``first`` for their first digest."""
    last = session.scalar(
        select(Digest.built_at).where(Digest.user_id == user.id)
        .order_by(Digest.period.desc()).limit(1)
    )
    return last or first


def _companies(user: User, pref: DigestPreference) -> Select[Any]:
    """The ids of the user's companies for their scope, limited by authz."""
    stmt = select(Company.id).where(Company.merged_into_id.is_(None))
    scope = pref.scope if authz.is_coordinator(user) else DigestScope.OWN
    if scope is DigestScope.OWN:
        followed = select(Task.company_id).where(Task.assignee_id == user.id,
                                                 Task.done_at.is_(None))
        stmt = stmt.where(or_(Company.owner_id == user.id, Company.id.in_(followed)))
    elif scope is DigestScope.TOWN:
        stmt = stmt.where(Company.city_id == user.city_id)
    return authz.scope(user, stmt)


def _new_matches(session: Session, user: User, pref: DigestPreference, companies: Select[Any],
                 since: datetime, today: date) -> list[CompanyMatches]:
    stmt = authz.scope(user, (
        select(Match, FundingCall, Company.name)
        .join(FundingCall, FundingCall.id == Match.call_id)
        .join(Company, Company.id == Match.company_id)
        .where(Match.company_id.in_(companies), Match.is_current.is_(True),
               Match.status == MatchStatus.NEW, Match.score >= pref.min_score,
               Match.computed_at > since, FundingCall.withdrawn_at.is_(None))
        .order_by(Company.name, Company.id, Match.score.desc(), Match.id)
    ), Match)
    groups: dict[int, CompanyMatches] = {}
    shown: list[tuple[CompanyMatches, Match, FundingCall]] = []
    count: dict[int, int] = {}
    for match, call, company_name in session.execute(stmt):
        group = groups.setdefault(match.company_id, CompanyMatches(match.company_id, company_name))
        count[match.company_id] = count.get(match.company_id, 0) + 1
        if count[match.company_id] > MATCHES_PER_COMPANY:
            group.more += 1
            continue
        shown.append((group, match, call))
    # a large rematch leaves reasons to be made when a match is first shown: here, for instance
    fill_reasons(session, [m for _g, m, _c in shown], today=today)
    for group, match, call in shown:
        group.matches.append(MatchItem(
            match_id=match.id, call_id=call.id, title=call.title, programme=call.programme,
            score=match.score, reasons=reasons_from_json(match.reasons),
            deadline=call.next_deadline_at, is_continuous=call.is_continuous,
            source_url=_web_link(call.url),
        ))
    return list(groups.values())


def _deadlines(session: Session, user: User, companies: Select[Any],
               now: datetime) -> list[DeadlineItem]:
    stmt = authz.scope(user, (
        select(Match.id, FundingCall.id, Company.name, FundingCall.title,
               FundingCall.next_deadline_at, FundingCall.url)
        .join(FundingCall, FundingCall.id == Match.call_id)
        .join(Company, Company.id == Match.company_id)
        .where(Match.company_id.in_(companies), Match.status == MatchStatus.APPLYING,
               FundingCall.next_deadline_at >= now,
               FundingCall.next_deadline_at <= now + DEADLINE_WINDOW)
        .order_by(FundingCall.next_deadline_at, Company.name)
    ), Match)
    return [DeadlineItem(*row[:5], _web_link(row[5])) for row in session.execute(stmt)]


def _overdue_tasks(session: Session, user: User, today: date) -> list[TaskItem]:
    stmt = authz.scope(user, (
        select(Task.id, Task.title, Company.id, Company.name, Task.due_on)
        .join(Company, Company.id == Task.company_id)
        .where(Task.assignee_id == user.id, Task.done_at.is_(None), Task.due_on < today)
        .order_by(Task.due_on, Task.id)
    ), Task)
    return [TaskItem(*row) for row in session.execute(stmt)]


def _stalled_companies(session: Session, user: User, companies: Select[Any],
                       today: date, language: str) -> list[StalledItem]:
    """The user's pipeline companies with no contact within their stage's limit, longest silent
    first (``pipeline.stalled_companies``), kept to the digest's companies; ``since`` is the
    last contact, or the day the company entered its stage when it has had none."""
    return [
        StalledItem(
            s.company_id, s.name, s.stage_name(language),
            s.last_contact_on or today - timedelta(days=s.days_since_contact),
        )
        for s in pipeline.stalled_companies(session, user, today, within=companies)
    ]


def gather(session: Session, user: User, pref: DigestPreference, *, period: date,
           since: datetime, now: datetime, today: date) -> DigestContent:
    """The content of ``user``'s digest of ``period`` (reads only)."""
    companies = _companies(user, pref)
    return DigestContent(
        user_id=user.id, name=user.name, period=period, since=since, today=today,
        companies=_new_matches(session, user, pref, companies, since, today),
        deadlines=_deadlines(session, user, companies, now),
        stalled=_stalled_companies(session, user, companies, today,
                                   pref.language or user.language or "fi"),
        tasks=_overdue_tasks(session, user, today),
    )
