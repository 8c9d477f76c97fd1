"""EURA 2021: the real call row and code lists inside the page's Preact data script."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from werkzeug import Response

from connectors.errors import SourceError, SourceFormatError
from connectors.eura2021 import extract_preact_data, fetch, parse_list_page
from tests.unit.connectors.saved_payloads import (
    SleepRecorder,
    eura_fixture,
    eura_page,
    quick_session,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2026, 6, 1)
CALL_ID = "f3d9fe5a-6b79-4a97-afb7-f9786a9a4097"


def _row(**changes):
    """The real row with the given fields changed (a variant built for one test)."""
    row = copy.deepcopy(eura_fixture()["row"])
    row.update(changes)
    return row


def test_real_row():
    result = parse_list_page(eura_page().encode(), today=TODAY)
    assert result.complete and result.problems == ()
    (call,) = result.calls
    assert call.source == "eura2021"
    assert call.source_id == CALL_ID
    assert (
        call.title == "Valtakunnallinen Innovaatio- ja osaamisverkostot (EAKR) valmisteluhankkeet"
    )
    assert call.call_identifier == "ESAELY-002"
    # the authority code 6207 resolves through the code list (not the ESAELY prefix)
    assert call.funder == "Itä-Suomen elinvoimakeskus"
    assert call.programme == "Euroopan aluekehitysrahasto (EAKR)"
    assert call.opening_date == date(2022, 4, 1)
    assert call.deadlines == (datetime(2022, 5, 10, 23, 59, tzinfo=HELSINKI),)
    assert call.deadlines[0].utcoffset() == timedelta(hours=3)
    assert call.status == "closed"
    assert call.is_continuous is False
    assert call.language == "fi"
    assert call.url == f"https://eura2021.fi/hakuilmoitukset/hakuilmoitus/{CALL_ID}/"
    # alue VALTAKUNNALLINEN with maakunnat []: nationwide, i.e. "anyone" in Finland
    assert call.regions == ()
    assert call.countries == ("FI",)
    assert call.applicant_types is None  # the row does not say
    extra = dict(call.extra)
    assert extra["viranomainen"] == "6207" and extra["eakr_tyyppi"] == "TYT"
    assert extra["tila"] == "paattynyt"


def test_region_codes_become_maakunta_names():
    row = _row(alue="ITA_JA_POHJOIS_SUOMI", maakunnat=["12", "11", "ylimaakunnallinen/S"])
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.regions == ("Pohjois-Karjala", "Pohjois-Savo")
    extra = dict(call.extra)
    assert extra["maakuntakoodit"] == "12, 11, ylimaakunnallinen/S"
    assert extra["alueet"] == "Ylimaakunnallinen/siirtymäalue"


def test_only_area_codes_leave_regions_unknown():
    row = _row(alue="ETELA_SUOMI", maakunnat=["valtakunnallinen/KA"])
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.regions is None
    assert dict(call.extra)["alueet"] == "Valtakunnallinen/kehittynyt alue"


def test_status_comes_from_dates_not_tila():
    row = _row(tila="paattynyt", hakuaika={"alku": "2026-05-01", "loppu": "2026-06-01"})
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.status == "open"  # the end date itself is inclusive
    row = _row(tila="haettavissa", hakuaika={"alku": "2026-07-01", "loppu": "2026-09-30"})
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.status == "forthcoming"
    assert call.deadlines[0].utcoffset() == timedelta(hours=3)


def test_call_without_end_is_continuous():
    row = _row(hakuaika={"alku": "2026-01-15"}, jatkuvaHaku=True, tila="haettavissa")
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.is_continuous is True
    assert call.deadlines == ()
    assert call.status == "open"


def test_optional_description_and_total_are_read():
    row = _row(
        kuvaus="<p>Haku on tarkoitettu <b>yrityksille</b> &amp; kunnille.</p>",
        kokonaistuki="1500000",
    )
    (call,) = parse_list_page(eura_page([row]), today=TODAY).calls
    assert call.description == "Haku on tarkoitettu yrityksille & kunnille."
    assert str(call.budget_eur) == "1500000"


def test_unknown_authority_gives_no_funder():
    (call,) = parse_list_page(eura_page([_row(viranomainen="1234")]), today=TODAY).calls
    assert call.funder is None
    assert dict(call.extra)["viranomainen"] == "1234"


def test_unreadable_row_is_skipped_and_reported():
    rows = [_row(id="a", hakuaika={"alku": "1.4.2022"}), _row(otsikko=None), _row()]
    result = parse_list_page(eura_page(rows), today=TODAY)
    assert [c.source_id for c in result.calls] == [CALL_ID]
    assert result.complete is False
    assert len(result.problems) == 2
    assert result.problems[0].startswith("row 0 (a) skipped")


def test_code_lists_given_as_lists_also_work():
    codes = {name: list(table.values()) for name, table in eura_fixture()["codes"].items()}
    (call,) = parse_list_page(eura_page(codes=codes), today=TODAY).calls
    assert call.funder == "Itä-Suomen elinvoimakeskus"


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("<html><body><h1>Huoltokatko</h1></body></html>", "no __PREACT_CLI_DATA__"),
        (eura_page()[:400], "cut short"),
        ('<script type="__PREACT_CLI_DATA__">%7B%22preRenderData%22%3A%7B</script>', "not valid"),
        ('<script type="__PREACT_CLI_DATA__">%5B1%5D</script>', "not a JSON object"),
        ('<script type="__PREACT_CLI_DATA__">%7B%22a%22%3A1%7D</script>', "unexpected page data"),
    ],
)
def test_page_faults_are_format_errors(page, message):
    with pytest.raises(SourceFormatError, match=message):
        parse_list_page(page, today=TODAY)


def test_extract_decodes_url_encoded_json():
    data = extract_preact_data(eura_page())
    assert data["preRenderData"]["hankehaku"][0]["hakutunnus"] == "ESAELY-002"


def test_fetch_reads_the_list_page(httpserver):
    httpserver.expect_request("/hakuilmoitukset/").respond_with_data(
        eura_page(), content_type="text/html; charset=utf-8"
    )
    result = fetch(quick_session(), httpserver.url_for("/"), today=TODAY)
    assert [c.title for c in result.calls] == [
        "Valtakunnallinen Innovaatio- ja osaamisverkostot (EAKR) valmisteluhankkeet"
    ]
    assert result.calls[0].url == httpserver.url_for(f"/hakuilmoitukset/hakuilmoitus/{CALL_ID}/")


def test_fetch_retries_a_503(httpserver):
    httpserver.expect_ordered_request("/hakuilmoitukset/").respond_with_data("", status=503)
    httpserver.expect_ordered_request("/hakuilmoitukset/").respond_with_data(
        eura_page(), content_type="text/html"
    )
    sleeps = SleepRecorder()
    result = fetch(quick_session(sleeps), httpserver.url_for("/"), today=TODAY)
    assert len(result.calls) == 1 and sleeps.waits == [1.0]


def test_fetch_of_a_truncated_page_raises(httpserver):
    page = eura_page()
    httpserver.expect_request("/hakuilmoitukset/").respond_with_response(
        Response(page[: len(page) // 2], content_type="text/html")
    )
    with pytest.raises(SourceFormatError, match="cut short"):
        fetch(quick_session(), httpserver.url_for("/"), today=TODAY)


def test_fetch_of_a_missing_page_raises_not_retryable(httpserver):
    httpserver.expect_request("/hakuilmoitukset/").respond_with_data("Not found", status=404)
    with pytest.raises(SourceError) as caught:
        fetch(quick_session(), httpserver.url_for("/"), today=TODAY)
    assert caught.value.retryable is False and "404" in str(caught.value)
