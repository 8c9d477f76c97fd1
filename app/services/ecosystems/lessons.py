"""Lessons learned: short structured notes of what worked and what did not, on a project or an
ecosystem. The network shares them on purpose: every signed-in user reads every lesson, unless
its author keeps it to their own town (``authz`` decides); the author's town keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import ErrorCollector, Forbidden
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.ecosystems import Ecosystem, Lesson, LessonHelp, LessonKind, Project
from app.services import audit
from app.services._tx import committing
from app.services.ecosystems._fields import clean_list, search_text
from app.services.validation import require_text

MAX_QUERY = 200
KINDS = tuple(k.value for k in LessonKind)


@dataclass(frozen=True, slots=True)
class LessonInput:
    title: str
    kind: str
    context: str = ""
    what_was_done: str = ""
    result: str = ""
    do_differently: str = ""
    tags: tuple[str, ...] = ()
    project_id: int | None = None
    ecosystem_id: int | None = None
    town_only: bool = False


def _like(query: str) -> str:
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def text_clause(columns: list, query: str):  # type: ignore[no-untyped-def]
    """Every word of the query in one of the columns (case-insensitive)."""
    words = [w for w in query.lower().split() if w][:8]
    return [or_(*(func.lower(c).like(_like(w), escape="\\") for c in columns)) for w in words]


def search_clause(column, query: str):  # type: ignore[no-untyped-def]
    """Every word of the query in a lower-cased ``search_text`` column (PostgreSQL answers each
    from the column's trigram index)."""
    words = [w for w in query.lower().split() if w][:8]
    return [column.like(_like(w), escape="\\") for w in words]


def list_lessons(session: Session, actor: User, *, query: str = "", kind: str = "",
                 order: str = "newest", limit: int = 50) -> list[Lesson]:
    """The lessons the actor may read: newest first, or the most useful ("this helped me")."""
    authz.require(actor, "lesson.view")
    stmt = authz.scope(actor, select(Lesson), Lesson).options(
        selectinload(Lesson.city), selectinload(Lesson.author))
    query = query.strip()[:MAX_QUERY]
    if query:
        stmt = stmt.where(*search_clause(Lesson.search_text, query))
    if kind in KINDS:
        stmt = stmt.where(Lesson.kind == LessonKind(kind))
    if order == "useful":
        stmt = stmt.order_by(Lesson.helped_count.desc(), Lesson.created_at.desc(), Lesson.id)
    else:
        stmt = stmt.order_by(Lesson.created_at.desc(), Lesson.id.desc())
    return list(session.scalars(stmt.limit(limit)))


def get_lesson(session: Session, actor: User, lesson_id: int, *, for_write: bool = False
               ) -> Lesson:
    """A lesson the actor may read (another town's kept lesson is not found); for_write: one
    of the actor's town's (Forbidden for another town's shared lesson)."""
    return authz.get_for(session, actor, Lesson, lesson_id,
                         "lesson.edit" if for_write else "lesson.view")


def _links(session: Session, actor: User, data: LessonInput, errors: ErrorCollector
           ) -> tuple[int | None, int | None]:
    """The project and ecosystem a lesson is on: only rows of the actor's towns."""
    out: list[int | None] = []
    for field, model, value in (("project_id", Project, data.project_id),
                                ("ecosystem_id", Ecosystem, data.ecosystem_id)):
        if value is None:
            out.append(None)
            continue
        stmt = authz.scope(actor, select(model.id).where(model.id == value), model)
        if not 0 < value < 2**31 or session.scalar(stmt) is None:
            errors.add(field, _l("Choose from the list."))
            out.append(None)
        else:
            out.append(value)
    return out[0], out[1]


def _values(session: Session, actor: User, data: LessonInput, errors: ErrorCollector) -> dict:
    values: dict = {"title": errors.check(require_text, data.title, "title", max_length=200)}
    try:
        values["kind"] = LessonKind(data.kind)
    except ValueError:
        errors.add("kind", _l("Choose whether it is a good practice or a failure."))
    for name in ("context", "what_was_done", "result", "do_differently"):
        values[name] = errors.check(require_text, getattr(data, name), name,
                                    max_length=4000, required=False) or ""
    if not (values["result"] or values["do_differently"] or values["what_was_done"]):
        errors.add("result", _l("Say what was done, what came of it or what to do "
                                "differently."))
    values["tags"] = [t.lower() for t in clean_list(errors, data.tags, "tags", max_length=60)]
    values["project_id"], values["ecosystem_id"] = _links(session, actor, data, errors)
    values["town_only"] = bool(data.town_only)
    values["search_text"] = search_text(
        values["title"], values["context"], values["what_was_done"], values["result"],
        values["do_differently"], " ".join(values["tags"]))
    return values


def create_lesson(session: Session, actor: User, data: LessonInput) -> Lesson:
    """Write a lesson as the actor (their town's; a coordinator without a town writes the
    network's own). Raises FieldError, Forbidden."""
    authz.require(actor, "lesson.edit")
    if actor.city_id is None and not authz.is_coordinator(actor):
        raise Forbidden()
    errors = ErrorCollector()
    values = _values(session, actor, data, errors)
    errors.raise_if_any()
    with committing(session):
        lesson = Lesson(city_id=actor.city_id, author_id=actor.id, **values)
        audit.record_created(session, actor, lesson, entity="lesson", city_id=actor.city_id)
    return lesson


def update_lesson(session: Session, actor: User, lesson_id: int, data: LessonInput) -> Lesson:
    lesson = get_lesson(session, actor, lesson_id, for_write=True)
    errors = ErrorCollector()
    values = _values(session, actor, data, errors)
    errors.raise_if_any()
    with committing(session):
        before = audit.snapshot(lesson)
        audit.assign(lesson, values)
        session.flush()
        audit.record_changes(session, actor, lesson, before, entity="lesson",
                             city_id=lesson.city_id)
    return lesson


def delete_lesson(session: Session, actor: User, lesson_id: int) -> None:
    lesson = get_lesson(session, actor, lesson_id, for_write=True)
    with committing(session):
        audit.record(session, actor, "lesson.delete", entity="lesson", entity_id=lesson.id,
                     city_id=lesson.city_id, before=audit.snapshot(lesson))
        session.delete(lesson)


def mark_helped(session: Session, actor: User, lesson_id: int) -> Lesson:
    """Count "this helped me" once per user (a second press changes nothing)."""
    lesson = authz.get_for(session, actor, Lesson, lesson_id, "lesson.helped")
    if session.get(LessonHelp, (lesson.id, actor.id)) is not None:
        return lesson
    try:
        with committing(session):
            session.add(LessonHelp(lesson_id=lesson.id, user_id=actor.id))
            session.flush()
            lesson.helped_count = (lesson.helped_count or 0) + 1
    except IntegrityError:  # pressed twice at once: the other press counted
        session.rollback()
    return lesson


def has_helped(session: Session, actor: User, lesson: Lesson) -> bool:
    return session.get(LessonHelp, (lesson.id, actor.id)) is not None


def lessons_on(session: Session, actor: User, *, project_id: int | None = None,
               ecosystem_id: int | None = None) -> list[Lesson]:
    """The lessons the actor may read on one project or ecosystem."""
    authz.require(actor, "lesson.view")
    stmt = authz.scope(actor, select(Lesson), Lesson)
    if project_id is not None:
        stmt = stmt.where(Lesson.project_id == project_id)
    if ecosystem_id is not None:
        stmt = stmt.where(Lesson.ecosystem_id == ecosystem_id)
    return list(session.scalars(stmt.order_by(Lesson.created_at.desc())))


def context_of(actor: User, lesson: Lesson) -> tuple[str, object] | None:
    """The project or ecosystem a lesson is on, when the actor may see it (a lesson is shared
    with the network; the project it came from is its towns')."""
    for kind, row in (("project", lesson.project), ("ecosystem", lesson.ecosystem)):
        if row is not None and authz.can_see_spanning(actor, row):
            return kind, row
    return None
