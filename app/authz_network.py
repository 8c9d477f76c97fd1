"""Part of ``app.authz``: the rules of rows shared beyond one town. An ecosystem or a project
belongs to its own town and to the towns it spans; a lesson learned is the whole network's on
purpose, unless its author keeps it to their own town; a consortium call's partner suggestions
name companies of every town, by name and town only. ``app.authz`` uses these; nothing else
should import this module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, or_, select

from app.models import Company, Role, User
from app.models.ecosystems import Ecosystem, EcosystemTown, Lesson, Project, ProjectTown

# Town-owned rows that may span towns: every town of the row (its own and its ``towns``) sees and
# keeps it; another town's is not found.
TOWN_SPANNING = (Ecosystem, Project)
_SPANNING_TOWNS: dict[type, tuple[Any, Any]] = {
    Ecosystem: (EcosystemTown, EcosystemTown.ecosystem_id),
    Project: (ProjectTown, ProjectTown.project_id),
}


def spanning_clause(actor: User, model: type) -> Any:
    if actor.city_id is None:
        return false()
    link, key = _SPANNING_TOWNS[model]
    spanned = select(key).where(link.city_id == actor.city_id)
    return or_(model.city_id == actor.city_id, model.id.in_(spanned))  # type: ignore[attr-defined]


def lesson_clause(actor: User) -> Any:
    """Lessons are the network's on purpose: all of them but those another town keeps to
    itself."""
    if actor.city_id is None:
        return Lesson.town_only.is_(False)
    return or_(Lesson.town_only.is_(False), Lesson.city_id == actor.city_id)


def can_see_lesson(actor: User, lesson: Lesson) -> bool:
    """A lesson is visible to every signed-in user unless its author kept it to their town."""
    return (actor.role is Role.COORDINATOR) or not lesson.town_only or (
        actor.city_id is not None and lesson.city_id == actor.city_id)


def can_see_spanning(actor: User, row: Ecosystem | Project) -> bool:
    """An ecosystem or a project is its towns' (its own and those it spans)."""
    return (actor.role is Role.COORDINATOR) or (actor.city_id is not None
                                     and actor.city_id in row.town_ids())


def scope_partner_suggestions(actor: User, stmt: Select[Any]) -> Select[Any]:
    """THE network-wide partner suggestion clause: name + town only.

    A consortium call's partner suggestions reach every town's companies on purpose (a consortium
    is built across the network), so this is the one query of town-owned rows that is not limited
    to the actor's scope. What it may select is limited instead: a match's call and score and its
    company's id, name, town and industry code (the code decides the role label and is never
    shown). Everything else about a company (its page, match, reasons, figures, keywords,
    contacts) is read only for the companies that ``scope`` lets the actor see. Merged companies
    are left out; a signed-out or deactivated actor gets nothing. The right to read the call
    (``call.view``, every signed-in role) is checked with the call (``get_for``)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return stmt.where(false())
    return stmt.where(Company.merged_into_id.is_(None))
