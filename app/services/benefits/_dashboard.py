"""The benefits dashboard's use cases: a town's or the network's figures for a period and the
one before, the public summary, and the report files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.errors import NotFound
from app.models import City, User
from app.services.benefits._figures import LEVELS, Figures, Period, Split, figures_for
from app.services.companies.exports import _csv_cell, _xlsx_cell

MIN_COMPANIES = 3  # a public figure resting on fewer companies is hidden


@dataclass(frozen=True, slots=True)
class Dashboard:
    city_id: int | None
    town_name: str | None
    current: Figures
    previous: Figures


def default_period(today: date) -> Period:
    """The last twelve months (365 days) up to today."""
    return Period(today - timedelta(days=364), today)


def last_quarter(today: date) -> Period:
    """The last whole calendar quarter before today's."""
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    end = first - timedelta(days=1)
    return Period(date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end)


def town_choices(session: Session, actor: User) -> list[City]:
    """The towns the actor may pick on the dashboard (besides the whole network)."""
    stmt = select(City).order_by(City.name_fi)
    scope = authz.city_scope_ids(actor)
    if scope is not None:
        stmt = stmt.where(City.id.in_(scope))
    return list(session.scalars(stmt))


def dashboard(session: Session, actor: User, *, city_id: int | None, period: Period) -> Dashboard:
    """The figures of one town (None: the network, aggregates only) for ``period`` and the
    period before it. A town outside the actor's scope is NotFound. Reads only."""
    authz.require(actor, "company.view")
    town = None
    if city_id is not None:
        scope = authz.city_scope_ids(actor)
        town = session.get(City, city_id) if 0 < city_id < 2**31 else None
        if town is None or (scope is not None and city_id not in scope):
            raise NotFound()
    return Dashboard(city_id, town.name_fi if town else None,
                     figures_for(session, city_id, period),
                     figures_for(session, city_id, period.previous()))


@dataclass(frozen=True, slots=True)
class PublicFigure:
    """A figure of the public page; ``value`` is None when it rests on too few companies."""

    key: str
    value: Any
    previous: Any


def _shown(value: Any, companies: int) -> Any:
    return value if companies >= MIN_COMPANIES else None


def _public(figures: Figures) -> dict[str, Any]:
    t = figures.total
    out = {
        "companies_engaged": _shown(figures.companies_engaged, figures.companies_engaged),
        "matches_proposed": _shown(figures.matches_proposed, figures.proposed_companies),
        "applications_submitted": _shown(t.submitted, len(t.applying_companies)),
        "success_rate": _shown(t.success_rate, len(t.decided_companies)),
        "applied_eur": _shown(t.applied_eur, len(t.applying_companies)),
        "granted_eur": _shown(t.granted_eur, len(t.awarded_companies)),
    }
    for level in LEVELS:
        split = figures.by_level[level]
        out[f"applied_eur_{level}"] = _shown(split.applied_eur, len(split.applying_companies))
        out[f"granted_eur_{level}"] = _shown(split.granted_eur, len(split.awarded_companies))
    return out


def public_summary(session: Session, period: Period) -> list[PublicFigure]:
    """The network's aggregate figures for the public page: no names, and any figure resting on
    fewer than ``MIN_COMPANIES`` companies hidden (None). Needs no user."""
    now, before = (_public(figures_for(session, None, p)) for p in (period, period.previous()))
    return [PublicFigure(key, now[key], before[key]) for key in now]


# -- report files -------------------------------------------------------------------------------

def _split_row(label: str, split: Split) -> list[Any]:
    rate = split.success_rate
    return [label, split.submitted, split.applied_eur, split.awarded, split.not_awarded,
            split.granted_eur, round(rate * 100, 1) if rate is not None else ""]


SPLIT_HEADER = ["", "Hakemuksia jätetty", "Haettu (€)", "Myönteisiä päätöksiä",
                "Kielteisiä päätöksiä", "Myönnetty (€)", "Onnistumisprosentti"]
LEVEL_NAMES = {"eu": "EU", "national": "Kansallinen", "regional": "Alueellinen"}


def report_rows(board: Dashboard) -> list[list[Any]]:
    """The dashboard as rows: the key figures for both periods, then by source and by quarter.
    The parts sum to the totals (``_figures``)."""
    cur, prev = board.current, board.previous
    rows: list[list[Any]] = [
        ["Alue", board.town_name or "Koko verkosto"],
        ["Kausi alkaa", cur.period.start], ["Kausi päättyy", cur.period.end],
        ["Vertailukausi alkaa", prev.period.start], ["Vertailukausi päättyy", prev.period.end],
        [],
        ["Tunnusluku", "Kausi", "Vertailukausi"],
        ["Yrityksiä, joihin oltu yhteydessä", cur.companies_engaged, prev.companies_engaged],
        ["Uusia kasvuhakuisia yrityksiä", cur.growth_identified, prev.growth_identified],
        ["Uusia veturiyrityksiä", cur.anchors_identified, prev.anchors_identified],
        ["Yrityksille ehdotettuja osumia", cur.matches_proposed, prev.matches_proposed],
        ["Hakemuksia jätetty", cur.total.submitted, prev.total.submitted],
        ["Haettu (€)", cur.total.applied_eur, prev.total.applied_eur],
        ["Myönnetty (€)", cur.total.granted_eur, prev.total.granted_eur],
        [], ["Rahoituksen lähteen mukaan", *SPLIT_HEADER[1:]],
    ]
    rows += [_split_row(LEVEL_NAMES[level], cur.by_level[level]) for level in LEVELS]
    rows += [_split_row("Yhteensä", cur.total), [], ["Neljännesvuosittain", *SPLIT_HEADER[1:]]]
    rows += [_split_row(f"{y} Q{q}", split) for (y, q), split in cur.by_quarter.items()]
    rows.append(_split_row("Yhteensä", cur.total))
    return rows


def report_csv(board: Dashboard) -> str:
    """CSV for Finnish Excel: semicolons, decimal commas, a BOM; text defused."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in report_rows(board):
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue()


def report_xlsx(board: Dashboard) -> bytes:
    """An .xlsx workbook: a sheet of key figures and a flat data sheet (one row per quarter and
    source) with a frozen header and filters, numbers and dates as such."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Tunnusluvut")
    for row in report_rows(board):
        summary.append([_xlsx_cell(summary, v) for v in row])
    data = workbook.create_sheet("Hakemukset")
    data.freeze_panes = "A2"
    header = ["Neljännes alkaa", "Lähde", "Hakemuksia jätetty", "Haettu (€)",
              "Myönteisiä päätöksiä", "Kielteisiä päätöksiä", "Myönnetty (€)"]
    data.append(header)
    rows = 0
    for (year, quarter), _split in board.current.by_quarter.items():
        start = date(year, (quarter - 1) * 3 + 1, 1)
        for level in LEVELS:
            split = _by(board.current, year, quarter, level)
            data.append([_xlsx_cell(data, v) for v in (
                start, LEVEL_NAMES[level], split.submitted, split.applied_eur, split.awarded,
                split.not_awarded, split.granted_eur)])
            rows += 1
    data.auto_filter.ref = f"A1:G{rows + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _by(figures: Figures, year: int, quarter: int, level: str) -> Split:
    """One quarter's split by source, from the ``level_quarter`` cells."""
    return figures.level_quarter.get((year, quarter, level), Split())


__all__ = ["Dashboard", "MIN_COMPANIES", "Period", "PublicFigure", "dashboard",
           "default_period", "last_quarter", "public_summary", "report_csv", "report_rows",
           "report_xlsx", "town_choices"]
