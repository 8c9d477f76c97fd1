"""From a connector's ``FundingCall`` record to the columns of a stored call, and back to plain
JSON values: the pure half of the harvest (no session, no clock).

The content hash is taken over the plain values of every normalised field, so an unchanged call
is recognised without reading its row, and a version lists exactly the fields whose plain values
differ.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from app.models.funding_calls import CallKind, CallStatus
from app.services.validation import web_url
from connectors.keywords import clean_keywords
from connectors.records import FundingCall as CallRecord

# The normalised fields of connectors.records.FundingCall that a stored call keeps (``source``
# and ``source_id`` are its key); the order is the order of the version history.
FIELDS: tuple[str, ...] = (
    "kind", "title", "url", "summary", "description", "programme", "call_identifier",
    "topic_identifier", "type_of_action", "funder", "opening_date", "deadlines", "is_continuous",
    "status", "budget_eur", "funding_rate_pct", "applicant_types", "sme_only", "large_only",
    "countries", "regions", "keywords", "language", "extra",
)
# String column widths (title, summary and description are unbounded text).
_WIDTHS = {
    "url": 2000, "programme": 300, "call_identifier": 200, "topic_identifier": 200,
    "type_of_action": 300, "funder": 300, "language": 10,
}
SOURCE_ID_WIDTH = 500
_CENTS = Decimal("0.01")


def source_key(record: CallRecord) -> str:
    """The key a record is stored under within its source (cut to the column's width)."""
    return record.source_id.strip()[:SOURCE_ID_WIDTH]


def _cut(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    width = _WIDTHS.get(field)
    return value[:width] if width else value


def _listed(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def column_values(record: CallRecord) -> dict[str, Any]:
    """The record as column values of ``app.models.FundingCall`` (every name in ``FIELDS``):
    the one place where harvested and uploaded records become calls. A link that is not a web
    address (http or https), or is too long to keep whole, is dropped; keywords lose the
    portals' identifiers, round and stage phrases and years (``connectors.keywords``)."""
    values: dict[str, Any] = {
        "kind": CallKind(record.kind),
        "title": " ".join(record.title.split()),
        "opening_date": record.opening_date,
        "deadlines": [d.isoformat() for d in sorted(record.deadlines)],
        "is_continuous": bool(record.is_continuous),
        "status": CallStatus(record.status) if record.status else None,
        "budget_eur": record.budget_eur,
        "funding_rate_pct": record.funding_rate_pct,
        "applicant_types": _listed(record.applicant_types),
        "sme_only": record.sme_only,
        "large_only": record.large_only,
        "countries": _listed(record.countries),
        "regions": _listed(record.regions),
        "keywords": list(clean_keywords(record.keywords)),
        "extra": dict(record.extra),
    }
    for field in ("summary", "description", "programme", "call_identifier",
                  "topic_identifier", "type_of_action", "funder", "language"):
        values[field] = _cut(field, getattr(record, field))
    # only a web address is kept as the call's link (a feed may carry javascript: or data:)
    url = web_url(record.url)
    values["url"] = url if url is not None and len(url) <= _WIDTHS["url"] else None
    return values


def plain(value: Any) -> Any:
    """A column value as JSON: enums by value, dates in ISO form, euros to the cent."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(_CENTS))
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def plain_values(values: dict[str, Any], fields: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    return {field: plain(values[field]) for field in fields}


def row_values(row: Any, fields: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    """The stored call's fields as plain JSON values (to compare with a new record's)."""
    return {field: plain(getattr(row, field)) for field in fields}


def content_hash(values: dict[str, Any]) -> str:
    """SHA-256 of the plain values of every field: equal hashes mean nothing to write."""
    text = json.dumps(plain_values(values), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"before": old, "after": new}}`` for each plain value that differs."""
    return {
        field: {"before": before.get(field), "after": value}
        for field, value in after.items()
        if before.get(field) != value
    }


def next_deadline(deadlines: list[str], now: datetime) -> datetime | None:
    """The first deadline not yet passed at ``now``, else the last one, in UTC; None if none."""
    moments = sorted(datetime.fromisoformat(d).astimezone(UTC) for d in deadlines)
    if not moments:
        return None
    upcoming = [m for m in moments if m >= now]
    return upcoming[0] if upcoming else moments[-1]


def search_text(values: dict[str, Any]) -> str:
    """Lower-cased text that the calls list searches (case-folded in Python, so that "Ä" and
    "ä" match on SQLite too)."""
    parts = [
        values.get("title"), values.get("call_identifier"), values.get("topic_identifier"),
        values.get("programme"), values.get("funder"), values.get("type_of_action"),
        " ".join(values.get("keywords") or ()), values.get("summary"),
    ]
    return " ".join(p for p in parts if p).casefold()
