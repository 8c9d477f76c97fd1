"""A company's yearly figures (staff, turnover, export share, R&D spend per year): reading them,
saving the table staff edit on the company page or send through the API, and the flush-only
merge the company-list import uses. The pipeline's growth signal reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz, clock
from app.errors import ErrorCollector, FieldError
from app.i18n import lazy_gettext as _l
from app.limits import MAX_AMOUNT, MAX_INT
from app.models import Company, User
from app.models.figures import CompanyYear
from app.services import audit
from app.services._tx import committing

FIRST_YEAR = 1950
MAX_YEARS = 30  # rows in one company's table
FIGURES = ("employees", "turnover_eur", "export_share_pct", "rnd_eur")


@dataclass(frozen=True, slots=True)
class YearInput:
    """One row of the table as sent; every figure may be left empty (None)."""

    year: int | None
    employees: int | None = None
    turnover_eur: Decimal | None = None
    export_share_pct: Decimal | None = None
    rnd_eur: Decimal | None = None

    def is_blank(self) -> bool:
        return self.year is None and all(getattr(self, f) is None for f in FIGURES)


@dataclass(frozen=True, slots=True)
class YearRecord:
    year: int
    employees: int | None
    turnover_eur: Decimal | None
    export_share_pct: Decimal | None
    rnd_eur: Decimal | None


def last_year() -> int:
    """The latest year figures can be given for: this year (a forecast is not a figure)."""
    return clock.today().year


def _records(rows: Iterable[CompanyYear]) -> list[YearRecord]:
    return sorted((YearRecord(r.year, r.employees, r.turnover_eur, r.export_share_pct,
                              r.rnd_eur) for r in rows), key=lambda r: r.year, reverse=True)


def _rows(session: Session, company_id: int) -> list[CompanyYear]:
    return list(session.scalars(select(CompanyYear).where(CompanyYear.company_id == company_id)))


def yearly_figures(session: Session, actor: User, company: Company) -> list[YearRecord]:
    """The figures of a company the actor sees, latest year first. Read only."""
    authz.require(actor, "company.view", company)
    return _records(_rows(session, company.id))


def check_year(errors: ErrorCollector, prefix: str, row: YearInput, *,
               newest: int) -> YearInput:
    """Validate one row into ``errors`` (fields named ``<prefix>year`` ...); the row back.
    A number that is not finite (NaN) counts as negative."""
    if row.year is None:
        errors.add(f"{prefix}year", _l("Give the year."))
    elif not FIRST_YEAR <= row.year <= newest:
        errors.add(f"{prefix}year", _l("Give a year between %(lo)d and %(hi)d.",
                                       lo=FIRST_YEAR, hi=newest))
    if row.employees is not None and not 0 <= row.employees <= MAX_INT:
        errors.add(f"{prefix}employees", _l("Give a number of 0 or more."))
    for name in ("turnover_eur", "rnd_eur"):
        value = getattr(row, name)
        if value is not None and not (value.is_finite() and 0 <= value < MAX_AMOUNT):
            errors.add(f"{prefix}{name}", _l("Give a number of 0 or more."))
    share = row.export_share_pct
    if share is not None and not (share.is_finite() and 0 <= share <= 100):
        errors.add(f"{prefix}export_share_pct", _l("Give a share between 0 and 100 %."))
    return row


def _plain(value: Any) -> Any:
    """A figure as the audit image keeps it: decimals as text with two decimals."""
    return str(Decimal(value).quantize(Decimal("0.01"))) if isinstance(value, Decimal) else value


def _image(rows: Iterable[CompanyYear | YearRecord]) -> list[dict[str, Any]]:
    return [{"year": r.year, **{f: _plain(getattr(r, f)) for f in FIGURES}}
            for r in sorted(rows, key=lambda r: r.year)]


def save_yearly_figures(session: Session, actor: User, company_id: int,
                        rows: Sequence[YearInput]) -> list[YearRecord]:
    """Replace a company's table of yearly figures with ``rows`` (blank rows are dropped; a
    year left out is removed). Audits the table before and after (``company.figures``) and
    commits; FieldError(s) for a year outside 1950–this year, a year given twice, a negative
    number or an export share above 100 %: nothing is written then. NotFound outside the
    actor's towns, Forbidden for a role that may not edit companies."""
    company = authz.get_company(session, actor, company_id, for_write=True)
    errors = ErrorCollector()
    newest = last_year()
    wanted = [r for r in rows if not r.is_blank()]
    if len(wanted) > MAX_YEARS:
        raise FieldError("years", _l("At most %(n)d years per company.", n=MAX_YEARS))
    seen: set[int] = set()
    for i, row in enumerate(wanted):
        check_year(errors, f"years.{i}.", row, newest=newest)
        if row.year is not None and row.year in seen:
            errors.add(f"years.{i}.year", _l("Each year can be given once."))
        seen.add(row.year or 0)
    errors.raise_if_any()
    existing = {r.year: r for r in _rows(session, company.id)}
    before = _image(existing.values())
    for row in wanted:
        assert row.year is not None
        target = existing.pop(row.year, None)
        if target is None:
            target = CompanyYear(company_id=company.id, year=row.year)
            session.add(target)
        for name in FIGURES:
            setattr(target, name, getattr(row, name))
    for gone in existing.values():
        session.delete(gone)
    session.flush()
    current = _rows(session, company.id)
    after = _image(current)
    with committing(session):
        if before != after:
            audit.record(session, actor, "company.figures", entity="company",
                         entity_id=company.id, city_id=company.city_id,
                         before={"years": before}, after={"years": after})
    return _records(current)


def merge_years(session: Session,
                given: dict[int, dict[int, dict[str, Any]]]) -> dict[int, dict[str, Any]]:
    """Flush-only, for the import: for each company id, set the given figures of the given
    years (a figure or a year not given is kept: nothing is lost). Returns, per company whose
    figures changed, the audit images ``{"before": ..., "after": ...}``."""
    if not given:
        return {}
    existing: dict[int, dict[int, CompanyYear]] = {cid: {} for cid in given}
    for row in session.scalars(select(CompanyYear).where(
            CompanyYear.company_id.in_(list(given)))):
        existing[row.company_id][row.year] = row
    out = {}
    for company_id, years in given.items():
        rows = existing[company_id]
        before = _image(rows.values())
        for year, values in years.items():
            target = rows.get(year)
            if target is None:
                target = rows[year] = CompanyYear(company_id=company_id, year=year)
                session.add(target)
            for name, value in values.items():
                if value is not None and name in FIGURES:
                    setattr(target, name, value)
        after = _image(rows.values())
        if before != after:
            out[company_id] = {"before": {"years": before}, "after": {"years": after}}
    session.flush()
    return out
