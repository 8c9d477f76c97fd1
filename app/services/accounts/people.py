"""People in the app: a coordinator manages every user, a town admin their town's.

Invitations and password resets are one-use links (``Invitation``): the link carries a random key
of 256 bits, only its SHA-256 is kept, it expires, and using it (or a newer link for the same
user) spends it. Every act is audited. Role changes and deactivation are in ``changes``: they end
the user's sessions; a deactivated user's API tokens stop with the account (``user_for_token``).
Each user's own API tokens (name, expiry, last use, revoke) are here too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow
from app.errors import FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import ApiToken, Invitation, Role, User
from app.services import audit
from app.services._tx import committing
from app.services.accounts import _check_new_password, add_user, hash_password, new_user
from app.services.accounts.sessions import end_sessions_of
from app.services.inputs import UserInput
from app.services.validation import require_text

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(days=2)
MAX_TOKEN_DAYS = 366
_MAX_ID = 2**31 - 1


class LinkInvalid(Exception):
    """An invitation link that cannot be used: ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class IssuedLink:
    user: User
    key: str  # the raw key for the link; shown once, never stored
    expires_at: datetime


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def list_people(session: Session, actor: User) -> list[User]:
    """The users the actor manages: all for a coordinator, their town's for a town admin."""
    authz.require(actor, "user.manage")
    stmt = authz.scope(actor, select(User), User).order_by(User.name, User.id)
    return list(session.scalars(stmt))


def get_person(session: Session, actor: User, user_id: int) -> User:
    """A user the actor may manage; another town's user is NotFound like an unknown id."""
    user = session.get(User, user_id) if 0 < user_id <= _MAX_ID else None
    if user is None or not authz.can_see_user(actor, user):
        raise NotFound()  # before the right: nobody learns that another town's user exists
    authz.require(actor, "user.manage", user)
    return user


def _issue(session: Session, actor: User | None, user: User, purpose: str,
           lifetime: timedelta, now: datetime) -> IssuedLink:
    """A new link for the user; the user's earlier unused links are spent. Flush only."""
    session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    raw = secrets.token_urlsafe(32)
    session.add(Invitation(user_id=user.id, key_hash=_digest(raw), purpose=purpose,
                           created_by_id=actor.id if actor else None, created_at=now,
                           expires_at=now + lifetime))
    session.flush()
    return IssuedLink(user, raw, now + lifetime)


def invite(session: Session, actor: User, data: UserInput, *,
           now: datetime | None = None) -> IssuedLink:
    """Create an account without a password and a link to set it. Commits, audited.

    The same checks as ``create_user``: a town that is not a member says so.
    """
    authz.require(actor, "user.manage")
    user = new_user(session, actor, data, invited=True)
    now = now or utcnow()
    with committing(session):
        add_user(session, actor, user)
        link = _issue(session, actor, user, "invite", INVITATION_LIFETIME, now)
        audit.record(session, actor, "user.invite", entity="user", entity_id=user.id,
                     city_id=user.city_id, after={"expires_at": link.expires_at.isoformat()})
    return link


def reset_password(session: Session, actor: User, user_id: int, *,
                   now: datetime | None = None) -> IssuedLink:
    """Give a user a new link to set their password (for an invitation resent, too): the old
    password stops working and their sessions end at once. Commits, audited."""
    user = get_person(session, actor, user_id)
    if not user.is_active:
        raise FieldError("user", _l("The account is deactivated. Reactivate it first."))
    now = now or utcnow()
    with committing(session):
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        keep = None  # an admin resetting their own password signs out everywhere, too
        ended = end_sessions_of(session, user, keep_id=keep)
        link = _issue(session, actor, user, "reset", RESET_LIFETIME, now)
        audit.record(session, actor, "user.reset_password", entity="user", entity_id=user.id,
                     city_id=user.city_id,
                     after={"sessions_ended": ended, "expires_at": link.expires_at.isoformat()})
    return link


