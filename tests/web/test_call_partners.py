"""The call page's partner panel, the contact form and the API: another town's company shows its
name and town only, never its details, in HTML and in JSON alike."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import Task
from tests.services.partner_world import SECRETS, build


@pytest.fixture()
def world(session, make_city, make_user, make_company):
    return build(session, make_city, make_user, make_company)


def _panel(html: str) -> str:
    start = html.index('id="partners-h"')
    return html[start:html.index("</section>", start)]


def _assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_panel_shows_roles_and_hides_another_towns_details(login, world):
    html = login(world.staff).get(f"/calls/{world.call.id}").get_data(as_text=True)
    _assert_no_secrets(html)
    panel = _panel(html)
    assert "Partner suggestions for a consortium" in html
    assert "HORIZON Innovation Actions" in panel  # why it is a consortium call
    headings = re.findall(r'<h3 id="partners-(\w+)-h">([^<]+)', panel)
    assert [h for h, _ in headings] == ["technology", "research", "pilot"]
    # own town's and the shared company link to their match, with reasons
    own = world.matches["own"]
    assert f'href="/matches/{own.id}"' in panel and "robotiikka" in panel
    assert f'href="/matches/{world.matches["shared"].id}"' in panel
    # another town's: name and town, a button to ask its town, and no link into its data
    row = next(r for r in re.findall(r"<tr>.*?</tr>", panel, re.S) if "Vieras Konepaja Oy" in r)
    assert "Vieraskaupunki" in row and "Contact the owner" in row
    assert f"/calls/{world.call.id}/partners/{world.foreign.id}/contact" in row
    assert f"/companies/{world.foreign.id}" not in html
    assert f'/matches/{world.matches["foreign"].id}"' not in html
    assert "80" not in row  # not even its score


def test_the_panel_is_in_finnish_and_swedish(login, world, session):
    world.staff.language = "fi"
    session.flush()
    client = login(world.staff)
    assert "Kumppaniehdotukset konsortioon" in client.get(f"/calls/{world.call.id}").get_data(
        as_text=True)
    world.staff.language = "sv"
    session.flush()
    html = client.get(f"/calls/{world.call.id}").get_data(as_text=True)
    assert "Partnerförslag för ett konsortium" in html and "Kontakta ägaren" in html


def test_the_coordinator_sees_every_suggestion_with_its_reasons(login, world):
    html = login(world.coordinator).get(f"/calls/{world.call.id}").get_data(as_text=True)
    panel = _panel(html)
    assert f'href="/matches/{world.matches["foreign"].id}"' in panel
    assert SECRETS[5] in panel and "Contact the owner" not in panel


def test_a_call_for_one_applicant_has_no_panel(login, world):
    html = login(world.staff).get(f"/calls/{world.single.id}").get_data(as_text=True)
    assert 'id="partners-h"' not in html


def test_a_viewer_sees_the_panel_without_the_button(login, world):
    client = login(world.viewer)
    html = client.get(f"/calls/{world.call.id}").get_data(as_text=True)
    assert "Vieras Konepaja Oy" in _panel(html) and "Contact the owner" not in html
    url = f"/calls/{world.call.id}/partners/{world.foreign.id}/contact"
    assert client.get(url).status_code == 403


def test_contacting_the_owner_sends_a_task_and_returns_to_the_call(login, world, session):
    client = login(world.staff)
    url = f"/calls/{world.call.id}/partners/{world.foreign.id}/contact"
    form = client.get(url).get_data(as_text=True)
    _assert_no_secrets(form)
    assert "Vieras Konepaja Oy" in form and "Vieraskaupunki" in form
    assert re.search(r'<label for="message">Message</label>', form)
    empty = client.submit(url, {"message": ""}, page=url)
    assert empty.status_code == 422
    resp = client.submit(url, {"message": "Tehdäänkö yhteinen hakemus?"}, page=url)
    assert resp.status_code == 302 and resp.location.endswith(f"/calls/{world.call.id}#partners-h")
    task = session.scalars(select(Task).where(Task.company_id == world.foreign.id)).one()
    assert task.assignee_id == world.other_staff.id and "Tehdäänkö" in task.notes


def test_a_company_that_is_not_suggested_cannot_be_contacted(login, world, session):
    client = login(world.staff)
    for company in (world.unmatched, world.merged, world.dismissed):
        url = f"/calls/{world.call.id}/partners/{company.id}/contact"
        assert client.get(url).status_code == 404
        assert client.submit(url, {"message": "Hei"}, page=f"/calls/{world.call.id}"
                             ).status_code == 404
    assert not session.scalars(select(Task)).all()


def test_the_api_gives_another_towns_company_by_name_and_town(client, world, token_for):
    headers = {"Authorization": f"Bearer {token_for(world.staff)}"}
    resp = client.get(f"/api/v1/calls/{world.call.id}/partners", headers=headers)
    assert resp.status_code == 200
    _assert_no_secrets(resp.get_data(as_text=True))
    data = resp.get_json()
    assert data["consortium"] == {"kind": "eu_collaborative", "field": "type_of_action",
                                  "value": "HORIZON Innovation Actions"}
    items = {i["company_name"]: i for r in data["roles"] for i in r["items"]}
    assert items["Vieras Konepaja Oy"] == {"company_id": world.foreign.id,
                                           "company_name": "Vieras Konepaja Oy",
                                           "town": "Vieraskaupunki", "visible": False,
                                           "match": None}
    assert items["Oma Ohjelmisto Oy"]["visible"]
    assert items["Oma Ohjelmisto Oy"]["match"]["id"] == world.matches["own"].id
    assert items["Jaettu Energia Oy"]["visible"]
    coordinator = {"Authorization": f"Bearer {token_for(world.coordinator)}"}
    full = client.get(f"/api/v1/calls/{world.call.id}/partners", headers=coordinator).get_json()
    assert all(i["visible"] for r in full["roles"] for i in r["items"])
    assert client.get("/api/v1/calls/999999/partners", headers=headers).status_code == 404


def test_the_endpoint_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/calls/{call_id}/partners"]["get"]
    assert "404" in operation["responses"]
    assert "CallPartners" in spec["components"]["schemas"]
