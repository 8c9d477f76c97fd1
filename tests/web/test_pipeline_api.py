import pytest
from sqlalchemy import func, select

from app.models import Role
from app.models.pipeline import StageChange


def _token(app, user):
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
    return {"Authorization": f"Bearer {result.output.strip()}"}


def _moves(session):
    return session.scalar(select(func.count()).select_from(StageChange))


def test_stages_are_listed_with_stable_keys(app, client, make_user):
    resp = client.get("/api/v1/pipeline/stages", headers=_token(app, make_user(Role.VIEWER)))
    items = resp.get_json()["items"]
    assert resp.status_code == 200 and items[0]["key"] == "identified"
    assert [i["position"] for i in items] == [1, 2, 3, 4, 5, 6]
    assert items[-1]["name_fi"] == "Rahoitettu hanke"
    assert items[-1]["name_sv"] == "Finansierat projekt"


def test_move_then_stale_move_is_409_with_current_stage(app, client, make_user, make_company,
                                                        session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    headers = _token(app, user)
    url = f"/api/v1/companies/{company.id}/stage"
    first = client.post(url, json={"stage": "identified", "expected_stage": None},
                        headers=headers)
    assert first.status_code == 200
    assert first.get_json()["stage"] == "identified" and first.get_json()["previous_stage"] is None
    stale = client.post(url, json={"stage": "funded", "expected_stage": None}, headers=headers)
    body = stale.get_json()
    assert stale.status_code == 409 and body["current_stage"] == "identified"
    assert body["status"] == 409 and body["message"]
    assert _moves(session) == 1


def test_a_company_not_on_the_board_reports_current_stage_null(app, client, make_user,
                                                                make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = client.post(f"/api/v1/companies/{company.id}/stage",
                       json={"stage": "funded", "expected_stage": "identified"},
                       headers=_token(app, user))
    assert resp.status_code == 409 and resp.get_json()["current_stage"] is None


@pytest.mark.parametrize("body", [{"stage": "nope", "expected_stage": None},
                                  {"expected_stage": None}, {"stage": "identified"}])
def test_unknown_stage_or_missing_keys_are_422(app, client, make_user, make_company, session,
                                               body):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = client.post(f"/api/v1/companies/{company.id}/stage", json=body,
                       headers=_token(app, user))
    assert resp.status_code == 422 and resp.get_json()["errors"] and _moves(session) == 0


def test_other_towns_company_is_404_and_viewer_403(app, client, make_user, make_company,
                                                   session):
    user = make_user(Role.STAFF)
    theirs = make_company()
    body = {"stage": "identified", "expected_stage": None}
    resp = client.post(f"/api/v1/companies/{theirs.id}/stage", json=body,
                       headers=_token(app, user))
    assert resp.status_code == 404
    viewer = make_user(Role.VIEWER, city=user.city)
    mine = make_company(city=user.city)
    resp = client.post(f"/api/v1/companies/{mine.id}/stage", json=body,
                       headers=_token(app, viewer))
    assert resp.status_code == 403 and _moves(session) == 0


def test_the_openapi_document_describes_the_409(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/companies/{company_id}/stage"]["post"]
    assert {"200", "404", "409", "422"} <= set(post["responses"])
    assert "/api/v1/pipeline/stages" in spec["paths"]
    props = spec["components"]["schemas"]["StaleStageError"]["properties"]
    assert "current_stage" in props



# --- parking through the API ---------------------------------------------------------------------


def _entry(session, company):
    from app.models.pipeline import PipelineEntry

    session.expire_all()
    return session.scalars(select(PipelineEntry).where(PipelineEntry.company_id == company.id)).one()


def test_park_with_a_reason_then_unpark_to_the_stage_it_left(app, client, make_user,
                                                            make_company, session):
    from app.services import pipeline

    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    pipeline.move_company(session, user, company.id, "needs_mapped")
    headers = _token(app, user)
    resp = client.post(f"/api/v1/companies/{company.id}/park",
                       json={"reason": "Ei ajankohtainen", "expected_stage": "needs_mapped"},
                       headers=headers)
    body = resp.get_json()
    assert resp.status_code == 200 and body["stage"] is None
    assert body["previous_stage"] == "needs_mapped"
    entry = _entry(session, company)
    assert entry.parked_at is not None and entry.parked_reason == "Ei ajankohtainen"
    again = client.post(f"/api/v1/companies/{company.id}/park", json={"reason": "x"},
                        headers=headers)
    assert again.status_code == 422 and "stage" in again.get_json()["errors"]
    back = client.post(f"/api/v1/companies/{company.id}/unpark", json={"note": "Palasi"},
                       headers=headers)
    assert back.status_code == 200 and back.get_json()["stage"] == "needs_mapped"
    assert _entry(session, company).parked_at is None
    change = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
    assert change.note == "Palasi" and change.from_stage_id is None
    not_parked = client.post(f"/api/v1/companies/{company.id}/unpark", json={},
                             headers=headers)
    assert not_parked.status_code == 422


def test_park_needs_a_reason_and_a_current_expected_stage(app, client, make_user, make_company,
                                                          session):
    from app.services import pipeline

    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    pipeline.move_company(session, user, company.id, "identified")
    headers = _token(app, user)
    url = f"/api/v1/companies/{company.id}/park"
    assert client.post(url, json={}, headers=headers).status_code == 422
    assert client.post(url, json={"reason": ""}, headers=headers).status_code == 422
    stale = client.post(url, json={"reason": "x", "expected_stage": "funded"}, headers=headers)
    assert stale.status_code == 409 and stale.get_json()["current_stage"] == "identified"
    assert _entry(session, company).parked_at is None and _moves(session) == 1
    unknown = client.post(f"/api/v1/companies/{company.id}/unpark", json={"stage": "nope"},
                          headers=headers)
    assert unknown.status_code == 422


def test_parking_is_town_scoped(app, client, make_user, make_company, session):
    from app.services import pipeline

    owner = make_user(Role.STAFF)
    theirs = make_company(city=owner.city)
    pipeline.move_company(session, owner, theirs.id, "identified")
    stranger = make_user(Role.STAFF)
    for action, body in (("park", {"reason": "x"}), ("unpark", {})):
        resp = client.post(f"/api/v1/companies/{theirs.id}/{action}", json=body,
                           headers=_token(app, stranger))
        assert resp.status_code == 404
    viewer = make_user(Role.VIEWER, city=owner.city)
    resp = client.post(f"/api/v1/companies/{theirs.id}/park", json={"reason": "x"},
                       headers=_token(app, viewer))
    assert resp.status_code == 403
    assert _entry(session, theirs).parked_at is None and _moves(session) == 1


def test_the_openapi_document_has_park_unpark_and_figures(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    park = spec["paths"]["/api/v1/companies/{company_id}/park"]["post"]
    assert {"200", "404", "409", "422"} <= set(park["responses"])
    assert "reason" in spec["components"]["schemas"]["Park"]["required"]
    assert "post" in spec["paths"]["/api/v1/companies/{company_id}/unpark"]
    assert "put" in spec["paths"]["/api/v1/companies/{company_id}/figures"]
    detail = spec["components"]["schemas"]["CompanyDetail"]["properties"]
    assert "yearly_figures" in detail


# --- yearly figures in the company API -----------------------------------------------------------


def test_company_api_reads_and_replaces_yearly_figures(app, client, make_user, make_company,
                                                       session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    headers = _token(app, user)
    url = f"/api/v1/companies/{company.id}/figures"
    resp = client.put(url, json={"years": [
        {"year": 2023, "employees": 10, "turnover_eur": "900000"},
        {"year": 2024, "employees": 12, "turnover_eur": "1200000.50", "export_share_pct": "30"}]},
        headers=headers)
    assert resp.status_code == 200
    assert [y["year"] for y in resp.get_json()["years"]] == [2024, 2023]
    got = client.get(f"/api/v1/companies/{company.id}", headers=headers).get_json()
    assert got["name"] == company.name
    assert got["yearly_figures"][0] == {"year": 2024, "employees": 12,
                                        "turnover_eur": "1200000.50", "export_share_pct": "30.00",
                                        "rnd_eur": None}
    bad = client.put(url, json={"years": [{"year": 2024, "employees": -1}]}, headers=headers)
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"years.0.employees"}
    twice = client.put(url, json={"years": [{"year": 2024}, {"year": 2024}]}, headers=headers)
    assert twice.status_code == 422 and set(twice.get_json()["errors"]) == {"years.1.year"}
    assert len(client.get(f"/api/v1/companies/{company.id}",
                          headers=headers).get_json()["yearly_figures"]) == 2
    other = make_company()
    assert client.put(f"/api/v1/companies/{other.id}/figures", json={"years": []},
                      headers=headers).status_code == 404
