"""Importing the company lists staff keep (CSV or .xlsx): upload, mapping, dry run, decisions and
one all-or-nothing commit.

The steps, each a use case here:

1. ``upload_list`` reads the file (``connectors.tabular``), refuses what is not a table, guesses
   the mapping and keeps the file in a ``CompanyImport`` row of the user, for their town (a
   coordinator picks the town). Nothing else is written.
2. ``save_mapping`` keeps the user's mapping and queues the dry run; ``run_dry_run`` (the
   background job) plans every row (``_plan``) and stores each row's outcome, with
   progress, so the page can show and page through 20,000 rows.
3. ``save_decisions`` / ``decide_all`` keep the user's choice per row: skip an error row; skip,
   update or create for a similar name; skip a row that would update or create.
4. ``start_commit`` refuses while an error row is undecided, then ``run_commit`` (the background
   job, ``_write``) plans every row again against the database as it is now and writes
   everything in one transaction, or nothing.

The two jobs commit their progress row as they go (that is how the page sees it); company data
is written by ``run_commit`` alone, in its final single commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow
from app.errors import Conflict, FieldError, NotFound, ServiceError
from app.i18n import lazy_gettext as _l
from app.i18n import ngettext
from app.models import City, User
from app.models.imports import (
    CompanyImport,
    CompanyImportRow,
    Decision,
    ImportStatus,
    RowOutcome,
    decision_choices,
    default_decision,
)
from app.services._page import Page
from app.services._tx import committing

# the import's input format (what a file may hold, which fields a column can be mapped to) is
# part of this package's interface: the upload and mapping pages show it
from app.services.imports._files import MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES
from app.services.imports._files import batches, read_upload
from app.services.imports._jobs import drop_old_imports, queue_step, record_failure
from app.services.imports._mapping import FIELDS as FIELDS
from app.services.imports._mapping import IGNORE as IGNORE
from app.services.imports._mapping import (
    check_mapping,
    guess_mapping,
    is_field,
)
from app.services.imports._mapping import field_choices as field_choices
from app.services.imports._mapping import field_label as field_label
from app.services.imports._plan import Planner
from app.services.imports._write import commit_rows

BATCH = 500
SAMPLE_ROWS = 5
STALE_JOB = timedelta(minutes=30)  # a job whose row has not moved for this long has died
CODE_SETS = ("TOL2025", "TOL2008")


# --- 1. upload ---------------------------------------------------------------------------------


def upload_list(
    session: Session, actor: User, data: bytes, filename: str, *, city_id: int | None = None
) -> CompanyImport:
    """Keep an uploaded list for the mapping step, tied to the actor and the town. Commits the
    upload row only (and drops the actor's imports older than a month).

    Raises FieldError (``file``: not a table, empty, too big; ``city_id``: no town chosen),
    Forbidden for a role that may not import, NotFound for a town outside the actor's scope.
    """
    authz.require(actor, "company.import")
    town_id = authz.city_for_new_company(actor, city_id)
    if town_id is None or session.get(City, town_id) is None:
        raise FieldError("city_id", _l("Choose the town the companies belong to."))
    table = read_upload(data, filename)
    sample = [list(row) for row in table.rows[:20]]
    imp = CompanyImport(
        user_id=actor.id,
        city_id=town_id,
        filename=(filename or "upload.csv")[-255:],
        content=data,
        size=len(data),
        row_count=len(table.rows),
        headers=list(table.headers),
        mapping=guess_mapping(table.headers, sample),
        options={
            "code_set": "TOL2025",
            "as_prospects": False,
            "sample": sample[:SAMPLE_ROWS],
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "sheet": table.sheet,
        },
        status=ImportStatus.UPLOADED,
    )
    with committing(session):
        drop_old_imports(session, actor)
        session.add(imp)
    return imp


def get_import(session: Session, actor: User, import_id: int) -> CompanyImport:
    """One of the actor's own imports; NotFound for anyone else's (an upload is private)."""
    imp = session.get(CompanyImport, import_id)
    if imp is None or imp.user_id != actor.id:
        raise NotFound()
    return imp


def recent_imports(session: Session, actor: User, *, limit: int = 10) -> list[CompanyImport]:
    """The actor's latest imports, newest first, to come back to one."""
    stmt = (
        select(CompanyImport)
        .where(CompanyImport.user_id == actor.id)
        .order_by(CompanyImport.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def is_stale(imp: CompanyImport, *, now: datetime | None = None) -> bool:
    """A running job whose row has not moved for ``STALE_JOB``: its thread has died."""
    return imp.is_running and imp.updated_at < (now or utcnow()) - STALE_JOB


def delete_import(session: Session, actor: User, import_id: int) -> None:
    """Throw an unfinished upload away with its dry run. Commits. Conflict while its job runs
    or once it has been imported (the finished import stays as the record of what was done)."""
    imp = get_import(session, actor, import_id)
    if imp.is_running and not is_stale(imp):
        raise Conflict(_l("The import is running; wait for it to finish."))
    if imp.status is ImportStatus.DONE:
        raise Conflict(_l("A finished import cannot be removed."))
    with committing(session):
        session.execute(delete(CompanyImportRow).where(CompanyImportRow.import_id == imp.id))
        session.delete(imp)


# --- 2. mapping and dry run ------------------------------------------------------------------


def save_mapping(
    session: Session,
    actor: User,
    import_id: int,
    mapping: list[str],
    *,
    code_set: str = "TOL2025",
    as_prospects: bool = False,
) -> CompanyImport:
    """Keep the column mapping and queue the dry run (``run_dry_run``). Commits.

    Raises FieldError (``mapping``) for a mapping without the name column or with a field
    chosen twice, Conflict when the import has finished or its job is running.
    """
    imp = get_import(session, actor, import_id)
    authz.require(actor, "company.import")
    if imp.status is ImportStatus.DONE or (imp.is_running and not is_stale(imp)):
        raise Conflict(_l("This import can no longer be changed."))
    if len(mapping) != len(imp.headers) or any(f and not is_field(f) for f in mapping):
        raise FieldError("mapping", _l("Choose a field from the list for every column."))
    problem = check_mapping(mapping)
    if problem is not None:
        raise FieldError("mapping", problem)
    if code_set not in CODE_SETS:
        raise FieldError("code_set", _l("Unknown industry code set."))
    with committing(session):
        imp.mapping = list(mapping)
        imp.options = {**imp.options, "code_set": code_set, "as_prospects": bool(as_prospects)}
        queue_step(imp, ImportStatus.PLANNING)
    return imp


def run_dry_run(session: Session, import_id: int, *, today: date) -> CompanyImport | None:
    """The dry run's background job: plan every row and store its outcome, batch by batch.

    Commits the progress row and the stored outcomes after each batch (no company data is
    written). Does nothing unless the import is queued for a dry run; a failure is kept in the
    import's message and status.
    """
    imp = session.get(CompanyImport, import_id)
    if imp is None or imp.status is not ImportStatus.PLANNING:
        return imp
    try:
        table = read_upload(imp.content or b"", imp.filename)
        with committing(session):
            session.execute(delete(CompanyImportRow).where(CompanyImportRow.import_id == imp.id))
            imp.started_at, imp.progress_total, imp.progress_done = utcnow(), len(table.rows), 0
        planner = Planner(session, imp.user, imp, table.headers, today=today)
        for batch in batches(table.numbered(), BATCH):
            plans = planner.plan(batch)
            # a Core insert: one executemany per batch (the ORM's bulk insert splits the batch
            # by which columns are None)
            rows = [p.as_row(imp.id) for p in plans]
            with committing(session):
                session.execute(insert(CompanyImportRow.__table__), rows)
                imp.progress_done += len(batch)
        with committing(session):
            imp.status, imp.finished_at = ImportStatus.PLANNED, utcnow()
    except Exception as exc:
        record_failure(session, import_id, exc)
        if not isinstance(exc, ServiceError):
            raise
    return imp


# --- 3. reading the dry run and deciding ------------------------------------------------------


SHOWS = ("all", "error", "match", "create", "update", "unchanged")


def row_page(
    session: Session, imp: CompanyImport, *, show: str = "all", page: int = 1, per_page: int = 50
) -> Page[CompanyImportRow]:
    """One page of the dry run's rows, in file order; ``show`` narrows it to one outcome."""
    stmt = select(CompanyImportRow).where(CompanyImportRow.import_id == imp.id)
    if show in SHOWS and show != "all":
        stmt = stmt.where(CompanyImportRow.outcome == RowOutcome(show))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = session.scalars(
        stmt.order_by(CompanyImportRow.row_number).offset((page - 1) * per_page).limit(per_page)
    )
    return Page(list(items), total, page, per_page)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """Counts of the dry run: rows per outcome, and what the commit would do with them."""

    outcomes: dict[str, int]
    create: int
    update: int
    skip: int
    undecided_errors: int

    @property
    def rows(self) -> int:
        return sum(self.outcomes.values())


def summarize(session: Session, imp: CompanyImport) -> ImportSummary:
    """What the dry run found and what the commit would do with the current decisions."""
    stmt = (
        select(CompanyImportRow.outcome, CompanyImportRow.decision, func.count())
        .where(CompanyImportRow.import_id == imp.id)
        .group_by(CompanyImportRow.outcome, CompanyImportRow.decision)
    )
    outcomes = {o.value: 0 for o in RowOutcome}
    acts = {d: 0 for d in Decision}
    undecided = 0
    for outcome, decision, count in session.execute(stmt):
        outcomes[outcome.value] += count
        effective = decision or default_decision(outcome)
        if effective is None:
            undecided += count
        else:
            acts[effective] += count
    return ImportSummary(outcomes, acts[Decision.CREATE],
                         acts[Decision.UPDATE] + acts[Decision.UPDATE_NAME],
                         acts[Decision.SKIP], undecided)


def _decidable(imp: CompanyImport) -> None:
    if imp.status is not ImportStatus.PLANNED:
        raise Conflict(_l("The choices can be changed once the dry run has finished."))


def save_decisions(
    session: Session, actor: User, import_id: int, decisions: Mapping[int, str]
) -> int:
    """Keep the actor's choice for each given row (row id -> decision, "" for the default).
    Commits; returns how many rows changed. FieldError for a choice the row does not offer."""
    imp = get_import(session, actor, import_id)
    _decidable(imp)
    if not decisions:
        return 0
    rows = session.scalars(
        select(CompanyImportRow).where(
            CompanyImportRow.import_id == imp.id, CompanyImportRow.id.in_(list(decisions))
        )
    )
    changed = 0
    with committing(session):
        for row in rows:
            value = decisions[row.id]
            try:
                decision = Decision(value) if value else None
            except ValueError as exc:
                raise FieldError(f"row_{row.id}", _l("Choose one of the listed actions.")) from exc
            if decision is not None and decision not in row.choices:
                raise FieldError(f"row_{row.id}", _l("Choose one of the listed actions."))
            if row.decision != decision:
                row.decision = decision
                changed += 1
    return changed


def decide_all(
    session: Session, actor: User, import_id: int, outcome: str, decision: str
) -> int:
    """One decision for every row with one outcome (skip every error row, ...). Commits."""
    imp = get_import(session, actor, import_id)
    _decidable(imp)
    try:
        kind, choice = RowOutcome(outcome), Decision(decision)
    except ValueError as exc:
        raise FieldError("decision", _l("Choose one of the listed actions.")) from exc
    if choice not in decision_choices(kind):
        raise FieldError("decision", _l("Choose one of the listed actions."))
    with committing(session):
        result = session.execute(
            update(CompanyImportRow)
            .where(CompanyImportRow.import_id == imp.id, CompanyImportRow.outcome == kind)
            .values(decision=choice)
        )
    return int(getattr(result, "rowcount", 0) or 0)


# --- 4. commit ---------------------------------------------------------------------------------


def start_commit(session: Session, actor: User, import_id: int) -> CompanyImport:
    """Queue the import itself (``run_commit``) once every error row is decided. Commits the
    import's status only.

    Raises Conflict while an error row is undecided, when nothing would be imported, or when
    the dry run has not finished (or the import already ran); Forbidden for a role that may not
    import.
    """
    imp = get_import(session, actor, import_id)
    authz.require(actor, "company.import")
    stale = imp.status is ImportStatus.COMMITTING and is_stale(imp)
    if imp.status is not ImportStatus.PLANNED and not stale:
        raise Conflict(_l("This import cannot be started now."))
    summary = summarize(session, imp)
    if summary.undecided_errors:
        raise Conflict(ngettext(
            "%(num)d row has an error: correct the file, or choose to skip the row.",
            "%(num)d rows have errors: correct the file, or choose to skip those rows.",
            summary.undecided_errors,
        ))
    if not summary.create and not summary.update:
        raise Conflict(_l("Nothing to import: every row is skipped."))
    with committing(session):
        queue_step(imp, ImportStatus.COMMITTING)
    return imp


def run_commit(session: Session, import_id: int, *, today: date) -> CompanyImport | None:
    """The import's background job: all the rows, or none of them (see ``_write``)."""
    imp = session.get(CompanyImport, import_id)
    if imp is None or imp.status is not ImportStatus.COMMITTING:
        return imp
    try:
        commit_rows(session, imp, today=today)
    except Exception as exc:
        record_failure(session, import_id, exc)
        if not isinstance(exc, ServiceError):
            raise
    return session.get(CompanyImport, import_id)
