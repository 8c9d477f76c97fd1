"""Use cases of the everyday work with a company: logging interactions and keeping follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.clock import utcnow
from app.errors import ErrorCollector, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import Company, Contact, Interaction, InteractionKind, Task, User
from app.services import audit
from app.services._page import Page
from app.services._tx import committing
from app.services.inputs import InteractionInput, TaskInput
from app.services.validation import require_text

MAX_SUMMARY = 5000
MAX_TOPICS = 20


def _staff_of(
    session: Session, actor: User, company: Company, ids: tuple[int, ...], field: str
) -> list[User]:
    """The users the actor may assign on the company (``authz.get_assignable``); an id outside
    that rule is refused exactly like an unknown one."""
    users = authz.get_assignable(session, actor, ids, company=company)
    if users is None:
        raise FieldError(field, _l("Choose staff members who work with this company."))
    return users


def _task_values(
    session: Session,
    actor: User,
    company: Company,
    data: TaskInput,
    field: str,
    errors: ErrorCollector,
) -> dict[str, Any]:
    """The columns of a new task; its FieldErrors go to ``errors``. Builds no ORM row, so a mere
    check leaves nothing in the session."""
    title = errors.check(require_text, data.title, field, max_length=200) or ""
    notes = errors.check(require_text, data.notes, "notes", max_length=MAX_SUMMARY, required=False)
    assignee = None
    if data.assignee_id is not None:
        where = "assignee_id" if field == "title" else "follow_up_assignee_id"
        staff = errors.check(_staff_of, session, actor, company, (data.assignee_id,), where)
        assignee = staff[0] if staff else None
    return {"title": title, "notes": notes or None, "due_on": data.due_on, "assignee": assignee}


def _checked_task(
    session: Session, actor: User, company: Company, data: TaskInput
) -> dict[str, Any]:
    errors = ErrorCollector()
    values = _task_values(session, actor, company, data, "title", errors)
    errors.raise_if_any()
    return values


@dataclass(frozen=True, slots=True)
class _InteractionValues:
    kind: InteractionKind
    summary: str
    topics: list[str]
    contacts: list[Contact]
    staff: list[User]
    task: dict[str, Any] | None


def _interaction_values(
    session: Session, actor: User, company: Company, data: InteractionInput, today: date
) -> _InteractionValues:
    """Check every field of a logged contact; raise all its FieldErrors together."""
    errors = ErrorCollector()
    kind = None
    try:
        kind = InteractionKind(data.kind)
    except ValueError:
        errors.add("kind", _l("Choose the kind of contact."))
    if data.occurred_on is None:
        errors.add("occurred_on", _l("Enter a date."))
    elif data.occurred_on > today:
        errors.add("occurred_on", _l("A logged contact cannot be dated in the future."))
    elif data.occurred_on < today - timedelta(days=365 * 20):
        errors.add("occurred_on", _l("Check the date."))
    summary = errors.check(require_text, data.summary, "summary", max_length=MAX_SUMMARY) or ""
    topics = [t.strip() for t in data.topics if t and t.strip()]
    if len(topics) > MAX_TOPICS or any(len(t) > 100 for t in topics):
        errors.add("topics", _l("At most %(n)d topics of 100 characters.", n=MAX_TOPICS))
    contacts: list[Contact] = []
    if data.contact_ids:
        contacts = list(
            session.scalars(
                select(Contact).where(
                    Contact.id.in_(set(data.contact_ids)),
                    Contact.company_id == company.id,
                    Contact.erased_at.is_(None),
                )
            )
        )
        if len(contacts) != len(set(data.contact_ids)):
            errors.add("contact_ids", _l("Choose contacts of this company."))
    staff = errors.check(
        _staff_of, session, actor, company, data.staff_ids or (actor.id,), "staff_ids"
    )
    task = None
    if data.follow_up is not None:
        task = _task_values(session, actor, company, data.follow_up, "follow_up_title", errors)
        if task["due_on"] is not None and task["due_on"] < today:
            errors.add("follow_up_due_on", _l("A follow-up is due today or later."))
    errors.raise_if_any()
    assert kind is not None
    return _InteractionValues(kind, summary, topics, contacts, staff or [], task)


def check_interaction(
    session: Session, actor: User, company_id: int, data: InteractionInput, *, today: date
) -> None:
    """Raise every FieldError logging this contact would raise; writes nothing (for forms)."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "interaction.create", company)
    _interaction_values(session, actor, company, data, today)


