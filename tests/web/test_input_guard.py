"""No input answers 5xx: oversized ids, NUL characters, lone surrogates, deep JSON, absurd dates
and numbers, too-big bodies and too-long URLs are refused or cleaned at one central point.
Run on PostgreSQL too (TEST_DATABASE_URL): that is where NUL and integer overflow fail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.models import Company, Role

BIG = str(2**31)
HUGE = "9" * 30


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def staff(make_user, login):
    user = make_user(Role.STAFF)
    login(user)
    return user


@pytest.mark.parametrize("path", [
    f"/companies/{BIG}", f"/companies/{HUGE}", f"/companies/{BIG}/edit",
    f"/companies/{BIG}/matches", f"/matches/{BIG}", f"/calls/{BIG}", f"/calls/{BIG}.ics",
    f"/contacts/{BIG}/edit", f"/tasks/{BIG}.ics", f"/imports/{BIG}",
    f"/companies/{BIG}/calls/{BIG}/why",
])
def test_an_id_too_big_for_the_database_is_a_plain_404(client, staff, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [f"/api/v1/companies/{BIG}", f"/api/v1/calls/{HUGE}",
                                  f"/api/v1/companies/{BIG}/matches"])
def test_an_api_id_too_big_is_a_json_404(client, make_user, token_for, path):
    resp = client.get(path, headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 404 and resp.get_json()["status"] == 404


@pytest.mark.parametrize("query", [
    "size=foo", "no_contact_days=800000", "no_contact_days=x", f"owner={BIG}",
    f"city_id={BIG}", "sort=nonsense", "section=ZZ", "anchor=maybe",
])
def test_a_company_filter_that_does_not_validate_is_ignored_with_a_message(client, staff, make_company, query):
    make_company(city=staff.city, name="Näkyvä Oy")
    resp = client.get(f"/?{query}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Näkyvä Oy" in html
    assert "ignored" in html or "ohitettiin" in html
    assert client.get(f"/companies/export.csv?{query}").status_code == 200


@pytest.mark.parametrize("query", [
    "deadline_from=0001-01-01", "deadline_to=9999-12-31", "deadline_from=1-01-01",
])
def test_absurd_dates_in_call_filters_are_ignored(client, staff, query):
    resp = client.get(f"/calls?{query}")
    assert resp.status_code == 200


@pytest.mark.parametrize("query", ["deadline_before=0001-01-01", "deadline_before=9999-12-31"])
def test_absurd_dates_in_match_filters_are_ignored(client, staff, make_company, query):
    company = make_company(city=staff.city)
    assert client.get(f"/companies/{company.id}/matches?{query}").status_code == 200


@pytest.mark.parametrize("query", [
    "deadline_from=0001-01-01", "deadline_to=9999-12-31", f"page={BIG}", "per_page=0",
])
def test_absurd_api_filters_are_422_json(client, make_user, token_for, query):
    resp = client.get(f"/api/v1/calls?{query}", headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 422 and resp.get_json()["status"] == 422


@pytest.mark.parametrize("path", ["/?q=a%00b", "/calls?q=a%00b", "/log?q=%00",
                                  "/companies/suggest?q=ab%00", "/audit?action=%00"])
def test_a_nul_in_a_filter_is_a_400_page(client, staff, path):
    resp = client.get(path)
    assert resp.status_code == 400 and "NUL" in resp.get_data(as_text=True)


def test_a_nul_in_an_api_query_is_a_json_400(client, make_user, token_for):
    resp = client.get("/api/v1/companies?q=a%00b", headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 400 and resp.get_json()["status"] == 400


def test_a_nul_in_a_form_changes_nothing(client, staff, session):
    resp = client.submit("/companies/new", {"name": "Nolla\x00 Oy"})
    assert resp.status_code == 400
    assert session.scalars(select(Company).where(Company.name.like("Nolla%"))).first() is None


@pytest.mark.parametrize("body", [
    '{"name": "Yksin\\ud800 Oy"}', '{"name": "Nolla\\u0000 Oy"}',
    '{"name": "Syvä Oy", "keywords": ' + "[" * 5000 + "]" * 5000 + "}",
    "[" * 100 + "]" * 100,
])
def test_bad_json_is_a_json_400_and_writes_nothing(client, make_user, token_for, session, body):
    user = make_user(Role.STAFF)
    resp = client.post("/api/v1/companies", data=body, content_type="application/json",
                       headers=auth(token_for(user)))
    assert resp.status_code == 400 and resp.get_json()["status"] == 400
    assert session.scalars(select(Company).where(Company.city_id == user.city_id)).first() is None


@pytest.mark.parametrize("field,value", [
    ("employees", 2**31), ("employees", -1), ("turnover_eur", "1e400"), ("turnover_eur", "NaN"),
    ("owner_id", 2**31), ("city_id", 2**40), ("keywords", ["x" * 300]),
])
def test_out_of_range_numbers_in_the_api_are_422(client, make_user, token_for, session, field, value):
    user = make_user(Role.STAFF)
    resp = client.post("/api/v1/companies", json={"name": "Rajaton Oy", field: value},
                       headers=auth(token_for(user)))
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert field in resp.get_json()["errors"]
    assert session.scalars(select(Company).where(Company.name == "Rajaton Oy")).first() is None


def test_out_of_range_ids_in_an_interaction_are_422(client, make_user, make_company, token_for):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    for extra in ({"contact_ids": [2**31]}, {"staff_ids": [2**40]},
                  {"follow_up": {"title": "x", "assignee_id": 2**31}},
                  {"occurred_on": "0001-01-01"}):
        body = {"kind": "meeting", "occurred_on": "2026-01-05", "summary": "Tavattiin", **extra}
        resp = client.post(f"/api/v1/companies/{company.id}/interactions", json=body,
                           headers=auth(token_for(user)))
        assert resp.status_code == 422, (extra, resp.get_data(as_text=True))


def test_control_characters_are_cleaned_before_they_are_stored(client, make_user, token_for, session):
    user = make_user(Role.STAFF)
    resp = client.post("/api/v1/companies", headers=auth(token_for(user)), json={
        "name": "Ohjaus\x07 Oy\x1b", "description": "rivi 1\r\nrivi\t2\x0b", "keywords": ["a\x01b"]})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    company = session.get(Company, resp.get_json()["id"])
    session.refresh(company)
    assert company.name == "Ohjaus Oy" and company.description == "rivi 1\nrivi\t2"
    assert company.keywords == ["ab"]


def test_a_body_above_the_limit_is_413(app, client, staff, make_user, token_for):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    resp = client.post("/companies/new", data=big, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 413 and " 11 M" in resp.get_data(as_text=True)
    resp = client.post("/api/v1/companies", data=big, content_type="application/json",
                       headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 413 and resp.get_json()["status"] == 413


def test_the_limit_is_just_above_the_import_limit():
    from app.services.imports._files import MAX_UPLOAD_BYTES
    from config import Config, load_config

    assert MAX_UPLOAD_BYTES < Config.MAX_CONTENT_LENGTH <= MAX_UPLOAD_BYTES + 2 * 1024 * 1024
    assert load_config({"MAX_CONTENT_LENGTH": "20000000"}).MAX_CONTENT_LENGTH == 20_000_000


def test_a_too_long_url_under_the_api_is_json(client, make_user, token_for):
    resp = client.get("/api/v1/companies?q=" + "a" * 5000,
                      headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 414 and resp.get_json()["status"] == 414


@pytest.mark.parametrize("method,path", [("DELETE", "/api/v1/companies"), ("GET", "/api/v1/nothing")])
def test_every_api_error_is_json(client, method, path):
    resp = client.open(path, method=method)
    assert resp.is_json and resp.get_json()["status"] == resp.status_code


def test_json_request_bodies_still_work(client, make_user, token_for):
    resp = client.post("/api/v1/companies", data=json.dumps({"name": "Tavallinen Oy"}),
                       content_type="application/json",
                       headers=auth(token_for(make_user(Role.STAFF))))
    assert resp.status_code == 201


def test_an_id_too_big_in_a_form_field_is_not_a_500(client, make_user, login, session):
    import io

    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    token = client.csrf_token("/imports/")
    resp = client.post("/imports/", content_type="multipart/form-data", data={
        "csrf_token": token, "city_id": BIG,
        "file": (io.BytesIO(b"Nimi;Y-tunnus\nIso Oy;0112038-9\n"), "lista.csv")})
    assert resp.status_code < 500


@pytest.mark.parametrize("query", [f"user_id={BIG}", f"entity_id={BIG}", "since=0001-01-01",
                                   f"page={HUGE}"])
def test_audit_filters_that_do_not_validate_are_ignored(client, make_user, login, query):
    login(make_user(Role.CITY_ADMIN))
    assert client.get(f"/audit?{query}").status_code == 200


def test_bulk_inserts_are_cleaned_too(session, make_city):
    from sqlalchemy import insert

    city = make_city()
    session.execute(insert(Company), [
        {"name": "Bulkki\x00 Oy", "city_id": city.id, "keywords": ["a\x1fb"], "description": "x\ny"},
        {"name": "Toinen Oy", "city_id": city.id},
    ])
    names = session.scalars(select(Company.name).where(Company.city_id == city.id)
                            .order_by(Company.name)).all()
    assert names == ["Bulkki Oy", "Toinen Oy"]
    row = session.scalars(select(Company).where(Company.name == "Bulkki Oy")).one()
    assert row.keywords == ["ab"] and row.description == "x\ny"


@pytest.mark.parametrize("extra", [
    {"occurred_on": "0001-01-01"}, {"occurred_on": "2026-01-05", "follow_up_title": "Soita",
                                    "follow_up_due_on": "9999-12-31"},
])
def test_an_absurd_date_in_a_form_is_a_field_error(login, make_user, make_company, session, extra):
    from app.models import Interaction

    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    resp = login(user).submit(f"/companies/{company.id}/interactions/new", {
        "kind": "meeting", "summary": "Outo päivä", "staff_ids": str(user.id),
        "follow_up_assignee_id": "", **extra})
    assert resp.status_code == 422 and "1900-01-01" in resp.get_data(as_text=True)
    assert session.scalars(select(Interaction)).first() is None


@pytest.mark.parametrize("field,value", [("employees", "99999999999"), ("turnover_eur", "1e400"),
                                         ("turnover_eur", "NaN")])
def test_an_absurd_number_in_a_form_is_a_field_error(client, staff, session, field, value):
    resp = client.submit("/companies/new", {"name": "Luvuton Oy", field: value})
    assert resp.status_code == 422
    assert session.scalars(select(Company).where(Company.name == "Luvuton Oy")).first() is None
