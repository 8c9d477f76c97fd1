"""The funnel: companies per stage now, moves into each stage in a period and the median days a
company stayed in each stage. Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.models import Company, User
from app.models.pipeline import PipelineEntry, StageChange
from app.services.pipeline._records import StageRecord


@dataclass(frozen=True, slots=True)
class FunnelRow:
    stage: StageRecord
    companies: int  # on the board in this stage now
    moves_in: int  # moves into the stage within the period
    median_days: float | None  # of the stays in this stage that ended within the period
    share: float  # companies / the largest stage's companies (0..1), for the chart


@dataclass(frozen=True, slots=True)
class Funnel:
    start: date
    end: date
    rows: list[FunnelRow]
    parked_in_period: int


def stays(changes: list[tuple[int, int | None, datetime]]) -> list[tuple[int, datetime, float]]:
    """(stage id, left at, days stayed) of every completed stay in a list of
    (company id, to-stage id, moved at) sorted by company and time. Pure, for tests."""
    out = []
    previous: tuple[int, int | None, datetime] | None = None
    for company_id, to_stage, moved_at in changes:
        if previous is not None and previous[0] == company_id and previous[1] is not None:
            days = (moved_at - previous[2]).total_seconds() / 86400
            out.append((previous[1], moved_at, days))
        previous = (company_id, to_stage, moved_at)
    return out


def build_funnel(session: Session, actor: User, city_id: int | None, start: date, end: date,
                 stages: list[StageRecord]) -> Funnel:
    lo = datetime.combine(start, time.min, tzinfo=UTC)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    now_stmt = (select(PipelineEntry.stage_id, func.count())
                .join(Company, Company.id == PipelineEntry.company_id)
                .where(PipelineEntry.parked_at.is_(None), Company.merged_into_id.is_(None)))
    changes_stmt = (select(StageChange.company_id, StageChange.to_stage_id, StageChange.moved_at)
                    .join(Company, Company.id == StageChange.company_id)
                    .where(Company.merged_into_id.is_(None), StageChange.moved_at < hi))
    if city_id is not None:
        now_stmt = now_stmt.where(Company.city_id == city_id)
        changes_stmt = changes_stmt.where(Company.city_id == city_id)
    now_stmt = authz.scope(actor, now_stmt).group_by(PipelineEntry.stage_id)
    counts = {stage_id: n for stage_id, n in session.execute(now_stmt)}
    changes = [(cid, to, at) for cid, to, at in session.execute(authz.scope(
        actor, changes_stmt).order_by(StageChange.company_id, StageChange.moved_at,
                                      StageChange.id))]
    moves_in: dict[int | None, int] = defaultdict(int)
    for _cid, to_stage, moved_at in changes:
        if moved_at >= lo:
            moves_in[to_stage] += 1
    durations: dict[int, list[float]] = defaultdict(list)
    for stage_id, left_at, days in stays(changes):
        if lo <= left_at < hi:
            durations[stage_id].append(days)
    largest = max(counts.values(), default=0) or 1
    rows = [FunnelRow(s, counts.get(s.id, 0), moves_in.get(s.id, 0),
                      round(median(durations[s.id]), 1) if durations.get(s.id) else None,
                      counts.get(s.id, 0) / largest) for s in stages]
    return Funnel(start, end, rows, moves_in.get(None, 0))
