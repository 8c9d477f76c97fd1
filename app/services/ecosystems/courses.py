"""The education partners and the public course portal.

Courses come in three ways: typed in by the coordinator, uploaded as a CSV/Excel table (a table
with a broken row imports nothing until the row is fixed or the upload is told to skip broken
rows, as the company import does), or read from a partner's RSS/Atom feed or JSON list
(``connectors.courses``). The public portal (/courses) reads ``PublicCourse`` records only: a
course carries no CRM data, and the records say so by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, cast, extract, or_, select
from sqlalchemy.orm import Session, selectinload

from app import authz
from app.errors import ErrorCollector, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import City, User
from app.models.ecosystems import (
    Course,
    CourseFormat,
    CourseHighlight,
    EducationPartner,
    PartnerKind,
)
from app.services import audit
from app.services._tx import committing
from app.services.ecosystems._fields import optional_text, search_text, theme_list
from app.services.ecosystems.lessons import search_clause
from app.services.validation import require_text, web_url

MAX_QUERY = 200
COURSE_LANGUAGES = ("fi", "sv", "en")
FORMATS = tuple(f.value for f in CourseFormat)
PARTNER_KINDS = tuple(k.value for k in PartnerKind)
@dataclass(frozen=True, slots=True)
class PartnerInput:
    name: str
    kind: str
    contact_name: str = ""
    contact_email: str = ""
    url: str = ""
    feed_url: str = ""


@dataclass(frozen=True, slots=True)
class CourseInput:
    title: str
    url: str
    format: str
    provider: str = ""
    partner_id: int | None = None
    description: str = ""
    language: str = "fi"
    ects: Decimal | None = None
    hours: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    self_paced: bool = False
    price_eur: Decimal | None = None
    target_group: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CourseFilters:
    q: str = ""
    theme: str = ""
    language: str = ""
    partner_id: int | None = None
    format: str = ""
    month: str = ""  # YYYY-MM: starting that month (self-paced courses always match)


@dataclass(frozen=True, slots=True)
class PublicCourse:
    """What the public sees of a course: nothing else leaves."""

    id: int
    title: str
    provider: str
    description: str
    language: str
    format: str
    ects: Decimal | None
    hours: int | None
    starts_on: date | None
    ends_on: date | None
    self_paced: bool
    price_eur: Decimal | None
    target_group: str | None
    url: str
    themes: tuple[str, ...]


def _public(course: Course) -> PublicCourse:
    return PublicCourse(
        id=course.id, title=course.title, provider=course.provider,
        description=course.description, language=course.language,
        format=course.format.value, ects=course.ects, hours=course.hours,
        starts_on=course.starts_on, ends_on=course.ends_on, self_paced=course.self_paced,
        price_eur=course.price_eur, target_group=course.target_group, url=course.url,
        themes=tuple(course.themes))


# -- partners ---------------------------------------------------------------------------------

def list_partners(session: Session) -> list[EducationPartner]:
    """The network's education partners (public: names, kinds and contacts they gave)."""
    return list(session.scalars(select(EducationPartner).order_by(EducationPartner.name)))


def get_partner(session: Session, actor: User, partner_id: int) -> EducationPartner:
    return authz.get_for(session, actor, EducationPartner, partner_id, "course.edit")


def _partner_values(data: PartnerInput, errors: ErrorCollector) -> dict[str, Any]:
    values: dict[str, Any] = {"name": errors.check(require_text, data.name, "name",
                                                   max_length=200)}
    try:
        values["kind"] = PartnerKind(data.kind)
    except ValueError:
        errors.add("kind", _l("Choose a kind."))
    values["contact_name"] = optional_text(errors, data.contact_name, "contact_name", 200)
    email = optional_text(errors, data.contact_email, "contact_email", 320)
    if email and ("@" not in email.strip("@") or " " in email):
        errors.add("contact_email", _l("Enter a valid e-mail address."))
    values["contact_email"] = email
    for name in ("url", "feed_url"):
        text = (getattr(data, name) or "").strip()
        if text and (len(text) > 500 or web_url(text) is None):
            errors.add(name, _l("Give a web address that starts with http:// or https://."))
        values[name] = text or None
    return values


