"""Ecosystems, projects and lessons: who sees and keeps which town's rows, the field rules, the
network-wide lessons (and those kept to a town), the network search and a funded application
turned into a project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import FieldError, Forbidden, NotFound
from app.models import Role
from app.models.audit import AuditEvent
from app.models.benefits import ApplicantRole, Application, FundingLevel, Outcome
from app.models.ecosystems import Lesson, ProjectStatus
from app.services import ecosystems
from app.services.ecosystems import lessons, search
from app.services.ecosystems.themes import theme_choices, themes_in_text


def _eco(**over):
    return ecosystems.EcosystemInput(**{"name": "Vetytalouden ekosysteemi",
                                        "themes": ("hydrogen", "steel"), **over})


def _lesson(**over):
    return lessons.LessonInput(**{"title": "Yhteishankinta kaatui", "kind": "failure",
                                  "result": "Liian monta osapuolta", **over})


def test_themes_are_the_matchers_concepts():
    ids = {cid for cid, _label in theme_choices()}
    assert {"hydrogen", "circular_economy", "tourism"} <= ids
    assert "hydrogen" in themes_in_text("Vetytalouden pilotti", "fi")


def test_an_ecosystem_is_its_towns_and_another_town_does_not_find_it(
        session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF)
    anchor = make_company(city=staff.city, business_id="2077474-0")
    eco = ecosystems.create_ecosystem(session, staff, _eco(
        anchor_business_ids=("2077474-0",), partners=("Oulun yliopisto",)))
    assert [(c.id, a) for c, a in ecosystems.visible_members(session, staff, eco)] == [
        (anchor.id, True)]
    stranger = make_user(Role.STAFF)
    with pytest.raises(NotFound):
        ecosystems.get_ecosystem(session, stranger, eco.id)
    assert ecosystems.list_ecosystems(session, stranger) == []
    with pytest.raises(NotFound):
        ecosystems.update_ecosystem(session, stranger, eco.id, _eco(name="Kaapattu"))
    # spanning a town makes it that town's too
    ecosystems.update_ecosystem(session, staff, eco.id, _eco(
        town_ids=(stranger.city_id,), anchor_business_ids=("2077474-0",)))
    assert ecosystems.get_ecosystem(session, stranger, eco.id).id == eco.id
    # ... but the other town still does not see the first town's unshared company in it
    assert ecosystems.visible_members(session, stranger, eco) == []
    # and an edit by the spanned town keeps the company it cannot see
    ecosystems.update_ecosystem(session, stranger, eco.id, _eco(
        name="Yhteinen", town_ids=(staff.city_id,)))
    assert [c.id for c, _a in ecosystems.visible_members(session, staff, eco)] == [anchor.id]
    assert session.scalar(select(AuditEvent.action).where(
        AuditEvent.entity == "ecosystem").order_by(AuditEvent.id.desc())) == "ecosystem.update"


def test_an_ecosystem_refuses_another_towns_company_and_unknown_themes(
        session, make_user, make_company):
    staff = make_user(Role.STAFF)
    theirs = make_company(business_id="0737546-2")  # another town's
    with pytest.raises(FieldError) as exc:
        ecosystems.create_ecosystem(session, staff, _eco(
            member_business_ids=("0737546-2",), themes=("no-such-theme",)))
    fields = {e.field for e in exc.value.errors}
    assert fields == {"member_business_ids", "themes"}
    assert theirs.id  # untouched
    viewer = make_user(Role.VIEWER)
    with pytest.raises(Forbidden):
        ecosystems.create_ecosystem(session, viewer, _eco())


def test_project_links_a_call_and_checks_its_fields(session, make_user):
    staff = make_user(Role.STAFF)
    with pytest.raises(FieldError) as exc:
        ecosystems.create_project(session, staff, ecosystems.ProjectInput(
            name="Hanke", call_id=999_999, budget_eur=Decimal("-1"),
            starts_on=date(2027, 5, 1), ends_on=date(2027, 1, 1)))
    assert {e.field for e in exc.value.errors} == {"call_id", "budget_eur", "ends_on"}
    project = ecosystems.create_project(session, staff, ecosystems.ProjectInput(
        name="Vetylaakso", funder="EAKR", budget_eur=Decimal("400000"),
        status=ProjectStatus.RUNNING.value))
    assert ecosystems.list_projects(session, staff) == [project]
    assert ecosystems.list_projects(session, make_user(Role.STAFF)) == []


def test_company_page_lists_its_projects(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, business_id="1572860-0")
    project = ecosystems.create_project(session, staff, ecosystems.ProjectInput(
        name="Kalastusmatkailu", member_business_ids=("1572860-0",)))
    assert ecosystems.company_projects(session, staff, company) == [project]


def test_funded_application_becomes_a_project_once(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    application = Application(company_id=company.id, call_title="Vetyhaku",
                              funding_level=FundingLevel.NATIONAL,
                              role=ApplicantRole.COORDINATOR, outcome=Outcome.PENDING,
                              amount_granted_eur=Decimal("120000"))
    session.add(application)
    session.flush()
    with pytest.raises(FieldError):
        ecosystems.project_from_application(session, staff, application.id)
    application.outcome = Outcome.AWARDED
    session.flush()
    project = ecosystems.project_from_application(session, staff, application.id)
    assert project.granted_eur == Decimal("120000") and project.name == "Vetyhaku"
    assert [m.company_id for m in project.members] == [company.id]
    assert ecosystems.project_from_application(session, staff, application.id).id == project.id
    with pytest.raises(NotFound):
        ecosystems.project_from_application(session, make_user(Role.STAFF), application.id)


def test_lessons_are_the_networks_but_kept_ones_stay_in_their_town(session, make_user):
    author = make_user(Role.STAFF)
    neighbour = make_user(Role.STAFF)
    shared = lessons.create_lesson(session, author, _lesson(tags=("Vety", "hankinta")))
    kept = lessons.create_lesson(session, author, _lesson(title="Sisäinen opetus",
                                                          town_only=True))
    assert shared.tags == ["vety", "hankinta"]
    # the neighbour reads the shared lesson and finds it by a word of it ...
    assert lessons.get_lesson(session, neighbour, shared.id).id == shared.id
    assert [x.id for x in lessons.list_lessons(session, neighbour, query="osapuolta")] == [
        shared.id]
    # ... but never the one kept to the author's town: not by id, list, or search
    with pytest.raises(NotFound):
        lessons.get_lesson(session, neighbour, kept.id)
    assert kept.id not in {x.id for x in lessons.list_lessons(session, neighbour)}
    found = search.network_search(session, neighbour, "opetus")
    assert found["lessons"] == []
    assert {x.id for x in lessons.list_lessons(session, author)} == {shared.id, kept.id}
    # reading is the network's, changing is the author's town's
    with pytest.raises(Forbidden):
        lessons.update_lesson(session, neighbour, shared.id, _lesson(title="Muutettu"))
    with pytest.raises(NotFound):
        lessons.delete_lesson(session, neighbour, kept.id)
    colleague = make_user(Role.STAFF, city=author.city)
    lessons.update_lesson(session, colleague, shared.id, _lesson(title="Muutettu"))
    coordinator = make_user(Role.COORDINATOR)
    assert lessons.get_lesson(session, coordinator, kept.id).id == kept.id


def test_this_helped_me_counts_once_per_user_and_orders_the_useful(session, make_user):
    author = make_user(Role.STAFF)
    first = lessons.create_lesson(session, author, _lesson(title="Eka"))
    second = lessons.create_lesson(session, author, _lesson(title="Toka",
                                                            kind="good_practice"))
    reader = make_user(Role.VIEWER)
    lessons.mark_helped(session, reader, first.id)
    lessons.mark_helped(session, reader, first.id)
    assert session.get(Lesson, first.id).helped_count == 1
    useful = lessons.list_lessons(session, reader, order="useful")
    assert [x.id for x in useful][:2] == [first.id, second.id]
    assert [x.id for x in lessons.list_lessons(session, reader, kind="good_practice")] == [
        second.id]


def test_a_lesson_needs_its_kind_and_some_substance(session, make_user):
    staff = make_user(Role.STAFF)
    with pytest.raises(FieldError) as exc:
        lessons.create_lesson(session, staff, lessons.LessonInput(title="", kind="meh"))
    assert {e.field for e in exc.value.errors} == {"title", "kind", "result"}
    assert session.scalar(select(Lesson.id)) is None


def test_network_search_groups_by_kind_and_keeps_towns_apart(
        session, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city, name="Kuusamon Vetyvoima Oy")
    make_company(name="Vieraan Vetypaja Oy")  # another town's
    ecosystems.create_ecosystem(session, staff, _eco(name="Vetyekosysteemi"))
    other = make_user(Role.STAFF)
    ecosystems.create_project(session, other, ecosystems.ProjectInput(name="Vierasvetyhanke"))
    found = search.network_search(session, staff, "vety")
    assert [h.title for h in found["companies"]] == ["Kuusamon Vetyvoima Oy"]
    assert [h.title for h in found["ecosystems"]] == ["Vetyekosysteemi"]
    assert found["projects"] == []
    assert set(found) == set(search.KINDS)
    assert all(not hits for hits in search.network_search(session, staff, "  ").values())


def test_the_demo_gives_every_town_an_ecosystem_a_project_and_both_kinds_of_lesson(session):
    from app.models import City
    from app.models.ecosystems import Course, Ecosystem, LessonKind
    from app.services import demo

    demo.seed_demo(session, today=date(2026, 12, 1))
    towns = session.scalars(select(City.id)).all()
    assert sorted(session.scalars(select(Ecosystem.city_id)).all()) == sorted(towns)
    raahe = session.scalar(select(Ecosystem).join(City).where(City.code == "678"))
    assert raahe.name == "Teräksen ja vedyn ekosysteemi" and "hydrogen" in raahe.themes
    assert any(m.is_anchor for m in raahe.members)
    kinds = {(lesson.city_id, lesson.kind) for lesson in session.scalars(select(Lesson))}
    assert {(t, k) for t in towns for k in LessonKind} == kinds
    assert all("(demo)" in c.provider and c.url.startswith("https://example.org/")
               for c in session.scalars(select(Course)))


def test_an_ecosystems_themes_meet_the_open_calls_on_them(session, make_user):
    from app.models.funding import FundingSource
    from app.models.funding_calls import CallKind, CallStatus, FundingCall
    from app.services.ecosystems.calls import calls_on_themes

    source = FundingSource(name="teema-lähde", kind="manual")
    session.add(source)
    session.flush()
    for n, (title, status) in enumerate((("Vetytalouden investointihaku", CallStatus.OPEN),
                                         ("Matkailun kehittäminen", CallStatus.OPEN),
                                         ("Vetyhaku, suljettu", CallStatus.CLOSED))):
        session.add(FundingCall(funding_source_id=source.id, source_id=f"t-{n}", title=title,
                                kind=CallKind.CALL, status=status, language="fi",
                                content_hash=str(n), deadlines=[], keywords=[]))
    session.flush()
    staff = make_user(Role.STAFF)
    eco = ecosystems.create_ecosystem(session, staff, _eco(themes=("hydrogen",)))
    found = calls_on_themes(session, staff, eco)
    assert [(call.title, shared) for call, shared in found] == [
        ("Vetytalouden investointihaku", ["hydrogen"])]
