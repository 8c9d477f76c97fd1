"""The import's commit: every row is planned again against the database as it is now; when any row
came out differently from the dry run (a company was added or changed meanwhile) nothing is
written and the changed rows are shown again; otherwise all the companies, their audit events and
the import's own event are written in one transaction, and committed once; the companies created
or changed are then rematched (a follow-up of that commit), so they have their funding matches
as soon as the import is done.

Audit: each created company gets a ``company.create`` event with its after-image and each
updated one a ``company.update`` event with the before- and after-image of the changed fields,
exactly as when staff use the form, so a company's history and the audit log's row filter show
where its data came from, and an update by a wrong list can be read back field by field. One
``company.import`` event records the file, the town and the counts. For 20,000 rows that is a
few megabytes and about a second of bulk insert: worth it for an act that can rewrite a town's
whole list. The events are inserted in bulk rather than one flush each.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import authz
from app.clock import utcnow
from app.errors import Forbidden
from app.i18n import lazy_gettext as _l
from app.models import AuditEvent, Company, Interaction, InteractionKind, User
from app.models.imports import (
    CompanyImport,
    CompanyImportRow,
    Decision,
    ImportStatus,
    RowOutcome,
    default_decision,
)
from app.names import normalize_name
from app.presentation.stored_text import store, store_plural
from app.services import _rematch, audit
from app.services._tx import committing
from app.services.companies import figures
from app.services.imports._files import batches, read_upload
from app.services.imports._plan import Planner, RowPlan, update_values

BATCH = 500
WRITE_CHUNK = 1000


def commit_rows(session: Session, imp: CompanyImport, *, today: date) -> None:
    """Check every row again, then write them all in one transaction (or nothing)."""
    actor = imp.user
    if not authz.can(actor, "company.import"):
        raise Forbidden(_l("You may no longer import companies."))
    import_id = imp.id
    table = read_upload(imp.content or b"", imp.filename)
    stored = {
        row.row_number: row
        for row in session.execute(
            select(
                CompanyImportRow.id,
                CompanyImportRow.row_number,
                CompanyImportRow.outcome,
                CompanyImportRow.decision,
                CompanyImportRow.existing_id,
            ).where(CompanyImportRow.import_id == import_id)
        )
    }
    with committing(session):
        imp.started_at, imp.progress_total, imp.progress_done = utcnow(), len(table.rows), 0
    planner = Planner(session, actor, imp, table.headers, today=today)
    work: list[tuple[RowPlan, Decision]] = []
    changed: list[tuple[int | None, RowPlan]] = []
    for batch in batches(table.numbered(), BATCH):
        for plan in planner.plan(batch):
            row = stored.get(plan.row_number)
            if row is None or (row.outcome, row.existing_id) != (plan.outcome, plan.existing_id):
                changed.append((row.id if row is not None else None, plan))
                continue
            decision = row.decision or default_decision(plan.outcome)
            if decision is Decision.CREATE or decision.updates:
                work.append((plan, decision))
        with committing(session):  # the progress row only
            imp.progress_done += len(batch)
    if changed:
        _show_changes(session, imp, changed)
        return
    try:
        with committing(session):
            counts, written = _write(session, actor, imp, work, today=today)
            counts["skipped"] = len(table.rows) - counts["created"] - counts["updated"]
            audit.record(
                session,
                actor,
                "company.import",
                entity="company_import",
                entity_id=import_id,
                city_id=imp.city_id,
                after={"filename": imp.filename, "rows": len(table.rows), **counts},
            )
            imp.status, imp.summary, imp.finished_at = ImportStatus.DONE, counts, utcnow()
            imp.content = None  # the file has served its purpose
            imp.message = None
            # the companies created or changed get their matches once all of them are saved
            _rematch.companies_changed(session, written, today=today)
    except IntegrityError:
        # a company with one of the business IDs was added after the check: nothing landed
        session.rollback()
        imp = session.get(CompanyImport, import_id)  # type: ignore[assignment]
        with committing(session):
            imp.status, imp.finished_at = ImportStatus.PLANNED, utcnow()
            imp.message = store(_l(
                "A company with one of these business IDs was added while the import ran; "
                "nothing was imported. Start the import again to see the rows that changed."
            ))


def _show_changes(
    session: Session, imp: CompanyImport, changed: list[tuple[int | None, RowPlan]]
) -> None:
    """Store the rows that came out differently, undecided, and hand the import back."""
    with committing(session):
        _store_changes(session, imp, changed)


def _store_changes(
    session: Session, imp: CompanyImport, changed: list[tuple[int | None, RowPlan]]
) -> None:
    for row_id, plan in changed:
        values = plan.as_row(imp.id)
        if row_id is None:
            session.execute(insert(CompanyImportRow.__table__), [values])
        else:
            row = session.get(CompanyImportRow, row_id)
            if row is not None:
                for key, value in values.items():
                    setattr(row, key, value)
    imp.status, imp.finished_at = ImportStatus.PLANNED, utcnow()
    imp.message = store_plural(
        "%(num)d row changed since the dry run: nothing was imported. Check it and start "
        "the import again.",
        "%(num)d rows changed since the dry run: nothing was imported. Check them and start "
        "the import again.",
        len(changed),
    )


def _event(actor: User, action: str, company_id: int, city_id: int,
           **images: Any) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor_id": actor.id,
        "action": action,
        "entity": "company",
        "entity_id": company_id,
        "city_id": city_id,
        "before": images.get("before"),
        "after": images.get("after"),
    }


def _plain(value: Any) -> Any:
    """A column value as ``audit.snapshot`` writes it into an image."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@functools.cache
