"""The work with a company: logged interactions and follow-up tasks."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Table,
    Text,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, intpk, str_200, str_enum
from app.models.companies import Company

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.companies import Contact


class InteractionKind(enum.Enum):
    MEETING = "meeting"
    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"
    EVENT = "event"
    OTHER = "other"
    NOTE = "note"  # a note for the timeline, not a contact (e.g. a list import's notes column)


interaction_staff = Table(
    "interaction_staff",
    Base.metadata,
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
)

interaction_contact = Table(
    "interaction_contact",
    Base.metadata,
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id"), primary_key=True),
)


class Interaction(TimestampMixin, Base):
    """One contact with a company: a meeting, a call, a visit. Newest first on the timeline."""

    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_company_occurred", "company_id", "occurred_on"),)

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[InteractionKind] = mapped_column(str_enum(InteractionKind))
    summary: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    company: Mapped[Company] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    staff: Mapped[list[User]] = relationship(secondary=interaction_staff)
    contacts: Mapped[list[Contact]] = relationship(secondary=interaction_contact)


_COUNTED = ["done_at", "assignee_id", "due_on"]


class Task(TimestampMixin, Base):
    """A follow-up: who does what for which company, by when."""

    __tablename__ = "task"
    # the task views read these: open ones by due date (the whole network's, or a town's,
    # filtered by the task's own ``city_id``), done ones newest first; each page and count from
    # an index
    __table_args__ = (
        Index("ix_task_assignee_done_due", "assignee_id", "done_at", "due_on"),
        # the tab counts of a town's own tasks and of those of companies shared with it read
        # these alone on PostgreSQL (the columns the counts filter on are included)
        Index("ix_task_city_id", "city_id", postgresql_include=_COUNTED),
        Index("ix_task_company_id", "company_id", postgresql_include=["city_id", *_COUNTED]),
        Index("ix_task_open_due", "due_on", "id", sqlite_where=text("done_at IS NULL"),
              postgresql_where=text("done_at IS NULL")),
        Index("ix_task_open_company", "company_id", "due_on",
              sqlite_where=text("done_at IS NULL"), postgresql_where=text("done_at IS NULL")),
        Index("ix_task_done", "done_at", "id", sqlite_where=text("done_at IS NOT NULL"),
              postgresql_where=text("done_at IS NOT NULL")),
    )

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    # the owning town, always the company's (set on insert, follows the company to another
    # town or a merge): a town's tasks and their counts are read by it, not by a join with
    # every company of the town
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"))
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interaction.id", ondelete="SET NULL")
    )
    title: Mapped[str_200]
    notes: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    done_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship()
    interaction: Mapped[Interaction | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


def task_towns_follow(company_ids: list[int]) -> Any:
    """The UPDATE that gives these companies' tasks their company's town again: for writes that
    move tasks between companies without the ORM (a merge and its undo)."""
    town = select(Company.city_id).where(Company.id == Task.company_id).scalar_subquery()
    return update(Task).where(Task.company_id.in_(company_ids)).values(city_id=town)


@event.listens_for(Task, "before_insert")
@event.listens_for(Task, "before_update")
def _task_town(_mapper: Any, connection: Any, task: Task) -> None:
    """A task's town is its company's: taken on insert and whenever the task changes company."""
    company = task.__dict__.get("company")
    if company is not None and company.city_id is not None and task.company_id in (None,
                                                                                 company.id):
        task.city_id = company.city_id
    elif task.city_id is None or _company_changed(task):
        task.city_id = connection.scalar(
            select(Company.city_id).where(Company.id == task.company_id))


def _company_changed(task: Task) -> bool:
    return inspect(task).attrs.company_id.history.has_changes()


@event.listens_for(Company, "after_update")
def _tasks_follow_company(_mapper: Any, connection: Any, company: Company) -> None:
    """A company handed to another town takes its tasks with it."""
    if inspect(company).attrs.city_id.history.has_changes():
        connection.execute(update(Task).where(Task.company_id == company.id)
                           .values(city_id=company.city_id))


__all__ = ["Interaction", "InteractionKind", "Task", "interaction_contact", "interaction_staff",
           "task_towns_follow"]
