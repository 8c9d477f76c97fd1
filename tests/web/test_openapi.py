"""The OpenAPI document tells the truth: the error shape it documents is the one served, decimals
are documented as the strings they are served as, business-rule 422s are documented."""

from __future__ import annotations

import pytest

from app.models import Role


@pytest.fixture()
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture()
def headers(app, make_user):
    user = make_user(Role.STAFF)
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
    return {"Authorization": f"Bearer {result.output.strip()}"}


def _resolve(spec, ref_or_obj):
    while "$ref" in ref_or_obj:
        *_, kind, name = ref_or_obj["$ref"].split("/")
        ref_or_obj = spec["components"][kind][name]
    return ref_or_obj


def test_every_documented_error_has_an_integer_status(spec, client, headers):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    continue
                schema = _resolve(spec, _resolve(spec, response)["content"]["application/json"]["schema"])
                assert schema["properties"]["status"]["type"] == "integer", (path, method, code)
                assert "status" in schema["required"]
    served = client.get("/api/v1/companies/999999", headers=headers).get_json()
    assert isinstance(served["status"], int) and served["status"] == 404


def test_turnover_is_documented_as_the_string_it_is_served_as(spec, client, headers):
    prop = spec["components"]["schemas"]["Company"]["properties"]["turnover_eur"]
    assert prop["type"] == "string" and prop["format"] == "decimal"
    created = client.post("/api/v1/companies", json={"name": "Liikevaihto Oy", "turnover_eur": "1250000"},
                          headers=headers)
    assert created.status_code == 201 and created.get_json()["turnover_eur"] == "1250000.00"
    assert spec["components"]["schemas"]["Call"]["properties"]["budget_eur"]["type"] == "string"


@pytest.mark.parametrize("path,method", [("/api/v1/companies", "post"),
                                         ("/api/v1/companies/{company_id}/interactions", "post")])
def test_business_rule_422s_are_documented(spec, path, method):
    response = spec["paths"][path][method]["responses"]["422"]
    assert "business rule" in response["description"]
    schema = _resolve(spec, response["content"]["application/json"]["schema"])
    assert schema["properties"]["errors"]["additionalProperties"] == {"type": "string"}


def test_a_business_rule_422_is_served_as_documented(client, headers):
    body = {"name": "Kaksoisolento Oy", "business_id": "2077474-0"}
    assert client.post("/api/v1/companies", json=body, headers=headers).status_code == 201
    again = client.post("/api/v1/companies", json=body, headers=headers)
    data = again.get_json()
    assert again.status_code == 422 and data["status"] == 422
    assert isinstance(data["errors"]["business_id"], str)


def test_path_ids_are_documented_with_their_bound(spec):
    param = spec["paths"]["/api/v1/companies/{company_id}"]["parameters"][0]
    assert param["schema"]["maximum"] == 2**31 - 1


def test_the_api_reference_page_serves_swagger_ui_from_this_site(client):
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    scripts = [s for s in html.split('src="')[1:]]
    assert scripts and all(s.startswith("/static/") for s in scripts)  # no CDN
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in bundle.data
    assert client.get("/static/vendor/swagger-ui/LICENSE").status_code == 200


def test_the_api_reference_page_speaks_the_users_language_not_the_browsers(login, make_user):
    client = login(make_user(Role.STAFF))  # Finnish by default
    html = client.get("/api/v1/docs", headers={"Accept-Language": "en-GB,en"}).get_data(
        as_text=True)
    assert "<h1>API-kuvaus</h1>" in html
