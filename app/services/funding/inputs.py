"""The input of a call typed in or uploaded by the coordinator, and its validation into the same
column values a harvested call has (``_records.FIELDS``).

Deadlines are entered in Helsinki time; a call with no deadline is continuous or not yet known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.errors import ErrorCollector
from app.i18n import lazy_gettext as _l
from app.models.funding_calls import CallKind, CallStatus
from app.services.validation import require_text
from connectors.records import APPLICANT_TYPES

MAX_DEADLINES = 10
MAX_KEYWORDS = 30
# The fields a person edits; the others (countries, regions, extras) only come from a source.
NOT_EDITABLE: dict[str, Any] = {
    "sme_only": None, "large_only": None, "countries": None, "regions": None, "extra": {},
    "language": None,
}


@dataclass(frozen=True, slots=True)
class CallInput:
    title: str
    url: str | None = None
    summary: str | None = None
    description: str | None = None
    programme: str | None = None
    funder: str | None = None
    call_identifier: str | None = None
    topic_identifier: str | None = None
    type_of_action: str | None = None
    opening_date: date | None = None
    deadlines: tuple[datetime, ...] = ()
    is_continuous: bool = False
    status: str | None = None
    budget_eur: Decimal | None = None
    funding_rate_pct: Decimal | None = None
    applicant_types: tuple[str, ...] | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None
    kind: str = "call"


def _text(value: str | None, field: str, width: int | None) -> str | None:
    value = value.replace("\r\n", "\n") if value else value  # browsers send CRLF
    return require_text(value, field, max_length=width or 100_000, required=False) or None


def new_call_values(data: CallInput) -> dict[str, Any]:
    """Every column value of a new call (the fields nobody types are unknown)."""
    return {**NOT_EDITABLE, **clean_call(data)}


def clean_call(data: CallInput) -> dict[str, Any]:
    """Column values of the edited fields, or every ``FieldError`` of the input at once."""
    errors = ErrorCollector()
    values: dict[str, Any] = {
        "title": errors.check(require_text, data.title, "title", max_length=1000)
    }
    widths = {"url": 2000, "summary": 5000, "description": 50_000, "programme": 300,
              "funder": 300, "call_identifier": 200, "topic_identifier": 200,
              "type_of_action": 300}
    for field, width in widths.items():
        values[field] = errors.check(_text, getattr(data, field), field, width)
    if data.language:  # not on the form: only an upload may say
        values["language"] = errors.check(_text, data.language, "language", 10)
    if values["url"] and not values["url"].startswith(("http://", "https://")):
        errors.add("url", _l("Enter an address that starts with http:// or https://."))
    if any(d.tzinfo is None for d in data.deadlines):
        errors.add("deadlines", _l("A deadline needs a date and a time."))
    if len(data.deadlines) > MAX_DEADLINES:
        errors.add("deadlines", _l("At most %(n)d deadlines.", n=MAX_DEADLINES))
    if not errors.has("deadlines"):
        values["deadlines"] = [d.isoformat() for d in sorted(set(data.deadlines))]
    values["opening_date"] = data.opening_date
    values["is_continuous"] = bool(data.is_continuous)
    try:
        values["status"] = CallStatus(data.status) if data.status else None
        values["kind"] = CallKind(data.kind or "call")
    except ValueError:
        errors.add("status", _l("Unknown status."))
    if values.get("status") is CallStatus.WITHDRAWN:
        errors.add("status", _l("A call is withdrawn only when its source drops it."))
    for field, top in (("budget_eur", Decimal(10) ** 13), ("funding_rate_pct", Decimal(100))):
        amount = getattr(data, field)
        if amount is not None and not Decimal(0) <= amount <= top:
            errors.add(field, _l("Enter a number between 0 and %(n)s.", n=top))
        values[field] = amount
    if data.applicant_types is not None:
        unknown = set(data.applicant_types) - set(APPLICANT_TYPES)
        if unknown:
            errors.add("applicant_types", _l("Unknown applicant type."))
        values["applicant_types"] = [t for t in APPLICANT_TYPES if t in data.applicant_types]
    else:
        values["applicant_types"] = None
    keywords = list(dict.fromkeys(k.strip() for k in data.keywords if k and k.strip()))
    if len(keywords) > MAX_KEYWORDS:
        errors.add("keywords", _l("At most %(n)d keywords.", n=MAX_KEYWORDS))
    values["keywords"] = [
        errors.check(require_text, k, "keywords", max_length=300) for k in keywords
    ]
    errors.raise_if_any()
    return values
