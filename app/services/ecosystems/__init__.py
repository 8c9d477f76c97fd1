"""Use cases of ecosystems and projects: a town keeps its ecosystems and the projects that run
them; an ecosystem or project that spans towns is every one of those towns'. Lessons are in
``lessons``, the course portal in ``courses``, the network search in ``search``.

Each public function checks access through ``app.authz``, writes the audit event and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import ErrorCollector, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import City, Company, User
from app.models.benefits import Application, Outcome
from app.models.ecosystems import (
    Ecosystem,
    EcosystemCompany,
    EcosystemTown,
    Project,
    ProjectCompany,
    ProjectStatus,
    ProjectTown,
)
from app.models.funding_calls import FundingCall
from app.services import audit
from app.services._tx import committing
from app.services.companies.search import business_id_of
from app.services.ecosystems._fields import clean_list, optional_text, theme_list
from app.services.validation import require_text

MAX_COMPANIES = 200


@dataclass(frozen=True, slots=True)
class EcosystemInput:
    """An ecosystem as typed in; companies by business ID (Y-tunnus)."""

    name: str
    description: str = ""
    themes: tuple[str, ...] = ()
    anchor_business_ids: tuple[str, ...] = ()
    member_business_ids: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    contact_id: int | None = None
    town_ids: tuple[int, ...] = ()  # other towns it spans
    city_id: int | None = None  # the coordinator's choice; others always their own town


@dataclass(frozen=True, slots=True)
class ProjectInput:
    """A project as typed in; companies by business ID, the call by its number in Veturi."""

    name: str
    status: str = ProjectStatus.RUNNING.value
    funder: str = ""
    programme: str = ""
    call_id: int | None = None
    ecosystem_id: int | None = None
    budget_eur: Decimal | None = None
    granted_eur: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    coordinator: str = ""
    partners: tuple[str, ...] = ()
    member_business_ids: tuple[str, ...] = ()
    town_ids: tuple[int, ...] = ()
    outputs: str = ""
    results: str = ""
    city_id: int | None = None


def towns_for(session: Session, actor: User) -> list[City]:
    """Every town (an ecosystem or project may span any of them)."""
    return list(session.scalars(select(City).order_by(City.name_fi)))


def _town(session: Session, actor: User, requested: int | None) -> int:
    city_id = authz.listing_town(actor, requested)
    if city_id is None or (requested is not None and session.get(City, city_id) is None):
        raise FieldError("city_id", _l("Choose the town."))
    return city_id


def _other_towns(session: Session, errors: ErrorCollector, ids: tuple[int, ...],
                 own: int | None) -> list[int]:
    wanted = {i for i in ids if i != own}
    if not wanted:
        return []
    found = set(session.scalars(select(City.id).where(City.id.in_(wanted))))
    if found != wanted:
        errors.add("town_ids", _l("Choose the towns from the list."))
    return sorted(found)


def _companies(session: Session, actor: User, errors: ErrorCollector, field: str,
               business_ids: tuple[str, ...]) -> list[Company]:
    """The companies named by business ID, each one the actor may see; another town's unshared
    company is reported like an unknown one."""
    wanted: list[str] = []
    for raw in business_ids:
        bid = business_id_of(raw)
        if bid is None:
            errors.add(field, _l("%(value)s is not a valid business ID.", value=raw[:20]))
            return []
        if bid not in wanted:
            wanted.append(bid)
    if len(wanted) > MAX_COMPANIES:
        errors.add(field, _l("At most %(n)d companies.", n=MAX_COMPANIES))
        return []
    if not wanted:
        return []
    stmt = authz.scope(actor, select(Company).where(Company.business_id.in_(wanted)))
    found = {c.business_id: c for c in session.scalars(stmt)}
    missing = [b for b in wanted if b not in found]
    if missing:
        errors.add(field, _l("No company with the business ID %(ids)s in your towns.",
                             ids=", ".join(missing[:5])))
        return []
    return [found[b] for b in wanted]


def _contact(session: Session, actor: User, errors: ErrorCollector, contact_id: int | None,
             city_id: int | None) -> int | None:
    if contact_id is None or city_id is None:
        return None
    if authz.get_assignable(session, actor, [contact_id], city_id=city_id) is None:
        errors.add("contact_id", _l("Choose the contact person from the list."))
        return None
    return contact_id


# -- ecosystems -------------------------------------------------------------------------------

def list_ecosystems(session: Session, actor: User) -> list[Ecosystem]:
    """The ecosystems of the actor's towns (those they span included)."""
    authz.require(actor, "ecosystem.view")
    stmt = authz.scope(actor, select(Ecosystem), Ecosystem).options(
        selectinload(Ecosystem.city), selectinload(Ecosystem.members))
    return list(session.scalars(stmt.order_by(Ecosystem.name, Ecosystem.id)))


