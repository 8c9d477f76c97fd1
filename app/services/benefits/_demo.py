"""Believable demo applications for every demo town over the last two years (flush only; the
demo seed commits)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Company, User
from app.models.benefits import ApplicantRole, Application, FundingLevel, Outcome

# (call or instrument, programme, source of funding, typical amount applied in euros)
INSTRUMENTS = (
    ("Tempo-rahoitus", "Business Finland", FundingLevel.NATIONAL, 50_000),
    ("Tutkimus- ja kehitysrahoitus", "Business Finland", FundingLevel.NATIONAL, 350_000),
    ("Kehittämisavustus yrityksille", "ELY-keskus", FundingLevel.REGIONAL, 80_000),
    ("Energiatuki", "Business Finland", FundingLevel.NATIONAL, 200_000),
    ("EIC Accelerator", "Horizon Europe", FundingLevel.EU, 2_000_000),
    ("Cluster-vetoinen innovaatiohanke", "Horizon Europe", FundingLevel.EU, 900_000),
    ("Interreg Aurora -hanke", "Interreg Aurora", FundingLevel.EU, 400_000),
    ("Maakunnan kehittämisraha", "Maakuntaliitto", FundingLevel.REGIONAL, 60_000),
    ("Digital Europe -testausympäristö", "Digital Europe", FundingLevel.EU, 600_000),
    ("Kansainvälistymisavustus", "ELY-keskus", FundingLevel.REGIONAL, 40_000),
)
PER_TOWN = (12, 20)


def seed_applications(session: Session, staff_by_city: dict[int, User], *, seed: int,
                      today: date) -> int:
    """Write 12–20 applications per town, submitted over the last two years: older ones decided
    (about half awarded, now and then more than applied), recent ones still waiting. Uses its
    own random stream, so the rest of the demo stays as it was."""
    rng = random.Random(seed * 31 + 13)
    companies = list(session.scalars(select(Company).order_by(Company.id)))
    by_city: dict[int, list[Company]] = {}
    for company in companies:
        by_city.setdefault(company.city_id, []).append(company)
    count = 0
    for city_id, firms in sorted(by_city.items()):
        for _n in range(rng.randint(*PER_TOWN)):
            company = rng.choice(firms)
            title, programme, level, typical = rng.choice(INSTRUMENTS)
            applied = Decimal(round(typical * rng.uniform(0.4, 1.6), -3))
            submitted = today - timedelta(days=rng.randint(5, 720))
            app_ = Application(
                company=company, call_title=title, programme=programme, funding_level=level,
                role=ApplicantRole.PARTNER if rng.random() < 0.25 else ApplicantRole.COORDINATOR,
                amount_applied_eur=applied, company_share_eur=(applied * Decimal("0.6")).quantize(
                    Decimal("1")), submitted_on=submitted,
                created_by=staff_by_city.get(city_id))
            decided = submitted + timedelta(days=rng.randint(45, 150))
            if decided < today:
                roll = rng.random()
                app_.decided_on = decided
                if roll < 0.5:
                    app_.outcome = Outcome.AWARDED
                    share = Decimal(str(rng.choice((0.7, 0.8, 0.9, 1.0, 1.0, 1.05))))
                    app_.amount_granted_eur = (applied * share).quantize(Decimal("1"))
                elif roll < 0.9:
                    app_.outcome = Outcome.NOT_AWARDED
                else:
                    app_.outcome, app_.decided_on = Outcome.WITHDRAWN, None
            if rng.random() < 0.2:
                partner = rng.choice(companies)
                if partner.id != company.id:
                    app_.partners = [partner]
            session.add(app_)
            count += 1
    session.flush()
    return count
