"""The anchor-company pipeline: the network's stages, each company's place on the board and
every move between stages (who, when, from, to, note)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.companies import Company


class PipelineStage(Base):
    """A stage of the network-wide pipeline. One set for every town, so towns compare."""

    __tablename__ = "pipeline_stage"

    id: Mapped[intpk]
    # stable identifier for the API and forms; names may be edited, the key never changes
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    # optional: Swedish pages fall back to the Finnish name when it is empty
    name_sv: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    # a company in this stage with no contact for longer than this is stalled
    stalled_after_days: Mapped[int] = mapped_column(Integer, default=30)
    # a removed stage that companies have passed through: off the board, kept for their history
    retired_at: Mapped[datetime | None]


class PipelineSettings(Base):
    """The network's signal thresholds, set by the coordinator: one row (none: the defaults)."""

    __tablename__ = "pipeline_settings"

    id: Mapped[intpk]
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PipelineEntry(Base):
    """Where one company is in the pipeline now. No row: never on the board. ``parked_at`` set:
    taken off the board with a reason (``stage_id`` keeps the stage it left)."""

    __tablename__ = "pipeline_entry"

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), unique=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stage.id"), index=True)
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    parked_at: Mapped[datetime | None]
    parked_reason: Mapped[str | None] = mapped_column(Text)

    company: Mapped[Company] = relationship()
    stage: Mapped[PipelineStage] = relationship()


class StageChange(Base):
    """One move: a company entered ``to_stage`` from ``from_stage`` (None: it joined the
    board), or was parked (``to_stage`` None, ``parked_reason`` set)."""

    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_company_moved", "company_id", "moved_at"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stage.id"))
    to_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stage.id"))
    moved_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)
    parked_reason: Mapped[str | None] = mapped_column(Text)

    company: Mapped[Company] = relationship()
    from_stage: Mapped[PipelineStage | None] = relationship(foreign_keys=[from_stage_id])
    to_stage: Mapped[PipelineStage | None] = relationship(foreign_keys=[to_stage_id])
    moved_by: Mapped[User | None] = relationship()


# The network's default stages (key, Finnish, English, stalled after days), in order.
DEFAULT_STAGES: tuple[tuple[str, str, str, int], ...] = (
    ("identified", "Tunnistettu", "Identified", 60),
    ("first_contact", "Ensikontakti", "First contact", 30),
    ("needs_mapped", "Tarpeet kartoitettu", "Needs mapped", 45),
    ("ecosystem", "Mukana ekosysteemissä", "In the ecosystem", 90),
    ("preparing", "Hanke- tai hakemusvalmistelu", "Preparing a project or application", 30),
    ("funded", "Rahoitettu hanke", "Funded project", 120),
)
