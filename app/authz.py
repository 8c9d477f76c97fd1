"""The one place that decides who may see or change what.

Town-owned rows (companies and everything hanging off them: contacts, interactions, tasks,
matches) are visible to the owning town's users, to towns the company is shared with, and to
network coordinators. A row outside the actor's scope is reported as *not found* (404), never as
forbidden, so nobody learns that another town's company exists; the one exception is a consortium
call's partner suggestions (``scope_partner_suggestions``: name and town only). A visible row the
actor's role may not change raises ``Forbidden``. Views, services, the API and templates ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import Select, and_, false, or_, select, union
from sqlalchemy.orm import Session

from app.authz_network import (  # the rules of rows shared beyond one town
    TOWN_SPANNING,
    can_see_lesson,
    can_see_spanning,
    lesson_clause,
    scope_partner_suggestions,  # noqa: F401  (used as app.authz.scope_partner_suggestions)
    spanning_clause,
)
from app.errors import Forbidden, NotFound
from app.i18n import lazy_gettext as _l
from app.models import (
    AuditEvent,
    City,
    Company,
    CompanyShare,
    Contact,
    Interaction,
    Role,
    Task,
    User,
)
from app.models.directory import RdiPerson, RdiService
from app.models.ecosystems import Lesson
from app.models.matches import Match

T = TypeVar("T")

# action -> roles allowed to do it (within their scope). Coordinators may do everything.
_RULES: dict[str, frozenset[Role]] = {
    "company.view": frozenset(Role),
    "company.create": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "company.edit": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "company.share": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    "company.merge": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "company.import": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "contact.edit": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "contact.erase": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    "interaction.create": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "task.edit": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "user.manage": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    "audit.view": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    "network.settings": frozenset({Role.COORDINATOR}),
    "match.act": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "network.view_all": frozenset({Role.COORDINATOR}),
    # funding calls are network-wide: everyone reads them, the coordinator keeps them
    "call.view": frozenset(Role),
    "call.edit": frozenset({Role.COORDINATOR}),
    "call.import": frozenset({Role.COORDINATOR}),
    # the pipeline: everyone reads their towns' board, staff move companies, the coordinator
    # sets the network's stages and signal thresholds
    "pipeline.view": frozenset(Role),
    "pipeline.move": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "pipeline.configure": frozenset({Role.COORDINATOR}),
    # the R&D&I directory: everyone signed in reads it, a town's admins keep their town's part
    "directory.view": frozenset(Role),
    "directory.edit": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    # the network page: everyone signed in reads it; the coordinator runs the meetings, the
    # chair rotation and the network's goals; a town's admins keep their town's goals and the
    # follow-up of decisions their town owns
    "network.view": frozenset(Role),
    "network.edit": frozenset({Role.COORDINATOR}),
    "network.town_edit": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
    # ecosystems and projects: their towns read and keep them (an ecosystem may span towns)
    "ecosystem.view": frozenset(Role),
    "ecosystem.edit": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    # lessons learned are shared with the whole network on purpose: every signed-in user reads
    # them (unless kept to the author's town), the author's town keeps them
    "lesson.view": frozenset(Role),
    "lesson.edit": frozenset({Role.STAFF, Role.CITY_ADMIN, Role.COORDINATOR}),
    "lesson.helped": frozenset(Role),
    # the course portal is public; the coordinator keeps partners and courses, a town's admins
    # choose the courses their town highlights
    "course.edit": frozenset({Role.COORDINATOR}),
    "course.highlight": frozenset({Role.CITY_ADMIN, Role.COORDINATOR}),
}

# Town-owned models and the path from each to its company's city.
_COMPANY_OWNED = (Contact, Interaction, Task, Match)
# Town-owned rows that hang off no company: a town's own listings in the R&D&I directory.
_TOWN_LISTED = (RdiService, RdiPerson)


def is_coordinator(actor: User) -> bool:
    return actor.role is Role.COORDINATOR


def city_scope_ids(actor: User) -> set[int] | None:
    """The towns whose own rows the actor sees, or None for the whole network."""
    if is_coordinator(actor):
        return None
    return {actor.city_id} if actor.city_id is not None else set()


def _company_visible_clause(actor: User) -> Any:
    if is_coordinator(actor):
        return None
    if actor.city_id is None:
        return false()
    shared = select(CompanyShare.company_id).where(CompanyShare.city_id == actor.city_id)
    return or_(Company.city_id == actor.city_id, Company.id.in_(shared))


def scope(actor: User, stmt: Select[Any], model: type = Company) -> Select[Any]:
    """Limit a query of a town-owned model to the rows the actor may see.

    ``model`` is the town-owned entity the statement selects from; for rows owned through a
    company the statement is joined to that company.
    """
    clause = _company_visible_clause(actor)
    if clause is None:
        return stmt
    if model is Company:
        return stmt.where(clause)
    shared = select(CompanyShare.company_id).where(CompanyShare.city_id == actor.city_id)
    if model is Task:  # carries its company's town (``Task.city_id``): no join with companies
        return stmt.where(or_(Task.city_id == actor.city_id, Task.company_id.in_(shared)))
    if model in _COMPANY_OWNED:
        # the town's companies and those shared with it as a UNION: an OR of the two would
        # keep either index from answering (a town's matches, contacts)
        own = select(Company.id).where(Company.city_id == actor.city_id)
        return stmt.where(model.company_id.in_(union(own, shared)))
    if model is User or model in _TOWN_LISTED:
        return stmt.where(model.city_id == actor.city_id)  # type: ignore[attr-defined]
    if model in TOWN_SPANNING:
        return stmt.where(spanning_clause(actor, model))
    if model is Lesson:
        return stmt.where(lesson_clause(actor))
    raise TypeError(f"{model.__name__} is not a town-owned model")


def scope_parts(actor: User, stmt: Select[Any], model: type = Company) -> list[Select[Any]]:
    """``scope`` of companies or tasks as disjoint parts (own town; shared with it), each
    answered by an index alone: counting over one ``OR`` makes both engines read the table."""
    if is_coordinator(actor):
        return [stmt]
    if actor.city_id is None:
        return [stmt.where(false())]
    shared = select(CompanyShare.company_id).where(CompanyShare.city_id == actor.city_id)
    town, key = (Task.city_id, Task.company_id) if model is Task else (Company.city_id, Company.id)
    return [stmt.where(town == actor.city_id), stmt.where(key.in_(shared), town != actor.city_id)]


def can_see_company(actor: User, company: Company) -> bool:
    if is_coordinator(actor):
        return True
    if actor.city_id is None:
        return False
    if company.city_id == actor.city_id:
        return True
    return any(share.city_id == actor.city_id for share in company.shares)


def _row_company(row: Any) -> Company | None:
    if isinstance(row, Company):
        return row
    return getattr(row, "company", None)


def can(actor: User | None, action: str, row: Any = None) -> bool:
    """May the actor do this action (on this row)? Pure: used by templates to show buttons."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    roles = _RULES.get(action)
    if roles is None:
        raise KeyError(f"unknown action {action!r}")
    if actor.role not in roles:
        return False
    if row is None:
        return True
    if isinstance(row, City):
        return is_coordinator(actor) or row.id == actor.city_id
    if isinstance(row, _TOWN_LISTED):
        return is_coordinator(actor) or row.city_id == actor.city_id
    if isinstance(row, TOWN_SPANNING):
        return can_see_spanning(actor, row)
    if isinstance(row, Lesson):
        # reading is the network's; changing is the author's town's
        if action in ("lesson.view", "lesson.helped"):
            return can_see_lesson(actor, row)
        return is_coordinator(actor) or (actor.city_id is not None
                                         and row.city_id == actor.city_id)
    if isinstance(row, User):
        city_id = row.city.id if row.city is not None else row.city_id
        return is_coordinator(actor) or (
            city_id == actor.city_id and row.role is not Role.COORDINATOR
        )
    company = _row_company(row)
    if company is not None:
        return can_see_company(actor, company)
    return is_coordinator(actor)


