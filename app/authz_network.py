"""Part of ``app.authz``: the rules of rows shared beyond one town. An ecosystem or a project
belongs to its own town and to the towns it spans; a lesson learned is the whole network's on
purpose, unless its author keeps it to their own town. ``app.authz`` uses these; nothing else
should import this module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, or_, select

from app.models import Role, User
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
