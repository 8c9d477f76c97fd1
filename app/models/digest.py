"""The weekly digest: each user's preferences, and the outbox of built digests.

A ``Digest`` row is one user's digest of one period (the ISO week, by its Monday in
Europe/Helsinki); the pair is unique, so building twice changes nothing. The row keeps the
rendered message (subject, text, HTML, Message-ID), so sending sends exactly what was built and a
retry sends the same message.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User


class DigestStatus(enum.Enum):
    """pending → sending → sent; a refused send → failed (retried up to a limit);
    skipped: nothing to tell and the user does not want empty digests."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class DigestScope(enum.Enum):
    """Whose companies a digest covers: the user's own, their town's, or the whole network
    (the last two for network coordinators)."""

    OWN = "own"
    TOWN = "town"
    NETWORK = "network"


class DigestPreference(Base):
    """A user's digest settings; a user without a row has the defaults (on, Monday 07:00)."""

    __tablename__ = "digest_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0 = Monday
    hour: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    # None: the user's interface language
    language: Mapped[str | None] = mapped_column(String(5))
    min_score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    scope: Mapped[DigestScope] = mapped_column(
        str_enum(DigestScope), default=DigestScope.OWN, server_default=DigestScope.OWN.value
    )
    send_empty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class Digest(Base):
    """One user's digest of one period in the outbox."""

    __tablename__ = "digest"
    __table_args__ = (
        UniqueConstraint("user_id", "period"),
        Index("ix_digest_status_period", "status", "period"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)  # the Monday of the ISO week, Europe/Helsinki
    status: Mapped[DigestStatus] = mapped_column(
        str_enum(DigestStatus), default=DigestStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    recipient: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(5))
    message_id: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
    sending_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


__all__ = ["Digest", "DigestPreference", "DigestScope", "DigestStatus"]