def require(actor: User, action: str, row: Any = None) -> None:
    """Raise NotFound for a row outside the actor's scope, Forbidden for a missing right."""
    company = _row_company(row) if row is not None else None
    if company is not None and not can_see_company(actor, company):
        raise NotFound()
    if isinstance(row, TOWN_SPANNING) and not can_see_spanning(actor, row):
        raise NotFound()
    if isinstance(row, Lesson) and not can_see_lesson(actor, row):
        raise NotFound()
    if not can(actor, action, row):
        raise Forbidden()


def _visible_row(session: Session, actor: User, model: type[T], row_id: int) -> T:
    """The town-owned row if the actor may see it; NotFound for an unknown id or another town's."""
    if not 0 < row_id < 2**31:
        raise NotFound()
    stmt = scope(actor, select(model).where(model.id == row_id), model)  # type: ignore[attr-defined]
    row = session.scalars(stmt).one_or_none()
    if row is None:
        raise NotFound()
    return row


def get_for(session: Session, actor: User, model: type[T], row_id: int, action: str) -> T:
    """THE "get this row for this action or 404" of every use case.

    A town-owned row (a company, or a contact, interaction, task or match through its company) is
    looked up within the actor's scope, so another town's row is NotFound like an unknown id, and
    then the action is checked on it (Forbidden). A network-wide row (a funding call, a source, a
    harvest job) needs the right first (Forbidden), then NotFound for an unknown id.
    """
    if (model is Company or model in _COMPANY_OWNED or model in _TOWN_LISTED
            or model in TOWN_SPANNING or model is Lesson):
        row = _visible_row(session, actor, model, row_id)
        require(actor, action, row)
        return row
    require(actor, action)
    found = session.get(model, row_id) if 0 < row_id < 2**31 else None
    if found is None:
        raise NotFound()
    return found


