"""Where funding calls come from: the sources, each harvest run of one, and the progress row of a
harvest started from the UI. The calls themselves are in ``funding_calls``.

``scheduler_job`` is the table of APScheduler's SQLAlchemy job store (the daily harvest and later
jobs); it is declared here so that Alembic owns it like every other table.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.funding_calls import FundingCall

MANUAL_KIND = "manual"


class RunStatus(enum.Enum):
    """How one harvest of one source ended. ``running`` only while it runs (or if it crashed)."""

    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class FundingSource(TimestampMixin, Base):
    """One place calls come from. ``kind`` names the connector (``connectors.sources.FETCHERS``)
    or ``manual`` for calls typed in or uploaded; ``schedule`` is a crontab line that overrides
    the daily default (``HARVEST_CRON``) for this source, empty for the default."""

    __tablename__ = "funding_source"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    url: Mapped[str | None] = mapped_column(String(1000))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    schedule: Mapped[str | None] = mapped_column(String(100))
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    runs: Mapped[list[HarvestRun]] = relationship(
        back_populates="source", order_by="HarvestRun.started_at.desc()", viewonly=True
    )
    calls: Mapped[list[FundingCall]] = relationship(back_populates="source", viewonly=True)

    @property
    def is_manual(self) -> bool:
        return self.kind == MANUAL_KIND

    def __repr__(self) -> str:
        return f"<FundingSource {self.name} {self.kind}>"


class HarvestJob(Base):
    """A harvest started with "run now": the row the running thread updates and the page polls."""

    __tablename__ = "harvest_job"

    id: Mapped[intpk]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    source_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    current_source: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    requested_by: Mapped[User | None] = relationship()
    runs: Mapped[list[HarvestRun]] = relationship(
        back_populates="job", order_by="HarvestRun.id", viewonly=True
    )

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class HarvestRun(Base):
    """One harvest of one source: what came back, what it changed, and how it ended.

    ``errors`` lists the problems as plain strings (a failed source's message, pages that could
    not be read, why nothing was withdrawn).
    """

    __tablename__ = "harvest_run"
    __table_args__ = (Index("ix_harvest_run_source_started", "source_id", "started_at"),)

    id: Mapped[intpk]
    source_id: Mapped[int] = mapped_column(ForeignKey("funding_source.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_job.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus), default=RunStatus.RUNNING)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)

    source: Mapped[FundingSource] = relationship(back_populates="runs")
    job: Mapped[HarvestJob | None] = relationship(back_populates="runs")

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ScheduledJob(Base):
    """APScheduler 3's job store row (its ``SQLAlchemyJobStore`` layout): a pickled job and
    its next run time as a Unix timestamp. Only the scheduler process reads or writes it."""

    __tablename__ = "scheduler_job"

    id: Mapped[str] = mapped_column(String(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)
