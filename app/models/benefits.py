"""Applications for funding and their outcomes: what came of a match (or of funding found
outside Veturi's matches), the base of the network's benefits in euros."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Index, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_enum
from app.models.engagement import Interaction

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.companies import Company
    from app.models.funding_calls import FundingCall
    from app.models.matches import Match


class FundingLevel(enum.Enum):
    """Where the money comes from: the split the network reports to its funders."""

    EU = "eu"
    NATIONAL = "national"
    REGIONAL = "regional"


class ApplicantRole(enum.Enum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"


class Outcome(enum.Enum):
    """An application's result; PENDING until the funder decides (or the company withdraws)."""

    PENDING = "pending"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"


application_partner = Table(
    "application_partner",
    Base.metadata,
    Column("application_id", ForeignKey("application.id", ondelete="CASCADE"), primary_key=True),
    Column("company_id", ForeignKey("company.id"), primary_key=True, index=True),
)


class Application(TimestampMixin, Base):
    """One company's application for funding. Owned by the applicant company's town; a partner
    company (of any town) is listed in ``partners`` and its town sees the application as a
    partner, with the applicant's name only.

    ``call_id`` and ``match_id`` are set when it came from a match; ``call_title`` and
    ``programme`` are always filled (copied from the call, or typed in for funding found outside
    Veturi), so the record stays readable when the call is gone."""

    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_submitted_on", "submitted_on"),
        Index("ix_application_decided_on", "decided_on"),
    )

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    match_id: Mapped[int | None] = mapped_column(
        ForeignKey("match.id", ondelete="SET NULL"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("funding_call.id", ondelete="SET NULL"))
    call_title: Mapped[str] = mapped_column(String(500))
    programme: Mapped[str | None] = mapped_column(String(300))
    funding_level: Mapped[FundingLevel] = mapped_column(str_enum(FundingLevel))
    role: Mapped[ApplicantRole] = mapped_column(str_enum(ApplicantRole))
    other_partners: Mapped[str | None] = mapped_column(Text)
    amount_applied_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    company_share_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome), default=Outcome.PENDING)
    amount_granted_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    decided_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    company: Mapped[Company] = relationship()
    match: Mapped[Match | None] = relationship()
    call: Mapped[FundingCall | None] = relationship()
    partners: Mapped[list[Company]] = relationship(secondary=application_partner,
                                                   order_by="Company.name")
    created_by: Mapped[User | None] = relationship()


# The dashboard counts the companies engaged in a period: a range of contact dates whose company
# ids the index holds, so the count never reads the interactions table itself.
Index("ix_interaction_occurred_company", Interaction.occurred_on, Interaction.company_id)
