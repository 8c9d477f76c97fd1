"""A company's activity timeline: contacts, notes, tasks, pipeline moves and match decisions in
one list, newest first.

Each kind is read with one query (plus the eager loads of its people), whatever the number of
rows, so the company page costs a bounded number of queries (no N+1). Town scoping goes through
``app.authz``: the company is looked up within the actor's scope, and its owned rows through
``authz.scope``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.clock import zone
from app.models import Interaction, InteractionKind, Task, User
from app.models.funding_calls import FundingCall
from app.models.matches import MatchFeedback
from app.models.pipeline import StageChange

# The kinds a timeline can be filtered to, in the order the filter offers them.
KINDS: tuple[str, ...] = ("contact", "task", "stage", "match", "note")
DEFAULT_LIMIT = 100


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event on the timeline. ``kind`` is one of ``KINDS``; ``event`` says what happened
    within the kind (for a task: "created" or "done"); ``row`` is the underlying model row
    (Interaction, Task, StageChange) or, for a match decision, the MatchFeedback."""

    kind: str
    event: str
    day: date
    at: datetime | None
    row: Any
    who: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[date, float, int]:
        stamp = self.at.timestamp() if self.at is not None else 0.0
        return (self.day, stamp, getattr(self.row, "id", 0))


def _local_day(moment: datetime) -> date:
    return moment.astimezone(zone()).date() if moment.tzinfo else moment.date()


def parse_kinds(values: Iterable[str]) -> tuple[str, ...]:
    """The known kinds among ``values`` (a GET filter's ``kind`` list); unknown ones are
    dropped, so a hand-edited address shows the whole timeline rather than an error."""
    wanted = {v for v in values if v}
    return tuple(k for k in KINDS if k in wanted)


def _interactions(session: Session, actor: User, company_id: int, kinds: set[str],
                  limit: int) -> list[TimelineEntry]:
    stmt = authz.scope(actor, select(Interaction), Interaction).where(
        Interaction.company_id == company_id)
    if "contact" not in kinds:
        stmt = stmt.where(Interaction.kind == InteractionKind.NOTE)
    elif "note" not in kinds:
        stmt = stmt.where(Interaction.kind != InteractionKind.NOTE)
    stmt = stmt.options(
        selectinload(Interaction.staff), selectinload(Interaction.contacts),
        selectinload(Interaction.created_by),
    ).order_by(Interaction.occurred_on.desc(), Interaction.id.desc()).limit(limit)
    return [
        TimelineEntry(
            kind="note" if i.kind is InteractionKind.NOTE else "contact",
            event=i.kind.value,
            day=i.occurred_on,
            at=i.created_at,
            row=i,
            who=", ".join(u.name for u in i.staff) or (i.created_by.name if i.created_by else None),
        )
        for i in session.scalars(stmt)
    ]


def _tasks(session: Session, actor: User, company_id: int, limit: int) -> list[TimelineEntry]:
    stmt = (
        authz.scope(actor, select(Task), Task)
        .where(Task.company_id == company_id)
        .options(selectinload(Task.assignee), selectinload(Task.created_by))
        .order_by(Task.created_at.desc(), Task.id.desc())
        .limit(limit)
    )
    out: list[TimelineEntry] = []
    for t in session.scalars(stmt):
        out.append(TimelineEntry("task", "created", _local_day(t.created_at), t.created_at, t,
                                 who=t.created_by.name if t.created_by else None))
        if t.done_at is not None:
            out.append(TimelineEntry("task", "done", _local_day(t.done_at), t.done_at, t,
                                     who=t.assignee.name if t.assignee else None))
    return out


def _stage_moves(session: Session, company_id: int, limit: int) -> list[TimelineEntry]:
    stmt = (
        select(StageChange)
        .where(StageChange.company_id == company_id)
        .options(selectinload(StageChange.from_stage), selectinload(StageChange.to_stage),
                 selectinload(StageChange.moved_by))
        .order_by(StageChange.moved_at.desc(), StageChange.id.desc())
        .limit(limit)
    )
    return [
        TimelineEntry("stage", _move_event(c), _local_day(c.moved_at), c.moved_at, c,
                      who=c.moved_by.name if c.moved_by else None)
        for c in session.scalars(stmt)
    ]


def _move_event(change: StageChange) -> str:
    if change.to_stage_id is None:
        return "parked"
    return "joined" if change.from_stage_id is None else "moved"


def _match_decisions(session: Session, company_id: int, limit: int) -> list[TimelineEntry]:
    stmt = (
        select(MatchFeedback, FundingCall.title, User.name)
        .join(FundingCall, FundingCall.id == MatchFeedback.call_id)
        .outerjoin(User, User.id == MatchFeedback.user_id)
        .where(MatchFeedback.company_id == company_id)
        .order_by(MatchFeedback.created_at.desc(), MatchFeedback.id.desc())
        .limit(limit)
    )
    return [
        TimelineEntry("match", fb.label, _local_day(fb.created_at), fb.created_at, fb, who=name,
                      extra={"call_title": title, "call_id": fb.call_id})
        for fb, title, name in session.execute(stmt)
    ]


def company_timeline(
    session: Session,
    actor: User,
    company_id: int,
    *,
    kinds: Iterable[str] = (),
    limit: int = DEFAULT_LIMIT,
) -> list[TimelineEntry]:
    """Everything that happened with a company, newest first, at most ``limit`` entries.

    ``kinds`` narrows it to some of ``KINDS`` (empty: all). Raises NotFound for a company the
    actor may not see. Reads one query per kind (with its eager loads), never one per row.
    """
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "company.view", company)
    wanted = set(parse_kinds(kinds)) or set(KINDS)
    entries: list[TimelineEntry] = []
    if wanted & {"contact", "note"}:
        entries += _interactions(session, actor, company.id, wanted, limit)
    if "task" in wanted:
        entries += _tasks(session, actor, company.id, limit)
    if "stage" in wanted:
        entries += _stage_moves(session, company.id, limit)
    if "match" in wanted:
        entries += _match_decisions(session, company.id, limit)
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries[:limit]
