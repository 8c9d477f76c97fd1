from datetime import date, timedelta

import pytest

from app.models import Role
from app.models.funding import FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match, MatchStatus


@pytest.fixture()
def make_match(session):
    source = FundingSource(name="testilähde-hakemukset", kind="manual")
    session.add(source)
    session.flush()
    counter = iter(range(1, 10_000))

    def make(company, *, title="Horisontti-haku", programme="Horizon Europe",
             funder="European Commission", status=MatchStatus.PROPOSED):
        n = next(counter)
        deadline = date.today() + timedelta(days=20)
        call = FundingCall(funding_source_id=source.id, source_id=f"a{n}", kind=CallKind.CALL,
                           title=f"{title} {n}", description="kuvaus", status=CallStatus.OPEN,
                           programme=programme, funder=funder, deadlines=[deadline.isoformat()],
                           content_hash=f"ah{n}", keywords=[], applicant_types=["company"])
        session.add(call)
        session.flush()
        match = Match(company_id=company.id, call_id=call.id, score=70.0, status=status)
        session.add(match)
        session.flush()
        return match

    return make


@pytest.fixture()
def towns(make_user, make_company):
    staff = make_user(Role.STAFF)
    other = make_user(Role.STAFF)
    return {
        "staff": staff,
        "other_staff": other,
        "viewer": make_user(Role.VIEWER, city=staff.city),
        "coordinator": make_user(Role.COORDINATOR),
        "company": make_company(city=staff.city, name="Kallion Konepaja Oy"),
        "partner": make_company(city=other.city, name="Vieraan Kaupungin Valimo Oy"),
    }
