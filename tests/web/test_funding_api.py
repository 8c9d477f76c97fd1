"""GET /api/v1/calls on calls harvested from the saved real payloads."""

from __future__ import annotations

import pytest

from app.models import Role
from app.services.funding import harvest
from tests.services.test_funding_harvest_payloads import (
    NOW,
    OPEN_TOPIC,
    TODAY,
    add_source,
    eu_server,
    hae_server,
    http,
)


@pytest.fixture()
def token(app, make_user):
    user = make_user(Role.VIEWER)
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_open_calls_as_json(client, session, httpserver, token):
    _, eu_url = eu_server(httpserver)
    _, hae_url = hae_server(httpserver)
    add_source(session, "eu-ft-portal", "eu-ft", eu_url)
    add_source(session, "haeavustuksia", "haeavustuksia", hae_url)
    harvest.run_all(session, http=http(), today=TODAY, now=NOW)

    body = client.get("/api/v1/calls?status=open", headers=token).get_json()
    assert body["total"] == 3 and len(body["items"]) == 3
    by_id = {item["source_id"]: item for item in body["items"]}
    assert set(by_id) == {OPEN_TOPIC, "HORIZON-JU-CBE-2026-IAFlag-02", "va-lou-2026-5"}
    eu = by_id[OPEN_TOPIC]
    assert eu["source"] == "eu-ft-portal" and eu["status"] == "open"
    assert eu["programme"] == "Horizon Europe (HORIZON)"
    assert eu["deadlines"] == ["2026-09-15T17:00:00+02:00"]
    assert eu["url"].endswith("/topic-details/" + OPEN_TOPIC) and isinstance(eu["id"], int)
    hae = by_id["va-lou-2026-5"]
    assert hae["deadlines"] == [] and hae["is_continuous"] is True and hae["applicant_types"] is None

    one = client.get(f"/api/v1/calls/{eu['id']}", headers=token).get_json()
    assert one["title"] == eu["title"] and one["version"] == 1
    assert client.get("/api/v1/calls?status=bogus", headers=token).status_code == 422
    assert client.get("/api/v1/calls/999999", headers=token).status_code == 404
    assert client.get("/api/v1/calls").status_code == 401