def get_ecosystem(session: Session, actor: User, ecosystem_id: int, *,
                  for_write: bool = False) -> Ecosystem:
    action = "ecosystem.edit" if for_write else "ecosystem.view"
    return authz.get_for(session, actor, Ecosystem, ecosystem_id, action)


def visible_members(session: Session, actor: User, ecosystem: Ecosystem | Project
                    ) -> list[tuple[Company, bool]]:
    """The companies of an ecosystem or project the actor may see (anchors first): a town that
    shares an ecosystem does not see the other town's unshared companies in it."""
    visible = set(session.scalars(authz.scope(actor, select(Company.id).where(
        Company.id.in_([m.company_id for m in ecosystem.members])))))
    rows = [(m.company, bool(getattr(m, "is_anchor", False))) for m in ecosystem.members
            if m.company_id in visible]
    return sorted(rows, key=lambda r: (not r[1], r[0].name))


def _ecosystem_values(session: Session, actor: User, data: EcosystemInput, city_id: int | None,
                      errors: ErrorCollector) -> dict:
    values = {
        "name": errors.check(require_text, data.name, "name", max_length=200),
        "description": errors.check(require_text, data.description, "description",
                                    max_length=5000, required=False) or "",
        "themes": theme_list(errors, data.themes),
        "partners": clean_list(errors, data.partners, "partners"),
        "contact_id": _contact(session, actor, errors, data.contact_id, city_id),
    }
    anchors = _companies(session, actor, errors, "anchor_business_ids", data.anchor_business_ids)
    others = _companies(session, actor, errors, "member_business_ids", data.member_business_ids)
    values["members"] = [(c, True) for c in anchors] + [
        (c, False) for c in others if c.id not in {a.id for a in anchors}]
    values["towns"] = _other_towns(session, errors, data.town_ids, city_id)
    return values


def _set_members(session: Session, actor: User, row: Ecosystem | Project,
                 members: list[tuple[Company, bool]]) -> None:
    """Replace the companies the actor sees; those of other towns hidden from them stay. An
    ecosystem's member says whether it is an anchor, a project's does not."""
    visible = {c.id for c, _a in visible_members(session, actor, row)} if row.id else set()
    keep = [m for m in row.members if m.company_id not in visible]
    kept = {m.company_id for m in keep}
    added = [(c, a) for c, a in members if c.id not in kept]
    if isinstance(row, Ecosystem):
        row.members = keep + [EcosystemCompany(company_id=c.id, is_anchor=a) for c, a in added]
    else:
        row.members = keep + [ProjectCompany(company_id=c.id) for c, _a in added]


def create_ecosystem(session: Session, actor: User, data: EcosystemInput) -> Ecosystem:
    """Add an ecosystem to a town. Raises FieldError (all at once), Forbidden."""
    authz.require(actor, "ecosystem.edit")
    errors = ErrorCollector()
    city_id = errors.check(_town, session, actor, data.city_id)
    values = _ecosystem_values(session, actor, data, city_id, errors)
    errors.raise_if_any()
    with committing(session):
        eco = Ecosystem(city_id=city_id, created_by_id=actor.id, name=values["name"],
                        description=values["description"], themes=values["themes"],
                        partners=values["partners"], contact_id=values["contact_id"])
        eco.towns = [EcosystemTown(city_id=t) for t in values["towns"]]
        eco.members = [EcosystemCompany(company_id=c.id, is_anchor=a)
                       for c, a in values["members"]]
        audit.record_created(session, actor, eco, entity="ecosystem", city_id=city_id)
    return eco


