"""Ecosystems, the projects that run them, lessons learned, education partners and their courses.

An ecosystem and a project belong to a town (``city_id``) and may span other towns (their
``towns`` rows): every town of the row sees and keeps it. A lesson is shared with the whole
network on purpose, unless its author keeps it to their own town (``town_only``). Education
partners and courses are network-wide and public (the course portal at /courses). Who sees what
is decided in ``app.authz``.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.accounts import User
from app.models.base import Base, TimestampMixin, intpk, only_on, str_200, str_enum
from app.models.companies import Company
from app.models.geo import City


class ProjectStatus(enum.Enum):
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


class LessonKind(enum.Enum):
    GOOD_PRACTICE = "good_practice"
    FAILURE = "failure"


class PartnerKind(enum.Enum):
    UNIVERSITY = "university"
    UAS = "uas"  # university of applied sciences (ammattikorkeakoulu)
    VOCATIONAL = "vocational"
    OTHER = "other"


class CourseFormat(enum.Enum):
    ONLINE = "online"  # self-study on the web
    DISTANCE = "distance"  # scheduled remote teaching
    BLENDED = "blended"
    ON_SITE = "on_site"


class EcosystemTown(Base):
    """Another town an ecosystem spans: its users see and keep the ecosystem too."""

    __tablename__ = "ecosystem_town"

    ecosystem_id: Mapped[int] = mapped_column(
        ForeignKey("ecosystem.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), primary_key=True, index=True)


class EcosystemCompany(Base):
    """A CRM company in an ecosystem (``is_anchor``: one of its anchor companies)."""

    __tablename__ = "ecosystem_company"

    ecosystem_id: Mapped[int] = mapped_column(
        ForeignKey("ecosystem.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_anchor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    company: Mapped[Company] = relationship()


class Ecosystem(TimestampMixin, Base):
    """A town's innovation ecosystem; ``themes`` are concept ids of the matcher's term list."""

    __tablename__ = "ecosystem"

    id: Mapped[intpk]
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    name: Mapped[str_200]
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)  # education and research
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    city: Mapped[City] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])
    towns: Mapped[list[EcosystemTown]] = relationship(cascade="all, delete-orphan")
    members: Mapped[list[EcosystemCompany]] = relationship(cascade="all, delete-orphan")

    def town_ids(self) -> set[int]:
        return {self.city_id, *(t.city_id for t in self.towns)}


class ProjectTown(Base):
    """A partner town of a project: its users see and keep the project too."""

    __tablename__ = "project_town"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), primary_key=True, index=True)


class ProjectCompany(Base):
    """A CRM company taking part in a project (shown on the company's page)."""

    __tablename__ = "project_company"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True, index=True)

    company: Mapped[Company] = relationship()


class Project(TimestampMixin, Base):
    """A development or R&D&I project (*hanke*) that runs an ecosystem."""

    __tablename__ = "project"

    id: Mapped[intpk]
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    ecosystem_id: Mapped[int | None] = mapped_column(
        ForeignKey("ecosystem.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    funder: Mapped[str | None] = mapped_column(String(300))
    programme: Mapped[str | None] = mapped_column(String(300))
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_call.id", ondelete="SET NULL"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="SET NULL"), unique=True)
    budget_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    granted_eur: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    coordinator: Mapped[str | None] = mapped_column(String(300))
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)  # education and others
    status: Mapped[ProjectStatus] = mapped_column(str_enum(ProjectStatus))
    outputs: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    city: Mapped[City] = relationship()
    ecosystem: Mapped[Ecosystem | None] = relationship()
    towns: Mapped[list[ProjectTown]] = relationship(cascade="all, delete-orphan")
    members: Mapped[list[ProjectCompany]] = relationship(cascade="all, delete-orphan")

    def town_ids(self) -> set[int]:
        return {self.city_id, *(t.city_id for t in self.towns)}


class Lesson(TimestampMixin, Base):
    """What worked and what did not, on a project or an ecosystem; shared network-wide unless
    ``town_only``. ``helped_count`` mirrors the LessonHelp rows (one per user)."""

    __tablename__ = "lesson"
    __table_args__ = (
        Index("ix_lesson_town_only_city", "town_only", "city_id"),
        only_on("postgresql", Index("ix_lesson_search_text_trgm", "search_text",
                                    postgresql_using="gin",
                                    postgresql_ops={"search_text": "gin_trgm_ops"})),
    )

    id: Mapped[intpk]
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"))  # None: the coordinator's
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), index=True)
    ecosystem_id: Mapped[int | None] = mapped_column(
        ForeignKey("ecosystem.id", ondelete="SET NULL"), index=True)
    kind: Mapped[LessonKind] = mapped_column(str_enum(LessonKind))
    title: Mapped[str_200]
    context: Mapped[str] = mapped_column(Text, default="")
    what_was_done: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    do_differently: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # every text of the lesson, lower-cased, for the search (a trigram index on PostgreSQL)
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    town_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    helped_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    city: Mapped[City | None] = relationship()
    author: Mapped[User | None] = relationship()
    project: Mapped[Project | None] = relationship()
    ecosystem: Mapped[Ecosystem | None] = relationship()


class LessonHelp(Base):
    """One user's "this helped me" on a lesson (at most one each)."""

    __tablename__ = "lesson_help"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)


class EducationPartner(TimestampMixin, Base):
    """A university, university of applied sciences or vocational institution of the network.
    ``feed_url``: its published course list (RSS/Atom or JSON), when it has one."""

    __tablename__ = "education_partner"

    id: Mapped[intpk]
    name: Mapped[str_200] = mapped_column(unique=True)
    kind: Mapped[PartnerKind] = mapped_column(str_enum(PartnerKind))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    url: Mapped[str | None] = mapped_column(String(500))
    feed_url: Mapped[str | None] = mapped_column(String(500))


class Course(TimestampMixin, Base):
    """A digital or distance course open to companies' staff (public on /courses)."""

    __tablename__ = "course"
    __table_args__ = (
        UniqueConstraint("partner_id", "source_id"),
        Index("ix_course_starts_on", "starts_on"),
        only_on("postgresql", Index("ix_course_search_text_trgm", "search_text",
                                    postgresql_using="gin",
                                    postgresql_ops={"search_text": "gin_trgm_ops"})),
    )

    id: Mapped[intpk]
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("education_partner.id", ondelete="SET NULL"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(500))  # the feed's id of the course
    provider: Mapped[str_200]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="fi")
    format: Mapped[CourseFormat] = mapped_column(str_enum(CourseFormat))
    ects: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    hours: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    self_paced: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    price_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # 0: free; None: not given
    target_group: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # title, provider, description and target group, lower-cased, for the search
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    partner: Mapped[EducationPartner | None] = relationship()


class CourseHighlight(Base):
    """A course a town highlights on its own page."""

    __tablename__ = "course_highlight"

    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
