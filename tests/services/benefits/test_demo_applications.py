"""seed-demo gives every demo town believable applications over the last two years."""

from datetime import date, timedelta

from sqlalchemy import select

from app.models import City, Company
from app.models.benefits import Application, Outcome
from app.services import benefits, demo
from app.services.benefits import Period


def test_every_demo_town_has_awarded_and_refused_applications(session):
    today = date(2026, 12, 3)
    demo.seed_demo(session, today=today)
    rows = session.execute(select(Company.city_id, Application.outcome, Application.submitted_on)
                           .join(Company, Company.id == Application.company_id)).all()
    towns = set(session.scalars(select(City.id)))
    assert {city for city, _o, _d in rows} == towns
    for town in towns:
        outcomes = {o for city, o, _d in rows if city == town}
        assert {Outcome.AWARDED, Outcome.NOT_AWARDED} <= outcomes or len(outcomes) >= 2
    days = [d for _c, _o, d in rows]
    assert min(days) >= today - timedelta(days=730) and max(days) <= today
    assert {o for _c, o, _d in rows} >= {Outcome.AWARDED, Outcome.NOT_AWARDED, Outcome.PENDING}
    public = {f.key: f.value for f in benefits.public_summary(
        session, Period(today - timedelta(days=364), today))}
    assert public["granted_eur"] and public["applications_submitted"] >= 30
