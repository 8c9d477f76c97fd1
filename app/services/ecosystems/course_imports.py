"""Courses coming in by file and by feed: a CSV/Excel table (a table with a broken row imports
nothing until the row is fixed or the upload is told to skip broken rows, as the company import
does), and a partner's RSS/Atom feed or JSON list read by ``connectors.courses``. Both upsert by
(partner, source id) and never delete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.ecosystems import Course, CourseFormat, EducationPartner
from app.services import audit
from app.services._tx import committing
from app.services.ecosystems._fields import search_text
from app.services.ecosystems.courses import COURSE_LANGUAGES, get_partner
from app.services.ecosystems.themes import themes_in_text
from connectors import courses as course_connector
from connectors.errors import SourceError
from connectors.http import make_session
from connectors.tabular import TableError, read_table

# the columns of an upload (Finnish headers accepted too)
_HEADERS = {"title": "title", "nimi": "title", "otsikko": "title", "url": "url",
            "linkki": "url", "provider": "provider", "järjestäjä": "provider",
            "description": "description", "kuvaus": "description", "language": "language",
            "kieli": "language", "format": "format", "muoto": "format", "ects": "ects",
            "op": "ects", "hours": "hours", "tunnit": "hours", "starts_on": "starts_on",
            "alkaa": "starts_on", "ends_on": "ends_on", "päättyy": "ends_on",
            "self_paced": "self_paced", "price_eur": "price_eur", "hinta": "price_eur",
            "target_group": "target_group", "kohderyhmä": "target_group"}



@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int
    problems: tuple[str, ...]


def _from_record(record: course_connector.CourseRecord, partner: EducationPartner | None
                 ) -> dict[str, Any]:
    text = f"{record.title}. {record.description} {' '.join(record.keywords)}"
    language = record.language if record.language in COURSE_LANGUAGES else "fi"
    return {
        "source_id": record.source_id, "title": record.title, "url": record.url,
        "provider": (record.provider or (partner.name if partner else "") or "?")[:200],
        "description": record.description[:5000], "language": language,
        "format": CourseFormat(record.format or "online"), "ects": record.ects,
        "hours": record.hours, "starts_on": record.starts_on, "ends_on": record.ends_on,
        "self_paced": record.self_paced or record.starts_on is None,
        "price_eur": record.price_eur, "target_group": record.target_group,
        "themes": themes_in_text(text, language)[:30],
        "search_text": search_text(record.title, record.provider or (partner.name if partner
                                   else ""), record.description, record.target_group),
    }


def _upsert(session: Session, records: list[course_connector.CourseRecord],
            partner: EducationPartner | None) -> tuple[int, int]:
    """Insert new courses and update those already read (by partner and source id); flush
    only."""
    partner_id = partner.id if partner is not None else None
    ids = [r.source_id for r in records]
    existing = {c.source_id: c for c in session.scalars(select(Course).where(
        Course.partner_id.is_(partner_id) if partner_id is None
        else Course.partner_id == partner_id, Course.source_id.in_(ids)))} if ids else {}
    added = updated = 0
    for record in records:
        values = _from_record(record, partner)
        row = existing.get(record.source_id)
        if row is None:
            session.add(Course(partner_id=partner_id, **values))
            added += 1
        elif audit.assign(row, values):
            updated += 1
    session.flush()
    return added, updated


def import_feed(session: Session, actor: User, partner_id: int,
                http: requests.Session | None = None) -> ImportResult:
    """Read a partner's course feed or JSON list and upsert its courses (never deletes).
    Raises FieldError when the partner has no feed or the feed cannot be read."""
    partner = get_partner(session, actor, partner_id)
    if not partner.feed_url:
        raise FieldError("feed_url", _l("The partner has no course feed."))
    try:
        feed = course_connector.fetch(http or make_session(retries=1), partner.feed_url)
    except SourceError as exc:
        raise FieldError("feed_url", _l("The course feed could not be read: %(error)s",
                                        error=exc.message[:200])) from exc
    with committing(session):
        added, updated = _upsert(session, list(feed.courses), partner)
        audit.record(session, actor, "course.import_feed", entity="education_partner",
                     entity_id=partner.id, city_id=None,
                     after={"added": added, "updated": updated})
    return ImportResult(added, updated, feed.problems)


def read_upload(data: bytes, filename: str
                ) -> tuple[list[course_connector.CourseRecord], list[str]]:
    """The courses of an uploaded table and its broken rows ("row 3: …"). Raises FieldError
    when the file is no table."""
    try:
        table = read_table(data, filename, max_rows=20_000)
    except TableError as exc:
        raise FieldError("file", exc.message) from exc
    columns = {h: _HEADERS.get(h.strip().lower()) for h in table.headers}
    if "title" not in columns.values() or "url" not in columns.values():
        raise FieldError("file", _l("The table needs the columns title and url."))
    records, problems = [], []
    for number, row in table.records():
        fields = {columns[h]: v for h, v in row.items() if columns.get(h)}
        fields["source_id"] = fields.get("url", "")
        try:
            records.append(course_connector.record_from_fields(fields))
        except ValueError as exc:
            problems.append(str(_l("Row %(n)d: %(error)s", n=number, error=str(exc))))
    return records, problems


def upload_courses(session: Session, actor: User, data: bytes, filename: str, *,
                   partner_id: int | None = None, skip_broken: bool = False) -> ImportResult:
    """Import a course table. A table with broken rows imports nothing (FieldError listing
    them) unless ``skip_broken``: then the good rows go in and the broken ones are reported."""
    authz.require(actor, "course.edit")
    partner = get_partner(session, actor, partner_id) if partner_id is not None else None
    records, problems = read_upload(data, filename)
    if problems and not skip_broken:
        raise FieldError("file", _l("%(n)d rows need fixing; nothing was imported. %(rows)s",
                                    n=len(problems), rows=" ".join(problems[:10])))
    with committing(session):
        added, updated = _upsert(session, records, partner)
        audit.record(session, actor, "course.upload", entity="course", entity_id=None,
                     city_id=None, after={"added": added, "updated": updated,
                                          "skipped": len(problems)})
    return ImportResult(added, updated, tuple(problems))
