"""The weekly digest: preferences, building the outbox, sending it, the preview, unsubscribing.

Building and sending are separate steps. ``build_digests`` writes one ``Digest`` row per user and
period (unique on both: building twice changes nothing); ``send_pending`` sends the pending and
retryable rows through a ``Mailer``. Both commit per user or per message, never once for the run,
so a run that stops keeps what it finished. The scheduler's ``run_due`` does both for the users
whose weekday and hour have come this week (``_schedule``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import authz
from app.errors import ErrorCollector, NotFound
from app.i18n import lazy_gettext as _l
from app.mail import Mailer
from app.mail.render import Rendered
from app.models import User
from app.models.base import utcnow
from app.models.digest import Digest, DigestPreference, DigestScope, DigestStatus
from app.services import audit
from app.services._tx import committing
from app.services.digest import _compose, _outbox
from app.services.digest._content import DigestContent
from app.services.digest._schedule import due_at, is_due, period_of

Progress = Callable[[int], None]
STUCK_AFTER = timedelta(minutes=30)

__all__ = [
    "BuildSummary", "PreferenceInput", "Preview", "SendSummary", "build_digests",
    "needs_attention", "preferences_of", "preview", "retry", "run_due", "send_pending",
    "set_preferences", "unsubscribe", "user_of_token",
]


@dataclass(slots=True)
class BuildSummary:
    users: int = 0
    pending: int = 0
    skipped: int = 0
    existing: int = 0


@dataclass(slots=True)
class SendSummary:
    rows: int = 0
    sent: int = 0
    failed: int = 0
    unknown: int = 0
    stopped: str | None = None  # why the run stopped early (the server could not be reached)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PreferenceInput:
    enabled: bool
    weekday: int
    hour: int
    language: str | None
    min_score: float
    scope: str
    send_empty: bool


@dataclass(frozen=True, slots=True)
class Preview:
    rendered: Rendered
    content: DigestContent
    language: str
    due: datetime
    sends: bool  # False: nothing to tell, and the user does not want empty digests


def preferences_of(session: Session, user: User) -> DigestPreference:
    """The user's digest settings (the defaults when they never saved any)."""
    return session.get(DigestPreference, user.id) or _compose.default_preference(user)


def set_preferences(session: Session, actor: User, data: PreferenceInput, *,
                    languages: tuple[str, ...] = ("fi", "en")) -> DigestPreference:
    """Save the actor's own digest settings; bad values raise FieldErrors and change nothing.
    Commits once, with an audit event."""
    errors = ErrorCollector()
    if not 0 <= data.weekday <= 6:
        errors.add("weekday", _l("Choose a weekday."))
    if not 0 <= data.hour <= 23:
        errors.add("hour", _l("Choose an hour from 0 to 23."))
    if data.language not in (None, *languages):
        errors.add("language", _l("Choose a language."))
    if not 0 <= data.min_score <= 100:
        errors.add("min_score", _l("The minimum score is a number from 0 to 100."))
    allowed = {s.value for s in DigestScope} if authz.is_coordinator(actor) else {"own"}
    if data.scope not in allowed:
        errors.add("scope", _l("Choose whose companies the digest covers."))
    errors.raise_if_any()
    with committing(session):
        pref = session.get(DigestPreference, actor.id)
        before = audit.snapshot(pref) if pref is not None else None
        if pref is None:
            pref = _compose.default_preference(actor)
            session.add(pref)
        pref.enabled, pref.weekday, pref.hour = data.enabled, data.weekday, data.hour
        pref.language, pref.min_score = data.language, float(data.min_score)
        pref.scope, pref.send_empty = DigestScope(data.scope), data.send_empty
        session.flush()
        audit.record(session, actor, "digest.preferences", entity="user", entity_id=actor.id,
                     city_id=actor.city_id, before=before, after=audit.snapshot(pref))
    return pref


def user_of_token(session: Session, token: str, secret: str) -> User:
    """The active user an unsubscribe token was signed for; NotFound for any other token."""
    user_id = _compose.user_id_of_token(token, secret)
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active_account:
        raise NotFound()
    return user


def unsubscribe(session: Session, token: str, secret: str) -> User:
    """Turn off the digest of the user a signed link names (no login: the signature is the
    proof). Idempotent. Commits once, with an audit event."""
    user = user_of_token(session, token, secret)
    with committing(session):
        pref = session.get(DigestPreference, user.id)
        if pref is None:
            pref = _compose.default_preference(user)
            session.add(pref)
        if pref.enabled:
            pref.enabled = False
            audit.record(session, None, "digest.unsubscribe", entity="user", entity_id=user.id,
                         city_id=user.city_id, before={"enabled": True},
                         after={"enabled": False})
    return user


def _recipients(session: Session, emails: list[str] | None) -> list[tuple[User, DigestPreference]]:
    stmt = (select(User, DigestPreference)
            .outerjoin(DigestPreference, DigestPreference.user_id == User.id)
            .where(User.is_active_account.is_(True),
                   or_(DigestPreference.enabled.is_(None), DigestPreference.enabled.is_(True)))
            .order_by(User.id))
    if emails is not None:
        stmt = stmt.where(User.email.in_([e.strip().lower() for e in emails]))
    return [(user, pref or _compose.default_preference(user))
            for user, pref in session.execute(stmt)]


