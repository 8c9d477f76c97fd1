"""Translated names of the funding values shown in the UI, and plain-text renderings of a
version's before/after values (deadlines in the reader's locale and Helsinki time)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from flask_babel import to_user_timezone

from app.i18n import lazy_gettext as _l
from app.models.funding import JobStatus, RunStatus
from app.models.funding_calls import CallKind, CallStatus
from app.presentation.formatting import fmt_date

STATUS: dict[Enum, Any] = {
    CallStatus.FORTHCOMING: _l("Forthcoming"),
    CallStatus.OPEN: _l("Open"),
    CallStatus.CLOSED: _l("Closed"),
    CallStatus.WITHDRAWN: _l("Withdrawn from its source"),
    CallKind.CALL: _l("Call"),
    CallKind.ANNOUNCEMENT: _l("Announcement to review"),
    RunStatus.RUNNING: _l("Running"),
    RunStatus.OK: _l("OK"),
    RunStatus.PARTIAL: _l("Partial"),
    RunStatus.FAILED: _l("Failed"),
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("Running"),
    JobStatus.DONE: _l("Finished"),
    JobStatus.FAILED: _l("Failed"),
}

APPLICANTS = {
    "company": _l("Companies"),
    "research": _l("Research organisations"),
    "public": _l("Public bodies"),
    "ngo": _l("Associations and foundations"),
}

FIELDS = {
    "kind": _l("Kind"), "title": _l("Title"), "url": _l("Link"), "summary": _l("Summary"),
    "description": _l("Description"), "programme": _l("Programme"), "funder": _l("Funder"),
    "call_identifier": _l("Call identifier"), "topic_identifier": _l("Topic identifier"),
    "type_of_action": _l("Type of action"), "opening_date": _l("Opens"),
    "deadlines": _l("Deadlines"), "is_continuous": _l("Continuous"), "status": _l("Status"),
    "budget_eur": _l("Budget (EUR)"), "funding_rate_pct": _l("Funding rate (%)"),
    "applicant_types": _l("Applicant types"), "sme_only": _l("SMEs only"),
    "large_only": _l("Large companies only"), "countries": _l("Countries"),
    "regions": _l("Regions"), "keywords": _l("Keywords"), "language": _l("Language"),
    "extra": _l("Other details"),
}
_STATUS_VALUES = {m.value: m for m in (*CallStatus, *CallKind)}


def status_label(value: Enum | str | None) -> str:
    if value is None:
        return str(_l("Not stated"))
    if isinstance(value, str):
        member = _STATUS_VALUES.get(value)
        return status_label(member) if member is not None else value
    return str(STATUS.get(value, value.value))


def field_label(field: str) -> str:
    return str(FIELDS.get(field, field))


def applicant_label(value: str) -> str:
    return str(APPLICANTS.get(value, value))


def deadline_text(moment: datetime) -> str:
    """A deadline in the reader's locale and the app's time zone (Helsinki), with its weekday, in
    the page's one date style: "torstai 1.10.2026 18.00", "Thursday 1 Oct 2026, 18:00"."""
    local = to_user_timezone(moment)
    return f"{fmt_date(local.date(), 'cccc')} {fmt_date(moment)}"


def change_text(field: str, value: Any) -> str:
    """A version's before/after value as text for people (never markup)."""
    if value is None or value == [] or value == {}:
        return "–"
    if field == "deadlines":
        return "; ".join(fmt_date(datetime.fromisoformat(v)) for v in value)
    if field == "opening_date":
        return fmt_date(date.fromisoformat(value))
    if field in ("status", "kind") and value in _STATUS_VALUES:
        return status_label(_STATUS_VALUES[value])
    if field == "applicant_types":
        return ", ".join(applicant_label(v) for v in value)
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


SHOWN_WHOLE = 400  # characters of a description shown as they are; longer ones fold
LEAD = 280


def lead_of(text: str | None) -> str | None:
    """The opening of a long description (its first paragraph, or its first ``LEAD``
    characters cut at a word, with an ellipsis), or None when the text is short enough to show
    whole. The page shows the lead and folds the whole text into a disclosure."""
    if not text or len(text) <= SHOWN_WHOLE:
        return None
    first = text.strip().split("\n\n", 1)[0]
    if len(first) <= LEAD and len(first) < len(text.strip()):
        return first.rstrip() + " …"
    cut = text[:LEAD].rsplit(None, 1)[0] if " " in text[:LEAD] else text[:LEAD]
    return cut.rstrip(" ,;:.-–") + " …"
