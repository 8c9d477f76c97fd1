"""The JSON API for companies: bearer tokens, town scoping, the interface outside checks use."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import ApiToken, Company, Role


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_create_token_prints_only_the_token_and_stores_its_hash(app, session, make_user, token_for):
    user = make_user()
    token = token_for(user)
    assert token.startswith("vt_") and "\n" not in token and " " not in token
    stored = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64


def test_no_token_or_a_bad_one_is_401_json(client):
    resp = client.get("/api/v1/companies")
    assert resp.status_code == 401 and "bearer" in resp.get_json()["message"].lower()
    resp = client.get("/api/v1/companies", headers=auth("vt_nonsense"))
    assert resp.status_code == 401 and resp.get_json()["status"] == 401


def test_list_is_town_scoped_and_has_the_stable_fields(client, make_user, make_company, make_city, token_for):
    user = make_user(Role.STAFF)
    own = make_company(city=user.city, name="Kallion Konepaja Oy", is_anchor=True)
    make_company(city=make_city(), name="Vieraan Kaupungin Oy")
    body = client.get("/api/v1/companies", headers=auth(token_for(user))).get_json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == own.id and item["business_id"] == own.business_id and "-" in item["business_id"]
    assert item["name"] == "Kallion Konepaja Oy" and item["city"] == user.city.code
    assert item["anchor"] is True and item["growth_seeking"] is False


def test_q_finds_a_company_by_a_forgiving_name(client, make_user, make_company, token_for):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Mäki-Kuljetus Oy")
    make_company(city=user.city, name="Saha Oy")
    body = client.get("/api/v1/companies?q=maki kuljetus", headers=auth(token_for(user))).get_json()
    assert [i["name"] for i in body["items"]] == ["Mäki-Kuljetus Oy"] and body["total"] == 1


def test_get_another_towns_company_is_404(client, make_user, make_company, make_city, token_for):
    user = make_user(Role.STAFF)
    other = make_company(city=make_city(), name="Salainen Oy")
    resp = client.get(f"/api/v1/companies/{other.id}", headers=auth(token_for(user)))
    assert resp.status_code == 404 and "Salainen" not in resp.get_data(as_text=True)
    assert resp.get_json()["status"] == 404


def test_post_creates_a_company_201(client, session, make_user, token_for):
    user = make_user(Role.STAFF)
    resp = client.post("/api/v1/companies", headers=auth(token_for(user)),
                       json={"business_id": "20774740", "name": "Rajapinta Oy", "keywords": ["api"]})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["business_id"] == "2077474-0" and body["city"] == user.city.code
    company = session.get(Company, body["id"])
    assert company.name == "Rajapinta Oy" and company.city_id == user.city_id


@pytest.mark.parametrize(("payload", "field"), [
    ({"business_id": "2077474-1", "name": "Väärä Oy"}, "business_id"),
    ({"business_id": "2077474-0"}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "Koko Oy", "size_class": "giant"}, "size_class"),
])
def test_post_with_bad_input_is_422_with_field_errors_and_writes_nothing(client, session, make_user, token_for, payload, field):
    user = make_user(Role.STAFF)
    before = session.scalar(select(func.count(Company.id)))
    resp = client.post("/api/v1/companies", headers=auth(token_for(user)), json=payload)
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert field in errors and isinstance(errors[field], str) and errors[field]
    assert session.scalar(select(func.count(Company.id))) == before


def test_post_duplicate_business_id_is_422(client, make_user, make_company, token_for):
    user = make_user(Role.STAFF)
    make_company(city=user.city, business_id="2077474-0")
    resp = client.post("/api/v1/companies", headers=auth(token_for(user)),
                       json={"business_id": "2077474-0", "name": "Kopio Oy"})
    assert resp.status_code == 422 and "business_id" in resp.get_json()["errors"]


def test_viewer_may_read_but_not_create(client, session, make_user, token_for):
    viewer = make_user(Role.VIEWER)
    token = token_for(viewer)
    assert client.get("/api/v1/companies", headers=auth(token)).status_code == 200
    resp = client.post("/api/v1/companies", headers=auth(token), json={"name": "Ei Saa Oy"})
    assert resp.status_code == 403 and resp.get_json()["status"] == 403
    from app.models import AuditEvent
    denied = session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).one()
    assert denied.actor_id == viewer.id and denied.after["method"] == "POST"


def test_revoked_token_stops_working(app, client, make_user, token_for):
    user = make_user()
    token = token_for(user)
    assert client.get("/api/v1/companies", headers=auth(token)).status_code == 200
    result = app.test_cli_runner().invoke(args=["revoke-token", "--email", user.email])
    assert result.exit_code == 0 and "1" in result.output
    assert client.get("/api/v1/companies", headers=auth(token)).status_code == 401


def test_api_needs_no_csrf_but_cookies_alone_do_not_authenticate(login, make_user):
    client = login(make_user())
    assert client.get("/api/v1/companies").status_code == 401


def test_openapi_document_matches_the_routes(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["info"]["title"] == "Veturi API"
    assert "bearerAuth" in doc["components"]["securitySchemes"]
    documented = {path for path in doc["paths"]}
    routes = {rule.rule.replace("<int:", "{").replace(">", "}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
              and rule.rule != "/api/v1/docs"}  # the reference page that reads the document
    assert {"/api/v1/companies", "/api/v1/companies/{company_id}"} <= documented
    assert routes == documented
    assert set(doc["paths"]["/api/v1/companies"]) == {"get", "post"}


def test_post_interaction_and_list_tasks(client, session, make_user, make_company, token_for):
    from datetime import date, timedelta

    from app.models import Interaction, Task

    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    token = token_for(user)
    due = (date.today() + timedelta(days=5)).isoformat()
    resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=auth(token), json={
        "kind": "phone", "occurred_on": date.today().isoformat(), "summary": "Soitto rahoituksesta",
        "topics": ["rahoitus"], "follow_up": {"title": "Lähetä linkit", "due_on": due, "assignee_id": user.id}})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["kind"] == "phone" and body["company_id"] == company.id and body["staff"] == [user.id]
    assert session.get(Interaction, body["id"]).summary == "Soitto rahoituksesta"
    tasks = client.get("/api/v1/tasks", headers=auth(token)).get_json()
    assert tasks["total"] == 1 and tasks["items"][0]["title"] == "Lähetä linkit"
    assert tasks["items"][0]["due_on"] == due and tasks["items"][0]["done"] is False
    assert session.scalar(select(func.count(Task.id))) == 1


def test_post_interaction_errors(client, session, make_user, make_company, make_city, token_for):
    from datetime import date, timedelta

    from app.models import Interaction

    user = make_user(Role.STAFF)
    token = token_for(user)
    company = make_company(city=user.city)
    future = (date.today() + timedelta(days=2)).isoformat()
    resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=auth(token),
                       json={"kind": "phone", "occurred_on": future, "summary": "x"})
    assert resp.status_code == 422 and "occurred_on" in resp.get_json()["errors"]
    resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=auth(token),
                       json={"kind": "smoke signal", "occurred_on": "2026-01-01", "summary": "x"})
    assert resp.status_code == 422 and "kind" in resp.get_json()["errors"]
    other = make_company(city=make_city())
    resp = client.post(f"/api/v1/companies/{other.id}/interactions", headers=auth(token),
                       json={"kind": "phone", "occurred_on": "2026-01-01", "summary": "x"})
    assert resp.status_code == 404
    assert session.scalar(select(func.count(Interaction.id))) == 0
