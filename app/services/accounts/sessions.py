"""Signed-in sessions kept on the server, so that one can be ended wherever its cookie went.

The signed cookie carries the user's id and a random key; a request counts as signed in only while
a ``UserSession`` row with that key's hash exists and was seen within the session lifetime.
Ending a session deletes its row. ``end_sessions_of`` is the flush-only helper that password,
role and deactivation changes call inside their own transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from app.clock import utcnow
from app.errors import NotFound
from app.models import User, UserSession
from app.services import audit
from app.services._tx import committing

# last_seen_at is written at most this often: a write per request would cost every page.
TOUCH_INTERVAL = timedelta(minutes=1)
_MAX_ID = 2**31 - 1


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def start(
    session: Session,
    user: User,
    *,
    user_agent: str,
    address: str,
    lifetime: timedelta,
    now: datetime | None = None,
) -> str:
    """Open a session for a user who has just proved who they are. Commits.

    Returns the raw key for the cookie (only its hash is stored). The user's sessions that have
    lapsed are removed on the way, so the table holds only live ones.
    """
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    with committing(session):
        session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id, UserSession.last_seen_at < now - lifetime
            )
        )
        session.add(UserSession(
            user_id=user.id, key_hash=_digest(raw), created_at=now, last_seen_at=now,
            user_agent=(user_agent or "")[:300], address=(address or "")[:64],
        ))
    return raw


def resolve(
    session: Session,
    user_id: str,
    raw_key: str | None,
    *,
    lifetime: timedelta,
    now: datetime | None = None,
) -> UserSession | None:
    """The live session behind a cookie, or None (ended, lapsed, unknown, or user inactive).

    One query per request; the last-seen time is written at most once a minute (then commits).
    """
    if not raw_key or not user_id.isdigit() or len(raw_key) > 100 or int(user_id) > _MAX_ID:
        return None
    record = session.scalars(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.key_hash == _digest(raw_key), UserSession.user_id == int(user_id))
    ).one_or_none()
    if record is None or not record.user.is_active:
        return None
    now = now or utcnow()
    if record.last_seen_at < now - lifetime:
        return None
    if now - record.last_seen_at >= TOUCH_INTERVAL:
        with committing(session):
            record.last_seen_at = now
    return record


def sign_out(session: Session, raw_key: str | None) -> None:
    """End the session of this cookie (a copy of the cookie stops working too). Commits."""
    if not raw_key:
        return
    with committing(session):
        session.execute(delete(UserSession).where(UserSession.key_hash == _digest(raw_key)))


def list_sessions(session: Session, actor: User) -> list[UserSession]:
    """The actor's own live sessions, the most recently used first."""
    stmt = (
        select(UserSession)
        .where(UserSession.user_id == actor.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(session.scalars(stmt))


def end_session(session: Session, actor: User, session_id: int) -> None:
    """End one of the actor's own sessions; another user's session is NotFound. Commits."""
    record = session.scalars(
        select(UserSession).where(
            UserSession.id == session_id, UserSession.user_id == actor.id
        )
    ).one_or_none() if 0 < session_id <= _MAX_ID else None
    if record is None:
        raise NotFound()
    with committing(session):
        session.delete(record)
        audit.record(session, actor, "session.end", entity="user", entity_id=actor.id,
                     city_id=actor.city_id, after={"sessions": 1})


def end_other_sessions(session: Session, actor: User, current_id: int | None) -> int:
    """End every session of the actor but the one in use; returns how many. Commits."""
    with committing(session):
        count = end_sessions_of(session, actor, keep_id=current_id)
        audit.record(session, actor, "session.end", entity="user", entity_id=actor.id,
                     city_id=actor.city_id, after={"sessions": count})
    return count


def end_sessions_of(session: Session, user: User, *, keep_id: int | None = None) -> int:
    """Delete the user's sessions (all, or all but ``keep_id``); flush only, returns how many."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_id is not None:
        stmt = stmt.where(UserSession.id != keep_id)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
