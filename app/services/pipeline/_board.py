"""Reading the board: the companies on it with the figures each card shows. Flush-free reads.

Four queries whatever the board's size: the entries (scoped through ``authz``), the last
contact per company, the open tasks per company and the best current match per company.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app import authz
from app.models import City, Company, Interaction, InteractionKind, Task, User
from app.models.funding_calls import FundingCall
from app.models.matches import Match, MatchStatus
from app.models.pipeline import PipelineEntry, PipelineStage
from app.services.pipeline._records import Card, StageRecord


@dataclass(frozen=True, slots=True)
class BoardFilters:
    city_id: int | None = None  # already decided by authz.pipeline_town
    owner_id: int | None = None
    flag: str = ""  # "", "anchor", "growth", "either"
    industry: str = ""  # a prefix of the TOL code ("62", "2611")
    within: Any = None  # a statement of company ids to keep (a digest's companies), or None


def stage_records(session: Session) -> list[StageRecord]:
    rows = session.scalars(select(PipelineStage).where(PipelineStage.retired_at.is_(None))
                           .order_by(PipelineStage.position, PipelineStage.id))
    return [StageRecord(s.id, s.key, s.name_fi, s.name_en, s.position, s.stalled_after_days)
            for s in rows]


def _filtered(actor: User, filters: BoardFilters, stmt: Select[Any]) -> Select[Any]:
    """The board's companies: on it (not parked), not merged away, in scope and filters."""
    stmt = stmt.where(PipelineEntry.parked_at.is_(None), Company.merged_into_id.is_(None))
    stmt = authz.scope(actor, stmt)
    if filters.city_id is not None:
        stmt = stmt.where(Company.city_id == filters.city_id)
    if filters.owner_id is not None:
        stmt = stmt.where(Company.owner_id == filters.owner_id)
    if filters.flag == "anchor":
        stmt = stmt.where(Company.is_anchor.is_(True))
    elif filters.flag == "growth":
        stmt = stmt.where(Company.is_growth_seeking.is_(True))
    elif filters.flag == "either":
        stmt = stmt.where(Company.is_anchor.is_(True) | Company.is_growth_seeking.is_(True))
    if filters.industry:
        stmt = stmt.where(Company.industry_code.startswith(filters.industry, autoescape=True))
    if filters.within is not None:
        stmt = stmt.where(Company.id.in_(filters.within))
    return stmt


def board_company_ids(actor: User, filters: BoardFilters) -> Select[Any]:
    """The ids of the board's companies, as a statement to use in ``IN (...)``."""
    stmt = select(PipelineEntry.company_id).join(Company, Company.id == PipelineEntry.company_id)
    return _filtered(actor, filters, stmt)


def _entries(actor: User, filters: BoardFilters) -> Select[Any]:
    stmt = (
        # plain columns, no ORM entities: a board may hold thousands of rows
        select(PipelineEntry.company_id, PipelineEntry.stage_id, PipelineEntry.entered_at,
               Company.name, Company.city_id, City.name_fi, Company.owner_id, User.name,
               Company.is_anchor, Company.is_growth_seeking, Company.industry_code)
        .join(Company, Company.id == PipelineEntry.company_id)
        .join(City, City.id == Company.city_id)
        .outerjoin(User, User.id == Company.owner_id)
    )
    return _filtered(actor, filters, stmt).order_by(Company.name, Company.id)


def _rows(session: Session, stmt: Select[Any]) -> Any:
    """Run a read of plain columns on the session's connection: no ORM row processing, which
    costs more than the query itself for thousands of rows."""
    return session.connection().execute(stmt)


def _last_contacts(session: Session, ids: Any) -> dict[int, date]:
    stmt = (select(Interaction.company_id, func.max(Interaction.occurred_on))
            .where(Interaction.company_id.in_(ids), Interaction.kind != InteractionKind.NOTE)
            .group_by(Interaction.company_id))
    return {k: v for k, v in _rows(session, stmt)}


def _open_tasks(session: Session, ids: Any) -> dict[int, int]:
    stmt = (select(Task.company_id, func.count())
            .where(Task.company_id.in_(ids), Task.done_at.is_(None))
            .group_by(Task.company_id))
    return {k: v for k, v in _rows(session, stmt)}


_DISMISSED = (MatchStatus.NOT_RELEVANT, MatchStatus.NOT_AWARDED)


def _best_matches(session: Session, ids: Any) -> dict[int, tuple[float, Any, str]]:
    ranked = (
        select(Match.company_id, Match.score, FundingCall.next_deadline_at, FundingCall.title,
               func.row_number().over(partition_by=Match.company_id,
                                      order_by=(Match.score.desc(), Match.id)).label("n"))
        .join(FundingCall, FundingCall.id == Match.call_id)
        .where(Match.company_id.in_(ids), Match.is_current.is_(True),
               Match.status.not_in(_DISMISSED))
        .subquery()
    )
    stmt = select(ranked.c.company_id, ranked.c.score, ranked.c.next_deadline_at,
                  ranked.c.title).where(ranked.c.n == 1)
    return {cid: (score, deadline, title) for cid, score, deadline, title in _rows(session, stmt)}


def days_since(today: date, day: date | None) -> int:
    return max(0, (today - day).days) if day is not None else 0


def load_cards(
    session: Session, actor: User, filters: BoardFilters, today: date,
    stages: Iterable[StageRecord],
) -> list[Card]:
    """Every card of the board the filters select, in name order."""
    by_id = {s.id: s for s in stages}
    rows = _rows(session, _entries(actor, filters)).all()
    if not rows:
        return []
    ids = board_company_ids(actor, filters)
    contacts = _last_contacts(session, ids)
    tasks = _open_tasks(session, ids)
    matches = _best_matches(session, ids)
    cards = []
    for (company_id, stage_id, entered_at, name, city_id, city_name, owner_id, owner_name,
         anchor, growth, industry) in rows:
        stage = by_id.get(stage_id)
        if stage is None:  # a stage retired meanwhile: it held no company when it was
            continue
        entered = entered_at.date()
        last = contacts.get(company_id)
        since = days_since(today, last if last is not None else entered)
        best = matches.get(company_id)
        cards.append(Card(
            company_id=company_id, name=name, city_id=city_id, city_name=city_name,
            stage_key=stage.key, owner_id=owner_id, owner_name=owner_name, is_anchor=anchor,
            is_growth_seeking=growth, industry_code=industry,
            days_in_stage=days_since(today, entered), last_contact_on=last,
            days_since_contact=since, open_tasks=tasks.get(company_id, 0),
            best_match_score=best[0] if best else None,
            best_match_deadline=best[1] if best else None,
            best_match_title=best[2] if best else None,
            is_stalled=since > stage.stalled_after_days,
        ))
    return cards
