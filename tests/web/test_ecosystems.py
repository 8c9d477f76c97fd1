"""The ecosystems area's pages: an ecosystem and a project through their forms, a lesson written
in one town and found from another (and a kept one never), the network search, the public course
portal (no sign-in, no CRM data) and the course upload's broken rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import Contact, Interaction, InteractionKind, Role
from app.models.ecosystems import Course, CourseFormat, EducationPartner, Lesson, PartnerKind
from app.services import ecosystems
from app.services.ecosystems import course_imports
from app.services.ecosystems import courses as course_service
from tests.web.authz_routes import ROUTES


def test_ecosystem_and_project_through_their_forms(client, login, session, make_user,
                                                   make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, name="Ankkuri Oy", business_id="2077474-0")
    login(staff)
    resp = client.submit("/ecosystems/new", {
        "name": "Teräs- ja vetyekosysteemi", "themes": ["hydrogen", "steel"],
        "anchor_business_ids": "2077474-0", "partners": "Oulun yliopisto\nLapin AMK"})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Ankkuri Oy" in page and "Oulun yliopisto" in page and "Veturiyritys" in page
    bad = client.submit("/projects/new", {"name": "Hanke", "status": "running",
                                          "call_id": "99999", "member_business_ids": "123"},
                        page="/projects/new")
    assert bad.status_code == 422
    resp = client.submit("/projects/new", {"name": "Vetylaakso-hanke", "status": "running",
                                           "funder": "EAKR", "budget_eur": "250000",
                                           "member_business_ids": "2077474-0"})
    assert resp.status_code == 302
    detail = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Vetylaakso-hanke" in detail  # the company page shows its projects


def test_a_lesson_written_in_one_town_is_found_from_another(client, login, session, make_user):
    author = make_user(Role.STAFF)
    login(author)
    resp = client.submit("/lessons/new", {
        "title": "Yhteishankinta kaatui sopimusehtoihin", "kind": "failure",
        "context": "Kolme kuntaa", "result": "Hankinta keskeytettiin",
        "do_differently": "Sopimusehdot ensin", "tags": "hankinta, sopimus"})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    client.submit("/lessons/new", {"title": "Oma salainen opetus", "kind": "good_practice",
                                   "result": "Toimi", "town_only": "y"}, page="/lessons/new")
    client.submit("/logout", {}, page="/lessons")
    neighbour = make_user(Role.VIEWER)
    login(neighbour)
    found = client.get("/lessons?q=sopimusehdot&kind=failure").get_data(as_text=True)
    assert "Yhteishankinta kaatui sopimusehtoihin" in found
    everything = client.get("/lessons").get_data(as_text=True)
    assert "Oma salainen opetus" not in everything
    search = client.get("/search?q=opetus").get_data(as_text=True)
    assert "Oma salainen opetus" not in search
    assert "Yhteishankinta" in client.get("/search?q=hankinta").get_data(as_text=True)
    kept = session.scalar(select(Lesson).where(Lesson.town_only.is_(True)))
    assert client.get(f"/lessons/{kept.id}").status_code == 404
    shared = session.scalar(select(Lesson).where(Lesson.town_only.is_(False)))
    assert client.submit(f"/lessons/{shared.id}/helped", {},
                         page=f"/lessons/{shared.id}").status_code == 302
    session.expire_all()
    assert session.get(Lesson, shared.id).helped_count == 1


@pytest.fixture()
def portal(session, make_city, make_company, make_user):
    """Courses, and CRM rows whose secret strings must stay out of the public portal."""
    city = make_city(code="205", name="Kajaani")
    author = make_user(Role.STAFF, city=city)
    company = make_company(city=city, name="Salaisen Konepajan Oy", business_id="2331972-7",
                           description="CRM-kuvaus-zqx")
    session.add_all([
        Contact(company=company, first_name="Kalle", last_name="Crmkontakti",
                email="kalle.crm@example.com"),
        Interaction(company=company, occurred_on=date(2026, 11, 2),
                    kind=InteractionKind.MEETING, summary="Luottamuksellinen-muistio-zqx",
                    created_by_id=author.id)])
    partner = EducationPartner(name="Kajaanin ammattikorkeakoulu", kind=PartnerKind.UAS,
                               contact_email="yhteys-zqx@example.org")
    session.add(partner)
    session.flush()
    session.add_all([
        Course(partner_id=partner.id, provider=partner.name, title="Vetytalouden perusteet",
               url="https://example.org/vety", language="fi", format=CourseFormat.ONLINE,
               starts_on=date(2027, 2, 1), themes=["hydrogen"]),
        Course(provider="Esimerkkiyliopisto", title="Data literacy", url="https://example.org/d",
               language="en", format=CourseFormat.DISTANCE, self_paced=True, themes=[]),
    ])
    ecosystems.create_ecosystem(session, author, ecosystems.EcosystemInput(
        name="Ekosysteemi-zqx", anchor_business_ids=("2331972-7",)))
    session.flush()
    return partner


SECRETS = ("Salaisen Konepajan", "2331972-7", "CRM-kuvaus-zqx", "Crmkontakti",
           "kalle.crm@example.com", "Luottamuksellinen-muistio-zqx", "Ekosysteemi-zqx")
PUBLIC_URLS = ("/courses", "/courses?lang=sv&town=205", "/courses?q=vety", "/courses?theme=hydrogen", "/courses?language=en",
               "/courses?format=online", "/courses?month=2027-02", "/courses?town=205",
               "/courses?q=Salaisen", "/courses?provider=1")


def test_every_public_route_of_the_area_is_in_the_leak_test():
    public = {endpoint for (endpoint, _m), probe in ROUTES.items() if probe.who == "public"
              and endpoint.startswith("ecosystems.")}
    assert public == {"ecosystems.courses"}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_the_public_portal_needs_no_login_and_shows_no_crm_data(client, portal, url):
    resp = client.get(url)
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert [s for s in SECRETS if s in body] == []


def test_the_portal_speaks_the_language_its_link_asks_for(client, session, portal):
    from app.models import City

    session.get(City, portal_city_id(session)).name_sv = "Kajana"
    session.flush()
    for lang, heading, town in (("sv", "Kurser för företagens personal", "Kajana"),
                                ("en", "Courses for companies' staff", "Kajaani"),
                                ("fi", "Kursseja yritysten henkilöstölle", "Kajaani")):
        body = client.get(f"/courses?lang={lang}&town=205&theme=hydrogen").get_data(as_text=True)
        assert f'<html lang="{lang}"' in body and heading in body and f": {town}" in body
        assert f'name="lang" value="{lang}"' in body  # a search keeps the language
        # every language link keeps the filters and the town
        assert 'href="/courses?lang=sv&amp;town=205&amp;theme=hydrogen"' in body
    assert '<html lang="fi"' in client.get("/courses?lang=de").get_data(as_text=True)


def portal_city_id(session):
    from sqlalchemy import select

    from app.models import City

    return session.scalar(select(City.id).where(City.code == "205"))


def test_the_portal_filters(client, portal):
    def titles(url):
        body = client.get(url).get_data(as_text=True)
        return [t for t in ("Vetytalouden perusteet", "Data literacy") if t in body]

    assert titles("/courses") == ["Vetytalouden perusteet", "Data literacy"]
    assert titles("/courses?theme=hydrogen") == ["Vetytalouden perusteet"]
    assert titles("/courses?language=en") == ["Data literacy"]
    assert titles(f"/courses?provider={portal.id}") == ["Vetytalouden perusteet"]
    assert titles("/courses?format=distance") == ["Data literacy"]
    # a month: the courses starting then, and the self-paced ones
    assert titles("/courses?month=2027-03") == ["Data literacy"]
    assert titles("/courses?month=2027-02") == ["Vetytalouden perusteet", "Data literacy"]
    assert titles("/courses?month=junk") == []


def test_a_course_upload_with_broken_rows_imports_nothing_until_skipped(
        client, login, session, make_user):
    login(make_user(Role.COORDINATOR))
    data = ("title;url;format;ects\r\nHyvä kurssi;https://example.org/a;online;5\r\n"
            "Paha linkki;javascript:alert(1);online;\r\n").encode()

    def upload(**extra):
        return client.submit("/courses/upload", {
            "file": (io.BytesIO(data), "kurssit.csv"), **extra}, page="/courses/upload",
            content_type="multipart/form-data")

    resp = upload()
    assert resp.status_code == 422
    assert "Rivi 3" in resp.get_data(as_text=True)  # the user's language: Finnish
    assert session.scalar(select(func.count(Course.id))) == 0
    assert upload(skip_broken="y").status_code == 302
    assert session.scalars(select(Course.title)).all() == ["Hyvä kurssi"]


def test_a_course_link_that_is_not_http_is_refused(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(Exception) as exc:
        course_service.save_course(session, coordinator, course_service.CourseInput(
            title="Kurssi", url="javascript:alert(1)", format="online", provider="X"))
    assert exc.value.field == "url"
    assert session.scalar(select(func.count(Course.id))) == 0


def test_a_partners_feed_is_read_into_the_portal(session, make_user, httpserver):
    from pathlib import Path

    from connectors.http import make_session

    payload = (Path(__file__).resolve().parents[1] / "fixtures" / "courses"
               / "open-courses.rss.xml").read_bytes()
    httpserver.expect_request("/feed.xml").respond_with_data(
        payload, content_type="application/rss+xml")
    coordinator = make_user(Role.COORDINATOR)
    partner = course_service.save_partner(session, coordinator, course_service.PartnerInput(
        name="Esimerkin AMK", kind="uas", feed_url=httpserver.url_for("/feed.xml")))
    http = make_session(retries=0)
    result = course_imports.import_feed(session, coordinator, partner.id, http)
    assert (result.added, result.updated, len(result.problems)) == (2, 0, 1)
    again = course_imports.import_feed(session, coordinator, partner.id, http)
    assert (again.added, again.updated) == (0, 0)
    found = course_service.search_courses(session, course_service.CourseFilters(
        theme="hydrogen"))
    assert [c.title for c in found] == ["Vetytalouden perusteet yrityksille"]


def test_the_api_never_shows_another_towns_kept_lesson(client, session, make_user, token_for):
    from app.services.ecosystems import lessons

    author = make_user(Role.STAFF)
    kept = lessons.create_lesson(session, author, lessons.LessonInput(
        title="Pidetty opetus", kind="failure", result="x", town_only=True))
    shared = lessons.create_lesson(session, author, lessons.LessonInput(
        title="Jaettu opetus", kind="failure", result="y"))
    headers = {"Authorization": f"Bearer {token_for(make_user(Role.STAFF))}"}
    listed = client.get("/api/v1/lessons?q=opetus", headers=headers).get_json()["items"]
    assert [x["id"] for x in listed] == [shared.id]
    assert client.get(f"/api/v1/lessons/{kept.id}", headers=headers).status_code == 404
    found = client.get("/api/v1/search?q=opetus", headers=headers).get_json()
    assert [h["id"] for h in found["lessons"]] == [shared.id]
    created = client.post("/api/v1/lessons", headers=headers, json={
        "title": "API-opetus", "kind": "good_practice", "result": "Toimi", "tags": ["api"]})
    assert created.status_code == 201 and created.get_json()["tags"] == ["api"]
    bad = client.post("/api/v1/lessons", headers=headers, json={"title": "x", "kind": "meh"})
    assert bad.status_code == 422


def test_a_funded_application_becomes_a_project_from_the_company_page(
        client, login, session, make_user, make_company):
    from decimal import Decimal

    from app.models.benefits import ApplicantRole, Application, FundingLevel, Outcome

    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    application = Application(company_id=company.id, call_title="Vetyinvestointi",
                              funding_level=FundingLevel.NATIONAL,
                              role=ApplicantRole.COORDINATOR, outcome=Outcome.AWARDED,
                              amount_granted_eur=Decimal("90000"))
    session.add(application)
    session.flush()
    login(staff)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert f"/applications/{application.id}/project" in page
    resp = client.submit(f"/applications/{application.id}/project", {},
                         page=f"/companies/{company.id}")
    assert resp.status_code == 302 and "/projects/" in resp.headers["Location"]
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Vetyinvestointi" in page and f"/applications/{application.id}/project" not in page
