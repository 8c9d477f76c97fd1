"""Gathering the facts the signals read (flush-free): the companies of the actor's towns and the
topics of their contacts, as plain ``CompanyFacts``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.models import Company, Interaction, User
from app.models.figures import CompanyYear
from app.services.pipeline._signals import (
    CompanyFacts,
    Signal,
    Thresholds,
    YearFigures,
    anchor_signal,
    growth_signal,
    town_facts,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An unflagged company whose signal is high: to review, and flag if right."""

    company_id: int
    name: str
    city_id: int
    is_anchor: bool
    is_growth_seeking: bool
    growth: Signal
    anchor: Signal
    suggests_growth: bool
    suggests_anchor: bool


def _facts(session: Session, actor: User, city_ids: set[int] | None,
           company_id: int | None = None) -> tuple[list[CompanyFacts], dict[int, tuple]]:
    stmt = select(Company.id, Company.name, Company.city_id, Company.employees,
                  Company.turnover_eur, Company.size_class, Company.industry_code,
                  Company.keywords, Company.description, Company.is_anchor,
                  Company.is_growth_seeking).where(Company.merged_into_id.is_(None))
    stmt = authz.scope(actor, stmt)
    if city_ids is not None:
        stmt = stmt.where(Company.city_id.in_(city_ids))
    rows = session.execute(stmt).all()
    wanted = [r.id for r in rows] if company_id is None else [company_id]
    topics: dict[int, set[str]] = defaultdict(set)
    for cid, tps in session.execute(select(Interaction.company_id, Interaction.topics)
                                    .where(Interaction.company_id.in_(wanted))):
        topics[cid].update(t.lower() for t in tps or [])
    years = _years(session, [r.id for r in rows])
    facts, meta = [], {}
    for r in rows:
        text = " ".join([*(r.keywords or []), r.description or ""]).lower()
        mine = years.get(r.id, ())
        # the company's own staff figure, else the latest year's
        employees = r.employees if r.employees is not None else next(
            (y.employees for y in reversed(mine) if y.employees is not None), None)
        facts.append(CompanyFacts(
            r.id, r.city_id, employees,
            float(r.turnover_eur) if r.turnover_eur is not None else None,
            r.size_class.value if r.size_class else None, r.industry_code, text,
            tuple(sorted(topics.get(r.id, ()))), tuple(mine)))
        meta[r.id] = (r.name, r.is_anchor, r.is_growth_seeking)
    return facts, meta


def _num(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]


def _years(session: Session, company_ids: list[int]) -> dict[int, list[YearFigures]]:
    """Every yearly figure of the companies, in year order (in chunks: a town may be large)."""
    out: dict[int, list[YearFigures]] = defaultdict(list)
    for start in range(0, len(company_ids), 1000):
        stmt = (select(CompanyYear.company_id, CompanyYear.year, CompanyYear.employees,
                       CompanyYear.turnover_eur, CompanyYear.export_share_pct,
                       CompanyYear.rnd_eur)
                .where(CompanyYear.company_id.in_(company_ids[start:start + 1000]))
                .order_by(CompanyYear.company_id, CompanyYear.year))
        for cid, year, staff, turnover, export, rnd in session.execute(stmt):
            out[cid].append(YearFigures(year, staff, _num(turnover), _num(export), _num(rnd)))
    return out


def signals_of(session: Session, actor: User, company: Company,
               t: Thresholds) -> tuple[Signal, Signal]:
    facts, _meta = _facts(session, actor, {company.city_id}, company.id)
    towns = town_facts(facts, t)
    mine = next(f for f in facts if f.company_id == company.id)
    return growth_signal(mine, t), anchor_signal(mine, towns.get(mine.city_id), t)


def candidates(session: Session, actor: User, city_ids: set[int] | None,
               t: Thresholds) -> list[Candidate]:
    facts, meta = _facts(session, actor, city_ids)
    towns = town_facts(facts, t)
    out = []
    for f in facts:
        name, is_anchor, is_growth = meta[f.company_id]
        growth = growth_signal(f, t)
        anchor = anchor_signal(f, towns.get(f.city_id), t)
        wants_growth = not is_growth and growth.is_high(t.high_growth)
        wants_anchor = not is_anchor and anchor.is_high(t.high_anchor)
        if wants_growth or wants_anchor:
            out.append(Candidate(f.company_id, name, f.city_id, is_anchor, is_growth, growth,
                                 anchor, wants_growth, wants_anchor))
    return sorted(out, key=lambda c: (-(c.growth.score + c.anchor.score), c.name))
