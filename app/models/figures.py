"""A company's yearly figures: staff, turnover and (when known) its export share and R&D spend,
one row per company and year. Staff record them on the company page or import them with the
company list; the pipeline's growth signal reads them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk

if TYPE_CHECKING:
    from app.models.companies import Company


class CompanyYear(TimestampMixin, Base):
    """One year's figures of one company; any of the figures may be unknown (None)."""

    __tablename__ = "company_year"
    __table_args__ = (UniqueConstraint("company_id", "year"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            index=True)
    year: Mapped[int] = mapped_column(Integer)
    employees: Mapped[int | None] = mapped_column(Integer)
    turnover_eur: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    export_share_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # of turnover, 0–100
    rnd_eur: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))  # R&D spend

    company: Mapped[Company] = relationship()