def _usable(session: Session, raw: str, now: datetime) -> Invitation:
    if not raw or len(raw) > 100:
        raise LinkInvalid("unknown")
    invitation = session.scalars(
        select(Invitation).where(Invitation.key_hash == _digest(raw))
    ).one_or_none()
    if invitation is None:
        raise LinkInvalid("unknown")
    if invitation.used_at is not None:
        raise LinkInvalid("used")
    if invitation.expires_at <= now or not invitation.user.is_active:
        raise LinkInvalid("expired")
    return invitation


def check_link(session: Session, raw: str, *, now: datetime | None = None) -> User:
    """The user a link is for, if it can still be used (raises LinkInvalid). Writes nothing."""
    return _usable(session, raw, now or utcnow()).user


def accept(session: Session, raw: str, password: str, *,
           now: datetime | None = None) -> User:
    """Set the password through a link and spend it. Commits, audited. A used, expired or
    unknown link raises LinkInvalid and changes nothing; a short password FieldError."""
    now = now or utcnow()
    invitation = _usable(session, raw, now)
    _check_new_password(password or "")
    user = invitation.user
    with committing(session):
        invitation.used_at = now
        user.password_hash = hash_password(password)
        end_sessions_of(session, user)
        audit.record(session, user, f"user.{invitation.purpose}_accepted", entity="user",
                     entity_id=user.id, city_id=user.city_id,
                     after={"invitation_id": invitation.id})
    return user


def pending_invitation(session: Session, user: User, now: datetime | None = None) -> bool:
    """Whether the user has an unused, unexpired link (the people list says "invited")."""
    now = now or utcnow()
    return session.scalars(
        select(Invitation.id).where(Invitation.user_id == user.id, Invitation.used_at.is_(None),
                                    Invitation.expires_at > now)
    ).first() is not None


def pending_user_ids(session: Session, user_ids: list[int],
                     now: datetime | None = None) -> set[int]:
    if not user_ids:
        return set()
    now = now or utcnow()
    return set(session.scalars(
        select(Invitation.user_id).where(Invitation.user_id.in_(user_ids),
                                         Invitation.used_at.is_(None),
                                         Invitation.expires_at > now)
    ))


def roles_for(actor: User) -> list[Role]:
    """The roles the actor may give: a town admin never makes a coordinator."""
    if authz.is_coordinator(actor):
        return list(Role)
    return [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER]


# --- the user's own API tokens ---------------------------------------------------------------

def list_tokens(session: Session, actor: User) -> list[ApiToken]:
    """The actor's own tokens, newest first (revoked ones too, marked)."""
    stmt = (select(ApiToken).where(ApiToken.user_id == actor.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list(session.scalars(stmt))


def create_own_token(session: Session, actor: User, name: str, days: int | None, *,
                     now: datetime | None = None) -> str:
    """Issue a token for the actor, good for ``days`` (1 to 366). Returns the raw token, shown
    once; only its hash is kept. Commits, audited."""
    name = require_text(name, "name", max_length=100)
    if days is None or not 1 <= days <= MAX_TOKEN_DAYS:
        raise FieldError("days", _l("Give a number of days from 1 to %(n)d.", n=MAX_TOKEN_DAYS))
    now = now or utcnow()
    raw = "vt_" + secrets.token_urlsafe(32)
    with committing(session):
        token = ApiToken(user_id=actor.id, token_hash=_digest(raw), name=name, created_at=now,
                         expires_at=now + timedelta(days=days))
        session.add(token)
        session.flush()
        audit.record(session, actor, "token.create", entity="user", entity_id=actor.id,
                     city_id=actor.city_id,
                     after={"token_id": token.id, "name": name,
                            "expires_at": token.expires_at.isoformat()})
    return raw


def revoke_own_token(session: Session, actor: User, token_id: int, *,
                     now: datetime | None = None) -> ApiToken:
    """Revoke one of the actor's tokens; another user's token is NotFound. Commits, audited."""
    token = session.scalars(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == actor.id)
    ).one_or_none() if 0 < token_id <= _MAX_ID else None
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        with committing(session):
            token.revoked_at = now or utcnow()
            audit.record(session, actor, "token.revoke", entity="user", entity_id=actor.id,
                         city_id=actor.city_id, after={"token_ids": [token.id]})
    return token
