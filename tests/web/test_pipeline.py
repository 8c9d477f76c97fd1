from sqlalchemy import func, select

from app.models import Role
from app.models.pipeline import PipelineEntry, StageChange
from app.services import pipeline


def _moves(session):
    return session.scalar(select(func.count()).select_from(StageChange))


def _stage_of(session, company):
    session.expire_all()
    entry = session.scalars(select(PipelineEntry).where(PipelineEntry.company_id == company.id)).one()
    return entry.stage.key


def test_board_shows_cards_in_their_columns_with_a_move_form(login, make_user, make_company,
                                                             session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Konepaja <Oy>", owner=user)
    pipeline.move_company(session, user, company.id, "needs_mapped")
    page = login(user).get("/pipeline").get_data(as_text=True)
    column = page.split('data-stage="needs_mapped"')[1].split("</ul>")[0]
    assert f'id="card-{company.id}"' in column and "Konepaja &lt;Oy&gt;" in column
    assert f'action="/pipeline/companies/{company.id}/move"' in column
    assert 'name="expected_stage" value="needs_mapped"' in column
    assert "Sortable.min.js" in page and "<script>" not in page  # no inline script (CSP)


def test_keyboard_form_moves_and_records_the_note(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    pipeline.move_company(session, user, company.id, "identified")
    resp = login(user).submit(f"/pipeline/companies/{company.id}/move",
                              {"stage": "first_contact", "expected_stage": "identified",
                               "note": "Soitettu", "next": "/pipeline"}, page="/pipeline")
    assert resp.status_code == 303 and resp.headers["Location"].startswith("/pipeline#card-")
    assert _stage_of(session, company) == "first_contact"
    change = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
    assert change.note == "Soitettu" and change.moved_by_id == user.id


def test_stale_board_move_is_refused_with_409_and_the_current_stage(login, make_user,
                                                                     make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    pipeline.move_company(session, user, company.id, "needs_mapped")
    client = login(user)
    form = {"stage": "first_contact", "expected_stage": "identified"}
    resp = client.submit(f"/pipeline/companies/{company.id}/move", form, page="/pipeline",
                         headers={"Accept": "application/json"})
    assert resp.status_code == 409
    assert resp.json["current_stage"] == "needs_mapped" and resp.json["message"]
    page = client.submit(f"/pipeline/companies/{company.id}/move", form, page="/pipeline")
    assert page.status_code == 409 and "siirsi yrityksen" in page.get_data(as_text=True)
    assert _stage_of(session, company) == "needs_mapped" and _moves(session) == 1


def test_unknown_stage_is_422_and_writes_nothing(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/pipeline/companies/{company.id}/move", {"stage": "nope"},
                              page="/pipeline", headers={"Accept": "application/json"})
    assert resp.status_code == 422 and _moves(session) == 0


def test_other_towns_company_is_404_and_viewer_is_403(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    theirs = make_company()
    resp = login(user).submit(f"/pipeline/companies/{theirs.id}/move", {"stage": "identified"},
                              page="/pipeline")
    assert resp.status_code == 404 and _moves(session) == 0


def test_staff_cannot_open_another_towns_board(login, make_user, make_city):
    user = make_user(Role.STAFF)
    other = make_city()
    assert login(user).get(f"/pipeline?town={other.id}").status_code == 404


def test_coordinator_picks_a_town(login, make_user, make_company, session):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    mine = make_company(city=staff.city, name="Pohjoinen Oy")
    other = make_company(name="Eteläinen Oy")
    pipeline.move_company(session, coordinator, mine.id, "identified")
    pipeline.move_company(session, coordinator, other.id, "identified")
    client = login(coordinator)
    network = client.get("/pipeline").get_data(as_text=True)
    assert "Pohjoinen Oy" in network and "Eteläinen Oy" in network
    town = client.get(f"/pipeline?town={staff.city_id}").get_data(as_text=True)
    assert "Pohjoinen Oy" in town and "Eteläinen Oy" not in town


def test_park_form_needs_a_reason_then_takes_the_company_off(login, make_user, make_company,
                                                             session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Parkattava Oy")
    pipeline.move_company(session, user, company.id, "identified")
    client = login(user)
    url = f"/pipeline/companies/{company.id}/park"
    empty = client.submit(url, {"reason": " ", "expected_stage": "identified"})
    assert empty.status_code == 422 and _moves(session) == 1
    done = client.submit(url, {"reason": "Ei nyt", "expected_stage": "identified"})
    assert done.status_code == 303
    assert "Parkattava Oy" not in client.get("/pipeline").get_data(as_text=True)


def test_company_page_shows_the_stage_and_adds_to_the_board(login, make_user, make_company,
                                                            session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    client = login(user)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert 'id="pipeline-h"' in page and 'name="expected_stage" value=""' in page
    client.submit(f"/pipeline/companies/{company.id}/move",
                  {"stage": "identified", "expected_stage": ""}, page=f"/companies/{company.id}")
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Tunnistettu" in page and f"#card-{company.id}" in page


def test_stalled_list_names_the_silent_company(login, make_user, make_company, session):
    from datetime import UTC, datetime, timedelta

    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Hiljainen Oy")
    pipeline.move_company(session, user, company.id, "first_contact",
                          now=datetime.now(UTC) - timedelta(days=90))
    client = login(user)
    page = client.get("/pipeline/stalled").get_data(as_text=True)
    assert "Hiljainen Oy" in page
    board = client.get("/pipeline").get_data(as_text=True)
    assert "board-card--stalled" in board


def test_coordinator_edits_a_stage_and_others_cannot(login, make_user, session):
    coordinator = make_user(Role.COORDINATOR)
    client = login(coordinator)
    bad = client.submit("/pipeline/stages", {"key": "funded", "name_fi": "", "name_en": "Funded",
                                             "stalled_after_days": "0"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    ok = client.submit("/pipeline/stages", {"key": "funded", "name_fi": "Rahoitus saatu",
                                            "name_en": "Funded", "stalled_after_days": "200"})
    assert ok.status_code == 303
    assert pipeline.list_stages(session)[-1].name_fi == "Rahoitus saatu"


def test_staff_cannot_open_the_stage_settings(login, make_user):
    assert login(make_user(Role.CITY_ADMIN)).get("/pipeline/stages").status_code == 403


def test_a_swedish_user_sees_swedish_stage_names_and_finnish_when_none(login, make_user,
                                                                      make_company, session):
    user = make_user(Role.STAFF, language="sv")
    company = make_company(city=user.city, name="Verkstad Ab", owner=user)
    pipeline.move_company(session, user, company.id, "needs_mapped")
    coordinator = make_user(Role.COORDINATOR)
    pipeline.add_stage(session, coordinator, pipeline.StageInput("", "Jatkohanke", "Follow-up", 40))
    client = login(user)
    page = client.get("/pipeline").get_data(as_text=True)
    assert "Behov kartlagda" in page and "Första kontakt" in page
    assert "Tarpeet kartoitettu" not in page
    assert "Jatkohanke" in page  # no Swedish name: the Finnish one
    company_page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Behov kartlagda" in company_page


def test_coordinator_sets_a_swedish_stage_name(login, make_user, session):
    coordinator = make_user(Role.COORDINATOR)
    client = login(coordinator)
    form = client.get("/pipeline/stages").get_data(as_text=True)
    assert 'name="name_sv" value="Finansierat projekt"' in form
    ok = client.submit("/pipeline/stages", {"key": "funded", "name_fi": "Rahoitettu hanke",
                                            "name_sv": "Beviljat projekt",
                                            "name_en": "Funded project",
                                            "stalled_after_days": "120"})
    assert ok.status_code == 303
    assert pipeline.list_stages(session)[-1].name_sv == "Beviljat projekt"
    new = client.submit("/pipeline/stages/new", {"new-name_fi": "Jatko",
                                                 "new-name_sv": "Fortsättning",
                                                 "new-name_en": "Follow-up",
                                                 "new-stalled_after_days": "30"})
    assert new.status_code == 303
    assert pipeline.list_stages(session)[-1].name("sv") == "Fortsättning"
