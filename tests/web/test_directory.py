"""The R&D&I directory's pages: a town's admins keep its services and R&D&I people; the public
pages at /services search and filter them in Finnish, Swedish or English, with no sign-in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import Role
from app.models.audit import AuditEvent
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory


@pytest.fixture()
def make_service(session):
    def make(city, **over):
        values = {"category": ServiceCategory.TRAINING, "name_fi": "Palvelu",
                  "provider": "Kaupunki", "languages": ["fi"], **over}
        service = RdiService(city_id=city.id, **values)
        session.add(service)
        session.flush()
        return service

    return make


def _form(**over):
    return {"category": "testing_piloting", "name_fi": "Älykkään tehtaan testilaboratorio",
            "provider": "Iisalmen kaupunki", "description_fi": "Robottisolu yritysten kokeiltavaksi.",
            "name_sv": "Testlaboratorium", "languages": ["fi", "en"], "is_published": "y",
            "url": "https://example.org/testilab", "contact_email": "lab@example.org", **over}


def test_city_admin_adds_a_service_that_the_public_page_then_lists(client, login, session,
                                                                   make_city, make_user):
    city = make_city(code="140", name="Iisalmi")
    login(make_user(Role.CITY_ADMIN, city=city))
    resp = client.submit("/directory/services/new", _form())
    assert resp.status_code == 302
    service = session.scalars(select(RdiService)).one()
    assert service.city_id == city.id and service.languages == ["fi", "en"]
    assert service.created_by_id is not None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "rdi_service.create"))
    page = client.get("/services?lang=fi").get_data(as_text=True)
    assert "Älykkään tehtaan testilaboratorio" in page and 'href="https://example.org/testilab"' in page
    assert "Testaus- ja pilotointiympäristö" in page  # the category, in Finnish


@pytest.mark.parametrize(("field", "value", "message"), [
    ("url", "javascript:alert(1)", "http://"),
    ("url", "ftp://example.org/x", "http://"),
    ("name_fi", "", "required"),
    ("category", "spaceport", "Not a valid choice"),
    ("contact_email", "not-an-address", "e-mail"),
])
def test_a_bad_service_is_refused_and_nothing_is_stored(client, login, session, make_user,
                                                        field, value, message):
    login(make_user(Role.CITY_ADMIN, language="en"))
    resp = client.submit("/directory/services/new", _form(**{field: value}))
    assert resp.status_code == 422
    assert message in resp.get_data(as_text=True)
    assert session.scalars(select(RdiService)).all() == []


def test_staff_read_their_towns_services_but_may_not_add(client, login, make_user):
    login(make_user(Role.STAFF))
    assert client.get("/directory/services").status_code == 200
    assert client.get("/directory/services/new").status_code == 403


def test_a_draft_and_the_internal_note_stay_off_the_public_page(client, make_city, make_service):
    city = make_city(code="140", name="Iisalmi")
    make_service(city, name_fi="Julkaistu palvelu", internal_note="Budjetti vielä auki")
    make_service(city, name_fi="Keskeneräinen palvelu", is_published=False)
    page = client.get("/services").get_data(as_text=True)
    assert "Julkaistu palvelu" in page
    assert "Keskeneräinen palvelu" not in page and "Budjetti vielä auki" not in page


def test_public_page_searches_and_filters_by_town_and_category(client, make_city, make_service):
    iisalmi, raahe = make_city(code="140", name="Iisalmi"), make_city(code="678", name="Raahe")
    make_service(iisalmi, name_fi="Rahoitusklinikka", category=ServiceCategory.FUNDING_ADVICE)
    make_service(iisalmi, name_fi="Yrityshautomo", category=ServiceCategory.INCUBATOR,
                 description_fi="Aloittaville kasvuyrityksille")
    make_service(raahe, name_fi="Terästehtaan testialue", category=ServiceCategory.TESTING)

    def names(query):
        html = client.get(f"/services{query}").get_data(as_text=True)
        return set(re.findall(r'<h2 id="service-\d+">([^<]+)</h2>', html))

    assert names("") == {"Rahoitusklinikka", "Yrityshautomo", "Terästehtaan testialue"}
    assert names("?town=140") == {"Rahoitusklinikka", "Yrityshautomo"}
    assert names("?category=testing_piloting") == {"Terästehtaan testialue"}
    assert names("?q=kasvuyrityksille") == {"Yrityshautomo"}
    assert names("?q=raahe") == {"Terästehtaan testialue"}  # the town's name is searched too
    assert names("?town=999") == set()  # unknown town: nothing, politely
    assert names("?category=spaceport") == {"Rahoitusklinikka", "Yrityshautomo",
                                            "Terästehtaan testialue"}  # ignored
    assert names("?q=" + "x" * 5000) == set()
    unknown = client.get("/services?town=999")
    assert unknown.status_code == 200
    assert "Haulla ei löytynyt palveluja" in unknown.get_data(as_text=True)


def test_public_page_speaks_swedish_and_english_and_falls_back_to_finnish_texts(
        client, make_city, make_service):
    city = make_city(code="140", name="Iisalmi")
    city.name_sv = "Idensalmi"
    make_service(city, name_fi="Koulutuspalvelu", name_sv="Utbildningstjänst",
                 description_fi="Vain suomeksi kirjoitettu kuvaus.")
    sv = client.get("/services?lang=sv&town=140").get_data(as_text=True)
    assert '<html lang="sv">' in sv and "Utbildningstjänst" in sv and "Idensalmi" in sv
    assert "FUI-tjänster: Idensalmi" in sv and "Vain suomeksi kirjoitettu kuvaus." in sv
    en = client.get("/services?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in en and "Koulutuspalvelu" in en and "Training" in en
    odd = client.get("/services?lang=xx").get_data(as_text=True)
    assert '<html lang="fi">' in odd


def test_public_page_has_an_etag_and_answers_a_conditional_request_with_304(client, make_city,
                                                                            make_service):
    make_service(make_city(code="140"))
    first = client.get("/services")
    assert first.headers["ETag"] and "max-age=" in first.headers["Cache-Control"]
    again = client.get("/services", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert first.headers["X-Frame-Options"] == "DENY"  # only the embed routes may be framed


def test_people_page_shows_the_networks_people_and_the_public_only_consenting_ones(
        client, login, session, make_city, make_user):
    iisalmi, raahe = make_city(name="Iisalmi"), make_city(name="Raahe")
    session.add_all([
        RdiPerson(city_id=iisalmi.id, role=PersonRole.RESPONSIBLE, name="Outi Omalupa",
                  has_public_consent=True, email="outi@example.org", topics=["EU-rahoitus"]),
        RdiPerson(city_id=raahe.id, role=PersonRole.DEPUTY, name="Ville Vaitonainen",
                  has_public_consent=False, phone="+358 40 123 4567"),
    ])
    session.flush()
    public = client.get("/services/people").get_data(as_text=True)
    assert "Outi Omalupa" in public and "EU-rahoitus" in public
    assert "Ville Vaitonainen" not in public and "123 4567" not in public
    login(make_user(Role.VIEWER, city=iisalmi))
    inside = client.get("/directory/people").get_data(as_text=True)
    assert "Outi Omalupa" in inside and "Ville Vaitonainen" in inside  # the whole network


def test_city_admin_names_a_deputy_and_records_the_consent(client, login, session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    login(admin)
    resp = client.submit("/directory/people/new", {
        "role": "deputy", "name": "Sanna Sijainen", "title": "Kehittämispäällikkö",
        "topics": "kiertotalous, EU-rahoitus, kiertotalous", "has_public_consent": "y"})
    assert resp.status_code == 302
    person = session.scalars(select(RdiPerson)).one()
    assert person.city_id == admin.city_id and person.role is PersonRole.DEPUTY
    assert person.topics == ["kiertotalous", "EU-rahoitus"]
    assert person.consent_recorded_at is not None
    resp = client.submit(f"/directory/people/{person.id}/edit", {
        "role": "deputy", "name": "Sanna Sijainen", "topics": "kiertotalous"})
    assert resp.status_code == 302
    session.refresh(person)
    assert not person.has_public_consent and person.consent_recorded_at is None


def test_coordinator_must_choose_the_town_of_a_new_service(client, login, session, make_city,
                                                           make_user):
    city = make_city()
    login(make_user(Role.COORDINATOR, language="en"))
    missing = client.submit("/directory/services/new", _form())
    assert missing.status_code == 422
    assert session.scalars(select(RdiService)).all() == []
    done = client.submit("/directory/services/new", _form(city_id=str(city.id)))
    assert done.status_code == 302
    assert session.scalars(select(RdiService)).one().city_id == city.id


def test_removing_a_service_takes_it_off_every_public_answer(client, login, session, make_user,
                                                              make_service):
    admin = make_user(Role.CITY_ADMIN)
    service_id = make_service(admin.city, name_fi="Poistuva palvelu").id
    login(admin)
    assert client.submit(f"/directory/services/{service_id}/delete", {},
                         page="/directory/services").status_code == 302
    session.expire_all()
    assert session.scalars(select(RdiService).where(RdiService.id == service_id)).all() == []
    assert "Poistuva palvelu" not in client.get("/services").get_data(as_text=True)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "rdi_service.delete"))
    assert event.before["name_fi"] == "Poistuva palvelu"


def test_the_coordinators_town_choice_speaks_the_users_language(client, login, session,
                                                                make_city, make_user):
    city = make_city(code="287", name="Kristiinankaupunki")
    city.name_sv = "Kristinestad"
    session.flush()
    login(make_user(Role.COORDINATOR, language="sv"))
    for url in ("/directory/services/new", "/directory/people/new"):
        page = client.get(url).get_data(as_text=True)
        assert f'<option value="{city.id}">Kristinestad</option>' in page, url