def update_ecosystem(session: Session, actor: User, ecosystem_id: int, data: EcosystemInput
                     ) -> Ecosystem:
    """Change an ecosystem of one of the actor's towns (its own town stays)."""
    eco = get_ecosystem(session, actor, ecosystem_id, for_write=True)
    errors = ErrorCollector()
    values = _ecosystem_values(session, actor, data, eco.city_id, errors)
    errors.raise_if_any()
    with committing(session):
        before = audit.snapshot(eco)
        audit.assign(eco, {k: values[k] for k in
                           ("name", "description", "themes", "partners", "contact_id")})
        _set_members(session, actor, eco, values["members"])
        eco.towns = [EcosystemTown(city_id=t) for t in values["towns"]]
        session.flush()
        audit.record_changes(session, actor, eco, before, entity="ecosystem",
                             city_id=eco.city_id)
    return eco


def delete_ecosystem(session: Session, actor: User, ecosystem_id: int) -> None:
    eco = get_ecosystem(session, actor, ecosystem_id, for_write=True)
    with committing(session):
        audit.record(session, actor, "ecosystem.delete", entity="ecosystem", entity_id=eco.id,
                     city_id=eco.city_id, before=audit.snapshot(eco))
        session.delete(eco)


def ecosystem_choices(session: Session, actor: User) -> list[tuple[int, str]]:
    return [(e.id, e.name) for e in list_ecosystems(session, actor)]


# -- projects ---------------------------------------------------------------------------------

def list_projects(session: Session, actor: User, *, ecosystem_id: int | None = None,
                  company_id: int | None = None) -> list[Project]:
    """The projects of the actor's towns (those they take part in included)."""
    authz.require(actor, "ecosystem.view")
    stmt = authz.scope(actor, select(Project), Project).options(
        selectinload(Project.city), selectinload(Project.ecosystem))
    if ecosystem_id is not None:
        stmt = stmt.where(Project.ecosystem_id == ecosystem_id)
    if company_id is not None:
        stmt = stmt.where(Project.id.in_(select(ProjectCompany.project_id).where(
            ProjectCompany.company_id == company_id)))
    return list(session.scalars(stmt.order_by(Project.starts_on.desc(), Project.name)))


def get_project(session: Session, actor: User, project_id: int, *, for_write: bool = False
                ) -> Project:
    action = "ecosystem.edit" if for_write else "ecosystem.view"
    return authz.get_for(session, actor, Project, project_id, action)


def _money(errors: ErrorCollector, value: Decimal | None, field: str) -> Decimal | None:
    if value is not None and not (0 <= value < Decimal("1e12")):
        errors.add(field, _l("Give a sum of euros of zero or more."))
        return None
    return value


def _project_values(session: Session, actor: User, data: ProjectInput, city_id: int | None,
                    errors: ErrorCollector) -> dict:
    values: dict = {
        "name": errors.check(require_text, data.name, "name", max_length=300),
        "funder": optional_text(errors, data.funder, "funder", 300),
        "programme": optional_text(errors, data.programme, "programme", 300),
        "coordinator": optional_text(errors, data.coordinator, "coordinator", 300),
        "outputs": errors.check(require_text, data.outputs, "outputs", max_length=5000,
                                required=False) or "",
        "results": errors.check(require_text, data.results, "results", max_length=5000,
                                required=False) or "",
        "partners": clean_list(errors, data.partners, "partners"),
        "budget_eur": _money(errors, data.budget_eur, "budget_eur"),
        "granted_eur": _money(errors, data.granted_eur, "granted_eur"),
        "starts_on": data.starts_on, "ends_on": data.ends_on,
    }
    try:
        values["status"] = ProjectStatus(data.status)
    except ValueError:
        errors.add("status", _l("Choose a status."))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors.add("ends_on", _l("The end cannot be before the start."))
    call_id = data.call_id
    if call_id is not None and (not 0 < call_id < 2**31 or session.get(FundingCall, call_id)
                                is None):
        errors.add("call_id", _l("No funding call with this number."))
        call_id = None
    values["call_id"] = call_id
    eco_id = data.ecosystem_id
    if eco_id is not None:
        visible = authz.scope(actor, select(Ecosystem.id).where(Ecosystem.id == eco_id),
                              Ecosystem)
        if session.scalar(visible) is None:
            errors.add("ecosystem_id", _l("Choose the ecosystem from the list."))
            eco_id = None
    values["ecosystem_id"] = eco_id
    values["members"] = [(c, False) for c in _companies(
        session, actor, errors, "member_business_ids", data.member_business_ids)]
    values["towns"] = _other_towns(session, errors, data.town_ids, city_id)
    return values


