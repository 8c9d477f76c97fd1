"""A 422 from the API names every wrong field of the input in one response."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.models import Company, Interaction, Role


def _token(app, user) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_interaction_422_lists_the_empty_summary_and_the_future_date(app, client, session, make_user, make_company):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    future = (date.today() + timedelta(days=2)).isoformat()
    resp = client.post(f"/api/v1/companies/{company.id}/interactions", headers=_token(app, user),
                       json={"kind": "phone", "occurred_on": future, "summary": ""})
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == {"summary", "occurred_on"}
    assert session.scalar(select(func.count(Interaction.id))) == 0


def test_company_422_lists_every_bad_field(app, client, session, make_user):
    user = make_user(Role.STAFF)
    resp = client.post("/api/v1/companies", headers=_token(app, user), json={
        "name": "Kaksi Virhettä Oy", "business_id": "1234567-8", "industry_code": "abc",
        "municipality_code": "12", "employees": -5})
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == {
        "business_id", "industry_code", "municipality_code", "employees"}
    assert session.scalar(select(func.count(Company.id))) == 0
