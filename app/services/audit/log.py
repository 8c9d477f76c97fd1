"""Reading the audit trail: who sees which events is decided by ``authz.scope_audit``.

A page of events comes with the names of what they are about ("Järvi Siika Oy", not "company
20") and of the users, towns and companies their before/after images refer to by id, each looked
up through ``authz`` so that a name the reader may not see stays a number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.i18n import lazy_gettext as _l
from app.models import AuditEvent, City, Company, Contact, Interaction, Task, User
from app.models.benefits import Application
from app.models.directory import RdiPerson, RdiService
from app.models.funding import FundingSource
from app.models.funding_calls import FundingCall
from app.models.imports import CompanyImport
from app.models.matches import Match
from app.models.pipeline import PipelineStage
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
    """A page of events with the users who acted in them, and the names of the rows they are
    about and refer to: ``names[(entity, id)]``."""

    actors: dict[int, User]
    names: dict[tuple[str, int], str] = field(default_factory=dict)


# image keys that hold the id of another row, and that row's kind
ID_FIELDS = {
    "owner_id": "user", "assignee_id": "user", "created_by_id": "user", "user_id": "user",
    "status_changed_by_id": "user", "actor_id": "user", "city_id": "city",
    "company_id": "company", "keep_id": "company", "drop_id": "company",
    "merged_into_id": "company", "stage_id": "pipeline_stage", "call_id": "funding_call",
    "source_id": "funding_source", "contact_id": "contact", "interaction_id": "interaction",
}


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
    return AuditPage(items, total, page, per_page, actors=actors,
                     names=row_names(session, actor, _references(items)))


def _references(events: list[AuditEvent]) -> dict[str, set[int]]:
    """Every (kind, id) the events are about or refer to in their images."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.entity_id is not None:
            wanted.setdefault(e.entity, set()).add(e.entity_id)
        for image in (e.before, e.after):
            for key, value in (image or {}).items() if isinstance(image, dict) else ():
                kind = ID_FIELDS.get(key)
                if kind and isinstance(value, int) and not isinstance(value, bool):
                    wanted.setdefault(kind, set()).add(value)
    return wanted


def _in_towns(stmt: Any, column: Any, towns: set[int] | None) -> Any:
    return stmt if towns is None else stmt.where(column.in_(towns))


def _visible_companies(actor: User) -> Any:
    return authz.scope(actor, select(Company.id))


def _lookups(actor: User) -> dict[str, Callable[[set[int]], Any]]:
    """Per kind of row: a query of (id, name parts) for some ids, scoped by ``authz``."""
    return {
        "company": lambda ids: authz.scope(
            actor, select(Company.id, Company.name).where(Company.id.in_(ids))),
        "contact": lambda ids: authz.scope(actor, select(
            Contact.id, Contact.first_name, Contact.last_name, Contact.erased_at)
            .where(Contact.id.in_(ids)), Contact),
        "task": lambda ids: authz.scope(
            actor, select(Task.id, Task.title).where(Task.id.in_(ids)), Task),
        "interaction": lambda ids: authz.scope(actor, select(Interaction.id, Company.name).join(
            Company, Interaction.company_id == Company.id).where(Interaction.id.in_(ids)),
            Interaction),
        "match": lambda ids: authz.scope(actor, select(Match.id, Company.name, FundingCall.title)
                                         .join(Company, Match.company_id == Company.id)
                                         .join(FundingCall, Match.call_id == FundingCall.id)
                                         .where(Match.id.in_(ids)), Match),
        "application": lambda ids: select(Application.id, Application.call_title).where(
            Application.id.in_(ids), Application.company_id.in_(_visible_companies(actor))),
        "user": lambda ids: authz.scope(
            actor, select(User.id, User.name).where(User.id.in_(ids)), User),
        "rdi_service": lambda ids: authz.scope(actor, select(RdiService.id, RdiService.name_fi)
                                               .where(RdiService.id.in_(ids)), RdiService),
        "rdi_person": lambda ids: authz.scope(actor, select(RdiPerson.id, RdiPerson.name)
                                              .where(RdiPerson.id.in_(ids)), RdiPerson),
        "company_import": lambda ids: _in_towns(
            select(CompanyImport.id, CompanyImport.filename).where(CompanyImport.id.in_(ids)),
            CompanyImport.city_id, authz.city_scope_ids(actor)),
        # network-wide rows that every reader of the log may name
        "city": lambda ids: select(City.id, City.name_fi).where(City.id.in_(ids)),
        "funding_call": lambda ids: select(FundingCall.id, FundingCall.title).where(
            FundingCall.id.in_(ids)),
        "funding_source": lambda ids: select(FundingSource.id, FundingSource.name).where(
            FundingSource.id.in_(ids)),
        "pipeline_stage": lambda ids: select(PipelineStage.id, PipelineStage.name_fi).where(
            PipelineStage.id.in_(ids)),
    }


def row_names(session: Session, actor: User, wanted: dict[str, set[int]]) -> dict[
        tuple[str, int], str]:
    """The names of the rows, by (kind, id), that the actor may see; one query per kind."""
    lookups = _lookups(actor)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        query = lookups.get(kind)
        if query is None or not ids:
            continue
        for row_id, *parts in session.execute(query(ids)):
            if kind == "contact":
                # an erased person's row holds a placeholder name: say so in the reader's words
                text = str(_l("Erased person")) if parts[2] else f"{parts[0]} {parts[1]}"
            else:
                text = " – ".join(str(p) for p in parts if p)
            if text.strip():
                names[(kind, row_id)] = text
    return names


def actions(session: Session, actor: User) -> list[str]:
    """The actions that occur in the events the actor may read, for the filter's choices."""
    stmt = authz.scope_audit(actor, select(AuditEvent.action).distinct())
    return sorted(session.scalars(stmt))


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
