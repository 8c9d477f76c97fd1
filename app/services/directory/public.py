"""What the public sees of the R&D&I directory: THE one place that picks the fields.

Public pages, the embeddable widget and the public JSON read only these records. A service is
public when published; a person only with their consent. Internal notes, drafts, who created a
row, consent times and every CRM row never leave here: the records below have no field for them.
No sign-in, no actor: these reads are the same for everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.models import City
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory

PUBLIC_LANGUAGES = ("fi", "sv", "en")
CATEGORY_VALUES = frozenset(c.value for c in ServiceCategory)
MAX_QUERY = 100  # characters of a search that are used; the rest is ignored
_CODE = re.compile(r"[0-9]{3}")


@dataclass(frozen=True, slots=True)
class PublicTown:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class PublicService:
    id: int
    town: PublicTown
    category: str
    name: str
    provider: str
    description: str
    target_group: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    url: str | None
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PublicPerson:
    town: PublicTown
    role: str
    name: str
    title: str | None
    email: str | None
    phone: str | None
    topics: tuple[str, ...]


def public_lang(value: str | None, default: str = "fi") -> str:
    """A language the public directory speaks: fi, sv or en (anything else: ``default``)."""
    return value if value in PUBLIC_LANGUAGES else default


def _town(city: City, lang: str) -> PublicTown:
    return PublicTown(city.code, city.name(lang))


def is_town_code(code: str | None) -> bool:
    """Whether the text has the form of a municipality code (three digits)."""
    return bool(code) and _CODE.fullmatch(code) is not None  # type: ignore[arg-type]


def town_by_code(session: Session, code: str | None) -> City | None:
    """The town of a municipality code; None for anything that is not a known three-digit code."""
    if not is_town_code(code):
        return None
    return session.scalars(select(City).where(City.code == code)).one_or_none()


def towns(session: Session, lang: str) -> list[PublicTown]:
    """The towns that list something in public, for the town filter."""
    listed = select(RdiService.city_id).where(RdiService.is_published.is_(True))
    rows = session.scalars(select(City).where(City.id.in_(listed)))
    return sorted((_town(c, lang) for c in rows), key=lambda t: t.name)


def _service(row: RdiService, lang: str) -> PublicService:
    return PublicService(
        id=row.id, town=_town(row.city, lang), category=row.category.value,
        name=row.text("name", lang) or "", provider=row.provider,
        description=row.text("description", lang) or "",
        target_group=row.text("target_group", lang), contact_name=row.contact_name,
        contact_email=row.contact_email, contact_phone=row.contact_phone, url=row.url,
        languages=tuple(row.languages or ()),
    )


def _matches(service: PublicService, words: list[str]) -> bool:
    text = " ".join(filter(None, (service.name, service.provider, service.description,
                                  service.target_group, service.town.name))).casefold()
    return all(word in text for word in words)


def services(session: Session, *, lang: str, city: City | None = None, any_town: bool = True,
             category: str | None = None, query: str | None = None) -> list[PublicService]:
    """The published services, in ``lang`` (Finnish where a text has no translation): of one
    town, or of the network when ``any_town``; of one category; whose texts hold every word of
    ``query``. An unknown category or town gives none, never an error."""
    if city is None and not any_town:
        return []
    stmt = select(RdiService).where(RdiService.is_published.is_(True)).options(
        joinedload(RdiService.city))
    if city is not None:
        stmt = stmt.where(RdiService.city_id == city.id)
    if category:
        if category not in CATEGORY_VALUES:
            return []
        stmt = stmt.where(RdiService.category == ServiceCategory(category))
    found = [_service(row, lang) for row in session.scalars(stmt)]
    words = (query or "")[:MAX_QUERY].casefold().split()
    if words:
        found = [s for s in found if _matches(s, words)]
    return sorted(found, key=lambda s: (s.town.name, s.name.casefold(), s.id))


def people(session: Session, *, lang: str, city: City | None = None, any_town: bool = True
           ) -> list[PublicPerson]:
    """The R&D&I responsible people and deputies who consented to be shown in public."""
    if city is None and not any_town:
        return []
    stmt = select(RdiPerson).where(RdiPerson.has_public_consent.is_(True)).options(
        joinedload(RdiPerson.city))
    if city is not None:
        stmt = stmt.where(RdiPerson.city_id == city.id)
    found = [PublicPerson(town=_town(p.city, lang), role=p.role.value, name=p.name,
                          title=p.title, email=p.email, phone=p.phone,
                          topics=tuple(p.topics or ()))
             for p in session.scalars(stmt)]
    return sorted(found, key=lambda p: (p.town.name, p.role != PersonRole.RESPONSIBLE.value,
                                        p.name))