def get_company(
    session: Session, actor: User, company_id: int, *, for_write: bool = False
) -> Company:
    """Load a company the actor may see (NotFound otherwise); for_write also checks the role."""
    company = _visible_row(session, actor, Company, company_id)
    if for_write and not can(actor, "company.edit", company):
        raise Forbidden()
    return company


def get_owned(
    session: Session, actor: User, model: type[T], row_id: int, *, action: str | None = None
) -> T:
    """Load a company-owned row (contact, interaction, task) within the actor's scope."""
    row = _visible_row(session, actor, model, row_id)
    if action is not None:
        require(actor, action, row)
    return row


def scope_audit(actor: User, stmt: Select[Any]) -> Select[Any]:
    """Limit a query of audit events to those the actor may read; Forbidden without the right.

    A coordinator reads every event; a city admin their town's events and the network-wide
    events (no town) of their town's users, such as their sign-ins and refused requests.
    """
    if not can(actor, "audit.view"):
        raise Forbidden()
    if is_coordinator(actor):
        return stmt
    town_users = select(User.id).where(User.city_id == actor.city_id)
    return stmt.where(
        or_(
            AuditEvent.city_id == actor.city_id,
            AuditEvent.actor_id.in_(town_users) & AuditEvent.city_id.is_(None),
        )
    )


def can_see_user(actor: User, user: User) -> bool:
    """Whether the actor may look a user up at all: a user of another town is unknown to them."""
    return is_coordinator(actor) or user.city_id == actor.city_id


# Roles that do the town's work and so can own a company, hold a task or take part in a contact.
# A city admin works as staff does; a viewer only reads. A coordinator works for the whole network
# and is offered only to another coordinator, so that a town's staff never list network users.
ASSIGNABLE_ROLES = frozenset({Role.STAFF, Role.CITY_ADMIN})


def company_towns(company: Company) -> set[int]:
    """The towns whose staff work on a company: its own and those it is shared with."""
    return {company.city_id, *(share.city_id for share in company.shares)}


def _assignable_clause(actor: User, city_ids: set[int] | None) -> Any:
    working = and_(User.is_active_account.is_(True), User.role.in_(ASSIGNABLE_ROLES))
    town = working if city_ids is None else and_(working, User.city_id.in_(city_ids))
    if is_coordinator(actor):
        return or_(town, and_(User.is_active_account.is_(True), User.role == Role.COORDINATOR))
    return town


