"""A believable demo board: each demo town's anchor and growth-seeking companies placed on the
pipeline's stages with the moves that took them there over the last months, a few stalled and
one parked per town (flush only; the demo seed commits)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Company, User
from app.models.pipeline import PipelineEntry, PipelineStage, StageChange

PER_TOWN = 8  # companies on each town's board
PARKED_REASON = "Odottaa yrityksen omaa rahoituspäätöstä keväällä."


def seed_pipeline(session: Session, city_ids: list[int], staff_by_city: dict[int, User], *,
                  seed: int, today: date) -> int:
    """Place up to ``PER_TOWN`` anchor or growth-seeking companies of each town on the board:
    most in the early stages, fewer further on, each with its moves from the first stage on
    (10–40 days apart, the last 2–120 days ago, so some are past their stage's stalled limit),
    moved by the town's staff member where it has one. Uses its own random stream. Returns how
    many were placed."""
    rng = random.Random(seed * 17 + 5)
    stages = list(session.scalars(select(PipelineStage).where(
        PipelineStage.retired_at.is_(None)).order_by(PipelineStage.position)))
    if not stages:
        return 0
    placed = 0
    for city_id in sorted(city_ids):
        owner = staff_by_city.get(city_id)
        mover = owner.id if owner is not None else None
        candidates = list(session.scalars(
            select(Company).where(Company.city_id == city_id,
                                  or_(Company.is_anchor, Company.is_growth_seeking))
            .order_by(Company.id).limit(PER_TOWN)))
        for n, company in enumerate(candidates):
            # a funnel: half stay in the first two stages, a few reach the last ones
            last = min(int(rng.triangular(0, len(stages), 0)), len(stages) - 1)
            moved = datetime.combine(today - timedelta(days=rng.randrange(2, 121)), time(10),
                                     tzinfo=UTC)
            dates = [moved]
            for _ in range(last):
                dates.append(dates[-1] - timedelta(days=rng.randrange(10, 41)))
            dates.reverse()
            previous = None
            for stage, at in zip(stages[:last + 1], dates, strict=True):
                session.add(StageChange(company_id=company.id, from_stage_id=previous,
                                        to_stage_id=stage.id, moved_at=at,
                                        moved_by_id=mover))
                previous = stage.id
            parked_at = dates[-1] + timedelta(days=1) if n == len(candidates) - 1 else None
            session.add(PipelineEntry(
                company_id=company.id, stage_id=stages[last].id, entered_at=dates[-1],
                parked_at=parked_at, parked_reason=PARKED_REASON if parked_at else None))
            if parked_at is not None:  # as the service records parking: to no stage
                session.add(StageChange(company_id=company.id, from_stage_id=previous,
                                        to_stage_id=None, moved_at=parked_at,
                                        moved_by_id=mover, parked_reason=PARKED_REASON))
            placed += 1
    session.flush()
    return placed