def log_interaction(
    session: Session, actor: User, company_id: int, data: InteractionInput, *, today: date
) -> Interaction:
    """Record a meeting, call, visit... with its participants and an optional follow-up task.

    A logged contact lies in the past (today at the latest). Contacts must be the company's own.
    Commits the interaction, the task and their audit events; raises FieldError (every wrong
    field at once), NotFound, Forbidden.
    """
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "interaction.create", company)
    v = _interaction_values(session, actor, company, data, today)
    with committing(session):
        interaction = Interaction(
            company=company,
            occurred_on=data.occurred_on,
            kind=v.kind,
            summary=v.summary,
            topics=v.topics,
            created_by=actor,
            staff=v.staff,
            contacts=v.contacts,
        )
        session.add(interaction)
        if company.is_prospect:
            company.is_prospect = False  # the first real contact makes a prospect a client
        session.flush()
        audit.record(
            session,
            actor,
            "interaction.create",
            entity="interaction",
            entity_id=interaction.id,
            city_id=company.city_id,
            after={
                **audit.snapshot(interaction),
                "company_id": company.id,
                "staff": [u.id for u in v.staff],
                "contacts": [c.id for c in v.contacts],
            },
        )
        if v.task is not None:
            task = Task(company=company, **v.task)
            task.interaction = interaction
            task.created_by = actor
            audit.record_created(session, actor, task, entity="task", city_id=company.city_id)
    return interaction


def check_task(session: Session, actor: User, company_id: int, data: TaskInput) -> None:
    """Raise every FieldError adding this task would raise; writes nothing (for forms)."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "task.edit", company)
    _checked_task(session, actor, company, data)


def create_task(session: Session, actor: User, company_id: int, data: TaskInput) -> Task:
    """Add a follow-up to a company. Commits; raises FieldError, NotFound, Forbidden."""
    company = authz.get_company(session, actor, company_id)
    authz.require(actor, "task.edit", company)
    task = Task(company=company, **_checked_task(session, actor, company, data))
    task.created_by = actor
    with committing(session):
        audit.record_created(session, actor, task, entity="task", city_id=company.city_id)
    return task


@dataclass(frozen=True, slots=True)
class TaskChange:
    """What to change on a task; None leaves a field as it is."""

    done: bool | None = None
    due_on: date | None = None
    clear_due: bool = False
    assignee_id: int | None = None


def change_task(session: Session, actor: User, task_id: int, change: TaskChange) -> Task:
    """Complete, reopen, reschedule or reassign a task. Commits with a before/after audit."""
    task = authz.get_owned(session, actor, Task, task_id, action="task.edit")
    before = audit.snapshot(task)
    if change.done is True and task.done_at is None:
        task.done_at = utcnow()
    elif change.done is False:
        task.done_at = None
    if change.clear_due:
        task.due_on = None
    elif change.due_on is not None:
        task.due_on = change.due_on
    if change.assignee_id is not None:
        assignee = _staff_of(
            session, actor, task.company, (change.assignee_id,), "assignee_id"
        )[0]
        task.assignee, task.assignee_id = assignee, assignee.id  # the id, so the audit sees it
    with committing(session):
        audit.record_changes(
            session, actor, task, before, entity="task", city_id=task.company.city_id
        )
    return task


def bulk_change_tasks(
    session: Session,
    actor: User,
    task_ids: Sequence[int],
    *,
    done: bool = False,
    assignee_id: int | None = None,
) -> int:
    """Complete several tasks, or give them one assignee (the task list's bulk actions). Commits
    once.

    Every task goes through ``authz`` (NotFound outside the actor's scope, Forbidden for a role
    that may not edit) and the assignee must be assignable on each task's company (FieldError
    ``assignee_id`` otherwise); if any fails, nothing changes. Each task that really changes gets
    its own audit event. Returns how many changed."""
    if not task_ids:
        raise FieldError("task_ids", _l("Choose at least one task."))
    if not done and assignee_id is None:
        raise FieldError("assignee_id", _l("Choose the new assignee."))
    if not all(0 < i < 2**31 for i in task_ids):
        raise NotFound()
    targets = [
        authz.get_owned(session, actor, Task, task_id, action="task.edit")
        for task_id in dict.fromkeys(task_ids)
    ]
    assignees = [
        _staff_of(session, actor, t.company, (assignee_id,), "assignee_id")[0]
        if assignee_id is not None else None
        for t in targets
    ]
    now = utcnow()
    changed = 0
    with committing(session):
        for task, assignee in zip(targets, assignees, strict=True):
            before = audit.snapshot(task)
            if done and task.done_at is None:
                task.done_at = now
            if assignee is not None and task.assignee_id != assignee.id:
                task.assignee, task.assignee_id = assignee, assignee.id
            session.flush()
            if audit.record_changes(
                session, actor, task, before, entity="task", city_id=task.company.city_id
            ):
                changed += 1
    return changed


TASK_VIEWS = ("mine", "overdue", "week", "town", "done")
_PERSONAL_VIEWS = ("mine", "overdue", "week")


def task_views(actor: User) -> tuple[str, ...]:
    """The task lists that can hold something for the actor, the first one to open on.

    The personal lists show tasks assigned to the actor; a role that is never assigned tasks
    (a viewer) would always find them empty, so it is not offered them."""
    if authz.can(actor, "task.edit"):
        return TASK_VIEWS
    return tuple(v for v in TASK_VIEWS if v not in _PERSONAL_VIEWS)


def _tasks_query(actor: User, view: str, today: date, company_id: int | None,
                 stmt: Any = None) -> Any:
    """The view's tasks (of ``stmt``, by default all), scoped and filtered, unordered."""
    stmt = authz.scope(actor, select(Task), Task) if stmt is None else stmt
    if company_id is not None:
        stmt = stmt.where(Task.company_id == company_id)
    if view == "done":
        return stmt.where(Task.done_at.is_not(None))
    stmt = stmt.where(Task.done_at.is_(None))
    if view in ("mine", "overdue", "week") and company_id is None:
        stmt = stmt.where(Task.assignee_id == actor.id)
    if view == "overdue":
        stmt = stmt.where(Task.due_on < today)
    elif view == "week":
        end = today + timedelta(days=6 - today.weekday())
        stmt = stmt.where(Task.due_on <= end)
    return stmt


