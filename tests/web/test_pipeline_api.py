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

