"""The coordinator's pipeline pages (stages, thresholds) and the yearly figures on the company
page: who may open them, what a save writes, what a bad input shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import AuditEvent, Role
from app.models.figures import CompanyYear
from app.models.pipeline import PipelineSettings
from app.services import pipeline


def _threshold_form(**over):
    form = {"high_growth": "2", "high_anchor": "2", "employee_growth_pct": "10",
            "turnover_growth_pct": "15", "growth_span_years": "3", "export_share_pct": "20",
            "growth_min_employees": "5", "anchor_employees": "50", "anchor_top_share": "10",
            "anchor_industry_share": "15", "growth_topics": "kasvu, laajennus",
            "rdi_words": "t&k, tuotekehitys", "export_words": "vienti, export"}
    return {**form, **over}


@pytest.mark.parametrize("role", [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER])
def test_thresholds_page_is_the_coordinators_alone(login, make_user, session, role):
    client = login(make_user(role))
    assert client.get("/pipeline/settings").status_code == 403
    assert "/pipeline/settings" not in client.get("/pipeline").get_data(as_text=True)
    resp = client.submit("/pipeline/settings", _threshold_form(high_growth="9"), page="/pipeline")
    assert resp.status_code == 403
    assert session.scalars(select(PipelineSettings)).all() == []


def test_coordinator_sets_thresholds_that_the_signals_use(login, make_user, session):
    client = login(make_user(Role.COORDINATOR))
    page = client.get("/pipeline/settings").get_data(as_text=True)
    assert 'name="anchor_top_share"' in page and 'value="10"' in page
    assert "/pipeline/settings" in client.get("/pipeline").get_data(as_text=True)
    resp = client.submit("/pipeline/settings", _threshold_form(
        high_growth="3", anchor_top_share="5", growth_topics="Kasvu, kasvu, rekrytointi"))
    assert resp.status_code == 303
    stored = pipeline.load_thresholds(session)
    assert stored.high_growth == 3 and stored.anchor_top_share == 0.05
    assert stored.growth_topics == ("kasvu", "rekrytointi")
    assert session.scalars(select(AuditEvent).where(
        AuditEvent.action == "pipeline.thresholds")).one().after["high_growth"] == 3


def test_bad_thresholds_show_each_error_and_save_nothing(login, make_user, session):
    client = login(make_user(Role.COORDINATOR))
    resp = client.submit("/pipeline/settings", _threshold_form(
        high_growth="0", growth_span_years="", export_words=" "))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Anna kokonaisluku väliltä 1–10." in page
    assert "Anna 1–50 sanaa pilkuilla erotettuina." in page
    assert session.scalars(select(PipelineSettings)).all() == []


def test_coordinator_adds_reorders_and_removes_stages(login, make_user, make_company, session):
    coordinator = make_user(Role.COORDINATOR)
    client = login(coordinator)
    resp = client.submit("/pipeline/stages/new", {
        "new-name_fi": "Jatkohanke", "new-name_en": "Follow-up", "new-stalled_after_days": "40"},
        page="/pipeline/stages")
    assert resp.status_code == 303
    assert [s.key for s in pipeline.list_stages(session)][-1] == "follow_up"
    resp = client.submit("/pipeline/stages/order", {"key": "follow_up", "direction": "up"},
                         page="/pipeline/stages")
    assert resp.status_code == 303
    assert [s.key for s in pipeline.list_stages(session)][-2:] == ["follow_up", "funded"]
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "follow_up")
    refused = client.submit("/pipeline/stages/delete", {"key": "follow_up"},
                            page="/pipeline/stages")
    assert refused.status_code == 409
    assert "Vaiheessa on 1 yritys: siirrä se ensin toiseen vaiheeseen." in refused.get_data(
        as_text=True)
    assert "follow_up" in [s.key for s in pipeline.list_stages(session)]
    pipeline.move_company(session, staff, company.id, "funded")
    assert client.submit("/pipeline/stages/delete", {"key": "follow_up"},
                         page="/pipeline/stages").status_code == 303
    assert "follow_up" not in [s.key for s in pipeline.list_stages(session)]


def test_a_new_stage_without_names_is_422(login, make_user, session):
    client = login(make_user(Role.COORDINATOR))
    resp = client.submit("/pipeline/stages/new", {"new-name_fi": "", "new-name_en": "",
                                                  "new-stalled_after_days": "0"},
                         page="/pipeline/stages")
    assert resp.status_code == 422 and 'id="new-name_fi"' in resp.get_data(as_text=True)
    assert len(pipeline.list_stages(session)) == 6


def test_stage_management_is_refused_to_others(login, make_user, session):
    client = login(make_user(Role.CITY_ADMIN))
    for url, body in (("/pipeline/stages/new", {"new-name_fi": "X", "new-name_en": "X",
                                                "new-stalled_after_days": "5"}),
                      ("/pipeline/stages/order", {"key": "funded", "direction": "up"}),
                      ("/pipeline/stages/delete", {"key": "funded"})):
        assert client.submit(url, body, page="/pipeline").status_code == 403
    assert [s.key for s in pipeline.list_stages(session)][-1] == "funded"
    assert len(pipeline.list_stages(session)) == 6


# --- yearly figures on the company page --------------------------------------------------------


def test_figures_form_saves_finnish_numbers_and_the_page_shows_them(login, make_user,
                                                                   make_company, session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, employees=None)
    client = login(staff)
    form = client.get(f"/companies/{company.id}/figures").get_data(as_text=True)
    assert 'name="rows-0-year"' in form and 'name="rows-2-rnd_eur"' in form
    resp = client.submit(f"/companies/{company.id}/figures", {
        "rows-0-year": "2022", "rows-0-employees": "10", "rows-0-turnover_eur": "1 000 000",
        "rows-1-year": "2024", "rows-1-employees": "13", "rows-1-turnover_eur": "1 350 000,50",
        "rows-1-export_share_pct": "12,5", "rows-2-year": ""})
    assert resp.status_code == 303
    rows = {r.year: r for r in session.scalars(select(CompanyYear))}
    assert rows[2024].turnover_eur == Decimal("1350000.50")
    assert rows[2024].export_share_pct == Decimal("12.50")
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert 'id="figures-h"' in page and "Muokkaa vuosilukuja" in page
    assert "Henkilöstö kasvoi 30 % vuodesta 2022 vuoteen 2024 (10 → 13)" in page
    assert "Liikevaihto kasvoi 35 % vuodesta 2022 vuoteen 2024" in page


def test_bad_figures_are_shown_on_their_cells_and_nothing_is_saved(login, make_user,
                                                                   make_company, session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    resp = login(staff).submit(f"/companies/{company.id}/figures", {
        "rows-0-year": "2024", "rows-0-employees": "-3",
        "rows-1-year": "", "rows-1-employees": "",
        "rows-2-year": "2024", "rows-2-export_share_pct": "150"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="rows-0-employees-error"' in page and "Anna luku, joka on 0 tai suurempi." in page
    assert 'id="rows-2-year-error"' in page and "Kunkin vuoden voi antaa vain kerran." in page
    assert 'id="rows-2-export_share_pct-error"' in page
    assert session.scalars(select(CompanyYear)).all() == []


def test_figures_are_read_only_for_a_viewer_and_hidden_from_other_towns(login, make_user,
                                                                        make_company, session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    session.add(CompanyYear(company_id=company.id, year=2024, employees=7))
    session.flush()
    viewer = login(make_user(Role.VIEWER, city=staff.city))
    page = viewer.get(f"/companies/{company.id}").get_data(as_text=True)
    assert 'id="figures-h"' in page and "Muokkaa vuosilukuja" not in page
    assert viewer.get(f"/companies/{company.id}/figures").status_code == 403


def test_another_towns_figures_are_404_and_unchanged(login, make_user, make_company, session):
    company = make_company()
    session.add(CompanyYear(company_id=company.id, year=2024, employees=7))
    session.flush()
    stranger = login(make_user(Role.STAFF))
    assert stranger.get(f"/companies/{company.id}/figures").status_code == 404
    resp = stranger.submit(f"/companies/{company.id}/figures",
                           {"rows-0-year": "2024", "rows-0-employees": "99"}, page="/pipeline")
    assert resp.status_code == 404
    assert session.scalars(select(CompanyYear)).one().employees == 7
