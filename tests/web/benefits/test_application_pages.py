"""Application pages and the /api/v1/applications API."""

from sqlalchemy import func, select

from app.models.benefits import Application
from app.models.matches import MatchStatus


def _count(session):
    return session.scalar(select(func.count()).select_from(Application))


def test_start_an_application_from_the_match_page(client, login, session, towns, make_match):
    match = make_match(towns["company"])
    login(towns["staff"])
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert f"/matches/{match.id}/application" in page
    form = client.get(f"/matches/{match.id}/application").get_data(as_text=True)
    assert match.call.title in form
    resp = client.submit(f"/matches/{match.id}/application", {
        "call_title": match.call.title, "funding_level": "", "role": "coordinator",
        "amount_applied_eur": "200 000", "submitted_on": "2026-02-03", "outcome": "pending"})
    assert resp.status_code == 302
    created = session.scalars(select(Application).where(Application.match_id == match.id)).one()
    assert created.amount_applied_eur == 200000
    session.refresh(match)
    assert match.status is MatchStatus.SUBMITTED
    detail = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert match.call.title in detail
    company_page = client.get(f"/companies/{towns['company'].id}").get_data(as_text=True)
    assert f"/applications/{created.id}" in company_page
    assert f"/applications/{created.id}" in client.get("/applications").get_data(as_text=True)


def test_a_negative_amount_is_refused_on_the_form(client, login, session, towns):
    login(towns["staff"])
    before = _count(session)
    resp = client.submit(f"/companies/{towns['company'].id}/applications/new", {
        "call_title": "Haku", "funding_level": "national", "role": "coordinator",
        "amount_applied_eur": "-100", "outcome": "pending"})
    assert resp.status_code == 422
    assert "negatiivinen" in resp.get_data(as_text=True)
    assert _count(session) == before


def test_award_above_applied_is_saved_with_a_warning(client, login, session, towns):
    login(towns["staff"])
    resp = client.submit(f"/companies/{towns['company'].id}/applications/new", {
        "call_title": "Haku", "funding_level": "national", "role": "coordinator",
        "amount_applied_eur": "100", "outcome": "awarded", "amount_granted_eur": "150",
        "submitted_on": "2026-01-01", "decided_on": "2026-03-01"}, follow_redirects=True)
    assert resp.status_code == 200
    assert "suurempi kuin haettu" in resp.get_data(as_text=True)


def test_api_create_get_update_and_list(client, session, towns, make_match, token_for):
    headers = {"Authorization": f"Bearer {token_for(towns['staff'])}"}
    match = make_match(towns["company"])
    resp = client.post("/api/v1/applications", headers=headers, json={
        "match_id": match.id, "amount_applied_eur": "90000", "submitted_on": "2026-02-01"})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["amount_applied_eur"] == "90000.00" and body["funding_level"] == "eu"
    app_id = body["id"]
    resp = client.put(f"/api/v1/applications/{app_id}", headers=headers, json={
        "call_title": body["call_title"], "amount_applied_eur": "90000",
        "submitted_on": "2026-02-01", "outcome": "awarded", "amount_granted_eur": "95000",
        "decided_on": "2026-06-01"})
    assert resp.status_code == 200
    assert resp.get_json()["warnings"] and resp.get_json()["outcome"] == "awarded"
    listed = client.get("/api/v1/applications", headers=headers).get_json()
    assert [i["id"] for i in listed["items"]] == [app_id]
    assert client.get(f"/api/v1/applications/{app_id}", headers=headers).status_code == 200


def test_api_refuses_a_non_numeric_amount_with_its_field(client, session, towns, token_for):
    headers = {"Authorization": f"Bearer {token_for(towns['staff'])}"}
    before = _count(session)
    resp = client.post("/api/v1/applications", headers=headers, json={
        "company_id": towns["company"].id, "call_title": "x", "amount_applied_eur": "paljon"})
    assert resp.status_code == 422
    assert "amount_applied_eur" in resp.get_json()["errors"]
    assert _count(session) == before


def test_applications_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/applications", "/api/v1/applications/{application_id}"} <= set(spec["paths"])
