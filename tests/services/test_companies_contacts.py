from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Contact, Role
from app.services import engagement
from app.services.companies import contacts
from app.services.inputs import ContactInput, InteractionInput

TODAY = date(2026, 11, 28)


def person(**over):
    base = dict(first_name="Aino", last_name="Mäkelä", email="Aino.Makela@Example.fi", phone="+358 40 123 4567")
    base.update(over)
    return ContactInput(**base)


def test_create_and_consent_is_dated(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    contact = contacts.create_contact(session, staff, company.id, person())
    assert contact.email == "aino.makela@example.fi" and not contact.has_marketing_consent
    contacts.update_contact(session, staff, contact.id, person(has_marketing_consent=True))
    assert contact.has_marketing_consent and contact.marketing_consent_at is not None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact.consent")).one()
    assert event.after["has_marketing_consent"] is True


def test_bad_email_is_refused(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    with pytest.raises(FieldError) as exc:
        contacts.create_contact(session, staff, make_company(city=staff.city).id, person(email="not an email"))
    assert exc.value.field == "email"
    assert session.scalar(select(func.count(Contact.id))) == 0


def log_with(session, staff, company, contact, summary, when):
    return engagement.log_interaction(
        session, staff, company.id,
        InteractionInput(kind="meeting", occurred_on=when, summary=summary, contact_ids=(contact.id,)),
        today=TODAY)


def test_export_holds_the_persons_data_and_is_audited(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    contact = contacts.create_contact(session, staff, company.id, person())
    log_with(session, staff, company, contact, "Palaveri Ainon kanssa", TODAY)
    data = contacts.export_contact(session, staff, contact.id)
    assert data["person"]["email"] == "aino.makela@example.fi"
    assert data["company"]["name"] == company.name
    assert [i["summary"] for i in data["interactions"]] == ["Palaveri Ainon kanssa"]
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "contact.export")) == 1


def test_erasure_anonymises_everywhere_but_keeps_the_interactions(session, make_user, make_company):
    admin = make_user(Role.CITY_ADMIN)
    company = make_company(city=admin.city)
    contact = contacts.create_contact(session, admin, company.id, person())
    interaction = log_with(session, admin, company, contact, "Aino Mäkelä esitteli uuden tuotteen.", TODAY)
    contacts.erase_contact(session, admin, contact.id)
    session.refresh(contact)
    assert (contact.first_name, contact.last_name) == contacts.ERASED_NAME
    assert contact.email is None and contact.phone is None and contact.erased_at is not None
    session.refresh(interaction)
    assert "Aino Mäkelä" not in interaction.summary and contacts.ERASED_MARK in interaction.summary
    assert [c.id for c in interaction.contacts] == [contact.id]  # the count of interactions stays
    for event in session.scalars(select(AuditEvent).where(AuditEvent.entity == "contact")):
        text = str(event.before) + str(event.after)
        assert "aino" not in text.lower() and "123 4567" not in text
    erase = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact.erase")).one()
    assert erase.after == {"interactions_kept": 1} and erase.actor_id == admin.id


def test_only_admins_erase_and_erased_people_cannot_be_edited(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    contact = contacts.create_contact(session, staff, company.id, person())
    with pytest.raises(Forbidden):
        contacts.erase_contact(session, staff, contact.id)
    admin = make_user(Role.CITY_ADMIN, city=staff.city)
    contacts.erase_contact(session, admin, contact.id)
    with pytest.raises(NotFound):
        contacts.update_contact(session, staff, contact.id, person())


def test_stale_report_lists_people_without_contact_for_36_months(session, make_user, make_company):
    admin = make_user(Role.CITY_ADMIN)
    company = make_company(city=admin.city)
    old = contacts.create_contact(session, admin, company.id, person(first_name="Vanha"))
    fresh = contacts.create_contact(session, admin, company.id, person(first_name="Tuore"))
    never = contacts.create_contact(session, admin, company.id, person(first_name="Koskaan"))
    new_never = contacts.create_contact(session, admin, company.id, person(first_name="Uusi"))
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    for c in (old, fresh, never):
        c.created_at = long_ago
    session.flush()
    log_with(session, admin, company, old, "vanha tapaaminen", TODAY - timedelta(days=4 * 365))
    log_with(session, admin, company, fresh, "tuore tapaaminen", TODAY - timedelta(days=30))
    rows = contacts.stale_contacts(session, admin, today=TODAY)
    got = {c.first_name: last for c, last in rows}
    assert set(got) == {"Vanha", "Koskaan"}
    assert got["Vanha"] == TODAY - timedelta(days=4 * 365) and got["Koskaan"] is None
    assert new_never.first_name not in got