_PROJECT_COLUMNS = ("name", "funder", "programme", "coordinator", "outputs", "results",
                    "partners", "budget_eur", "granted_eur", "starts_on", "ends_on", "status",
                    "call_id", "ecosystem_id")


def create_project(session: Session, actor: User, data: ProjectInput) -> Project:
    """Add a project to a town. Raises FieldError (all at once), Forbidden."""
    authz.require(actor, "ecosystem.edit")
    errors = ErrorCollector()
    city_id = errors.check(_town, session, actor, data.city_id)
    values = _project_values(session, actor, data, city_id, errors)
    errors.raise_if_any()
    with committing(session):
        project = Project(city_id=city_id, created_by_id=actor.id,
                          **{k: values[k] for k in _PROJECT_COLUMNS})
        project.towns = [ProjectTown(city_id=t) for t in values["towns"]]
        project.members = [ProjectCompany(company_id=c.id) for c, _a in values["members"]]
        audit.record_created(session, actor, project, entity="project", city_id=city_id)
    return project


def update_project(session: Session, actor: User, project_id: int, data: ProjectInput
                   ) -> Project:
    project = get_project(session, actor, project_id, for_write=True)
    errors = ErrorCollector()
    values = _project_values(session, actor, data, project.city_id, errors)
    errors.raise_if_any()
    with committing(session):
        before = audit.snapshot(project)
        audit.assign(project, {k: values[k] for k in _PROJECT_COLUMNS})
        _set_members(session, actor, project, values["members"])
        project.towns = [ProjectTown(city_id=t) for t in values["towns"]]
        session.flush()
        audit.record_changes(session, actor, project, before, entity="project",
                             city_id=project.city_id)
    return project


def delete_project(session: Session, actor: User, project_id: int) -> None:
    project = get_project(session, actor, project_id, for_write=True)
    with committing(session):
        audit.record(session, actor, "project.delete", entity="project", entity_id=project.id,
                     city_id=project.city_id, before=audit.snapshot(project))
        session.delete(project)


def project_from_application(session: Session, actor: User, application_id: int) -> Project:
    """Turn a funded application into a project in one step: its call, programme, sum granted
    and company carry over; the town is the company's. Conflict-free: a second call returns the
    project made the first time."""
    application = session.get(Application, application_id) if 0 < application_id < 2**31 \
        else None
    if application is None:
        raise NotFound()
    authz.require(actor, "ecosystem.edit", application.company)  # another town's: NotFound
    existing = session.scalar(select(Project).where(Project.application_id == application.id))
    if existing is not None:
        return existing
    if application.outcome is not Outcome.AWARDED:
        raise FieldError("application_id", _l("Only a funded application can become a project."))
    call = application.call
    with committing(session):
        project = Project(
            city_id=application.company.city_id, created_by_id=actor.id,
            application_id=application.id, name=application.call_title[:300],
            funder=(call.funder if call is not None else None),
            programme=application.programme or (call.programme if call is not None else None),
            call_id=application.call_id, status=ProjectStatus.RUNNING,
            granted_eur=application.amount_granted_eur,
            budget_eur=application.amount_applied_eur, partners=[])
        project.members = [ProjectCompany(company_id=application.company_id)]
        audit.record_created(session, actor, project, entity="project",
                             city_id=project.city_id)
    return project


def company_projects(session: Session, actor: User, company: Company) -> list[Project]:
    """The projects a company takes part in that the actor may see (for the company page)."""
    return list_projects(session, actor, company_id=company.id)


def awarded_without_project(session: Session, actor: User, company: Company
                            ) -> list[Application]:
    """The company's funded applications that are not a project yet (offered as one step)."""
    if not authz.can(actor, "ecosystem.edit", company):
        return []
    made = select(Project.application_id).where(Project.application_id.is_not(None))
    stmt = select(Application).where(Application.company_id == company.id,
                                     Application.outcome == Outcome.AWARDED,
                                     Application.id.not_in(made))
    return list(session.scalars(stmt.order_by(Application.id)))


STATUSES = tuple(s.value for s in ProjectStatus)
