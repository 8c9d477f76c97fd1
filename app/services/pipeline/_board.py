"""Reading the board: the companies on it with the figures each card shows. Flush-free reads.

One query whatever the board's size: the entries (scoped through ``authz``) with, per company,
its last contact, open tasks and best current match as correlated subqueries.
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
    return [StageRecord(s.id, s.key, s.name_fi, s.name_en, s.position, s.stalled_after_days,
                        s.name_sv)
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


_DISMISSED = (MatchStatus.NOT_RELEVANT, MatchStatus.NOT_AWARDED)


def _cards_query(actor: User, filters: BoardFilters) -> Select[Any]:
    """One row per card with every figure it shows: the last contact, the open tasks and the
    best current match come from correlated subqueries, each an index lookup per company
    (``ix_interaction_company_occurred``, ``ix_task_company_id``, ``uq_match_company_id``), so
    the database reads the board once instead of four times."""
    last_contact = (select(func.max(Interaction.occurred_on))
                    .where(Interaction.company_id == Company.id,
                           Interaction.kind != InteractionKind.NOTE)
                    .correlate(Company).scalar_subquery())
    open_tasks = (select(func.count()).select_from(Task)
                  .where(Task.company_id == Company.id, Task.done_at.is_(None))
                  .correlate(Company).scalar_subquery())
    best = (select(Match.id)
            .where(Match.company_id == Company.id, Match.is_current.is_(True),
                   Match.status.not_in(_DISMISSED))
            .order_by(Match.score.desc(), Match.id).limit(1)
            .correlate(Company).scalar_subquery())
    inner = (
        # plain columns, no ORM entities: a board may hold thousands of rows
        select(PipelineEntry.company_id, PipelineEntry.stage_id, PipelineEntry.entered_at,
               Company.name, Company.city_id, City.name_fi.label("city_name"), Company.owner_id,
               User.name.label("owner_name"), Company.is_anchor, Company.is_growth_seeking,
               Company.industry_code, last_contact.label("last_contact"),
               open_tasks.label("open_tasks"), best.label("best_id"))
        .join(Company, Company.id == PipelineEntry.company_id)
        .join(City, City.id == Company.city_id)
        .outerjoin(User, User.id == Company.owner_id)
    )
    # OFFSET 0 keeps PostgreSQL from flattening the subquery, which ran the best-match
    # lookup twice per company (once for the join, once for the output)
    board = _filtered(actor, filters, inner).offset(0).subquery()
    return (select(board.c.company_id, board.c.stage_id, board.c.entered_at, board.c.name,
                   board.c.city_id, board.c.city_name, board.c.owner_id, board.c.owner_name,
                   board.c.is_anchor, board.c.is_growth_seeking, board.c.industry_code,
                   board.c.last_contact, board.c.open_tasks, Match.score,
                   FundingCall.next_deadline_at, FundingCall.title)
            .outerjoin(Match, Match.id == board.c.best_id)
            .outerjoin(FundingCall, FundingCall.id == Match.call_id)
            .order_by(board.c.name, board.c.company_id))


def _rows(session: Session, stmt: Select[Any]) -> Any:
    """Run a read of plain columns on the session's connection: no ORM row processing, which
    costs more than the query itself for thousands of rows."""
    return session.connection().execute(stmt)


def days_since(today: date, day: date | None) -> int:
    return max(0, (today - day).days) if day is not None else 0


def load_cards(
    session: Session, actor: User, filters: BoardFilters, today: date,
    stages: Iterable[StageRecord],
) -> list[Card]:
    """Every card of the board the filters select, in name order."""
    by_id = {s.id: s for s in stages}
    cards = []
    for (company_id, stage_id, entered_at, name, city_id, city_name, owner_id, owner_name,
         anchor, growth, industry, last, open_tasks, score, deadline, title) in _rows(
            session, _cards_query(actor, filters)):
        stage = by_id.get(stage_id)
        if stage is None:  # a stage retired meanwhile: it held no company when it was
            continue
        entered = entered_at.date()
        since = days_since(today, last if last is not None else entered)
        cards.append(Card(
            company_id=company_id, name=name, city_id=city_id, city_name=city_name,
            stage_key=stage.key, owner_id=owner_id, owner_name=owner_name, is_anchor=anchor,
            is_growth_seeking=growth, industry_code=industry,
            days_in_stage=days_since(today, entered), last_contact_on=last,
            days_since_contact=since, open_tasks=open_tasks or 0,
            best_match_score=score, best_match_deadline=deadline, best_match_title=title,
            is_stalled=since > stage.stalled_after_days,
        ))
    return cards
