"""Uploading calls from a CSV or .xlsx file (``connectors.manual_calls``): first a dry run that
shows what would happen, row by row, then the import itself.

Uploaded calls belong to the ``manual`` source, keyed by their id column (else a slug of funder
and title), so uploading a corrected file again updates the same calls, with versions, and
leaves unchanged ones untouched. Calls missing from a file are not withdrawn: a spreadsheet is
not a complete listing. Rows with problems are left out and listed with their row numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow
from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.funding_calls import FundingCall
from app.services import _rematch, audit
from app.services._tx import committing
from app.services.funding._records import column_values, content_hash, source_key
from app.services.funding._upsert import Counts, apply_fetch
from app.services.funding.calls import find_manual_source
from connectors.manual_calls import RowProblem, parse_calls_table
from connectors.records import FundingCall as CallRecord
from connectors.tabular import TableError, read_table

MAX_UPLOAD_BYTES = 2_000_000
MAX_ROWS = 5_000
_TABLE_ERRORS = {
    "empty": _l("The file is empty."),
    "not_tabular": _l("The file is not a CSV or .xlsx table."),
    "old_excel": _l("Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV."),
    "bad_encoding": _l("The file's character encoding could not be read; save it as UTF-8."),
    "no_header": _l("The file has no header row."),
    "cell_too_long": _l("A cell of the file is too long."),
    "too_many_rows": _l("The file has too many rows."),
    "too_many_cells": _l("The file has too many columns."),
    "bad_xlsx": _l("The file is not a valid Excel workbook."),
}


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One readable row of the upload and what importing it would do."""

    call: CallRecord
    outcome: str  # "new", "changed" or "unchanged"
    existing_id: int | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    filename: str
    rows: list[PlannedRow]
    problems: list[RowProblem] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _read(data: bytes, filename: str, today: date) -> tuple[list[CallRecord], list[RowProblem]]:
    if len(data) > MAX_UPLOAD_BYTES:
        raise FieldError("file", _l("The file is larger than 2 MB."))
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS)
    except TableError as exc:
        raise FieldError("file", _TABLE_ERRORS.get(exc.code, exc.message)) from exc
    calls, problems = parse_calls_table(table, today=today)
    if not calls and not problems:
        raise FieldError("file", _l("The file has no rows of calls."))
    return calls, problems


def plan_import(
    session: Session, actor: User, data: bytes, filename: str, *, today: date
) -> ImportPlan:
    """The dry run: read the file and say, for every row, what the import would do. Writes
    nothing. Raises FieldError (``file``) for a file that is not a readable table."""
    authz.require(actor, "call.import")
    calls, problems = _read(data, filename, today)
    source = find_manual_source(session)
    known: dict[str, tuple[int, str]] = {}
    if source is not None:
        known = {r.source_id: (r.id, r.content_hash) for r in session.execute(
            select(FundingCall.source_id, FundingCall.id, FundingCall.content_hash)
            .where(FundingCall.funding_source_id == source.id))}
    rows = []
    for call in calls:
        existing = known.get(source_key(call))
        if existing is None:
            rows.append(PlannedRow(call, "new", None))
        else:
            same = existing[1] == content_hash(column_values(call))
            rows.append(PlannedRow(call, "unchanged" if same else "changed", existing[0]))
    return ImportPlan(filename, rows, problems)


def import_calls(
    session: Session, actor: User, data: bytes, filename: str, *, today: date,
    now: datetime | None = None,
) -> Counts:
    """Import the readable rows of the file as manual calls (new ones created, changed ones
    versioned, unchanged ones untouched). Audited; commits; the new and changed calls are
    matched right after (a follow-up of the commit). Raises FieldError, Forbidden."""
    authz.require(actor, "call.import")
    calls, problems = _read(data, filename, today)
    now = now or utcnow()
    with committing(session):
        source = find_manual_source(session, create=True)
        assert source is not None
        counts = apply_fetch(session, source, None, calls, now=now, withdraw_missing=False,
                             actor_id=actor.id)
        audit.record(session, actor, "funding_call.import", entity="funding_source",
                     entity_id=source.id, city_id=None,
                     after={"file": filename, "created": counts.created,
                            "updated": counts.updated, "unchanged": counts.unchanged,
                            "rows_left_out": len({p.row for p in problems})})
        if counts.created or counts.updated:
            _rematch.calls_changed_since(session, now, today=today)
    return counts
