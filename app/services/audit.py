"""Writing audit events. Flush-only: the calling use case commits them with its own change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.models import AuditEvent, User
from app.models.base import utcnow

# Columns never copied into an audit image: secrets, and noise that changes on every write.
_SKIPPED = {"password_hash", "created_at", "updated_at", "name_normalized"}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(row: Any, *, skip: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A JSON-ready image of a row's columns, used as an audit before/after image."""
    mapper = inspect(row).mapper
    return {
        attr.key: _plain(getattr(row, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIPPED and attr.key not in skip
    }


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def record(
    session: Session,
    actor: User | None,
    action: str,
    *,
    entity: str,
    entity_id: int | None,
    city_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        city_id=city_id,
        before=before,
        after=after,
    )
    session.add(event)
    session.flush()
    return event


def record_created(
    session: Session,
    actor: User | None,
    row: Any,
    *,
    entity: str,
    city_id: int | None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Flush a new row and audit it as ``<entity>.create`` with its image."""
    session.add(row)
    session.flush()
    return record(
        session,
        actor,
        f"{entity}.create",
        entity=entity,
        entity_id=row.id,
        city_id=city_id,
        after={**snapshot(row), **(extra or {})},
    )


def record_changes(
    session: Session,
    actor: User | None,
    row: Any,
    before: dict[str, Any],
    *,
    entity: str,
    city_id: int | None,
    action: str | None = None,
) -> bool:
    """Audit what changed on ``row`` since ``before`` (only the changed keys); False if nothing."""
    after = snapshot(row)
    diff = changed(before, after)
    if not diff:
        return False
    record(
        session,
        actor,
        action or f"{entity}.update",
        entity=entity,
        entity_id=row.id,
        city_id=city_id,
        before={k: before[k] for k in diff},
        after={k: after[k] for k in diff},
    )
    return True
