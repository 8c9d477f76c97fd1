"""Funding matches: a company's best eligible calls, staff feedback on them, learned weights."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.companies import Company
    from app.models.funding_calls import FundingCall


class MatchStatus(enum.Enum):
    """The workflow of a match; everything after NEW is also feedback for the matcher."""

    NEW = "new"
    REVIEWED = "reviewed"
    PROPOSED = "proposed"
    APPLYING = "applying"
    SUBMITTED = "submitted"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    NOT_RELEVANT = "not_relevant"

    @property
    def is_active_work(self) -> bool:
        """Staff have acted on it: a rematch must keep it even if the call stops matching."""
        return self not in (MatchStatus.NEW, MatchStatus.REVIEWED)


class Match(Base):
    """One company's match with one call: score, components and reasons as the matcher gave them
    (reasons as codes + params; the web translates), and where staff have taken it."""

    __tablename__ = "match"
    __table_args__ = (
        UniqueConstraint("company_id", "call_id"),
        Index("ix_match_call_score", "call_id", "score"),
    )

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_call.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    components: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    call_version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    status: Mapped[MatchStatus] = mapped_column(str_enum(MatchStatus), default=MatchStatus.NEW)
    status_changed_at: Mapped[datetime | None]
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    call: Mapped[FundingCall] = relationship()
    status_changed_by: Mapped[User | None] = relationship()


class MatchFeedback(Base):
    """A label staff gave a match (relevant / not relevant, or a workflow outcome), with the
    component scores at that moment: the training data of the feedback model."""

    __tablename__ = "match_feedback"

    id: Mapped[intpk]
    match_id: Mapped[int | None] = mapped_column(ForeignKey("match.id", ondelete="SET NULL"),
                                                 index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_call.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    label: Mapped[str] = mapped_column(String(30))
    components: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MatcherState(Base):
    """Learned relevance weights (one row per training); the newest row is in use."""

    __tablename__ = "matcher_state"

    id: Mapped[intpk]
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    examples: Mapped[int] = mapped_column(Integer)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
