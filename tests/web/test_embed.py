"""The embeddable widget, its iframe and the public JSON: open to any origin for reading, framed
by any site (these two routes only), cached with ETags, no cookies, polite for an unknown town,
and never a word of the CRM or of a non-public field."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.models import Contact, Interaction, InteractionKind, Role
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory
from tests.web.authz_routes import ROUTES

JSON_URL = "/api/public/v1/services"


@pytest.fixture()
def network(session, make_city, make_company, make_user):
    """A town with a published service, a draft, a consenting person and one who did not
    consent, and CRM rows; each secret string must stay out of every public answer."""
    city = make_city(code="140", name="Iisalmi")
    city.name_sv = "Idensalmi"
    author = make_user(Role.CITY_ADMIN, city=city)
    company = make_company(city=city, name="Salaisen Konepajan Oy", business_id="2331972-7",
                           description="CRM-kuvaus-zqx")
    session.add_all([
        Contact(company=company, first_name="Kalle", last_name="Crmkontakti",
                email="kalle.crm@example.com"),
        Interaction(company=company, occurred_on=date(2026, 11, 2), kind=InteractionKind.MEETING,
                    summary="Luottamuksellinen-muistio-zqx", created_by_id=author.id),
        RdiService(city_id=city.id, category=ServiceCategory.FUNDING_ADVICE,
                   name_fi="Rahoitusklinikka", name_sv="Finansieringsklinik",
                   provider="Iisalmen kaupunki", description_fi="Apua rahoitushakuihin.",
                   url="https://example.org/klinikka", languages=["fi", "sv"],
                   internal_note="Sisäinen-huomautus-zqx", created_by_id=author.id),
        RdiService(city_id=city.id, category=ServiceCategory.PREMISES,
                   name_fi="Luonnos-palvelu-zqx", provider="Kaupunki", is_published=False),
        RdiPerson(city_id=city.id, role=PersonRole.RESPONSIBLE, name="Outi Omalupa",
                  email="outi@example.org", topics=["EU-rahoitus"], has_public_consent=True),
        RdiPerson(city_id=city.id, role=PersonRole.DEPUTY, name="Ville Eisuostumusta",
                  email="ville-zqx@example.org", has_public_consent=False),
    ])
    session.flush()
    return city


SECRETS = ("Salaisen Konepajan", "2331972-7", "CRM-kuvaus-zqx", "Crmkontakti",
           "kalle.crm@example.com", "Luottamuksellinen-muistio-zqx", "Sisäinen-huomautus-zqx",
           "Luonnos-palvelu-zqx", "Ville Eisuostumusta", "ville-zqx@example.org")
# field names that exist on the rows but are never public
PRIVATE_FIELDS = ("internal_note", "is_published", "created_by", "created_at", "updated_at",
                  "has_public_consent", "consent_recorded_at", "city_id")
PUBLIC_URLS = (
    "/services", "/services?town=140", "/services?lang=sv&town=140", "/services?q=klinikka",
    "/services?category=premises", "/services/people", "/services/people?lang=en",
    "/embed/services.js", "/embed/services", "/embed/services?city=140",
    "/embed/services?city=140&lang=sv", f"{JSON_URL}", f"{JSON_URL}?city=140",
    f"{JSON_URL}?city=140&lang=en", f"{JSON_URL}?city=140&category=premises",
)


def test_every_public_route_is_in_the_leak_test():
    """A new public route of the directory must be added to PUBLIC_URLS above."""
    public = {endpoint for (endpoint, _m), probe in ROUTES.items() if probe.who == "public"
              and endpoint.startswith(("directory.", "embed."))}
    assert public == {"directory.public_services", "directory.public_people",
                      "embed.public_services", "embed.services_js", "embed.services_frame"}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_answer_shows_crm_data_or_a_non_public_field(client, network, url):
    resp = client.get(url)
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    if resp.is_json:  # read as decoded text: JSON escapes "ä" as \u00e4
        body = json.dumps(resp.get_json(), ensure_ascii=False)
    assert [s for s in SECRETS if s in body] == []
    if resp.is_json:
        keys = _keys(resp.get_json())
        assert [f for f in PRIVATE_FIELDS if f in keys] == []
    assert "Set-Cookie" not in resp.headers


def _keys(document):
    if isinstance(document, dict):
        return set(document) | {k for v in document.values() for k in _keys(v)}
    if isinstance(document, list):
        return {k for v in document for k in _keys(v)}
    return set()


def test_json_lists_the_towns_services_and_consenting_people_in_the_language_asked(
        client, network):
    data = client.get(f"{JSON_URL}?city=140&lang=sv").get_json()
    assert data["town"] == {"code": "140", "name": "Idensalmi"} and data["lang"] == "sv"
    assert [s["name"] for s in data["services"]] == ["Finansieringsklinik"]
    service = data["services"][0]
    assert service["category_label"] == "Finansieringsrådgivning"
    assert service["description"] == "Apua rahoitushakuihin."  # no Swedish text: Finnish
    assert [lang["name"] for lang in service["languages"]] == ["finska", "svenska"]
    assert [p["name"] for p in data["people"]] == ["Outi Omalupa"]
    assert data["texts"]["title"] == "FUI-tjänster: Idensalmi"


@pytest.mark.parametrize("code", ["999", "abc", "1' OR '1'='1", "14", "1400", "%00", "x" * 3000])
def test_unknown_town_gives_an_empty_polite_answer_not_an_error(client, network, code):
    data = client.get(JSON_URL, query_string={"city": code})
    assert data.status_code == 200
    assert data.get_json()["services"] == [] and data.get_json()["town"] is None
    assert data.get_json()["texts"]["empty"]
    frame = client.get("/embed/services", query_string={"city": code})
    assert frame.status_code == 200
    assert "Täällä ei ole vielä TKI-palveluja." in frame.get_data(as_text=True)


def test_json_is_open_to_any_origin_for_reading_without_credentials(client, network):
    resp = client.get(f"{JSON_URL}?city=140", headers={"Origin": "https://www.iisalmi.fi"})
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in resp.headers
    assert "ETag" in resp.headers["Access-Control-Expose-Headers"]
    preflight = client.options(f"{JSON_URL}?city=140", headers={
        "Origin": "https://www.iisalmi.fi", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert client.post(JSON_URL).status_code == 405  # reading only


@pytest.mark.parametrize("url", [f"{JSON_URL}?city=140", "/embed/services.js",
                                 "/embed/services?city=140"])
def test_public_answers_are_cached_and_a_conditional_request_gets_304(client, network, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_a_change_to_the_listing_changes_the_etag(client, session, network):
    etag = client.get(f"{JSON_URL}?city=140").headers["ETag"]
    service = session.query(RdiService).filter_by(name_fi="Rahoitusklinikka").one()
    service.provider = "Ylä-Savon kehitysyhtiö"
    session.flush()
    fresh = client.get(f"{JSON_URL}?city=140", headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.get_json()["services"][0]["provider"] == "Ylä-Savon kehitysyhtiö"


def test_only_the_embed_routes_may_be_framed(client, login, make_user, network):
    frame = client.get("/embed/services?city=140")
    assert "frame-ancestors *" in frame.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in frame.headers
    assert "<script" not in frame.get_data(as_text=True)  # the iframe variant needs no script
    for url in ("/services", "/services/people", "/login", JSON_URL):
        resp = client.get(url)
        assert resp.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"], url
    login(make_user(Role.STAFF, city=network))
    assert client.get("/directory/services").headers["X-Frame-Options"] == "DENY"


def test_a_signed_in_browser_gets_no_cookie_from_the_embed_routes(client, login, make_user,
                                                                  network):
    login(make_user(Role.STAFF, city=network))
    for url in (f"{JSON_URL}?city=140", "/embed/services.js", "/embed/services?city=140"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "Set-Cookie" not in resp.headers, url
        assert "Cookie" not in resp.headers.get("Vary", ""), url
    assert client.get("/directory/services").status_code == 200  # still signed in


def test_widget_script_is_javascript_that_reads_the_json_without_cookies(client):
    resp = client.get("/embed/services.js")
    assert resp.mimetype == "text/javascript"
    script = resp.get_data(as_text=True)
    assert 'credentials: "omit"' in script and "attachShadow" in script
    assert "innerHTML" not in script  # text only: data never becomes markup


def test_json_of_the_whole_network_when_no_town_is_given(client, network, make_city, session):
    other = make_city(code="678", name="Raahe")
    session.add(RdiService(city_id=other.id, category=ServiceCategory.TESTING,
                           name_fi="Terästehtaan testialue", provider="Raahen kaupunki"))
    session.flush()
    data = json.loads(client.get(JSON_URL).get_data())
    assert {s["town"]["code"] for s in data["services"]} == {"140", "678"}
    assert data["town"] is None and data["people"] == []


def test_each_worker_keeps_a_built_answer_for_a_while(app, client, session, network,
                                                     monkeypatch):
    """Between the visitors' caches and the database: a town's answer is built once per
    ``DIRECTORY_PUBLIC_CACHE_SECONDS`` in each worker (a malformed code shares one key)."""
    from app.web.embed import views

    monkeypatch.setitem(app.config, "DIRECTORY_PUBLIC_CACHE_SECONDS", 60)
    monkeypatch.setattr(views, "_BUILT", {})
    first = client.get(f"{JSON_URL}?city=140").get_json()
    service = session.query(RdiService).filter_by(name_fi="Rahoitusklinikka").one()
    service.provider = "Uusi tarjoaja"
    session.flush()
    assert client.get(f"{JSON_URL}?city=140").get_json() == first  # kept
    assert client.get(f"{JSON_URL}?city=140&lang=en").get_json()["services"][0][
        "provider"] == "Uusi tarjoaja"  # another key: built now
    for code in ("abc", "x" * 50, "14\n"):
        client.get(JSON_URL, query_string={"city": code})
    assert len(views._BUILT) == 3


def test_no_other_public_route_shows_crm_data_either(app, client, network):
    """Every public GET route of the URL map without arguments (the sign-in page, the benefits
    summary, the OpenAPI document …), not only the directory's."""
    checked = []
    for rule in app.url_map.iter_rules():
        probe = ROUTES.get((rule.endpoint, "GET"))
        if probe is None or probe.who != "public" or rule.arguments or "GET" not in rule.methods:
            continue
        resp = client.get(rule.rule)
        body = resp.get_data(as_text=True)
        if resp.is_json:
            body = json.dumps(resp.get_json(), ensure_ascii=False)
        assert [s for s in SECRETS if s in body] == [], rule.rule
        checked.append(rule.rule)
    assert {"/login", "/services", JSON_URL} <= set(checked)
