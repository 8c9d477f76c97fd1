"""Reading the audit trail: who sees which events is decided by ``authz.scope_audit``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.models import AuditEvent, User
from app.services import audit
from app.services._page import Page
from app.services._tx import committing

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AuditFilters:
    user_id: int | None = None
    entity: str | None = None
    entity_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditPage(Page[AuditEvent]):
    """A page of events with the users who acted in them."""

    actors: dict[int, User]


def _start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


def list_events(
    session: Session,
    actor: User,
    filters: AuditFilters,
    *,
    tz: str = "Europe/Helsinki",
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """Audit events newest first, filtered by user, row, action and (local) date range."""
    stmt = authz.scope_audit(actor, select(AuditEvent))
    if filters.user_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == filters.user_id)
    if filters.entity:
        stmt = stmt.where(AuditEvent.entity == filters.entity)
    if filters.entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action.startswith(filters.action))
    if filters.since:
        stmt = stmt.where(AuditEvent.at >= _start(filters.since, tz))
    if filters.until:
        stmt = stmt.where(AuditEvent.at < _start(filters.until + timedelta(days=1), tz))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, page)
    items = list(
        session.scalars(
            stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    ids = {e.actor_id for e in items if e.actor_id}
    actors = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return AuditPage(items, total, page, per_page, actors=actors)


def entities(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def record_denied(session: Session, actor: User | None, *, method: str, path: str,
                  status: int) -> None:
    """Keep a trace of a refused change (another town's row, a role without the right); reads
    and anonymous requests leave none. Commits on its own: the refused request's work was rolled
    back. Never raises: the refusal itself must still be answered."""
    if method not in WRITES or actor is None:
        return
    try:
        _record_denied(session, actor, method=method, path=path, status=status)
    except Exception:  # noqa: BLE001 - logged; the error page or JSON error still goes out
        log.exception("could not audit a refused request")
        session.rollback()


def _record_denied(session: Session, actor: User, *, method: str, path: str, status: int) -> None:
    session.rollback()
    with committing(session):
        audit.record(session, actor, "access.denied", entity="request", entity_id=None,
                     city_id=actor.city_id,
                     after={"method": method, "path": path[:500], "status": status})
