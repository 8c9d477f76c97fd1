"""Use cases of staff accounts: creating users, signing in with throttling, language choice."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app import authz
from app.clock import utcnow
from app.errors import ErrorCollector, FieldError, NotFound, Throttled
from app.i18n import LANGUAGE_NAMES
from app.i18n import lazy_gettext as _l
from app.models import ApiToken, City, LoginAttempt, Municipality, Role, User
from app.services import audit
from app.services._tx import committing
from app.services.inputs import UserInput
from app.services.validation import require_text

MIN_PASSWORD_LENGTH = 10
PASSWORD_METHOD = "scrypt"
# A hash to check against when the account does not exist, so timing does not tell.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


class InvalidCredentials(Exception):
    """Wrong e-mail or password; deliberately says nothing about which."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(
            "password", _l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def _normalise_email(raw: str) -> str:
    email = require_text(raw, "email", max_length=320).lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise FieldError("email", _l("Enter a valid e-mail address."))
    return email


def _not_a_town(session: Session, code: str) -> object:
    """Why no user can be made for this code: a municipality that is not a member, or none."""
    muni = session.get(Municipality, code) if len(code) == 3 else None
    if muni is not None:
        return _l("%(name)s is not a member town of the network. A coordinator makes it one "
                  "first (Member towns, or flask add-town %(code)s).", name=muni.name_fi,
                  code=code)
    return _l("No town with code %(code)s.", code=code)


def create_user(session: Session, actor: User | None, data: UserInput) -> User:
    """Create a staff account. ``actor`` None means the operator at the command line.

    Commits the user and its audit event; raises FieldError for a bad or taken e-mail, an unknown
    role or town, a town that is not a member, a short password, and Forbidden when a city admin
    reaches outside their town.
    """
    user = new_user(session, actor, data)
    with committing(session):
        add_user(session, actor, user)
    return user


def new_user(
    session: Session, actor: User | None, data: UserInput, *, invited: bool = False
) -> User:
    """A checked, unsaved account (every wrong field at once). ``invited``: no password yet,
    the user sets it through an invitation link (an unusable random hash until then)."""
    errors = ErrorCollector()  # every wrong field at once
    email = errors.check(_normalise_email, data.email) or ""
    name = errors.check(require_text, data.name, "name", max_length=200) or ""
    role = None
    try:
        role = Role(data.role)
    except ValueError:
        errors.add("role", _l("Unknown role."))
    city = None
    if data.city_code:
        city = session.scalars(select(City).where(City.code == data.city_code)).one_or_none()
        if city is None:
            errors.add("city", _not_a_town(session, data.city_code))
        elif not city.is_member:
            errors.add("city", _l("The membership of %(name)s in the network has ended: it "
                                  "cannot have new users.", name=city.name_fi))
    elif role is not Role.COORDINATOR:
        errors.add("city", _l("Every role but coordinator needs a town."))
    if data.language not in LANGUAGE_NAMES:
        errors.add("language", _l("Unknown language."))
    if not invited:
        errors.check(_check_new_password, data.password)
    errors.raise_if_any()
    password = secrets.token_urlsafe(32) if invited else data.password
    user = User(
        email=email,
        name=name,
        role=role,
        city=city,
        language=data.language,
        password_hash=hash_password(password),
    )
    if actor is not None:
        authz.require(actor, "user.manage", user)
    if session.scalars(select(User.id).where(User.email == email)).first() is not None:
        raise FieldError("email", _l("An account with this e-mail already exists."))
    return user


def add_user(session: Session, actor: User | None, user: User) -> None:
    """Flush a new account from ``new_user`` and audit it (inside the caller's transaction)."""
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        raise FieldError("email", _l("An account with this e-mail already exists.")) from exc
    audit.record(
        session, actor, "user.create", entity="user", entity_id=user.id,
        city_id=user.city_id, after=audit.snapshot(user),
    )


