"""Funding matches: a company's best eligible calls, staff feedback on them, learned weights,
and the log of rematches that follow call changes (the watermark of the next one)."""

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
    LargeBinary,
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
    def is_kept(self) -> bool:
        """Staff have decided on it (worked on it or dismissed it): a rematch keeps the row even
        when the call stops matching, so the work and the decision are never lost."""
        return self not in (MatchStatus.NEW, MatchStatus.REVIEWED)

    @property
    def is_workflow(self) -> bool:
        """Passed to the company and onwards: what the "being worked on" lists show."""
        return self in WORKFLOW


WORKFLOW = frozenset({MatchStatus.PROPOSED, MatchStatus.APPLYING, MatchStatus.SUBMITTED,
                      MatchStatus.AWARDED, MatchStatus.NOT_AWARDED})


class Match(Base):
    """One company's match with one call: score, components and reasons as the matcher gave them
    (reasons as codes + params; the web translates), and where staff have taken it.

    ``is_current``: on the company's list now (``rank`` is its place); a row staff decided on
    stays when it drops off. ``computed_at``: when the score, place or reasons last changed (a
    rematch that finds them equal does not write)."""

    __tablename__ = "match"
    __table_args__ = (
        UniqueConstraint("company_id", "call_id"),
        Index("ix_match_call_score", "call_id", "score"),
    )

    id: Mapped[intpk]
    # lookups by company use the unique (company_id, call_id) index, which leads with it
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
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


class MatchCutoff(Base):
    """Where a company's list of matches ends: how many calls it lists and the last one's score.
    Written with the list by every rematch, so a new call is checked against each company's
    last place without aggregating the stored matches (a missing row: the list has room)."""

    __tablename__ = "match_cutoff"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    listed: Mapped[int] = mapped_column(Integer)
    cutoff: Mapped[float | None] = mapped_column(Float)


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
    """One training of the relevance weights on staff feedback; the newest ``adopted`` row's
    weights are in use (none: the defaults). ``weights`` are the learned ones (empty when there
    was too little feedback to learn); ``measured`` holds how they and the weights in use
    ranked the held-back newest feedback (AUC, per-company nDCG), the counts and the split
    rule. Rows not adopted are kept so staff can see why the weights stand."""

    __tablename__ = "matcher_state"

    id: Mapped[intpk]
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    examples: Mapped[int] = mapped_column(Integer)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
    measured: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    adopted: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class MatchRun(Base):
    """One rematch driven by calls (a full one, or the calls a harvest or an edit changed).

    The newest run's ``started_at`` is the watermark of the next: every call changed since then
    is matched, whichever way it changed (harvest, upload, edit by hand). Rematches of single
    companies after a profile save are not logged here.
    """

    __tablename__ = "match_run"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(20))  # "full" or "calls"
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    companies: Mapped[int] = mapped_column(Integer, default=0)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class MatcherArtifact(Base):
    """A fitted matcher built once by a background job (``matching.fit``) and loaded, never
    fitted, by the web workers: the pickled calls-side state (vocabularies, IDF, every
    matchable call analysed) and the fingerprint of the inputs it covers (the matchable calls'
    count and newest change, the learned weights in use). The newest ``ready`` row is in use;
    older ones are pruned."""

    __tablename__ = "matcher_artifact"

    id: Mapped[intpk]
    status: Mapped[str] = mapped_column(String(20), default="building")  # building/ready/failed
    fingerprint: Mapped[str] = mapped_column(String(200), default="")
    calls: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class MatchPending(Base):
    """A company whose rematch waits for a fitted matcher (saved while none was ready): the
    ``matching.rematch_pending`` job drains these after the fit, and the company's page says
    its matches are being updated meanwhile."""

    __tablename__ = "match_pending"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
