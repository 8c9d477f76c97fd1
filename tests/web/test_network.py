"""The network page: chair rotation, goals, meeting cycle, meetings with decisions whose
follow-up stays visible until done, the .ics export and the search of past meetings."""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.clock import today as network_today
from app.clock import utcnow
from app.errors import FieldError, Forbidden
from app.models import AuditEvent, Role
from app.models.directory import PersonRole, RdiPerson
from app.services import network
from tests.conftest import TEST_PASSWORD, VeturiClient


def _sign_in(app, user):
    app.test_client_class = VeturiClient
    client = app.test_client()
    assert client.submit("/login", {"email": user.email,
                                    "password": TEST_PASSWORD}).status_code == 302
    return client


def _past_meeting(session, coordinator, **over):
    start = utcnow() - timedelta(days=30)
    data = network.MeetingInput(title=over.get("title", "Verkoston kokous 3/2026"),
                                starts_at=start, ends_at=start + timedelta(hours=2),
                                place="Teams", agenda=over.get("agenda", "1. Puheenjohtajuus"),
                                participants="Kirsi Koordinaattori\nPertti Pääkäyttäjä",
                                minutes=over.get("minutes", "Sovittiin kiertävästä vuorosta."))
    return network.create_meeting(session, coordinator, data)


def test_chair_rotation_ends_the_previous_term(session, make_user, make_city):
    coordinator = make_user(Role.COORDINATOR)
    a, b = make_city(name="Aakaupunki"), make_city(name="Beekaupunki")
    first = network.set_chair(session, coordinator, a.id, date(2025, 1, 1))
    network.set_chair(session, coordinator, b.id, date(2026, 1, 1))
    assert first.ends_on == date(2025, 12, 31)
    view = network.overview(session, coordinator, today=date(2026, 3, 1))
    assert view.chair.city_id == b.id and [t.city_id for t in view.rotation] == [b.id, a.id]
    with pytest.raises(FieldError):
        network.set_chair(session, coordinator, a.id, date(2025, 6, 1))  # before the latest
    with pytest.raises(Forbidden):
        network.set_chair(session, make_user(Role.CITY_ADMIN), a.id, date(2027, 1, 1))


def test_goals_of_the_network_and_of_a_town(session, make_user, make_city):
    admin = make_user(Role.CITY_ADMIN)
    network.add_goal(session, admin, admin.city_id, "Kolme pilottia", "", 2027)
    with pytest.raises(Forbidden):
        network.add_goal(session, admin, None, "Verkoston tavoite", "", 2027)
    with pytest.raises(Forbidden):
        network.add_goal(session, admin, make_city().id, "Toisen tavoite", "", 2027)
    coordinator = make_user(Role.COORDINATOR)
    network.add_goal(session, coordinator, None, "Vakiintunut yhteistyöalusta", "", 2027)
    view = network.overview(session, coordinator)
    assert [g.title for g in view.network_goals] == ["Vakiintunut yhteistyöalusta"]
    assert [g.title for g in view.town_goals] == ["Kolme pilottia"]


def test_decision_follow_up_by_the_owner_town_until_done(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    admin = make_user(Role.CITY_ADMIN)
    stranger = make_user(Role.CITY_ADMIN)
    meeting = _past_meeting(session, coordinator)
    decision = network.add_decision(session, coordinator, meeting.id, network.DecisionInput(
        text="Kootaan TKI-palvelut", owner_city_id=admin.city_id, owner_name="Pertti",
        due_on=network_today() + timedelta(days=14)))
    assert decision in network.overview(session, admin).open_decisions
    with pytest.raises(Forbidden):
        network.update_follow_up(session, stranger, decision.id, "x", True)
    network.update_follow_up(session, admin, decision.id, "Puolet koottu", False)
    assert decision.done_on is None and decision.follow_up == "Puolet koottu"
    network.update_follow_up(session, admin, decision.id, "Valmis", True)
    assert decision.done_on == network_today()
    assert decision not in network.overview(session, admin).open_decisions
    actions = session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "decision")).all()
    assert actions.count("decision.update") == 2 and "decision.create" in actions
    with pytest.raises(FieldError):
        network.add_decision(session, coordinator, meeting.id,
                             network.DecisionInput(text="Ilman omistajaa", owner_city_id=None))