def _recent_failures(
    session: Session, column: object, value: str, since: datetime, *, reset_on_success: bool
) -> int:
    """Failures in the window; with ``reset_on_success`` only those after the last success.

    An account's own success may clear its count, but an address's never does: otherwise one
    account holder could sign in between guesses at other accounts and spray without end.
    """
    stmt = select(func.count(LoginAttempt.id)).where(
        column == value,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.at >= since,
    )
    if reset_on_success:
        last_success = (
            select(func.max(LoginAttempt.at))
            .where(column == value, LoginAttempt.succeeded.is_(True))
            .scalar_subquery()
        )
        stmt = stmt.where(LoginAttempt.at > func.coalesce(last_success, since))
    return session.scalar(stmt) or 0


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    address: str,
    max_per_account: int,
    max_per_address: int,
    window: timedelta,
    now: datetime | None = None,
) -> User:
    """Check a login and record the attempt. Commits the attempt either way.

    Raises Throttled when the account or the address has too many recent failures (even with the
    right password, so guessing cannot go on), InvalidCredentials for a wrong pair.
    """
    now = now or utcnow()
    email = (email or "").strip().lower()[:320]
    since = now - window
    if (
        _recent_failures(session, LoginAttempt.email, email, since, reset_on_success=True)
        >= max_per_account
        or _recent_failures(session, LoginAttempt.address, address, since, reset_on_success=False)
        >= max_per_address
    ):
        raise Throttled(_l("Too many failed sign-in attempts. Try again in a few minutes."))
    user = session.scalars(select(User).where(User.email == email)).one_or_none()
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    ok = ok and user is not None and user.is_active
    with committing(session):
        session.add(LoginAttempt(at=now, email=email, address=address, succeeded=ok))
        if ok and user is not None:
            user.last_login_at = now
    if not ok or user is None:
        raise InvalidCredentials()
    return user


def set_language(session: Session, actor: User, language: str) -> None:
    """Remember the user's UI language. Commits."""
    if language not in LANGUAGE_NAMES:
        raise FieldError("language", _l("Unknown language."))
    with committing(session):
        actor.language = language


def list_cities(session: Session) -> list[City]:
    return list(session.scalars(select(City).order_by(City.name_fi)))


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(session: Session, email: str, *, name: str | None = None) -> str:
    """Issue a bearer token for the user with this e-mail; only its hash is kept. Commits.

    Returns the token itself, which is shown once and cannot be recovered.
    """
    user = session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()
    if user is None or not user.is_active:
        raise NotFound(_l("No active account with that e-mail."))
    raw = "vt_" + secrets.token_urlsafe(32)
    with committing(session):
        token = ApiToken(user=user, token_hash=_token_digest(raw), name=name)
        session.add(token)
        session.flush()
        audit.record(session, None, "token.create", entity="user", entity_id=user.id,
                     city_id=user.city_id, after={"token_id": token.id, "name": name})
    return raw


def revoke_tokens(session: Session, email: str, *, token_id: int | None = None) -> int:
    """Revoke one of a user's tokens, or all of them; returns how many. Commits."""
    user = session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()
    if user is None:
        raise NotFound(_l("No account with that e-mail."))
    stmt = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        stmt = stmt.where(ApiToken.id == token_id)
    tokens = list(session.scalars(stmt))
    now = utcnow()
    with committing(session):
        for token in tokens:
            token.revoked_at = now
        audit.record(session, None, "token.revoke", entity="user", entity_id=user.id,
                     city_id=user.city_id, after={"token_ids": [t.id for t in tokens]})
    return len(tokens)


def user_for_token(session: Session, raw: str, *, now: datetime | None = None) -> User | None:
    """The active user behind a bearer token, or None. Records use at most once a minute."""
    if not raw or len(raw) > 200:
        return None
    token = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == _token_digest(raw))
    ).one_or_none()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = now or utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        with committing(session):
            token.last_used_at = now
    return token.user