def save_partner(session: Session, actor: User, data: PartnerInput,
                 partner_id: int | None = None) -> EducationPartner:
    """Add or change an education partner (the coordinator). Raises FieldError, Forbidden."""
    authz.require(actor, "course.edit")
    partner = get_partner(session, actor, partner_id) if partner_id is not None else None
    errors = ErrorCollector()
    values = _partner_values(data, errors)
    same = select(EducationPartner.id).where(EducationPartner.name == values.get("name"))
    if values.get("name") and session.scalar(same) not in (None, partner_id):
        errors.add("name", _l("A partner with this name is already listed."))
    errors.raise_if_any()
    with committing(session):
        if partner is None:
            partner = EducationPartner(**values)
            audit.record_created(session, actor, partner, entity="education_partner",
                                 city_id=None)
        else:
            before = audit.snapshot(partner)
            audit.assign(partner, values)
            session.flush()
            audit.record_changes(session, actor, partner, before, entity="education_partner",
                                 city_id=None)
    return partner


# -- courses ----------------------------------------------------------------------------------

def _course_values(session: Session, data: CourseInput, errors: ErrorCollector
                   ) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": errors.check(require_text, data.title, "title", max_length=300),
        "description": errors.check(require_text, data.description, "description",
                                    max_length=5000, required=False) or "",
        "target_group": optional_text(errors, data.target_group, "target_group", 300),
        "themes": theme_list(errors, data.themes),
        "starts_on": data.starts_on, "ends_on": data.ends_on,
        "self_paced": bool(data.self_paced),
    }
    url = (data.url or "").strip()
    if not url or len(url) > 500 or web_url(url) is None:
        errors.add("url", _l("Give the enrolment link: a web address that starts with "
                             "http:// or https://."))
    values["url"] = url
    try:
        values["format"] = CourseFormat(data.format)
    except ValueError:
        errors.add("format", _l("Choose a format."))
    if data.language not in COURSE_LANGUAGES:
        errors.add("language", _l("Choose a language."))
    values["language"] = data.language
    for name, value, top in (("ects", data.ects, 1000), ("hours", data.hours, 10_000),
                             ("price_eur", data.price_eur, 1_000_000)):
        if value is not None and not (0 <= value < top):
            errors.add(name, _l("Give a number of zero or more."))
        values[name] = value
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors.add("ends_on", _l("The end cannot be before the start."))
    partner = None
    if data.partner_id is not None:
        partner = session.get(EducationPartner, data.partner_id) \
            if 0 < data.partner_id < 2**31 else None
        if partner is None:
            errors.add("partner_id", _l("Choose the provider from the list."))
    values["partner_id"] = partner.id if partner is not None else None
    provider = (data.provider or "").strip() or (partner.name if partner is not None else "")
    values["provider"] = errors.check(require_text, provider, "provider", max_length=200)
    values["search_text"] = search_text(values["title"], values["provider"],
                                        values["description"], values["target_group"])
    return values


def get_course(session: Session, actor: User, course_id: int) -> Course:
    return authz.get_for(session, actor, Course, course_id, "course.edit")


def save_course(session: Session, actor: User, data: CourseInput,
                course_id: int | None = None) -> Course:
    """Add or change a course by hand (the coordinator). Raises FieldError, Forbidden."""
    authz.require(actor, "course.edit")
    course = get_course(session, actor, course_id) if course_id is not None else None
    errors = ErrorCollector()
    values = _course_values(session, data, errors)
    errors.raise_if_any()
    with committing(session):
        if course is None:
            course = Course(**values)
            audit.record_created(session, actor, course, entity="course", city_id=None)
        else:
            before = audit.snapshot(course)
            audit.assign(course, values)
            session.flush()
            audit.record_changes(session, actor, course, before, entity="course", city_id=None)
    return course


