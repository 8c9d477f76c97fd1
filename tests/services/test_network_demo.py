"""The demo network has an operating model: a chair rotation, goals, the meeting cycle and two
past meetings with decisions, one of them still being carried out."""

from datetime import date

from sqlalchemy import select

from app.models import City, Role, User
from app.services import demo, network


def test_demo_has_a_chair_rotation_and_two_past_meetings_with_decisions(session):
    demo.seed_demo(session, today=date(2026, 12, 3))
    coordinator = session.scalars(select(User).where(User.role == Role.COORDINATOR)).first()
    view = network.overview(session, coordinator, today=date(2026, 12, 3))
    assert view.chair.city.name_fi == "Savonlinna" and len(view.rotation) == 2
    assert view.meeting_cycle and len(view.network_goals) == 3 and view.town_goals
    past = network.search_meetings(session, coordinator)
    assert len(past) >= 2 and all(m.decisions and m.minutes for m in past[:2])
    assert view.open_decisions and any(d.done_on for m in past for d in m.decisions)
    kristiinankaupunki = session.scalars(select(City).where(City.code == "287")).one()
    assert kristiinankaupunki.language_status == "bilingual" and kristiinankaupunki.is_member
