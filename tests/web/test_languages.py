"""Swedish, Finnish and British English: the UI language, town names, one date style per
language, numbers and money, ``lang`` attributes and API errors in the caller's language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from app.models import Role
from app.presentation.formatting import fmt_date, fmt_money, fmt_number, fmt_time

NBSP = "\xa0"


@pytest.mark.parametrize(("lang", "day", "moment", "clock"), [
    ("fi", "3.12.2026", "3.12.2026 14.05", "14.05"),
    ("sv", "3.12.2026", "3.12.2026 kl. 14.05", "14.05"),
    ("en", "3 Dec 2026", "3 Dec 2026, 14:05", "14:05"),
])
def test_one_date_style_per_language_in_helsinki_time(app, lang, day, moment, clock):
    at = datetime(2026, 12, 3, 12, 5, tzinfo=UTC)  # 14.05 in Helsinki
    with app.test_request_context(), force_locale(lang):
        assert fmt_date(date(2026, 12, 3)) == day
        assert fmt_date(at) == moment
        assert fmt_time(at) == clock


@pytest.mark.parametrize(("lang", "number", "money"), [
    ("fi", f"1{NBSP}234,5", f"125{NBSP}000 €"),
    ("sv", f"1{NBSP}234,5", f"125{NBSP}000 €"),
    ("en", "1,234.5", "€125,000"),
])
def test_numbers_and_money_in_each_language(app, lang, number, money):
    with app.test_request_context(), force_locale(lang):
        assert fmt_number(1234.5).replace("\u202f", NBSP) == number
        assert fmt_money(125000).replace("\u202f", NBSP) == money


def test_the_switcher_offers_three_languages_each_marked_with_its_own_lang(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="fi"' in html
    for code, name in (("fi", "suomi"), ("sv", "svenska"), ("en", "English")):
        assert re.search(rf'<option lang="{code}"[^>]*value="{code}">{name}</option>', html)


def test_swedish_interface_and_swedish_town_names(login, make_user, make_city, make_company, session):
    town = make_city(name="Kristiinankaupunki")
    town.name_sv = "Kristinestad"
    user = make_user(Role.STAFF, city=town)
    company = make_company(city=town, name="Järvi Siika Ab")
    session.flush()
    client = login(user)
    finnish = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Kristiinankaupunki" in finnish and "Kristinestad" not in finnish
    client.submit("/language", {"language": "sv", "next": "/"}, page="/")
    session.refresh(user)
    assert user.language == "sv"
    swedish = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert '<html lang="sv"' in swedish
    assert "Kristinestad" in swedish and "Kristiinankaupunki" not in swedish
    assert "Logga ut" in swedish and "FO-nummer" in swedish
    listing = client.get("/").get_data(as_text=True)
    assert "Företag i Kristinestad" in listing


def test_unknown_language_is_refused_and_changes_nothing(login, make_user, session):
    user = make_user()
    client = login(user)
    client.submit("/language", {"language": "de", "next": "/"}, page="/")
    session.refresh(user)
    assert user.language == "fi"


def _auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


@pytest.mark.parametrize(("header", "message"), [
    ("sv", "Sidan eller posten du bad om finns inte."),
    ("en-GB,en;q=0.9", "The page or record you asked for does not exist."),
    ("fi", "Pyytämääsi sivua tai tietuetta ei ole olemassa."),
    (None, None),  # the token user's choice
])
def test_api_errors_honour_accept_language_then_the_token_users_choice(
        client, make_user, token_for, session, header, message):
    user = make_user(language="en")
    headers = _auth(token_for(user), **({"Accept-Language": header} if header else {}))
    body = client.get("/api/v1/companies/999999", headers=headers).get_json()
    assert body["message"] == (message or "The page or record you asked for does not exist.")


def test_an_api_422_is_in_one_language_only(client, make_user, token_for):
    user = make_user()
    resp = client.post("/api/v1/companies", headers=_auth(token_for(user), **{
        "Accept-Language": "sv"}), json={"name": "Kaksi Virhettä Oy", "employees": "many"})
    body = resp.get_json()
    assert resp.status_code == 422
    assert body["message"] == "Indata är ogiltiga."
    assert body["errors"]["employees"] == "Inte ett heltal."


def test_an_api_401_follows_accept_language(client):
    body = client.get("/api/v1/companies", headers={"Accept-Language": "sv"}).get_json()
    assert body["message"].startswith("En bearer-token krävs")


@pytest.mark.parametrize(("text", "declared", "page", "expected"), [
    ("Living labs to enhance soil health", None, "fi", ' lang="en"'),
    ("Living labs to enhance soil health", None, "en", ""),
    ("Yritysten kehittämisavustus ja rahoitus", None, "en", ' lang="fi"'),
    ("Finansiering för små företag", None, "fi", ' lang="sv"'),
    ("Digital", None, "fi", ""),  # too short to tell: no claim
    ("Anything at all", "en-GB", "fi", ' lang="en"'),  # the source's own tag wins
])
def test_content_in_another_language_is_marked(text, declared, page, expected):
    from app.presentation.language import lang_attr

    assert str(lang_attr(text, declared, page=page)) == expected


def test_an_english_call_title_on_a_finnish_page_carries_lang_en(login, make_user, session):
    from app.models.funding_calls import FundingCall
    from tests.services.test_funding_harvest_payloads import add_source

    source = add_source(session, "manual-test", "manual", None)
    call = FundingCall(funding_source_id=source.id, source_id="x-1", content_hash="0" * 64,
                       title="Living labs to enhance soil health",
                       summary="Funding for the development of soil health living labs.")
    session.add(call)
    session.flush()
    client = login(make_user(Role.STAFF))
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert '<html lang="fi"' in page
    assert '<h1 lang="en">Living labs to enhance soil health</h1>' in page
    assert '<p class="prose" lang="en">Funding for the development' in page


def test_a_stored_finding_is_shown_in_the_readers_language(app):
    from app.i18n import lazy_gettext as _l
    from app.presentation.stored_text import show, store, store_plural

    kept = store(_l("%(value)s is not a valid business ID (Y-tunnus).", value="123"))
    plural = store_plural("%(num)d row changed since the dry run: nothing was imported. Check "
                          "it and start the import again.", "%(num)d rows changed since the dry "
                          "run: nothing was imported. Check them and start the import again.", 2)
    with app.test_request_context():
        with force_locale("sv"):
            assert show(kept) == "123 är inte ett giltigt FO-nummer."
            assert show(plural).startswith("2 rader har ändrats")
        with force_locale("en"):
            assert show(kept) == "123 is not a valid business ID (Y-tunnus)."
        with force_locale("fi"):
            assert "Y-tunnus" in show(kept) and show(kept).startswith("123")
            assert show("Vanha viesti sellaisenaan.") == "Vanha viesti sellaisenaan."


def test_industry_sections_are_named_in_the_readers_language(login, make_user, session):
    user = make_user(language="sv")
    html = login(user).get("/").get_data(as_text=True)
    assert "C – Tillverkning" in html and "Teollisuus" not in html
