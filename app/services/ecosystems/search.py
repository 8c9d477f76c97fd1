"""One search box across the network: companies (within the actor's towns, through the company
search), ecosystems and projects (of the actor's towns), lessons (the network's, minus other
towns' kept ones), published R&D&I services and courses, grouped by kind. Every town-owned kind
goes through ``authz.scope``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.models import User
from app.models.directory import RdiService
from app.models.ecosystems import Ecosystem, Lesson, Project
from app.services.companies.search import search_companies
from app.services.ecosystems.courses import CourseFilters, search_courses
from app.services.ecosystems.lessons import search_clause, text_clause

KINDS = ("companies", "ecosystems", "projects", "lessons", "services", "courses")
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing found: its kind, id, title and a short line under it."""

    kind: str
    id: int
    title: str
    detail: str = ""


def _rows(session: Session, actor: User, model: type, columns: list, query: str,
          limit: int) -> list:
    stmt = authz.scope(actor, select(model), model).where(*text_clause(columns, query))
    return list(session.scalars(stmt.order_by(model.id.desc()).limit(limit)))


def network_search(session: Session, actor: User, query: str, *, per_kind: int = 10
                   ) -> dict[str, list[Hit]]:
    """What the query finds, kind by kind (an empty query finds nothing)."""
    authz.require(actor, "ecosystem.view")
    query = " ".join(query.split())[:MAX_QUERY]
    found: dict[str, list[Hit]] = {kind: [] for kind in KINDS}
    if not query:
        return found
    page = search_companies(session, actor, query=query, per_page=per_kind)
    found["companies"] = [Hit("companies", c.id, c.name, c.business_id or "")
                          for c in page.items]
    found["ecosystems"] = [Hit("ecosystems", e.id, e.name, e.description[:160]) for e in _rows(
        session, actor, Ecosystem, [Ecosystem.name, Ecosystem.description], query, per_kind)]
    found["projects"] = [Hit("projects", p.id, p.name, p.funder or "") for p in _rows(
        session, actor, Project, [Project.name, Project.funder, Project.programme,
                                  Project.results, Project.outputs], query, per_kind)]
    lessons = authz.scope(actor, select(Lesson), Lesson).where(
        *search_clause(Lesson.search_text, query)).order_by(Lesson.id.desc()).limit(per_kind)
    found["lessons"] = [Hit("lessons", lesson.id, lesson.title, lesson.kind.value)
                        for lesson in session.scalars(lessons)]
    services = select(RdiService).where(RdiService.is_published.is_(True), *text_clause(
        [RdiService.name_fi, RdiService.description_fi, RdiService.provider], query))
    found["services"] = [Hit("services", s.id, s.name_fi, s.provider)
                         for s in session.scalars(services.limit(per_kind))]
    found["courses"] = [Hit("courses", c.id, c.title, c.provider) for c in search_courses(
        session, CourseFilters(q=query), limit=per_kind)]
    return found
