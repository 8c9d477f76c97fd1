"""The benefits figures of a town or the network over a period: SQL aggregates plus two narrow
row sets (submissions and decisions in the period) summed here, so the totals, the split by
source of funding and the split by quarter add up by construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from app.models import Company, Interaction
from app.models.benefits import Application, FundingLevel, Outcome
from app.models.matches import MatchFeedback

LEVELS = tuple(level.value for level in FundingLevel)


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before this one: as many whole quarters when it is whole quarters
        (Q1 compares with Q4, a year with the year before), else as many days."""
        end = self.start - timedelta(days=1)
        after_end = self.end + timedelta(days=1)
        if self.start.day == 1 and self.start.month % 3 == 1 and after_end.day == 1 \
                and after_end.month % 3 == 1:
            months = (after_end.year - self.start.year) * 12 + after_end.month - self.start.month
            first = self.start.year * 12 + self.start.month - 1 - months
            return Period(date(first // 12, first % 12 + 1, 1), end)
        return Period(end - timedelta(days=self.days - 1), end)

    def quarters(self) -> list[tuple[int, int]]:
        """(year, quarter) of every quarter the period touches, in order."""
        out: list[tuple[int, int]] = []
        day = self.start
        while day <= self.end:
            key = (day.year, (day.month - 1) // 3 + 1)
            if key not in out:
                out.append(key)
            day = date(day.year + (day.month >= 10), (day.month + 2) // 3 * 3 % 12 + 1, 1)
        return out


@dataclass(slots=True)
class Split:
    """Applications submitted and decided, with their euros and the companies behind them."""

    submitted: int = 0
    applied_eur: Decimal = Decimal("0.00")
    awarded: int = 0
    not_awarded: int = 0
    granted_eur: Decimal = Decimal("0.00")
    applying_companies: set[int] = field(default_factory=set)
    awarded_companies: set[int] = field(default_factory=set)
    decided_companies: set[int] = field(default_factory=set)

    @property
    def success_rate(self) -> float | None:
        """Awarded of decided (withdrawn ones are no decision), or None with no decision."""
        decided = self.awarded + self.not_awarded
        return self.awarded / decided if decided else None


@dataclass(slots=True)
class Figures:
    period: Period
    companies_engaged: int = 0
    growth_identified: int = 0
    anchors_identified: int = 0
    matches_proposed: int = 0
    proposed_companies: int = 0
    total: Split = field(default_factory=Split)
    by_level: dict[str, Split] = field(default_factory=dict)
    by_quarter: dict[tuple[int, int], Split] = field(default_factory=dict)
    level_quarter: dict[tuple[int, int, str], Split] = field(default_factory=dict)


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return (datetime.combine(period.start, time.min, UTC),
            datetime.combine(period.end + timedelta(days=1), time.min, UTC))


def _in_town(stmt: Any, city_id: int | None, company_col: Any) -> Any:
    """Limit to one town's companies; the network needs no join."""
    if city_id is None:
        return stmt
    return stmt.join(Company, Company.id == company_col).where(Company.city_id == city_id)


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _crm_counts(session: Session, figures: Figures, city_id: int | None) -> None:
    period = figures.period
    since, until = _bounds(period)
    engaged = _in_town(select(func.count(distinct(Interaction.company_id))), city_id,
                       Interaction.company_id).where(
        Interaction.occurred_on >= period.start, Interaction.occurred_on <= period.end)
    figures.companies_engaged = session.scalar(engaged) or 0
    new = select(func.count()).select_from(Company).where(
        Company.created_at >= since, Company.created_at < until, Company.merged_into_id.is_(None))
    if city_id is not None:
        new = new.where(Company.city_id == city_id)
    figures.growth_identified = session.scalar(new.where(Company.is_growth_seeking)) or 0
    figures.anchors_identified = session.scalar(new.where(Company.is_anchor)) or 0
    pairs = _in_town(select(MatchFeedback.company_id, MatchFeedback.call_id), city_id,
                     MatchFeedback.company_id).where(
        MatchFeedback.label == "proposed", MatchFeedback.created_at >= since,
        MatchFeedback.created_at < until).distinct().subquery()
    figures.matches_proposed = session.scalar(select(func.count()).select_from(pairs)) or 0
    figures.proposed_companies = session.scalar(
        select(func.count(distinct(pairs.c.company_id)))) or 0


def _splits(figures: Figures, level: str, day: date) -> list[Split]:
    quarter = _quarter(day)
    return [figures.total, figures.by_level[level],
            figures.by_quarter.setdefault(quarter, Split()),
            figures.level_quarter.setdefault((*quarter, level), Split())]


def _applications(session: Session, figures: Figures, city_id: int | None) -> None:
    period = figures.period
    submitted = _in_town(select(Application.company_id, Application.funding_level,
                                Application.submitted_on, Application.amount_applied_eur),
                         city_id, Application.company_id).where(
        Application.submitted_on >= period.start, Application.submitted_on <= period.end)
    for company_id, level, day, applied in session.execute(submitted):
        for split in _splits(figures, level.value, day):
            split.submitted += 1
            split.applied_eur += applied or 0
            split.applying_companies.add(company_id)
    decided = _in_town(select(Application.company_id, Application.funding_level,
                              Application.decided_on, Application.outcome,
                              Application.amount_granted_eur), city_id,
                       Application.company_id).where(
        Application.decided_on >= period.start, Application.decided_on <= period.end,
        Application.outcome.in_([Outcome.AWARDED, Outcome.NOT_AWARDED]))
    for company_id, level, day, outcome, granted in session.execute(decided):
        for split in _splits(figures, level.value, day):
            split.decided_companies.add(company_id)
            if outcome is Outcome.AWARDED:
                split.awarded += 1
                split.granted_eur += granted or 0
                split.awarded_companies.add(company_id)
            else:
                split.not_awarded += 1


def figures_for(session: Session, city_id: int | None, period: Period) -> Figures:
    """Every figure of one town (None: the network) for one period. Reads only."""
    figures = Figures(period=period, by_level={level: Split() for level in LEVELS},
                      by_quarter={q: Split() for q in period.quarters()})
    _crm_counts(session, figures, city_id)
    _applications(session, figures, city_id)
    return figures
