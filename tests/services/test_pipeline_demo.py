"""The demo's pipeline board is not empty: each town's anchor and growth-seeking companies sit
on the stages with the moves that took them there, and one per town is parked."""

from datetime import date

from sqlalchemy import select

from app.models import Role, User
from app.models.pipeline import PipelineEntry, StageChange
from app.services import demo, pipeline
from app.services.pipeline._board import BoardFilters

TODAY = date(2026, 12, 3)


def test_every_demo_town_has_a_board_with_history(session):
    demo.seed_demo(session, today=TODAY)
    for staff in session.scalars(select(User).where(User.role == Role.STAFF)):
        columns = pipeline.board(session, staff, BoardFilters(), today=TODAY)
        cards = [c for col in columns for c in col.cards]
        assert 1 <= len(cards) <= 8 and {c.city_id for c in cards} == {staff.city_id}
        assert len([col for col in columns if col.cards]) >= 2  # a funnel, not one heap
    coordinator = session.scalars(select(User).where(User.role == Role.COORDINATOR)).first()
    network = pipeline.board(session, coordinator, BoardFilters(), today=TODAY)
    assert len({c.city_id for col in network for c in col.cards}) == 10  # every town
    entries = session.scalars(select(PipelineEntry)).all()
    parked = [e for e in entries if e.parked_at is not None]
    assert len(parked) == 10 and all(e.parked_reason for e in parked)
    for entry in entries:
        moves = session.scalars(select(StageChange).where(
            StageChange.company_id == entry.company_id).order_by(StageChange.moved_at)).all()
        placed = [m for m in moves if m.to_stage_id is not None]
        assert placed[0].from_stage_id is None  # every company came in at the first stage
        assert placed[-1].to_stage_id == entry.stage_id
        assert [m.moved_at for m in moves] == sorted(m.moved_at for m in moves)
        assert entry.company.is_anchor or entry.company.is_growth_seeking
