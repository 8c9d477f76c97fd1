"""Member towns of the network, made from Finland's municipalities (reference data).

``load_municipalities`` reads Statistics Finland's classification (``app/data/municipalities.csv``
or a newer year's file of the same columns) into ``Municipality``, and keeps the names, region
and language status of member towns in step. A coordinator makes a municipality a member town
(``add_town``: a City row with the same code, or the old one back) and ends a membership
(``end_town``: only dated, so the town's companies, users and history stay).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz, clock
from app.errors import FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import City, Municipality, User
from app.models.geo import LANGUAGE_STATUSES
from app.services import audit
from app.services._tx import committing

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"
COLUMNS = ("code", "name_fi", "name_sv", "region_code", "region_fi", "region_sv", "language",
           "year")


@dataclass(frozen=True, slots=True)
class LoadSummary:
    year: int
    added: int
    updated: int
    retired: int  # no longer in the classification (merged away)
    towns_renamed: int


def _read(text: str) -> list[dict[str, str]]:
    """The rows of a classification file, checked; FieldError names the first bad line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FieldError("file", _l("The file lacks the columns: %(names)s.",
                                    names=", ".join(missing)))
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        ok = (len(row["code"]) == 3 and row["code"].isdigit() and row["name_fi"]
              and row["region_fi"] and row["language"] in LANGUAGE_STATUSES
              and row["year"].isdigit() and row["code"] not in seen)
        if not ok:
            raise FieldError("file", _l("Line %(n)d of the file is not a valid municipality.",
                                        n=line))
        seen.add(row["code"])
        rows.append(row)
    if not rows:
        raise FieldError("file", _l("The file has no municipalities."))
    if len({r["year"] for r in rows}) != 1:
        raise FieldError("file", _l("The file mixes classification years."))
    return rows


def load_municipalities(session: Session, text: str) -> LoadSummary:
    """Load a classification file (CSV text). Idempotent; an older year than the one loaded
    is refused, so an old file never undoes a newer one. Commits once, audited."""
    rows = _read(text)
    year = int(rows[0]["year"])
    existing = {m.code: m for m in session.scalars(select(Municipality))}
    loaded_year = max((m.year for m in existing.values()), default=0)
    if year < loaded_year:
        raise FieldError("file", _l("The file is of %(year)d; the classification of %(loaded)d "
                                    "is already loaded.", year=year, loaded=loaded_year))
    added = updated = retired = renamed = 0
    with committing(session):
        for row in rows:
            values = {"name_fi": row["name_fi"], "name_sv": row["name_sv"] or row["name_fi"],
                      "region_code": row["region_code"], "region_fi": row["region_fi"],
                      "region_sv": row["region_sv"] or row["region_fi"],
                      "language_status": row["language"], "year": year,
                      "in_classification": True}
            found = existing.get(row["code"])
            if found is None:
                session.add(Municipality(code=row["code"], **values))
                added += 1
            elif audit.assign(found, values) - {"year"}:
                updated += 1
        codes = {r["code"] for r in rows}
        for code, muni in existing.items():
            if code not in codes and muni.in_classification:
                muni.in_classification = False
                retired += 1
        session.flush()
        by_code = {r["code"]: r for r in rows}
        for city in session.scalars(select(City)):
            row = by_code.get(city.code)
            if row is None:
                continue
            before = audit.snapshot(city)
            audit.assign(city, {"name_fi": row["name_fi"], "name_sv": row["name_sv"] or None,
                                "region": row["region_fi"], "language_status": row["language"]})
            if audit.record_changes(session, None, city, before, entity="city",
                                    city_id=city.id):
                renamed += 1
        if added or updated or retired:
            audit.record(session, None, "municipality.load", entity="municipality",
                         entity_id=None, city_id=None,
                         after={"year": year, "added": added, "updated": updated,
                                "retired": retired})
    return LoadSummary(year, added, updated, retired, renamed)


def load_default(session: Session) -> LoadSummary:
    """The classification shipped with the app."""
    return load_municipalities(session, DEFAULT_FILE.read_text(encoding="utf-8"))


def _require(actor: User | None) -> None:
    if actor is not None:
        authz.require(actor, "network.settings")


def add_town(session: Session, actor: User | None, code: str,
             today: date | None = None) -> City:
    """Make a municipality a member town (a town whose membership ended becomes one again,
    with all its data). ``actor`` None: the operator's command line. Commits, audited."""
    _require(actor)
    code = (code or "").strip()
    muni = session.get(Municipality, code) if len(code) == 3 else None
    city = session.scalars(select(City).where(City.code == code)).one_or_none()
    if muni is None and city is None:
        raise FieldError("code", _l("No municipality with code %(code)s. Load the "
                                    "classification first (flask load-municipalities).",
                                    code=code or "-"))
    if city is not None and city.is_member:
        raise FieldError("code", _l("%(name)s is already a member town.", name=city.name_fi))
    today = today or clock.today()
    with committing(session):
        if city is None:
            assert muni is not None
            city = City(code=code, name_fi=muni.name_fi, name_sv=muni.name_sv,
                        region=muni.region_fi, language_status=muni.language_status,
                        member_since=today)
            audit.record_created(session, actor, city, entity="city", city_id=None)
        else:
            before = audit.snapshot(city)
            city.member_until = None
            city.member_since = today
            audit.record_changes(session, actor, city, before, entity="city", city_id=city.id,
                                 action="city.join")
    return city


def end_town(session: Session, actor: User | None, code: str,
             today: date | None = None) -> City:
    """End a town's membership: dated, nothing deleted; its users can no longer be created.
    Commits, audited."""
    _require(actor)
    city = session.scalars(select(City).where(City.code == (code or "").strip())).one_or_none()
    if city is None:
        raise NotFound(_l("No member town with code %(code)s.", code=code or "-"))
    if not city.is_member:
        raise FieldError("code", _l("The membership of %(name)s has already ended.",
                                    name=city.name_fi))
    before = audit.snapshot(city)
    with committing(session):
        city.member_until = today or clock.today()
        audit.record_changes(session, actor, city, before, entity="city", city_id=city.id,
                             action="city.leave")
    return city


def list_towns(session: Session, actor: User) -> list[City]:
    """Every town that is or was a member (the coordinator's page)."""
    _require(actor)
    return list(session.scalars(select(City).order_by(City.name_fi)))


def candidates(session: Session, actor: User) -> list[Municipality]:
    """Municipalities of the classification that are not member towns now."""
    _require(actor)
    members = select(City.code).where(City.member_until.is_(None))
    stmt = (select(Municipality)
            .where(Municipality.in_classification.is_(True), Municipality.code.not_in(members))
            .order_by(Municipality.name_fi))
    return list(session.scalars(stmt))


def municipality_count(session: Session) -> int:
    return len(session.scalars(select(Municipality.code)).all())