def _towns_of(actor: User, company: Company | None, city_id: int | None) -> set[int] | None:
    if company is not None:
        return company_towns(company)
    if city_id is not None:
        return {city_id}
    return city_scope_ids(actor)


def assignable_users(
    session: Session, actor: User, company: Company | None = None, *, city_id: int | None = None
) -> list[User]:
    """THE rule of who can be assigned: owner, task assignee, participant of a contact.

    Active staff and city admins of the company's towns (its own and those it is shared with);
    without a company, of ``city_id`` or of the actor's own town (the whole network for a
    coordinator). Coordinators are offered to a coordinator only. Every choice list and every
    write path asks here, so that a user outside this list is refused like an unknown id.
    """
    towns = _towns_of(actor, company, city_id)
    stmt = select(User).where(_assignable_clause(actor, towns)).order_by(User.name, User.id)
    return list(session.scalars(stmt))


def get_assignable(
    session: Session,
    actor: User,
    user_ids: Iterable[int],
    *,
    company: Company | None = None,
    city_id: int | None = None,
) -> list[User] | None:
    """The users of ``user_ids`` if every one may be assigned (as in ``assignable_users``).

    None covers unknown ids and users outside the rule alike: callers answer both the same way,
    so nobody learns from the answer that an id belongs to another town's user.
    """
    wanted = set(user_ids)
    if not wanted:
        return []
    if not all(0 < i < 2**31 for i in wanted):
        return None
    towns = _towns_of(actor, company, city_id)
    stmt = select(User).where(User.id.in_(wanted), _assignable_clause(actor, towns))
    found = list(session.scalars(stmt))
    return found if len(found) == len(wanted) else None


def require_merge(actor: User, keep: Company, drop: Company) -> bool:
    """May the actor merge ``drop`` into ``keep``? Raises NotFound for a company outside the
    actor's scope, Forbidden without the right, and Forbidden for companies of two towns unless
    the actor is the network coordinator (staff see a shared company, but its town's personal
    data is not theirs to move).

    Returns whether the merge crosses towns: then ``drop``'s contacts, interactions and tasks
    move to another town, which the coordinator must confirm by name (``services.merge``).
    """
    require(actor, "company.merge", keep)
    require(actor, "company.merge", drop)
    crosses = keep.city_id != drop.city_id
    if crosses and not is_coordinator(actor):
        raise Forbidden(_l("Only the network coordinator can merge companies of two towns."))
    return crosses


def can_merge(actor: User, keep: Company, drop: Company) -> bool:
    """``require_merge`` as a yes or no (for showing the merge action)."""
    try:
        require_merge(actor, keep, drop)
    except (Forbidden, NotFound):
        return False
    return True


def city_for_new_company(actor: User, requested_city_id: int | None) -> int | None:
    """The town a new company belongs to: the actor's own, or the coordinator's choice.

    Returns None when a coordinator without a town of their own chose none.
    """
    if is_coordinator(actor):
        return requested_city_id if requested_city_id is not None else actor.city_id
    if actor.city_id is None:
        raise Forbidden()
    if requested_city_id not in (None, actor.city_id):
        raise NotFound()
    return actor.city_id


def listing_town(actor: User, requested_city_id: int | None) -> int | None:
    """The town a new R&D&I directory row belongs to: the actor's own, or the coordinator's
    choice (None: a coordinator without a town chose none). Another town is not found."""
    return city_for_new_company(actor, requested_city_id)


def pipeline_town(actor: User, requested_city_id: int | None) -> int | None:
    """The town whose pipeline the actor looks at: their own, or the coordinator's choice (None:
    the whole network). Another town asked for by anyone else is not found, like its rows."""
    if is_coordinator(actor):
        return requested_city_id
    if actor.city_id is None:
        raise NotFound()
    if requested_city_id not in (None, actor.city_id):
        raise NotFound()
    return actor.city_id