def _task_order(view: str) -> tuple[Any, ...]:
    if view == "done":
        return (Task.done_at.desc(), Task.id.desc())
    return (Task.due_on.asc().nulls_last(), Task.id)  # no due date last; as ix_task_open_due


def _light(stmt: Any) -> Any:
    """Only what a row shows: the company's name and town, the assignee; and the company's
    shares, which the row's "may edit" check reads (one query for the page, not one per
    shared company's row)."""
    company = selectinload(Task.company).load_only(Company.id, Company.name, Company.city_id)
    return stmt.options(company.selectinload(Company.city), company.selectinload(Company.shares),
                        selectinload(Task.assignee))


def list_tasks(
    session: Session,
    actor: User,
    *,
    view: str | None = None,
    today: date,
    limit: int = 500,
    company_id: int | None = None,
) -> list[Task]:
    """Tasks the actor may see: their own open ones, overdue, due this week, the town's (the
    network's for a coordinator), done. Without ``view``, the first of ``task_views(actor)``."""
    if view is None:
        view = task_views(actor)[0]
    stmt = _light(_tasks_query(actor, view, today, company_id))
    return list(session.scalars(stmt.order_by(*_task_order(view)).limit(limit)))


TASKS_PER_PAGE = 50


def task_page(
    session: Session, actor: User, *, view: str | None = None, today: date, page: int = 1,
    per_page: int = TASKS_PER_PAGE, counts: dict[str, int] | None = None,
) -> Page[Task]:
    """One page of a task view (``list_tasks``' views), with the view's total counted as
    ``task_counts`` does, or taken from ``task_counts`` when the caller has
    them (the tabs show them anyway: one scan of the town's tasks fewer); a page past the end
    shows the last one."""
    if view is None:
        view = task_views(actor)[0]
    stmt = _tasks_query(actor, view, today, None)
    total = counts[view] if counts is not None and view in counts else sum(  # as task_counts
        session.scalar(_tasks_query(actor, view, today, None, part)) or 0
        for part in authz.scope_parts(actor, select(func.count()).select_from(Task), Task))
    last = max(1, -(-total // per_page))
    page = min(max(1, page), last)
    items = list(session.scalars(_light(stmt).order_by(*_task_order(view))
                                 .offset((page - 1) * per_page).limit(per_page)))
    return Page(items, total, page, per_page)


def task_counts(session: Session, actor: User, *, today: date) -> dict[str, int]:
    """How many tasks each of the actor's task views holds (the tab labels): each view's
    condition is an aggregate filter over the ``authz.scope`` rows, so the counts agree with the
    lists and no other town's task is counted; the town's own tasks and those of companies
    shared with it are counted apart (``authz.scope_parts``), each from its index."""
    views = task_views(actor)
    open_ = Task.done_at.is_(None)
    mine = open_ & (Task.assignee_id == actor.id)
    week_end = today + timedelta(days=6 - today.weekday())
    conditions = {
        "mine": mine,
        "overdue": mine & (Task.due_on < today),
        "week": mine & (Task.due_on <= week_end),
        "town": open_,
        "done": Task.done_at.is_not(None),
    }
    columns = [func.count().filter(conditions[v]).label(v) for v in views]  # no id: index only
    parts = authz.scope_parts(actor, select(*columns).select_from(Task), Task)
    rows = [session.execute(part).one() for part in parts]
    return {v: sum(int(getattr(row, v) or 0) for row in rows) for v in views}


def timeline(
    session: Session, actor: User, company: Company, *, limit: int = 200
) -> list[Interaction]:
    """A company's interactions, newest first (the company was already checked by the caller)."""
    authz.require(actor, "company.view", company)
    stmt = (
        select(Interaction)
        .where(Interaction.company_id == company.id)
        .options(
            selectinload(Interaction.staff),
            selectinload(Interaction.contacts),
            selectinload(Interaction.created_by),
        )
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def assignable_staff(session: Session, actor: User, company: Company) -> list[User]:
    """Who can be named as a participant or assignee for this company (``authz``'s one rule)."""
    return authz.assignable_users(session, actor, company)
