"""The R&D&I directory's use cases: a town's admins keep their town's R&D&I services and R&D&I
responsible people (the coordinator any town's); everyone signed in reads the people of the whole
network. What the public sees is built in ``public.py`` from these rows.

Each public function checks access through ``app.authz``, writes the audit event and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import ErrorCollector, FieldError
from app.i18n import lazy_gettext as _l
from app.models import City, User
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory
from app.services import audit
from app.services._tx import committing
from app.services.directory._rules import SERVICE_LANGUAGES, person_values, service_values

__all__ = [
    "SERVICE_LANGUAGES", "PersonInput", "ServiceInput", "create_person", "create_service",
    "delete_person", "delete_service", "get_person", "get_service", "list_people", "list_services",
    "update_person", "update_service", "towns_for",
]


@dataclass(frozen=True, slots=True)
class ServiceInput:
    """A service as typed in: Finnish texts required, Swedish and English optional."""

    category: str
    name_fi: str
    provider: str
    description_fi: str = ""
    name_sv: str = ""
    name_en: str = ""
    description_sv: str = ""
    description_en: str = ""
    target_group_fi: str = ""
    target_group_sv: str = ""
    target_group_en: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    url: str = ""
    languages: tuple[str, ...] = ("fi",)
    is_published: bool = True
    internal_note: str = ""
    city_id: int | None = None  # the coordinator's choice; others always their own town


@dataclass(frozen=True, slots=True)
class PersonInput:
    """An R&D&I responsible person or deputy; ``topics`` as separate words or phrases."""

    name: str
    role: str = PersonRole.RESPONSIBLE.value
    title: str = ""
    email: str = ""
    phone: str = ""
    topics: tuple[str, ...] = field(default_factory=tuple)
    has_public_consent: bool = False
    city_id: int | None = None


def towns_for(session: Session, actor: User) -> list[City]:
    """The towns whose listings the actor may keep (the coordinator: every town)."""
    stmt = select(City).order_by(City.name_fi)
    if not authz.is_coordinator(actor):
        stmt = stmt.where(City.id == actor.city_id)
    return list(session.scalars(stmt))


def _town(session: Session, actor: User, requested: int | None) -> int:
    city_id = authz.listing_town(actor, requested)
    if city_id is None or (requested is not None and session.get(City, city_id) is None):
        raise FieldError("city_id", _l("Choose the town."))
    return city_id


def list_services(session: Session, actor: User, *, city_id: int | None = None
                  ) -> list[RdiService]:
    """The services the actor's towns list, drafts included (a coordinator: all, or one town)."""
    authz.require(actor, "directory.view")
    stmt = authz.scope(actor, select(RdiService), RdiService).options(
        selectinload(RdiService.city))
    if city_id is not None:
        stmt = stmt.where(RdiService.city_id == city_id)
    return list(session.scalars(stmt.order_by(RdiService.city_id, RdiService.name_fi)))


def get_service(session: Session, actor: User, service_id: int) -> RdiService:
    return authz.get_for(session, actor, RdiService, service_id, "directory.edit")


def create_service(session: Session, actor: User, data: ServiceInput) -> RdiService:
    """Add a service to a town's listing (published at once unless saved as a draft).
    Raises FieldError (all wrong fields at once), Forbidden without the right."""
    authz.require(actor, "directory.edit")
    errors = ErrorCollector()
    city_id = errors.check(_town, session, actor, data.city_id)
    values = service_values(data, errors)
    errors.raise_if_any()
    with committing(session):
        service = RdiService(city_id=city_id, created_by_id=actor.id, **values)
        audit.record_created(session, actor, service, entity="rdi_service", city_id=city_id)
    return service


def update_service(session: Session, actor: User, service_id: int, data: ServiceInput
                   ) -> RdiService:
    """Change a service of the actor's town (its town stays). Audited when something changed."""
    service = get_service(session, actor, service_id)
    errors = ErrorCollector()
    values = service_values(data, errors)
    errors.raise_if_any()
    return _save_changes(session, actor, service, values, "rdi_service")


def delete_service(session: Session, actor: User, service_id: int) -> None:
    """Remove a service from the directory for good (its audit image keeps what it said)."""
    _delete(session, actor, get_service(session, actor, service_id), "rdi_service")


def list_people(session: Session, actor: User, *, city_id: int | None = None
                ) -> list[RdiPerson]:
    """The whole network's R&D&I responsible people and deputies, for everyone signed in: the
    people are there to be contacted across towns (the consent flag is only about the public)."""
    authz.require(actor, "directory.view")
    stmt = select(RdiPerson).options(selectinload(RdiPerson.city))
    if city_id is not None:
        stmt = stmt.where(RdiPerson.city_id == city_id)
    rows = session.scalars(stmt).all()
    return sorted(rows, key=lambda p: (p.city.name_fi, p.role is not PersonRole.RESPONSIBLE,
                                       p.name, p.id))


def get_person(session: Session, actor: User, person_id: int) -> RdiPerson:
    return authz.get_for(session, actor, RdiPerson, person_id, "directory.edit")


def create_person(session: Session, actor: User, data: PersonInput) -> RdiPerson:
    """Name a town's R&D&I responsible person or deputy. Raises FieldError, Forbidden."""
    authz.require(actor, "directory.edit")
    errors = ErrorCollector()
    city_id = errors.check(_town, session, actor, data.city_id)
    values = person_values(data, errors, was_consenting=False)
    errors.raise_if_any()
    with committing(session):
        person = RdiPerson(city_id=city_id, created_by_id=actor.id, **values)
        audit.record_created(session, actor, person, entity="rdi_person", city_id=city_id)
    return person


def update_person(session: Session, actor: User, person_id: int, data: PersonInput
                  ) -> RdiPerson:
    """Change a person's details or consent; the time a consent was given is recorded."""
    person = get_person(session, actor, person_id)
    errors = ErrorCollector()
    values = person_values(data, errors, was_consenting=person.has_public_consent)
    errors.raise_if_any()
    return _save_changes(session, actor, person, values, "rdi_person")


def delete_person(session: Session, actor: User, person_id: int) -> None:
    _delete(session, actor, get_person(session, actor, person_id), "rdi_person")


_Row = TypeVar("_Row", RdiService, RdiPerson)


def _save_changes(session: Session, actor: User, row: _Row, values: dict, entity: str) -> _Row:
    """Assign checked values to a town's row; audited only when something changed."""
    with committing(session):
        before = audit.snapshot(row)
        audit.assign(row, values)
        session.flush()
        audit.record_changes(session, actor, row, before, entity=entity, city_id=row.city_id)
    return row


def _delete(session: Session, actor: User, row: RdiService | RdiPerson, entity: str) -> None:
    """Remove a row for good; its audit image keeps what it said."""
    with committing(session):
        audit.record(session, actor, f"{entity}.delete", entity=entity, entity_id=row.id,
                     city_id=row.city_id, before=audit.snapshot(row))
        session.delete(row)


CATEGORIES = tuple(c.value for c in ServiceCategory)
ROLES = tuple(r.value for r in PersonRole)
