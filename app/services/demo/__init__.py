"""The demo network for `make run` and for trying Veturi out: fictional, but believable."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.fi import ytunnus

from app import clock
from app.models import (
    City,
    Company,
    Contact,
    IndustryCodeSet,
    Interaction,
    InteractionKind,
    Role,
    SizeClass,
    Task,
    User,
)
from app.models.figures import CompanyYear
from app.services import audit, matches
from app.services._tx import committing
from app.services.accounts import hash_password
from app.services.benefits._demo import seed_applications
from app.services.demo._data import (
    DEMO_PASSWORD,
    DEMO_USERS,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL_FORMS,
    PLACE_WORDS,
    TOWNS,
)
from app.services.demo.calls import seed_demo_calls
from app.services.directory._demo import seed_directory
from app.services.ecosystems._demo import seed_ecosystems
from app.services.funding import harvest
from app.services.network._demo import seed_network
from app.services.pipeline._demo import seed_pipeline

COMPANIES_PER_TOWN = 20
# Named companies of the demo, as staff would meet them: one entered twice from an old list.
SHOWCASE = {
    "140": (
        ("Kallion Konepaja Oy", True, 0),
        ("Kallion konepaja", False, 0),
        ("Mäki-Kuljetus Oy", True, 9),
    ),
}
CONTACT_TITLES = ("toimitusjohtaja", "tuotantopäällikkö", "kehitysjohtaja", "yrittäjä")
CONTACT_KINDS = [k for k in InteractionKind if k is not InteractionKind.NOTE]  # contacts, not notes


@dataclass(frozen=True, slots=True)
class DemoSummary:
    created: bool
    towns: int
    users: tuple[tuple[str, str, str], ...]  # (email, role, town)
    companies: int
    password: str
    calls: int = 0  # funding calls stored for the demo (seed_demo_network)
    matches: int = 0  # matches stored for them


def seed_demo_network(session: Session, *, calls_file: Path, today: date,
                      config: Any = None) -> DemoSummary:
    """The whole demo in one use case: the network (``seed_demo``), then its funding side: the
    default sources with Business Finland's standing instruments, real calls from the
    evaluation pool (``calls_file``) and every company matched to them. Nothing when data
    exists. Commits per step (each step is its own unit of work)."""
    summary = seed_demo(session, today=today)
    if not summary.created:
        return summary
    harvest.ensure_default_sources(session)
    calls = seed_demo_calls(session, calls_file)
    stored = matches.rematch(session, today=today, full=True, config=config).stored
    return dataclasses.replace(summary, calls=calls, matches=stored)


def random_business_id(rng: random.Random, taken: set[str]) -> str:
    """A checksum-correct Y-tunnus that is not yet taken (some 7-digit stems have none)."""
    while True:
        stem = f"{rng.randrange(1_000_000, 3_400_000):07d}"
        valid = [f"{stem}-{d}" for d in "0123456789" if ytunnus.is_valid(f"{stem}-{d}")]
        if valid and valid[0] not in taken:
            taken.add(valid[0])
            return valid[0]


def size_for(employees: int, turnover: Decimal) -> SizeClass:
    if employees < 10 and turnover <= 2_000_000:
        return SizeClass.MICRO
    if employees < 50 and turnover <= 10_000_000:
        return SizeClass.SMALL
    if employees < 250 and turnover <= 50_000_000:
        return SizeClass.MEDIUM
    if employees < 3000:
        return SizeClass.MIDCAP
    return SizeClass.LARGE


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(City.id)))


def seed_demo(session: Session, *, seed: int = 2026, today: date | None = None) -> DemoSummary:
    """Create the ten towns, a user per role, and 200 companies with contacts and history.

    Refuses (created=False) when the database already has towns, so it never mixes demo data
    into real data. Commits once.
    """
    users = tuple((email, role, code or "") for email, _, role, code in DEMO_USERS)
    if not is_empty(session):
        return DemoSummary(False, 0, users, 0, DEMO_PASSWORD)
    rng = random.Random(seed)
    today = today or clock.today()
    with committing(session):
        cities = {
            code: City(code=code, name_fi=fi, name_sv=sv, region=region)
            for code, fi, sv, region in TOWNS
        }
        session.add_all(cities.values())
        accounts: dict[str, User] = {}
        for email, name, role, code in DEMO_USERS:
            accounts[email] = User(
                email=email, name=name, role=Role(role), city=cities.get(code) if code else None,
                password_hash=hash_password(DEMO_PASSWORD), language="fi",
            )
        session.add_all(accounts.values())
        session.flush()
        staff_by_city = {u.city_id: u for u in accounts.values() if u.role is Role.STAFF}
        taken: set[str] = set()
        count = 0
        for city in cities.values():
            owner = staff_by_city.get(city.id)
            showcase = SHOWCASE.get(city.code, ())
            for i in range(COMPANIES_PER_TOWN):
                count += 1
                company = _demo_company(session, rng, city, owner, taken, today, index=i)
                if i < len(showcase):
                    name, keep_business_id, industry = showcase[i]
                    code, label, _stems, description, keywords = INDUSTRIES[industry]
                    company.name, company.industry_code, company.industry_text = name, code, label
                    company.description, company.keywords = description, list(keywords)
                    if not keep_business_id:
                        company.business_id = None
        session.flush()
        seed_applications(session, staff_by_city, seed=seed, today=today)
        seed_directory(session, list(cities.values()), FIRST_NAMES, LAST_NAMES, seed=seed)
        seed_network(session, cities, [f"{u.name}, {u.city.name_fi if u.city else 'verkosto'}"
                                       for u in accounts.values() if u.role is not Role.VIEWER],
                     today)
        seed_ecosystems(session, list(cities.values()), staff_by_city, seed=seed, today=today)
        seed_pipeline(session, [c.id for c in cities.values()], staff_by_city, seed=seed,
                      today=today)
        audit.record(session, None, "demo.seed", entity="network", entity_id=None, city_id=None,
                     after={"towns": len(cities), "companies": count})
    return DemoSummary(True, len(cities), users, count, DEMO_PASSWORD)


def _demo_years(session: Session, company: Company, index: int, today: date) -> None:
    """Three years of staff and turnover figures ending at the company's own, growing or
    shrinking at a steady rate (its own random stream, so the rest of the demo stays as it is)."""
    rng = random.Random(index * 7919 + 17)
    rate = rng.choice((-0.05, 0.0, 0.03, 0.06, 0.12, 0.25))
    assert company.employees is not None and company.turnover_eur is not None
    for back in range(3):
        factor = (1 + rate) ** back
        session.add(CompanyYear(
            company=company, year=today.year - 1 - back,
            employees=max(1, round(company.employees / factor)),
            turnover_eur=(company.turnover_eur / Decimal(str(factor))).quantize(Decimal(1))))


def _demo_company(
    session: Session,
    rng: random.Random,
    city: City,
    owner: User | None,
    taken: set[str],
    today: date,
    *,
    index: int,
) -> Company:
    code, label, stems, description, keywords = rng.choice(INDUSTRIES)
    headcount = rng.choice((2, 4, 7, 12, 18, 25, 40, 60, 95, 140, 260, 420))
    employees = int(headcount * rng.uniform(0.8, 1.2))
    turnover = Decimal(int(employees * rng.uniform(90_000, 260_000)))
    name = f"{rng.choice(PLACE_WORDS)} {rng.choice(stems)} {rng.choice(LEGAL_FORMS)}"
    company = Company(
        business_id=random_business_id(rng, taken),
        name=name if index % 7 else f"{city.name_fi}n {rng.choice(stems)} Oy",
        industry_code=code,
        industry_code_set=IndustryCodeSet.TOL2008,
        industry_text=label,
        municipality_code=city.code,
        website=None,
        description=description,
        keywords=list(keywords),
        employees=employees,
        turnover_eur=turnover,
        size_class=size_for(employees, turnover),
        is_anchor=employees >= 140 and rng.random() < 0.6,
        is_growth_seeking=rng.random() < 0.3,
        city=city,
        owner=owner if rng.random() < 0.7 else None,
    )
    session.add(company)
    _demo_years(session, company, index, today)
    for _ in range(rng.choice((1, 1, 2))):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company.contacts.append(Contact(
            first_name=first, last_name=last,
            title=rng.choice(CONTACT_TITLES),
            email=f"{first}.{last}@example.com".lower().replace("ä", "a").replace("ö", "o"),
            phone=f"+358 40 {rng.randrange(100_0000, 999_9999)}",
        ))
    if owner is not None and rng.random() < 0.6:
        when = today - timedelta(days=rng.randrange(3, 400))
        session.add(Interaction(
            company=company, occurred_on=when, kind=rng.choice(CONTACT_KINDS),
            summary="Keskusteltiin yrityksen kehityssuunnitelmista ja rahoitusmahdollisuuksista.",
            topics=["rahoitus"], created_by=owner, staff=[owner],
        ))
        if rng.random() < 0.5:
            session.add(Task(
                company=company, title="Lähetä tietoa sopivista rahoitushauista",
                due_on=today + timedelta(days=rng.randrange(-10, 30)),
                assignee=owner, created_by=owner,
            ))
    return company