def delete_course(session: Session, actor: User, course_id: int) -> None:
    course = get_course(session, actor, course_id)
    with committing(session):
        audit.record(session, actor, "course.delete", entity="course", entity_id=course.id,
                     city_id=None, before=audit.snapshot(course))
        session.delete(course)


# -- the public portal ------------------------------------------------------------------------

def _month(text: str) -> tuple[int, int] | None:
    try:
        year, month = (int(p) for p in text.split("-"))
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def search_courses(session: Session, filters: CourseFilters, *, limit: int = 100
                   ) -> list[PublicCourse]:
    """The courses matching the filters (public: no sign-in), starting soonest first, the
    self-paced ones after them. Unknown filter values narrow to nothing rather than fail."""
    stmt = select(Course)
    query = filters.q.strip()[:MAX_QUERY]
    if query:
        stmt = stmt.where(*search_clause(Course.search_text, query))
    if filters.theme:
        stmt = stmt.where(cast(Course.themes, Text).like(f'%"{_safe(filters.theme)}"%'))
    if filters.language:
        stmt = stmt.where(Course.language == filters.language)
    if filters.partner_id is not None:
        stmt = stmt.where(Course.partner_id == filters.partner_id)
    if filters.format:
        try:
            stmt = stmt.where(Course.format == CourseFormat(filters.format))
        except ValueError:
            return []
    month = _month(filters.month) if filters.month else None
    if filters.month and month is None:
        return []
    if month is not None:
        stmt = stmt.where(or_(Course.self_paced.is_(True), (
            (extract("year", Course.starts_on) == month[0])
            & (extract("month", Course.starts_on) == month[1]))))
    stmt = stmt.order_by(Course.starts_on.is_(None), Course.starts_on, Course.title)
    return [_public(c) for c in session.scalars(stmt.limit(limit))]


def _safe(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum() or ch == "_")[:60]


def highlighted(session: Session, city: City) -> list[PublicCourse]:
    """The courses a town highlights on its own page."""
    stmt = (select(Course).join(CourseHighlight, CourseHighlight.course_id == Course.id)
            .where(CourseHighlight.city_id == city.id).order_by(Course.starts_on, Course.title))
    return [_public(c) for c in session.scalars(stmt)]


def set_highlight(session: Session, actor: User, course_id: int, *, on: bool,
                  city_id: int | None = None) -> None:
    """Highlight a course on the actor's town's page (or stop). The coordinator names the
    town."""
    authz.require(actor, "course.highlight")
    town = authz.listing_town(actor, city_id)
    if town is None:
        raise FieldError("city_id", _l("Choose the town."))
    course = session.get(Course, course_id) if 0 < course_id < 2**31 else None
    if course is None:
        raise NotFound()
    row = session.get(CourseHighlight, (town, course.id))
    with committing(session):
        if on and row is None:
            session.add(CourseHighlight(city_id=town, course_id=course.id))
        elif not on and row is not None:
            session.delete(row)
        audit.record(session, actor, "course.highlight" if on else "course.unhighlight",
                     entity="course", entity_id=course.id, city_id=town)


def highlighted_ids(session: Session, actor: User) -> set[int]:
    """The courses the actor's own town highlights (none for the townless coordinator)."""
    towns = authz.city_scope_ids(actor) or set()
    return set(session.scalars(select(CourseHighlight.course_id).where(
        CourseHighlight.city_id.in_(towns))))


def list_courses(session: Session) -> list[Course]:
    """Every course, for the coordinator's list."""
    return list(session.scalars(select(Course).options(selectinload(Course.partner))
                                .order_by(Course.title)))


def town_by_code(session: Session, code: str) -> City | None:
    if not code or not code.isdigit() or len(code) > 3:
        return None
    return session.scalar(select(City).where(City.code == code))