def build_digests(session: Session, *, config: Mapping[str, Any], now: datetime | None = None,
                  emails: list[str] | None = None, due_only: bool = False,
                  dry_run: bool = False, progress: Progress | None = None) -> BuildSummary:
    """Write this period's digest row for every user who has the digest on (``emails``: only
    those; ``due_only``: only those whose weekday and hour have come). A user who already has a
    row for the period is left alone. Commits once per user (nothing with ``dry_run``)."""
    now = now or utcnow()
    tz = ZoneInfo(config["TIMEZONE"])
    period = period_of(now, tz)
    summary = BuildSummary()
    for user, pref in _recipients(session, emails):
        if not due_only or is_due(now, pref.weekday, pref.hour, tz):
            summary.users += 1
            outcome = _outbox.build_one(session, user, pref, period=period, now=now,
                                        config=config, dry_run=dry_run)
            if outcome is _outbox.Built.PENDING:
                summary.pending += 1
            elif outcome is _outbox.Built.SKIPPED:
                summary.skipped += 1
            else:
                summary.existing += 1
        if progress is not None:
            progress(1)
    return summary


def count_recipients(session: Session, emails: list[str] | None = None) -> int:
    """How many users ``build_digests`` goes through (for a progress bar)."""
    return len(_recipients(session, emails))


def sendable_ids(session: Session, max_attempts: int) -> list[int]:
    """The rows ``send_pending`` would send, oldest first."""
    return list(session.scalars(
        select(Digest.id).where(Digest.status.in_([DigestStatus.PENDING, DigestStatus.FAILED]),
                                Digest.attempts < max_attempts).order_by(Digest.id)
    ))


def send_pending(session: Session, mailer: Mailer, *, config: Mapping[str, Any],
                 dry_run: bool = False, progress: Progress | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> SendSummary:
    """Send every pending row and every failed one with attempts left, at most
    ``DIGEST_SEND_RATE`` a second. Commits per message (claimed before SMTP, recorded after).
    Stops early when the mail server cannot be reached; the rest wait for the next run."""
    max_attempts = int(config["DIGEST_MAX_ATTEMPTS"])
    rate = float(config["DIGEST_SEND_RATE"])
    interval = 1.0 / rate if rate > 0 else 0.0
    ids = sendable_ids(session, max_attempts)
    summary = SendSummary(rows=len(ids))
    if dry_run:
        return summary
    last: float | None = None
    for digest_id in ids:
        if last is not None and interval:
            wait = last + interval - clock()
            if wait > 0:
                sleep(wait)
        last = clock()
        outcome = _outbox.send_one(session, mailer, digest_id, config=config,
                                   max_attempts=max_attempts)
        if progress is not None:
            progress(1)
        if outcome is _outbox.Sent.SENT:
            summary.sent += 1
        elif outcome is _outbox.Sent.UNKNOWN:
            summary.unknown += 1
        elif outcome in (_outbox.Sent.FAILED, _outbox.Sent.UNREACHABLE):
            summary.failed += 1
            row = session.get(Digest, digest_id)
            summary.errors.append(row.last_error or "" if row else "")
            if outcome is _outbox.Sent.UNREACHABLE:
                summary.stopped = summary.errors[-1]
                break
    mailer.close()
    return summary


def run_due(session: Session, mailer: Mailer, *, config: Mapping[str, Any],
            now: datetime | None = None) -> tuple[BuildSummary, SendSummary]:
    """The scheduler's job: build the digests that are due this week and not built yet (a
    scheduler that was down at the due time catches up here, once), then send the outbox."""
    built = build_digests(session, config=config, now=now, due_only=True)
    return built, send_pending(session, mailer, config=config)


def preview(session: Session, actor: User, *, config: Mapping[str, Any],
            now: datetime | None = None) -> Preview:
    """The actor's next digest, rendered as it would be sent if built now. Reads only."""
    now = now or utcnow()
    tz = ZoneInfo(config["TIMEZONE"])
    pref = preferences_of(session, actor)
    period = period_of(now, tz)
    if _outbox.has_row(session, actor.id, period):
        period += timedelta(days=7)
    content = _outbox.content_for(session, actor, pref, period=period, now=now, tz=tz)
    language = _compose.language_of(actor, pref, config)
    return Preview(
        rendered=_compose.compose(content, language, config), content=content,
        language=language, due=due_at(period, pref.weekday, pref.hour, tz),
        sends=content.items > 0 or pref.send_empty,
    )


def needs_attention(session: Session, actor: User, *, config: Mapping[str, Any],
                    now: datetime | None = None) -> list[Digest]:
    """Digests an admin must look at: out of attempts, or left in ``sending`` (the process
    stopped, or the connection broke, while the message was on its way: it may have arrived)."""
    authz.require(actor, "user.manage")
    now = now or utcnow()
    stmt = (select(Digest).join(User, User.id == Digest.user_id)
            .where(or_(
                (Digest.status == DigestStatus.FAILED)
                & (Digest.attempts >= int(config["DIGEST_MAX_ATTEMPTS"])),
                (Digest.status == DigestStatus.SENDING) & (Digest.sending_at < now - STUCK_AFTER),
            )).order_by(Digest.period.desc(), Digest.id))
    return list(session.scalars(authz.scope(actor, stmt, User)))


def retry(session: Session, actor: User, digest_id: int, *, config: Mapping[str, Any]) -> Digest:
    """An admin sends a digest again on the next run (after checking it did not arrive).
    Commits once, with an audit event."""
    row = next((d for d in needs_attention(session, actor, config=config) if d.id == digest_id),
               None)
    if row is None:
        raise NotFound()
    with committing(session):
        before = {"status": row.status.value, "attempts": row.attempts}
        row.status, row.attempts = DigestStatus.FAILED, 0
        audit.record(session, actor, "digest.retry", entity="digest", entity_id=row.id,
                     city_id=row.user.city_id, before=before,
                     after={"status": row.status.value, "attempts": 0})
    return row
