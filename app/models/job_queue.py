"""The job queue's table: one row per background job that ``flask worker`` runs (``app/jobs/
queue.py``). Workers claim a row with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL and keep
its ``heartbeat_at`` moving while it runs; a row whose heartbeat stopped belongs to a worker that
died and is retried or marked failed. Pages never poll this row: each job updates its own
progress row (an import, a harvest job) as it did before."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, str_enum, utcnow


class QueueStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class QueuedJob(Base):
    """A job waiting for, running in, or finished by a worker."""

    __tablename__ = "queued_job"
    __table_args__ = (Index("ix_queued_job_status_run_after", "status", "run_after"),)

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100))
    kwargs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    locale: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[QueueStatus] = mapped_column(str_enum(QueueStatus), default=QueueStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    worker: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
