"""Changes to an account that must end its other sessions at once: a new password, a new role,
deactivation. Each is one use case that changes the user, ends the sessions and audits, in one
commit, so no caller can forget the sessions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from app import authz
from app.errors import FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import Role, User
from app.services import audit
from app.services._tx import committing
from app.services.accounts import MIN_PASSWORD_LENGTH, hash_password
from app.services.accounts.sessions import end_sessions_of


def change_password(
    session: Session,
    actor: User,
    current_password: str,
    new_password: str,
    *,
    current_session_id: int | None,
) -> int:
    """Set the actor's own new password and end their other sessions. Commits.

    Returns how many other sessions ended. Raises FieldError for a wrong current password or a
    short new one.
    """
    if not check_password_hash(actor.password_hash, current_password or ""):
        raise FieldError("current_password", _l("The current password is wrong."))
    if len(new_password or "") < MIN_PASSWORD_LENGTH:
        raise FieldError(
            "new_password", _l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )
    with committing(session):
        actor.password_hash = hash_password(new_password)
        ended = end_sessions_of(session, actor, keep_id=current_session_id)
        audit.record(session, actor, "user.password", entity="user", entity_id=actor.id,
                     city_id=actor.city_id, after={"sessions_ended": ended})
    return ended


def _managed_user(session: Session, actor: User | None, email: str) -> User:
    """The user with this e-mail, if the actor may manage them (None: the operator's CLI).

    A user of another town is NotFound, like one that does not exist.
    """
    user = session.scalars(
        select(User).where(User.email == (email or "").strip().lower())
    ).one_or_none()
    if user is None:
        raise NotFound(_l("No account with that e-mail."))
    if actor is not None:
        if not authz.can_see_user(actor, user):
            raise NotFound(_l("No account with that e-mail."))
        authz.require(actor, "user.manage", user)
    return user


def set_active(
    session: Session,
    actor: User | None,
    email: str,
    active: bool,
    *,
    current_session_id: int | None = None,
) -> User:
    """Deactivate (or reactivate) an account; deactivation ends all its sessions. Commits."""
    user = _managed_user(session, actor, email)
    before = audit.snapshot(user)
    with committing(session):
        user.is_active_account = active
        ended = 0
        if not active:
            keep = current_session_id if actor is not None and actor.id == user.id else None
            ended = end_sessions_of(session, user, keep_id=keep)
        audit.record(session, actor, "user.activate" if active else "user.deactivate",
                     entity="user", entity_id=user.id, city_id=user.city_id, before=before,
                     after={**audit.snapshot(user), "sessions_ended": ended})
    return user


def change_role(
    session: Session,
    actor: User | None,
    email: str,
    role: str,
    *,
    current_session_id: int | None = None,
) -> User:
    """Give an account another role and end its sessions (the actor's own current one stays).

    Commits. Raises FieldError for an unknown role or a town role without a town.
    """
    user = _managed_user(session, actor, email)
    try:
        new_role = Role(role)
    except ValueError as exc:
        raise FieldError("role", _l("Unknown role.")) from exc
    if new_role is not Role.COORDINATOR and user.city_id is None:
        raise FieldError("city", _l("Every role but coordinator needs a town."))
    before = audit.snapshot(user)
    with committing(session):
        user.role = new_role
        if actor is not None:
            authz.require(actor, "user.manage", user)  # nobody grants what they may not manage
        keep = current_session_id if actor is not None and actor.id == user.id else None
        ended = end_sessions_of(session, user, keep_id=keep)
        audit.record(session, actor, "user.role", entity="user", entity_id=user.id,
                     city_id=user.city_id, before=before,
                     after={**audit.snapshot(user), "sessions_ended": ended})
    return user
