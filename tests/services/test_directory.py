"""The directory's use cases: who may keep which town's listings, the field rules, the audit,
and the demo network's services and people."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden, NotFound, ValidationErrors
from app.models import City, Role
from app.models.audit import AuditEvent
from app.models.directory import PersonRole, RdiPerson, RdiService
from app.services import demo, directory
from app.services.directory import public


def _service(**over):
    return directory.ServiceInput(**{"category": "training", "name_fi": "Koulutus",
                                     "provider": "Kaupunki", **over})


def test_city_admin_keeps_their_own_town_only(session, make_city, make_user):
    admin = make_user(Role.CITY_ADMIN)
    other = make_city()
    mine = directory.create_service(session, admin, _service())
    assert mine.city_id == admin.city_id
    with pytest.raises(NotFound):  # another town named: as if it did not exist
        directory.create_service(session, admin, _service(city_id=other.id))
    coordinator = make_user(Role.COORDINATOR)
    theirs = directory.create_service(session, coordinator, _service(city_id=other.id))
    with pytest.raises(NotFound):
        directory.update_service(session, admin, theirs.id, _service(name_fi="Muutettu"))
    with pytest.raises(NotFound):
        directory.delete_service(session, admin, theirs.id)


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_staff_and_viewers_read_but_do_not_keep_listings(session, make_user, role):
    user = make_user(role)
    assert directory.list_services(session, user) == []
    with pytest.raises(Forbidden):
        directory.create_person(session, user, directory.PersonInput(name="Maija"))


def test_all_wrong_fields_are_reported_at_once(session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    with pytest.raises(ValidationErrors) as caught:
        directory.create_service(session, admin, _service(
            category="spaceport", name_fi=" ", provider="", url="javascript:alert(1)",
            contact_email="ei-osoite", languages=("fi", "klingon"), name_sv="x" * 201))
    assert {e.field for e in caught.value.errors} == {
        "category", "name_fi", "provider", "url", "contact_email", "languages", "name_sv"}
    assert session.scalars(select(RdiService)).all() == []


def test_control_characters_are_cleaned_from_texts(session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    service = directory.create_service(session, admin, _service(
        name_fi="Koulu\x07tus\n", description_fi="Rivi 1\r\nRivi 2"))
    assert service.name_fi == "Koulutus" and service.description_fi == "Rivi 1\nRivi 2"


def test_an_edit_is_audited_with_only_what_changed(session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    service = directory.create_service(session, admin, _service())
    directory.update_service(session, admin, service.id, _service(provider="Kehitysyhtiö"))
    directory.update_service(session, admin, service.id, _service(provider="Kehitysyhtiö"))
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "rdi_service")
                             .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["rdi_service.create", "rdi_service.update"]
    assert events[1].before == {"provider": "Kaupunki"}
    assert events[1].after == {"provider": "Kehitysyhtiö"}


def test_consent_is_time_stamped_when_given_and_cleared_when_withdrawn(session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    person = directory.create_person(session, admin, directory.PersonInput(
        name="Maija Meikäläinen", has_public_consent=False))
    assert person.consent_recorded_at is None
    given = directory.update_person(session, admin, person.id, directory.PersonInput(
        name="Maija Meikäläinen", has_public_consent=True))
    stamp = given.consent_recorded_at
    assert stamp is not None
    again = directory.update_person(session, admin, person.id, directory.PersonInput(
        name="Maija Meikäläinen", title="Kehittämispäällikkö", has_public_consent=True))
    assert again.consent_recorded_at == stamp  # kept while the consent stands
    withdrawn = directory.update_person(session, admin, person.id, directory.PersonInput(
        name="Maija Meikäläinen", has_public_consent=False))
    assert withdrawn.consent_recorded_at is None
    assert public.people(session, lang="fi") == []


def test_a_person_needs_a_known_role_and_few_topics(session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    with pytest.raises(FieldError) as caught:
        directory.create_person(session, admin, directory.PersonInput(
            name="X", role="chair", topics=tuple(f"aihe {n}" for n in range(20))))
    assert {e.field for e in caught.value.errors} == {"role", "topics"}


def test_demo_gives_every_town_services_and_responsible_people(session):
    demo.seed_demo(session, today=date(2026, 12, 3))
    towns = set(session.scalars(select(City.id)))
    services = session.scalars(select(RdiService)).all()
    people = session.scalars(select(RdiPerson)).all()
    for town in towns:
        mine = [s for s in services if s.city_id == town]
        assert len(mine) >= 4 and len({s.category for s in mine}) >= 3
        roles = [p.role for p in people if p.city_id == town]
        assert PersonRole.RESPONSIBLE in roles and PersonRole.DEPUTY in roles
    assert all(s.url and s.url.startswith("https://") for s in services)
    iisalmi = public.town_by_code(session, "140")
    listed = public.services(session, lang="sv", city=iisalmi)
    assert any(s.name == "Finansieringsrådgivning för företag" for s in listed)
    assert public.people(session, lang="fi", city=iisalmi)  # the responsible one consented
