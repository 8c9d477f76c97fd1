"""Writing audit events. Flush-only: the calling use case commits them with its own change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from sqlalchemy import ARRAY, Float, Numeric, inspect
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.models import AuditEvent, User

# Columns never copied into an audit image: secrets, and noise that changes on every write.
_SKIPPED = {"password_hash", "created_at", "updated_at", "name_normalized", "search_text"}


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


def normalised(column_type: Any, value: Any) -> Any:
    """A value as its column stores it, so that equal values compare equal: a turnover typed as
    ``56677324`` is the ``56677324.00`` a ``Numeric(15, 2)`` column gives back."""
    if value is None:
        return None
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        scale = column_type.scale
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            return number.quantize(Decimal(1).scaleb(-scale)) if scale is not None else number
        except (InvalidOperation, ValueError):
            return value
    if isinstance(value, list | tuple) and not isinstance(column_type, ARRAY):
        return list(value)
    return value


def _column_type(attr: Any) -> Any:
    return attr.columns[0].type if attr.columns else None


def snapshot(row: Any, *, skip: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A JSON-ready image of a row's columns, used as an audit before/after image. Values are
    normalised to their column's type first, so that an image never shows a change that the
    database would not store."""
    mapper = inspect(row).mapper
    return {
        attr.key: _plain(normalised(_column_type(attr), getattr(row, attr.key)))
        for attr in mapper.column_attrs
        if attr.key not in _SKIPPED and attr.key not in skip
    }


def assign(row: Any, values: dict[str, Any]) -> set[str]:
    """Set only the columns whose value really changes (compared as the column stores it), so
    that an edit that changes nothing writes no UPDATE, no new ``updated_at`` and no audit event.
    Returns the keys that changed. Flush-free."""
    attrs = inspect(row).mapper.column_attrs
    changed_keys = set()
    for key, value in values.items():
        column_type = _column_type(attrs[key]) if key in attrs else None
        if normalised(column_type, getattr(row, key)) != normalised(column_type, value):
            setattr(row, key, value)
            changed_keys.add(key)
    return changed_keys


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