def test_search_finds_past_meetings_by_minutes_and_decisions(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    old = _past_meeting(session, coordinator, minutes="Keskusteltiin vetyhankkeesta.")
    other = _past_meeting(session, coordinator, title="Toinen kokous", agenda="", minutes="")
    network.add_decision(session, coordinator, other.id, network.DecisionInput(
        text="Selvitetään akkuklusteri", owner_city_id=None, owner_name="Kirsi"))
    start = utcnow() + timedelta(days=3)
    network.create_meeting(session, coordinator, network.MeetingInput(
        title="Tuleva vetykokous", starts_at=start, ends_at=start + timedelta(hours=1)))
    assert [m.id for m in network.search_meetings(session, coordinator, "VETYHANKKEESTA")] == [
        old.id]
    assert [m.id for m in network.search_meetings(session, coordinator, "akkuklusteri")] == [
        other.id]
    assert {m.id for m in network.search_meetings(session, coordinator, "")} == {old.id, other.id}


def test_meeting_end_before_start_is_refused(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    start = datetime(2026, 5, 1, 9, tzinfo=UTC)
    with pytest.raises(FieldError) as exc:
        network.create_meeting(session, coordinator, network.MeetingInput(
            title="", starts_at=start, ends_at=start - timedelta(hours=1)))
    assert {e.field for e in exc.value.errors} == {"title", "ends_at"}


def test_network_page_meeting_page_and_ics(app, session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    session.add(RdiPerson(city_id=staff.city_id, role=PersonRole.RESPONSIBLE,
                          name="Tiina TKI", topics=["EU-rahoitus"]))
    network.set_chair(session, coordinator, staff.city_id, date(2026, 1, 1))
    network.set_meeting_cycle(session, coordinator, "Kuukausittain, tiistaisin")
    meeting = _past_meeting(session, coordinator)
    network.add_decision(session, coordinator, meeting.id, network.DecisionInput(
        text="Kootaan TKI-palvelut", owner_city_id=staff.city_id))
    session.commit()
    client = _sign_in(app, staff)
    page = client.get("/network").get_data(as_text=True)
    for text in (staff.city.name_fi, "Tiina TKI", "Kuukausittain, tiistaisin",
                 "Kootaan TKI-palvelut", "Verkoston kokous 3/2026"):
        assert text in page
    assert "network/chair" not in page  # no coordinator's forms for staff
    detail = client.get(f"/network/meetings/{meeting.id}").get_data(as_text=True)
    assert "Pertti Pääkäyttäjä" in detail and "Sovittiin kiertävästä vuorosta." in detail
    resp = client.get(f"/network/meetings/{meeting.id}.ics")
    assert resp.mimetype == "text/calendar"
    event = next(c for c in Calendar.from_ical(resp.data).walk("VEVENT"))
    assert str(event["summary"]) == "Verkoston kokous 3/2026" and str(event["location"]) == "Teams"
    assert event["dtend"].dt - event["dtstart"].dt == timedelta(hours=2)
    found = client.get("/network/meetings?q=kiertävästä").get_data(as_text=True)
    assert "Verkoston kokous 3/2026" in found
    assert client.submit("/network/chair", {"city_id": str(staff.city_id),
                                            "starts_on": "2030-01-01"},
                         page="/network").status_code == 403


def test_coordinator_runs_a_meeting_from_the_page(app, session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    town = make_user(Role.STAFF).city
    client = _sign_in(app, coordinator)
    resp = client.submit("/network/meetings/new", {
        "title": "Syyskokous", "starts_at": "2030-09-01T10:00", "ends_at": "2030-09-01T12:00",
        "agenda": "1. Avaus"})
    assert resp.status_code == 302
    meeting_url = resp.headers["Location"]
    bad = client.submit(meeting_url + "/decisions", {"text": "", "owner_city_id": ""},
                        page=meeting_url)
    assert bad.status_code == 422
    ok = client.submit(meeting_url + "/decisions", {
        "text": "Hyväksyttiin", "owner_city_id": str(town.id), "due_on": "2030-10-01"},
        page=meeting_url)
    assert ok.status_code == 302
    assert "Hyväksyttiin" in client.get(meeting_url).get_data(as_text=True)
    start = network.get_meeting(session, coordinator, int(meeting_url.rsplit("/", 1)[1]))
    assert start.starts_at.astimezone(UTC) == datetime(2030, 9, 1, 7, tzinfo=UTC)  # Helsinki