def _image_keys() -> tuple[str, ...]:
    """The columns ``audit.snapshot`` puts in a company's image (asked of it, not repeated)."""
    return tuple(audit.snapshot(Company(name="")))


def _new_rows(imp: CompanyImport, plans: list[RowPlan]) -> list[dict[str, Any]]:
    """Column values of the new companies, complete: bulk inserts bypass the model's hooks."""
    as_prospects = bool(imp.options.get("as_prospects"))
    rows = []
    for plan in plans:
        values = dict(plan.values or {})
        values.update(city_id=imp.city_id, owner_id=None, merged_into_id=None,
                      is_prospect=as_prospects, name_normalized=normalize_name(values["name"]))
        rows.append(values)
    return rows


def _write(
    session: Session,
    actor: User,
    imp: CompanyImport,
    work: list[tuple[RowPlan, Decision]],
    *,
    today: date,
) -> tuple[dict[str, int], list[int]]:
    """Create and update the companies, flush-only, chunk by chunk; returns the counts and the
    ids of the companies created or changed.

    New companies, their interactions and all audit events go in as bulk inserts (one
    statement per chunk); the few updated companies go through the ORM like a form's edit.
    """
    summary = str(
        _l("Last contact according to the imported list %(file)s.", file=imp.filename)
    )
    counts = {"created": 0, "updated": 0, "unchanged": 0, "contacts": 0, "notes": 0,
              "figures": 0}
    changed: list[int] = []
    for chunk in batches(work, WRITE_CHUNK):
        events: list[dict[str, Any]] = []
        written: list[tuple[RowPlan, int, bool]] = []
        same: set[int] = set()
        creates = [plan for plan, decision in chunk if decision is Decision.CREATE]
        if creates:
            rows = _new_rows(imp, creates)
            ids = session.scalars(
                insert(Company).returning(Company.id, sort_by_parameter_order=True), rows
            ).all()
            for plan, row, company_id in zip(creates, rows, ids, strict=True):
                image = {key: _plain(row.get(key)) for key in _image_keys()}
                image["id"] = company_id
                events.append(_event(actor, "company.create", company_id, imp.city_id,
                                     after=image))
                written.append((plan, company_id, True))
                changed.append(company_id)
            counts["created"] += len(creates)
        updates = [(plan, decision) for plan, decision in chunk if decision.updates]
        existing = {
            c.id: c
            for c in session.scalars(
                select(Company).where(Company.id.in_([p.existing_id for p, _d in updates]))
            )
        } if updates else {}
        for plan, decision in updates:
            company = existing[plan.existing_id]  # type: ignore[index]
            before = audit.snapshot(company)
            for key, value in _update(plan, decision, company).items():
                setattr(company, key, value)
            after = audit.snapshot(company)
            diff = audit.changed(before, after)
            if diff:
                events.append(_event(actor, "company.update", company.id, company.city_id,
                                     before={k: before[k] for k in diff},
                                     after={k: after[k] for k in diff}))
                counts["updated"] += 1
                changed.append(company.id)
            else:
                counts["unchanged"] += 1
                same.add(company.id)
            written.append((plan, company.id, False))
        session.flush()
        merged = figures.merge_years(session, {cid: plan.years for plan, cid, _new in written
                                               if plan.years})
        for company_id, images in merged.items():
            city_id = imp.city_id if company_id not in existing else \
                existing[company_id].city_id
            events.append({**_event(actor, "company.figures", company_id, city_id), **images})
            if company_id in same:  # its figures changed, if not its fields
                same.discard(company_id)
                counts["unchanged"] -= 1
                counts["updated"] += 1
        counts["figures"] += len(merged)
        contacts = _last_contacts(session, actor, written, summary)
        notes = _notes(actor, written, today)
        if contacts or notes:
            session.execute(insert(Interaction), contacts + notes)
        counts["contacts"] += len(contacts)
        counts["notes"] += len(notes)
        if events:
            session.execute(insert(AuditEvent), events)
        for company in existing.values():
            session.expunge(company)  # keep the session small: 20,000 rows stay flat in memory
    return counts, changed


