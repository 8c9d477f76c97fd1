"""Finding companies: a forgiving name search, business IDs, keywords and the list filters.

A name is found by any part of it while forgiving legal-form suffixes, case, hyphens and missing
ä/ö/å (through ``Company.name_normalized`` and ``Company.search_text``), and by misspellings
(``name_search``: PostgreSQL's trigram indexes, or an in-process index on SQLite). Every query goes
through ``authz.scope``; merged companies never show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload
from stdnum.fi import ytunnus

from app import authz, clock
from app.industry import divisions_of
from app.models import Company, Interaction, InteractionKind, SizeClass, User
from app.names import normalize_name
from app.services._page import Page
from app.services.companies import _name_search as name_search

MAX_RANKED = 1000
_LOAD = (selectinload(Company.owner), selectinload(Company.city))
SORTS = ("name", "-name", "updated", "-updated", "relevance")
_BUSINESS_ID = re.compile(r"^(?:FI)?\s*(\d{6,7})\s*-?\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CompanyFilters:
    """Everything the company list can be narrowed and ordered by (all optional)."""

    q: str | None = None
    section: str | None = None
    industry_code: str | None = None
    municipality: str | None = None
    size: str | None = None
    anchor: bool | None = None
    growth: bool | None = None
    prospect: bool | None = None
    owner_id: int | None = None
    unowned: bool = False
    no_contact_days: int | None = None
    city_id: int | None = None
    sort: str = "name"
    extra: dict[str, Any] = field(default_factory=dict)


def business_id_of(text: str) -> str | None:
    """The hyphenated business ID typed as "2077474-0", "20774740" or "FI20774740", else None."""
    match = _BUSINESS_ID.match(text.strip())
    if not match:
        return None
    candidate = f"{match.group(1).zfill(7)}-{match.group(2)}"
    return candidate if ytunnus.is_valid(candidate) else None


def _live(filters: CompanyFilters) -> Select[Any]:
    """Unmerged companies (of one town, when a coordinator picked one); not yet scoped."""
    stmt = select(Company).where(Company.merged_into_id.is_(None))
    if filters.city_id is not None:
        stmt = stmt.where(Company.city_id == filters.city_id)
    return stmt


def _visible(actor: User, filters: CompanyFilters) -> Select[Any]:
    return authz.scope(actor, _live(filters))


def count_visible(session: Session, actor: User, stmt: Select[Any]) -> int:
    """How many rows of an unscoped company query the actor sees, counted part by part.

    ``count(*)``, not ``count(company.id)``: PostgreSQL then counts from the partial index
    ``ix_company_live`` alone (an index-only scan) instead of visiting every row's heap page.
    """
    total = 0
    for part in authz.scope_parts(actor, stmt):
        counted = part.with_only_columns(func.count(), maintain_column_froms=True)
        total += session.scalar(counted) or 0
    return total


def _apply_filters(stmt, filters: CompanyFilters, today: date):  # type: ignore[no-untyped-def]
    if filters.section:
        stmt = stmt.where(
            func.substr(Company.industry_code, 1, 2).in_(divisions_of(filters.section))
        )
    if filters.industry_code:
        stmt = stmt.where(Company.industry_code.startswith(filters.industry_code.replace(".", "")))
    if filters.municipality:
        stmt = stmt.where(Company.municipality_code == filters.municipality)
    if filters.size:
        if filters.size == "sme":
            stmt = stmt.where(Company.size_class.in_([s for s in SizeClass if s.is_sme]))
        else:
            stmt = stmt.where(Company.size_class == SizeClass(filters.size))
    if filters.anchor is not None:
        stmt = stmt.where(Company.is_anchor.is_(filters.anchor))
    if filters.growth is not None:
        stmt = stmt.where(Company.is_growth_seeking.is_(filters.growth))
    if filters.prospect is not None:
        stmt = stmt.where(Company.is_prospect.is_(filters.prospect))
    if filters.unowned:
        stmt = stmt.where(Company.owner_id.is_(None))
    elif filters.owner_id is not None:
        stmt = stmt.where(Company.owner_id == filters.owner_id)
    if filters.no_contact_days is not None:
        since = today - timedelta(days=filters.no_contact_days)
        recent = exists().where(
            Interaction.company_id == Company.id, Interaction.occurred_on >= since,
            Interaction.kind != InteractionKind.NOTE,  # a note is no contact
        )
        stmt = stmt.where(~recent)
    return stmt


def _last_contact() -> Any:
    """A company's latest real contact (a note is no contact), looked up on the
    (company, date) index."""
    return (select(func.max(Interaction.occurred_on))
            .where(Interaction.company_id == Company.id,
                   Interaction.kind != InteractionKind.NOTE)
            .correlate(Company).scalar_subquery())


def _ordered(stmt, sort: str):  # type: ignore[no-untyped-def]
    if sort == "contact":  # longest without contact first; never contacted first of all
        return stmt.order_by(_last_contact().asc().nulls_first(), Company.name, Company.id)
    if sort == "-contact":
        return stmt.order_by(_last_contact().desc().nulls_last(), Company.name, Company.id)
    if sort == "-name":
        return stmt.order_by(Company.name.desc(), Company.id.desc())
    if sort == "updated":
        return stmt.order_by(Company.updated_at, Company.id)
    if sort == "-updated":
        return stmt.order_by(Company.updated_at.desc(), Company.id.desc())
    return stmt.order_by(Company.name, Company.id)


def _text_ranking(session: Session, actor: User, base: Any, filters: CompanyFilters) -> list[int]:
    """Ids matching the free text, best first (see ``_name_search.rank``)."""
    text = (filters.q or "").strip()
    business_id = business_id_of(text)
    if business_id:
        stmt = base.with_only_columns(Company.id).where(Company.business_id == business_id)
        return list(session.scalars(stmt))
    needle = normalize_name(text)
    if not needle:
        return []
    scope_key = ("network" if authz.is_coordinator(actor) else actor.city_id, filters.city_id)
    ranked = name_search.rank(
        session, _visible(actor, filters), needle,
        scope_key=scope_key, parts=authz.scope_parts(actor, _live(filters)), limit=MAX_RANKED,
    )
    return [company_id for company_id, _score in ranked]


def _passing(session: Session, base: Any, ranked: list[int]) -> list[int]:
    """The fuzzy candidates came from the whole scope: keep those that pass the filters."""
    if not ranked:
        return []
    allowed = set(session.scalars(base.with_only_columns(Company.id).where(Company.id.in_(ranked))))
    return [cid for cid in ranked if cid in allowed]


def search_companies(
    session: Session,
    actor: User,
    filters: CompanyFilters | None = None,
    *,
    query: str | None = None,
    page: int = 1,
    per_page: int = 25,
    today: date | None = None,
) -> Page[Company]:
    """One page of the companies the actor may see, filtered, sorted (or ranked by the query)."""
    filters = filters or CompanyFilters()
    if query is not None:
        filters = replace(filters, q=query)
    today = today or clock.today()
    page = max(1, page)
    unscoped = _apply_filters(_live(filters), filters, today)
    base = authz.scope(actor, unscoped)
    if filters.q and filters.q.strip():
        ranked = _passing(session, base, _text_ranking(session, actor, base, filters))
        window = ranked[(page - 1) * per_page : page * per_page]
        stmt = select(Company).where(Company.id.in_(window)).options(*_LOAD)
        rows = {c.id: c for c in session.scalars(stmt)}
        return Page([rows[i] for i in window if i in rows], len(ranked), page, per_page)
    total = count_visible(session, actor, unscoped)
    rows = session.scalars(
        _ordered(base, filters.sort).options(*_LOAD).limit(per_page).offset((page - 1) * per_page)
    )
    return Page(list(rows), total, page, per_page)


def last_contacts(session: Session, companies: list[Company]) -> dict[int, date]:
    """The latest real contact of each listed company (already in the actor's scope), in one
    grouped query over the page's ids."""
    ids = [c.id for c in companies]
    if not ids:
        return {}
    rows = session.execute(
        select(Interaction.company_id, func.max(Interaction.occurred_on))
        .where(Interaction.company_id.in_(ids), Interaction.kind != InteractionKind.NOTE)
        .group_by(Interaction.company_id))
    return {company_id: when for company_id, when in rows}


def iter_companies(
    session: Session,
    actor: User,
    filters: CompanyFilters,
    *,
    today: date | None = None,
    limit: int = 100_000,
) -> Iterator[Company]:
    """Every company of the filtered list (for export), in list order, streamed in batches."""
    today = today or clock.today()
    base = authz.scope(actor, _apply_filters(_live(filters), filters, today))
    if filters.q and filters.q.strip():
        ranked = _text_ranking(session, actor, base, filters)
        for start in range(0, len(ranked), 500):
            chunk = ranked[start : start + 500]
            stmt = base.where(Company.id.in_(chunk)).options(*_LOAD)
            rows = {c.id: c for c in session.scalars(stmt)}
            yield from (rows[i] for i in chunk if i in rows)
        return
    stmt = _ordered(base, filters.sort).limit(limit).options(*_LOAD)
    yield from session.scalars(stmt.execution_options(yield_per=500))
