"""The outbox steps for one row: build a user's digest of a period; send one built digest.

Each step commits its own small transaction (``committing``), so a long run that stops half-way
keeps every row it finished. Sending is at-most-once: a row is marked ``sending`` (and its attempt
counted) in a committed transaction *before* the message goes to SMTP, and marked ``sent`` after;
a row found in ``sending`` later is never sent again automatically (see README, "Weekly digest").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.mail import Mailer, MailError
from app.mail.render import Rendered, build_message, new_message_id
from app.models import User
from app.models.base import utcnow
from app.models.digest import Digest, DigestPreference, DigestStatus
from app.services._tx import committing
from app.services.digest import _compose, _content
from app.services.digest._schedule import due_at


class Built(Enum):
    PENDING = "pending"
    SKIPPED = "skipped"
    EXISTS = "exists"


class Sent(Enum):
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"  # the server could not be reached: the run stops
    UNKNOWN = "unknown"  # the connection broke while the message was on its way
    TAKEN = "taken"  # another run took the row first
    SKIPPED = "skipped"  # the account was deactivated after the digest was built


def has_row(session: Session, user_id: int, period: Any) -> bool:
    return session.scalar(
        select(Digest.id).where(Digest.user_id == user_id, Digest.period == period)
    ) is not None


def content_for(session: Session, user: User, pref: DigestPreference, *, period: Any,
                now: datetime, tz: ZoneInfo) -> _content.DigestContent:
    """What ``user``'s digest of ``period`` holds if built at ``now``: new matches since their
    previous digest (a first digest looks back one week from its due time)."""
    first = due_at(period, pref.weekday, pref.hour, tz) - timedelta(days=7)
    since = _content.since_of(session, user, first)
    return _content.gather(session, user, pref, period=period, since=since, now=now,
                           today=now.astimezone(tz).date())


def build_one(session: Session, user: User, pref: DigestPreference, *, period: Any,
              now: datetime, config: Mapping[str, Any], dry_run: bool = False) -> Built:
    """Write ``user``'s row of ``period`` unless it exists. Commits (unless ``dry_run``)."""
    if has_row(session, user.id, period):
        return Built.EXISTS
    tz = ZoneInfo(config["TIMEZONE"])
    content = content_for(session, user, pref, period=period, now=now, tz=tz)
    language = _compose.language_of(user, pref, config)
    row = Digest(user_id=user.id, period=period, recipient=user.email, language=language,
                 items=content.items, built_at=now, attempts=0,
                 message_id=new_message_id(f"digest.{user.id}.{period.isoformat()}",
                                           config["BASE_URL"]))
    if content.items == 0 and not pref.send_empty:
        row.status = DigestStatus.SKIPPED
    else:
        rendered = _compose.compose(content, language, config)
        row.status = DigestStatus.PENDING
        row.subject, row.body_text, row.body_html = (rendered.subject[:300], rendered.text,
                                                     rendered.html)
    if dry_run:
        return Built(row.status.value)
    try:
        with committing(session):
            session.add(row)
    except IntegrityError:  # built by another run in the meantime: the same outcome
        return Built.EXISTS
    return Built(row.status.value)


def claim(session: Session, digest_id: int, max_attempts: int, now: datetime) -> bool:
    """Mark a pending or failed row ``sending`` and count the attempt. Commits. False when
    another run has taken it or it has no attempts left."""
    with committing(session):
        result = session.execute(
            update(Digest)
            .where(Digest.id == digest_id,
                   Digest.status.in_([DigestStatus.PENDING, DigestStatus.FAILED]),
                   Digest.attempts < max_attempts)
            .values(status=DigestStatus.SENDING, attempts=Digest.attempts + 1, sending_at=now)
            .execution_options(synchronize_session=False)
        )
    return result.rowcount == 1  # type: ignore[attr-defined]


def send_one(session: Session, mailer: Mailer, digest_id: int, *, config: Mapping[str, Any],
             max_attempts: int) -> Sent:
    """Claim, send and record one row (three small commits)."""
    if not claim(session, digest_id, max_attempts, utcnow()):
        return Sent.TAKEN
    row = session.get(Digest, digest_id, populate_existing=True)
    assert row is not None
    user = row.user
    if not user.is_active_account:  # deactivated since the digest was built
        with committing(session):
            row.status, row.last_error = DigestStatus.SKIPPED, "account deactivated"
        return Sent.SKIPPED
    try:
        message = build_message(
            Rendered(row.subject, row.body_text, row.body_html),
            sender=config["MAIL_FROM"], to_name=user.name, to_addr=row.recipient,
            message_id=row.message_id, unsubscribe_url=_compose.unsubscribe_url(user.id, config),
            sent=utcnow(),
        )
    except (ValueError, TypeError) as exc:  # an address the email package cannot write
        return _record_failure(session, row, MailError(f"bad message: {exc}", "refused"))
    try:
        mailer.send(message)
    except MailError as exc:
        return _record_failure(session, row, exc)
    with committing(session):
        row.status, row.sent_at, row.last_error = DigestStatus.SENT, utcnow(), None
    return Sent.SENT


def _record_failure(session: Session, row: Digest, exc: MailError) -> Sent:
    with committing(session):
        row.last_error = str(exc)[:2000]
        if exc.kind == "unknown":  # it may have arrived: left in "sending" for an admin
            return Sent.UNKNOWN
        row.status = DigestStatus.FAILED
        if exc.kind == "unreachable":  # nothing was handed over: the try does not count
            row.attempts -= 1
            return Sent.UNREACHABLE
    return Sent.FAILED
