"""Funding calls as harvested or typed in, and every change to them.

A call is keyed by its source and the source's own id. The columns are the normalised fields of
``connectors.records.FundingCall``; lists and the source's extras are JSON. Deadlines are kept as
ISO 8601 strings with their own offset (an EU deadline stays 17:00 Brussels time) and, for
sorting and filtering, ``next_deadline_at`` holds the next one (else the last) in UTC.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.funding import FundingSource, HarvestRun


class CallStatus(enum.Enum):
    FORTHCOMING = "forthcoming"
    OPEN = "open"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # gone from its source; kept, never deleted


class CallKind(enum.Enum):
    CALL = "call"
    ANNOUNCEMENT = "announcement"  # a feed item staff must review and complete


class FundingCall(TimestampMixin, Base):
    """One call, topic or standing instrument.

    ``content_hash`` is the hash of the source's record as last harvested, so an unchanged call
    is recognised without rewriting it. ``staff_fields`` names the fields staff edited by hand;
    the harvest leaves them alone. ``canonical_id`` points at the same call reached through
    another source (the first one seen). ``last_seen_at`` is the last run that wrote the row; an
    unchanged call is not rewritten, so for a call that is not withdrawn its source's last
    success is when it was last seen.
    """

    __tablename__ = "funding_call"
    __table_args__ = (UniqueConstraint("funding_source_id", "source_id"),)

    id: Mapped[intpk]
    funding_source_id: Mapped[int] = mapped_column(ForeignKey("funding_source.id"), index=True)
    source_id: Mapped[str] = mapped_column(String(500))
    kind: Mapped[CallKind] = mapped_column(str_enum(CallKind), default=CallKind.CALL)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    summary: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    programme: Mapped[str | None] = mapped_column(String(300), index=True)
    call_identifier: Mapped[str | None] = mapped_column(String(200), index=True)
    topic_identifier: Mapped[str | None] = mapped_column(String(200), index=True)
    type_of_action: Mapped[str | None] = mapped_column(String(300))
    funder: Mapped[str | None] = mapped_column(String(300))
    opening_date: Mapped[date | None] = mapped_column(Date)
    deadlines: Mapped[list[str]] = mapped_column(JSON, default=list)
    next_deadline_at: Mapped[datetime | None] = mapped_column(index=True)
    is_continuous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[CallStatus | None] = mapped_column(str_enum(CallStatus), index=True)
    budget_eur: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    funding_rate_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    applicant_types: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    sme_only: Mapped[bool | None] = mapped_column(Boolean)
    large_only: Mapped[bool | None] = mapped_column(Boolean)
    countries: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    regions: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(10))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # lower-cased title, identifiers, programme, funder, keywords and summary: what search reads
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    staff_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    canonical_id: Mapped[int | None] = mapped_column(ForeignKey("funding_call.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    source: Mapped[FundingSource] = relationship(back_populates="calls")
    canonical: Mapped[FundingCall | None] = relationship(
        remote_side="FundingCall.id", back_populates="duplicates"
    )
    duplicates: Mapped[list[FundingCall]] = relationship(back_populates="canonical")
    versions: Mapped[list[FundingCallVersion]] = relationship(
        back_populates="call", order_by="FundingCallVersion.version.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def deadline_datetimes(self) -> list[datetime]:
        return [datetime.fromisoformat(d) for d in self.deadlines or []]

    def __repr__(self) -> str:
        return f"<FundingCall {self.source_id} v{self.version}>"


class FundingCallVersion(Base):
    """One change to a call: which fields changed, from what to what, and by which run or user.

    ``changes`` maps a field to ``{"before": ..., "after": ...}`` in the JSON form of the column.
    ``version`` is the call's version after the change.
    """

    __tablename__ = "funding_call_version"
    __table_args__ = (UniqueConstraint("call_id", "version"),)

    id: Mapped[intpk]
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_call.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    harvest_run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_run.id"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)

    call: Mapped[FundingCall] = relationship(back_populates="versions")
    harvest_run: Mapped[HarvestRun | None] = relationship()
    changed_by: Mapped[User | None] = relationship()