def _update(plan: RowPlan, decision: Decision, company: Company) -> dict[str, Any]:
    """The columns an update writes. A registered company's name is replaced by a similar-name
    row only when the user chose that on the row (``UPDATE_NAME``), never by "update all"."""
    values = update_values(plan)
    if (plan.outcome is RowOutcome.MATCH and company.business_id
            and decision is not Decision.UPDATE_NAME):
        values.pop("name", None)
    return values


def _notes(actor: User, written: list[tuple[RowPlan, int, bool]],
           today: date) -> list[dict[str, Any]]:
    """A note on the timeline, dated at the import, for each row with a notes-like column."""
    now = utcnow()
    return [
        {
            "company_id": company_id,
            "occurred_on": today,
            "kind": InteractionKind.NOTE,
            "summary": plan.note,
            "topics": [],
            "created_by_id": actor.id,
            "created_at": now,
            "updated_at": now,
        }
        for plan, company_id, _new in written
        if plan.note
    ]


def _last_contacts(
    session: Session, actor: User, written: list[tuple[RowPlan, int, bool]], summary: str
) -> list[dict[str, Any]]:
    """An interaction on each row's "last contact" date, unless the company has one that day."""
    dated = [(plan.last_contact_on, company_id, new) for plan, company_id, new in written
             if plan.last_contact_on is not None]
    known: set[tuple[int, date]] = set()
    old = [(company_id, day) for day, company_id, new in dated if not new]
    if old:
        stmt = select(Interaction.company_id, Interaction.occurred_on).where(
            tuple_(Interaction.company_id, Interaction.occurred_on).in_(old)
        )
        known = {(cid, day) for cid, day in session.execute(stmt)}
    now = utcnow()
    return [
        {
            "company_id": company_id,
            "occurred_on": day,
            "kind": InteractionKind.OTHER,
            "summary": summary,
            "topics": [],
            "created_by_id": actor.id,
            "created_at": now,
            "updated_at": now,
        }
        for day, company_id, _new in dated
        if day is not None and (company_id, day) not in known
    ]
