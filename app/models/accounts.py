"""Staff accounts, their roles and the login attempts used for throttling."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_200, str_320, str_enum, utcnow
from app.models.geo import City


class Role(enum.Enum):
    STAFF = "staff"
    CITY_ADMIN = "city_admin"
    COORDINATOR = "coordinator"
    VIEWER = "viewer"


class User(UserMixin, TimestampMixin, Base):
    """A member of a town's business-service staff, or the network coordinator (no town needed)."""

    __tablename__ = "user_account"

    id: Mapped[intpk]
    email: Mapped[str_320] = mapped_column(unique=True)
    name: Mapped[str_200]
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="fi", server_default="fi")
    is_active_account: Mapped[bool] = mapped_column(
        "is_active", Boolean, default=True, server_default=true()
    )
    last_login_at: Mapped[datetime | None]

    city: Mapped[City | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginAttempt(Base):
    """One login try; recent failures per account and per address throttle the next ones.

    Kept in the database so every web worker sees the same count.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    email: Mapped[str_320]
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)


class ApiToken(Base):
    """A personal bearer token for the JSON API: only its SHA-256 is kept; revoked, not deleted."""

    __tablename__ = "api_token"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # None: until revoked (tokens made at the command line)

    user: Mapped[User] = relationship()


class Invitation(Base):
    """A link to set a password: an invitation of a new user, or a reset by an admin.

    The link carries a random key; only its SHA-256 is kept. Used once (``used_at``), good until
    ``expires_at``; a newer link for the same user supersedes the older ones.
    """

    __tablename__ = "invitation"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))  # "invite" or "reset"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class UserSession(Base):
    """One signed-in browser. The cookie holds a random key, the table only its SHA-256.

    Every request must find its row (``app.security``), so deleting the row ends the session at
    once wherever its cookie has been copied: sign-out, a password or role change, deactivation
    and the user's own "end session" buttons do that.
    """

    __tablename__ = "user_session"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")

    user: Mapped[User] = relationship()


class SavedFilter(Base):
    """A company-list search a user saved under a name (the list's query string)."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
