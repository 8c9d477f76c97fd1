"""Identification support: a transparent growth signal and anchor-candidate signal per company,
each a score with the reasons that made it. Pure: plain records in, plain records out (no ORM,
no clock), so each rule is tested on small known cases.

The data are the company's own fields (size, employees, turnover, industry, keywords,
description), its yearly figures (staff, turnover, export share, R&D spend; ``YearFigures``) and
the topics of its logged contacts. Growth is the change from the earliest to the latest known
year within ``growth_span_years``; the thresholds are the coordinator's (``Thresholds``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: tuple[tuple[str, object], ...] = ()

    def param(self, name: str) -> object:
        return dict(self.params)[name]


@dataclass(frozen=True, slots=True)
class Signal:
    score: int
    reasons: tuple[Reason, ...]

    def is_high(self, threshold: int) -> bool:
        return self.score >= threshold


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a signal turns on; the network's defaults below, the coordinator's in the DB."""

    rdi_words: tuple[str, ...] = ("t&k", "tki", "tutkimus", "tuotekehitys", "r&d",
                                  "innovaatio", "research", "development")
    export_words: tuple[str, ...] = ("vienti", "export", "kansainvälistyminen",
                                     "kansainvälinen", "international")
    growth_topics: tuple[str, ...] = ("kasvu", "kasvusuunnitelma", "growth", "laajennus",
                                      "investointi")
    growth_min_employees: int = 5  # a growth-seeking company already employs people
    anchor_employees: int = 50  # a major employer
    anchor_top_share: float = 0.10  # among the largest tenth of the town's companies
    anchor_industry_share: float = 0.15  # its industry employs this share of the town's staff
    high_growth: int = 2
    high_anchor: int = 2
    employee_growth_pct: int = 10  # staff grew at least this much over the span
    turnover_growth_pct: int = 15  # turnover grew at least this much over the span
    growth_span_years: int = 3  # compare the latest year with the earliest up to this before
    export_share_pct: int = 20  # an export share of turnover at least this counts as export


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    employees: int | None = None
    turnover_eur: float | None = None
    export_share_pct: float | None = None
    rnd_eur: float | None = None


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    company_id: int
    city_id: int
    employees: int | None
    turnover_eur: float | None
    size_class: str | None
    industry_code: str | None
    text: str  # keywords and description, lower-case
    contact_topics: tuple[str, ...] = ()
    years: tuple[YearFigures, ...] = ()  # in year order


@dataclass(frozen=True, slots=True)
class TownFacts:
    """What "large" and "weighty" mean in one town."""

    employee_cutoff: int | None  # employees of the smallest company in the top share
    industry_share: dict[str, float] = field(default_factory=dict)  # 2-digit code -> share


def _found(text: str, words: Iterable[str]) -> list[str]:
    return [w for w in words if w in text]


def growth_of(years: Iterable[YearFigures], attr: str, span: int
              ) -> tuple[int, int, float, float, int] | None:
    """(from year, to year, from value, to value, percent) of one figure, from the earliest
    known year within ``span`` years before the latest known one; None without two such years
    or from zero."""
    known = [(y.year, float(v)) for y in years if (v := getattr(y, attr)) is not None]
    known.sort()
    if len(known) < 2:
        return None
    last_year, last = known[-1]
    earlier = [(yr, v) for yr, v in known[:-1] if last_year - yr <= span]
    if not earlier or earlier[0][1] <= 0:
        return None
    first_year, first = earlier[0]
    return first_year, last_year, first, last, round((last - first) / first * 100)


def _latest(years: Iterable[YearFigures], attr: str) -> tuple[int, float] | None:
    known = [(y.year, float(v)) for y in years if (v := getattr(y, attr)) is not None]
    return max(known) if known else None


def _figure_growth(c: CompanyFacts, t: Thresholds) -> list[Reason]:
    out = []
    for attr, code, limit in (("employees", "employee_growth", t.employee_growth_pct),
                              ("turnover_eur", "turnover_growth", t.turnover_growth_pct)):
        growth = growth_of(c.years, attr, t.growth_span_years)
        if growth is not None and growth[4] >= limit:
            first_year, last_year, first, last, percent = growth
            out.append(Reason(code, (("from_year", first_year), ("to_year", last_year),
                                     ("from", round(first)), ("to", round(last)),
                                     ("percent", percent))))
    return out


def growth_signal(c: CompanyFacts, t: Thresholds) -> Signal:
    """Staff and turnover growth over the latest years, R&D activity, export and growth plans
    in its contacts, with people to grow with."""
    reasons: list[Reason] = _figure_growth(c, t)
    rnd = _latest(c.years, "rnd_eur")
    rdi = _found(c.text, t.rdi_words)
    if rnd is not None and rnd[1] > 0:
        reasons.append(Reason("rnd_spend", (("year", rnd[0]), ("eur", round(rnd[1])))))
    elif rdi:
        reasons.append(Reason("rdi", (("words", ", ".join(rdi[:3])),)))
    share = _latest(c.years, "export_share_pct")
    export = _found(c.text, t.export_words)
    if share is not None and share[1] >= t.export_share_pct:
        reasons.append(Reason("export_share", (("year", share[0]),
                                               ("percent", round(share[1])))))
    elif export:
        reasons.append(Reason("export", (("words", ", ".join(export[:3])),)))
    topics = sorted({tp for tp in c.contact_topics if tp.lower() in t.growth_topics})
    if topics:
        reasons.append(Reason("growth_plans", (("topics", ", ".join(topics)),)))
    if c.employees is not None and c.employees >= t.growth_min_employees and reasons:
        reasons.append(Reason("employer", (("employees", c.employees),)))
    return Signal(len(reasons), tuple(reasons))


def town_facts(companies: Iterable[CompanyFacts], t: Thresholds) -> dict[int, TownFacts]:
    """Per town: the employee count that puts a company in the top share, and each 2-digit
    industry's share of the town's employees."""
    staff: dict[int, list[int]] = defaultdict(list)
    by_industry: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in companies:
        if c.employees:
            staff[c.city_id].append(c.employees)
            if c.industry_code:
                by_industry[c.city_id][c.industry_code[:2]] += c.employees
    out = {}
    for city_id, counts in staff.items():
        ranked = sorted(counts, reverse=True)
        top = max(1, int(len(ranked) * t.anchor_top_share))
        total = sum(ranked)
        out[city_id] = TownFacts(ranked[top - 1], {
            code: n / total for code, n in by_industry[city_id].items()})
    return out


def anchor_signal(c: CompanyFacts, town: TownFacts | None, t: Thresholds) -> Signal:
    """Size among the town's companies, role as an employer and the weight of its industry."""
    reasons: list[Reason] = []
    if town is not None and c.employees and town.employee_cutoff is not None \
            and c.employees >= town.employee_cutoff:
        reasons.append(Reason("town_top", (("percent", round(t.anchor_top_share * 100)),)))
    if c.employees is not None and c.employees >= t.anchor_employees:
        reasons.append(Reason("major_employer", (("employees", c.employees),)))
    elif c.size_class in ("midcap", "large"):
        reasons.append(Reason("size_class", (("size", c.size_class),)))
    if town is not None and c.industry_code:
        share = town.industry_share.get(c.industry_code[:2], 0.0)
        if share >= t.anchor_industry_share:
            reasons.append(Reason("industry_weight", (("industry", c.industry_code[:2]),
                                                      ("percent", round(share * 100)))))
    return Signal(len(reasons), tuple(reasons))
