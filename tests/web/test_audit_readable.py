"""The audit log a town administrator can read: events in words, rows by name, changes as a
small table of field labels and formatted values, never raw JSON or codes."""

from __future__ import annotations

from app.models import Contact, Role
from app.services import audit
from app.services.companies import contacts


def _admin_page(login, admin, query: str = "") -> str:
    return login(admin).get(f"/audit{query}").get_data(as_text=True)


def test_an_edit_reads_as_words_with_names_and_a_table_of_changes(
        login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN, language="en")
    before_owner = make_user(Role.STAFF, city=admin.city, name="Aino Aalto")
    after_owner = make_user(Role.STAFF, city=admin.city, name="Ville Virta")
    company = make_company(city=admin.city, name="Järvi Siika Oy")
    audit.record(session, admin, "company.update", entity="company", entity_id=company.id,
                 city_id=admin.city_id,
                 before={"name": "Järvi Siika", "employees": 1200, "is_anchor": False,
                         "owner_id": before_owner.id, "turnover_eur": "250000.00"},
                 after={"name": "Järvi Siika Oy", "employees": 1250, "is_anchor": True,
                        "owner_id": after_owner.id, "turnover_eur": "1250000.00"})
    session.flush()
    html = _admin_page(login, admin)
    assert "Company edited" in html and ">company.update<" not in html
    assert f'href="/companies/{company.id}">Järvi Siika Oy</a>' in html
    assert f"company {company.id}" not in html
    for label in ("Name", "Employees", "Anchor company", "Owner", "Turnover (EUR)"):
        assert f'<th scope="row">{label}</th>' in html
    assert "<td>1,200</td><td>1,250</td>" in html
    assert "<td>No</td><td>Yes</td>" in html
    assert "<td>Aino Aalto</td><td>Ville Virta</td>" in html
    assert "<td>€250,000</td><td>€1,250,000</td>" in html
    assert "&#34;employees&#34;" not in html and '"employees"' not in html and "<pre>" not in html


def test_finnish_headers_and_the_noun_change(login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN)
    company = make_company(city=admin.city, name="Järvi Siika Oy")
    audit.record(session, admin, "company.update", entity="company", entity_id=company.id,
                 city_id=admin.city_id, before={"name": "A"}, after={"name": "B"})
    session.flush()
    html = _admin_page(login, admin)
    assert "Yritystä muokattu" in html
    assert '<th scope="col">Mikä muuttui</th>' in html
    assert '<th scope="col">Vaihda</th>' not in html


def test_an_erased_contact_reads_as_contact_erased_without_the_name(
        login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN, language="en")
    company = make_company(city=admin.city)
    person = Contact(company=company, first_name="Aino", last_name="Mäki")
    session.add(person)
    session.flush()
    contacts.erase_contact(session, admin, person.id)
    html = _admin_page(login, admin, "?action=contact.erase")
    assert "Contact erased" in html and "Mäki" not in html
    assert "Erased person" in html and "Poistettu" not in html


def test_a_row_of_another_town_keeps_its_number_not_its_name(
        login, make_user, make_company, make_city, session):
    admin = make_user(Role.CITY_ADMIN, language="en")
    foreign = make_company(city=make_city(), name="Vieras Salainen Oy")
    own = make_company(city=admin.city, name="Oma Yritys Oy")
    audit.record(session, admin, "company.merge_out", entity="company", entity_id=own.id,
                 city_id=admin.city_id, before={"merged_into_id": None},
                 after={"merged_into_id": foreign.id})
    session.flush()
    html = _admin_page(login, admin)
    assert "Oma Yritys Oy" in html
    assert "Vieras Salainen Oy" not in html and f"Company {foreign.id}" in html


def test_the_event_filter_offers_events_in_words_and_still_filters(
        login, make_user, make_company, session):
    admin = make_user(Role.CITY_ADMIN, language="sv")
    company = make_company(city=admin.city, name="Järvi Siika Oy")
    audit.record(session, admin, "company.update", entity="company", entity_id=company.id,
                 city_id=admin.city_id, after={"name": "Järvi Siika Oy"})
    audit.record(session, admin, "task.create", entity="task", entity_id=None,
                 city_id=admin.city_id, after={"title": "Soita"})
    session.flush()
    html = _admin_page(login, admin, "?action=company.update")
    assert '<option selected value="company.update">Företag redigerat</option>' in html
    assert "Uppgift tillagd</option>" in html
    assert "Soita" not in html and "Järvi Siika Oy" in html
