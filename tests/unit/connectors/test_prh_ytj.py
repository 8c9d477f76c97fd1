"""PRH/YTJ open data API v3: the real Nokia response quoted in NOTES, its pitfalls, and faults."""

from __future__ import annotations

import copy
import json
import time
from datetime import date
from typing import Any

import pytest
import requests
from werkzeug import Response

from connectors.errors import SourceError, SourceFormatError
from connectors.http import make_session
from connectors.prh_ytj import fetch_company, municipality_post_codes, search_companies
from connectors.prh_ytj_records import InvalidBusinessId, normalize_business_id, parse_company


class Sleeps:
    """Stands in for time.sleep: records the waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def session(
    sleeps: Sleeps | None = None, *, retries: int = 0, timeout: float = 5
) -> requests.Session:
    return make_session(timeout=timeout, retries=retries, sleep=sleeps or Sleeps())


def nokia() -> dict[str, Any]:
    """The real v3 answer for 0112038-9 quoted in tests/fixtures/prh-ytj/NOTES.md §1.3.

    NOTES quotes it as a trimmed excerpt and it is not a saved fixture, so it is rebuilt here
    value for value. Where NOTES elides list items with "…", only the quoted items are kept,
    except the postal address: NOTES says in prose that Nokia's PO box 00045 "NOKIA GROUP" has
    municipality code 091, so that address is reconstructed from that sentence (its other
    fields are left empty, as the register sends them).
    """
    return {
        "businessId": {"value": "0112038-9", "registrationDate": "1978-03-15", "source": "3"},
        "euId": {"value": "FIFPRO.0112038-9", "source": "1"},
        "names": [
            {
                "name": "Nokia Oyj",
                "type": "1",
                "registrationDate": "1997-09-01",
                "version": 1,
                "source": "1",
            },
            {
                "name": "Oy Nokia Ab",
                "type": "1",
                "registrationDate": "1966-06-10",
                "endDate": "1997-08-31",
                "version": 2,
                "source": "1",
            },
            {
                "name": "Nokia Networks",
                "type": "3",
                "registrationDate": "2001-10-01",
                "version": 1,
                "source": "1",
            },
            {
                "name": "Nokia Corporation",
                "type": "2",
                "registrationDate": "1997-09-01",
                "version": 1,
                "source": "1",
            },
        ],
        "mainBusinessLine": {
            "type": "70100",
            "descriptions": [
                {"languageCode": "3", "description": "Activities of head offices"},
                {"languageCode": "1", "description": "Pääkonttorien toiminta"},
                {"languageCode": "2", "description": "Verksamheter som utövas av huvudkontor"},
            ],
            "typeCodeSet": "TOIMI4",
            "registrationDate": "2026-01-01",
            "source": "2",
        },
        "website": {"url": "www.nokia.com", "registrationDate": "2019-07-01", "source": "0"},
        "companyForms": [
            {
                "type": "17",
                "descriptions": [{"languageCode": "1", "description": "Julkinen osakeyhtiö"}],
                "registrationDate": "1997-09-01",
                "version": 1,
                "source": "1",
            }
        ],
        "companySituations": [],
        "registeredEntries": [
            {
                "type": "1",
                "descriptions": [{"languageCode": "1", "description": "Rekisterissä"}],
                "registrationDate": "1896-12-19",
                "register": "1",
                "authority": "2",
            }
        ],
        "addresses": [
            {
                "type": 1,
                "street": "Karakaari",
                "postCode": "02610",
                "postOffices": [
                    {"city": "ESBO", "languageCode": "2", "municipalityCode": "049"},
                    {"city": "ESPOO", "languageCode": "1", "municipalityCode": "049"},
                ],
                "buildingNumber": "7",
                "entrance": "",
                "apartmentNumber": "",
                "apartmentIdSuffix": "",
                "co": "",
                "registrationDate": "2019-07-01",
                "source": "0",
            },
            {  # reconstructed from NOTES' prose, see the docstring
                "type": 2,
                "street": "",
                "postCode": "00045",
                "postOffices": [
                    {"city": "NOKIA GROUP", "languageCode": "1", "municipalityCode": "091"}
                ],
                "buildingNumber": "",
                "entrance": "",
                "apartmentNumber": "",
                "apartmentIdSuffix": "",
                "co": "",
                "source": "0",
            },
        ],
        "tradeRegisterStatus": "1",
        "status": "2",
        "registrationDate": "1896-12-19",
        "lastModified": "2026-08-19T10:04:06",
    }


def envelope(*companies: dict[str, Any], total: int | None = None) -> dict[str, Any]:
    return {
        "totalResults": len(companies) if total is None else total,
        "companies": list(companies),
    }


def company(
    business_id: str,
    name: str,
    *,
    municipality: str = "049",
    post_code: str = "02610",
    industry: str = "62100",
) -> dict[str, Any]:
    """A company built on the real Nokia record, with the given identity and place."""
    record = nokia()
    record["businessId"]["value"] = business_id
    record["names"] = [
        {"name": name, "type": "1", "registrationDate": "2020-01-01", "version": 1, "source": "1"}
    ]
    record["mainBusinessLine"]["type"] = industry
    record["addresses"] = [record["addresses"][0]]
    record["addresses"][0]["postCode"] = post_code
    for office in record["addresses"][0]["postOffices"]:
        office["municipalityCode"] = municipality
    return record


# --- parse_company on the real record --------------------------------------------------------


def test_real_nokia_record():
    record = parse_company(nokia())

    assert record.business_id == "0112038-9"
    assert record.name == "Nokia Oyj"  # the current main name, not "Oy Nokia Ab" (ended)
    assert record.auxiliary_names == ("Nokia Networks", "Nokia Corporation")
    assert record.industry_code == "70100"
    assert record.industry_code_set == "TOL2025"  # TOIMI4
    assert record.industry_text == "Pääkonttorien toiminta"  # Finnish, though English came first
    assert record.company_form == "Julkinen osakeyhtiö"
    assert record.street_address == "Karakaari 7"
    assert record.postal_code == "02610"
    assert record.post_office == "ESPOO"  # Finnish name, though ESBO came first
    assert record.municipality_code == "049"  # the visiting address, not the PO box's 091
    assert record.website == "https://www.nokia.com"
    assert record.registration_date == date(1896, 12, 19)
    assert record.end_date is None
    assert record.warnings == ()


def test_tol2008_code_set_and_leading_zeros():
    payload = nokia()
    payload["mainBusinessLine"].update(
        type="01110", typeCodeSet="TOIMI3", registrationDate="2024-05-01"
    )
    record = parse_company(payload)
    assert (record.industry_code, record.industry_code_set) == ("01110", "TOL2008")


@pytest.mark.parametrize(
    ("registered", "expected"),
    [("2026-01-01", "TOL2025"), ("2025-12-31", "TOL2008"), (None, None)],
)
def test_code_set_from_the_date_when_the_set_is_missing(registered, expected):
    payload = nokia()
    del payload["mainBusinessLine"]["typeCodeSet"]
    payload["mainBusinessLine"]["registrationDate"] = registered
    record = parse_company(payload)
    assert record.industry_code_set == expected
    assert record.industry_code == ("70100" if expected else None)
    assert record.industry_text == "Pääkonttorien toiminta"


def test_other_code_sets_keep_the_text_but_not_the_code():
    payload = nokia()
    payload["mainBusinessLine"]["typeCodeSet"] = "TOIMI2"
    record = parse_company(payload)
    assert (record.industry_code, record.industry_code_set) == (None, None)
    assert record.industry_text == "Pääkonttorien toiminta"


def test_text_falls_back_to_english_when_finnish_is_missing():
    payload = nokia()
    payload["mainBusinessLine"]["descriptions"] = [
        {"languageCode": "2", "description": "Verksamheter som utövas av huvudkontor"},
        {"languageCode": "3", "description": "Activities of head offices"},
        {"languageCode": "1", "description": ""},
    ]
    assert parse_company(payload).industry_text == "Activities of head offices"


def test_missing_and_empty_fields_become_none():
    payload = nokia()
    del payload["website"]
    del payload["mainBusinessLine"]
    payload["companyForms"] = []
    payload["addresses"][0]["postOffices"] = [{"city": "ESPOO", "languageCode": "1"}]  # no code
    payload["addresses"][0]["buildingNumber"] = ""
    record = parse_company(payload)
    assert record.website is None
    assert (record.industry_code, record.industry_code_set, record.industry_text) == (
        None,
        None,
        None,
    )
    assert record.company_form is None
    assert record.street_address == "Karakaari"
    # the visiting address has no code: it is not taken from the postal address elsewhere
    assert record.municipality_code is None


def test_postal_address_when_there_is_no_visiting_address():
    payload = nokia()
    del payload["addresses"][0]
    payload["addresses"][0].update(postOfficeBox="226", type="2")  # type as a string, too
    record = parse_company(payload)
    assert record.street_address == "PL 226"
    assert (record.postal_code, record.post_office, record.municipality_code) == (
        "00045",
        "NOKIA GROUP",
        "091",
    )


def test_street_line_parts_co_and_free_form():
    payload = nokia()
    payload["addresses"][0].update(
        entrance="A", apartmentNumber="5", apartmentIdSuffix="b", co="Tilitoimisto Oy"
    )
    assert parse_company(payload).street_address == "c/o Tilitoimisto Oy, Karakaari 7 A 5b"

    payload = nokia()
    payload["addresses"] = [
        {
            "type": 1,
            "street": "",
            "freeAddressLine": "Norgårdsvägen_3 _ SE-451_75 Uddevalla",
            "country": "SE",
            "source": "0",
        }
    ]
    record = parse_company(payload)
    assert record.street_address == "Norgårdsvägen 3 SE-451 75 Uddevalla"
    assert record.municipality_code is None


def test_numeric_codes_keep_their_leading_zeros():
    payload = nokia()
    payload["addresses"][0]["postOffices"] = [
        {"city": "ALAJÄRVI", "languageCode": "1", "municipalityCode": 5}
    ]
    payload["addresses"][0]["postCode"] = 2610
    record = parse_company(payload)
    assert (record.municipality_code, record.postal_code) == ("005", "02610")


def test_situations_become_warnings_until_they_end():
    payload = nokia()
    payload["companySituations"] = [
        {"type": "SELTILA", "registrationDate": "2026-03-02", "source": "1"},
        {"type": "KONK", "registrationDate": "2020-01-10", "endDate": "2021-01-10", "source": "1"},
        {"type": "SANE", "source": "1"},
    ]
    assert parse_company(payload).warnings == (
        ("liquidation", "Selvitystilassa 2.3.2026 alkaen"),
        ("restructuring", "Yrityssaneerauksessa"),
    )


def test_ceased_company_by_end_date_or_ended_trade_register_entry():
    payload = nokia()
    payload["endDate"] = "2025-06-30"
    record = parse_company(payload)
    assert record.end_date == date(2025, 6, 30)
    assert record.warnings == (("dissolved", "Lakannut 30.6.2025"),)

    payload = nokia()
    payload["registeredEntries"][0]["endDate"] = "2024-02-01"
    payload["status"] = "2"  # status alone decides nothing
    assert parse_company(payload).warnings == (
        ("dissolved", "Merkintä kaupparekisterissä päättynyt 1.2.2024"),
    )


def test_registration_date_falls_back_to_the_business_id_grant():
    payload = nokia()
    payload["registrationDate"] = None
    assert parse_company(payload).registration_date == date(1978, 3, 15)


def test_only_current_names_count():
    payload = nokia()
    payload["names"][2]["endDate"] = "2010-01-01"  # Nokia Networks ended
    payload["names"][3]["version"] = 2  # an older version of the parallel name
    assert parse_company(payload).auxiliary_names == ()


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.pop("businessId"),
        lambda p: p["businessId"].update(value="0112038-1"),
        lambda p: p.update(names=[]),
        lambda p: p.update(registrationDate="19.12.1896"),
        lambda p: p.update(addresses="Karakaari 7"),
    ],
    ids=["no-id", "bad-check-digit", "no-name", "finnish-date", "addresses-not-a-list"],
)
def test_unreadable_records_raise_format_errors(mutate):
    payload = nokia()
    mutate(payload)
    with pytest.raises(SourceFormatError):
        parse_company(payload)


def test_a_non_object_raises_a_format_error():
    with pytest.raises(SourceFormatError):
        parse_company(["not", "a", "company"])  # type: ignore[arg-type]


# --- business IDs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given", ["0112038-9", " 0112038-9 ", "01120389", "0112038 9", "FI01120389", "fi0112038-9"]
)
def test_business_id_forms_people_paste(given):
    assert normalize_business_id(given) == "0112038-9"


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("", "empty"),
        ("0112038-1", "checksum"),
        ("112038-9", "length"),
        ("abc", "format"),
        ("0000000-0", "all_zero"),
    ],
)
def test_bad_business_ids(given, code):
    with pytest.raises(InvalidBusinessId) as caught:
        normalize_business_id(given)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert caught.value.message


# --- fetch_company over HTTP ------------------------------------------------------------------------


def test_fetch_company(httpserver):
    httpserver.expect_request(
        "/v3/companies", query_string={"businessId": "0112038-9"}
    ).respond_with_json(envelope(nokia()))
    record = fetch_company(session(), httpserver.url_for("/v3/"), "FI01120389")
    assert record is not None and record.name == "Nokia Oyj"
    assert len(httpserver.log) == 1


def test_no_such_company_is_none(httpserver):
    # what the register answers for an unknown ID
    httpserver.expect_request("/v3/companies").respond_with_json(
        {"totalResults": 0, "companies": []}
    )
    assert fetch_company(session(), httpserver.url_for("/v3"), "1927400-1") is None


def test_404_is_none(httpserver):
    httpserver.expect_request("/v3/companies").respond_with_data("Not Found", status=404)
    assert fetch_company(session(), httpserver.url_for("/v3"), "1927400-1") is None


def test_an_invalid_id_makes_no_request(httpserver):
    with pytest.raises(ValueError, match="check digit"):
        fetch_company(session(), httpserver.url_for("/v3"), "0112038-1")
    assert httpserver.log == []


def test_other_companies_in_the_answer_are_a_format_error(httpserver):
    httpserver.expect_request("/v3/companies").respond_with_json(
        envelope(company("1927400-1", "KONE Oyj"), total=250)
    )
    with pytest.raises(SourceFormatError, match="other companies"):
        fetch_company(session(), httpserver.url_for("/v3"), "0112038-9")


def test_server_error_is_retried_then_raised(httpserver):
    httpserver.expect_request("/v3/companies").respond_with_json(
        {"timestamp": "2026-10-05 10:00:00", "message": "Internal error", "errorcode": 500},
        status=500,
    )
    sleeps = Sleeps()
    with pytest.raises(SourceError) as caught:
        fetch_company(session(sleeps, retries=1), httpserver.url_for("/v3"), "0112038-9")
    assert caught.value.retryable is True
    assert isinstance(caught.value.__cause__, requests.HTTPError)
    assert len(httpserver.log) == 2 and sleeps.waits == [1.0]


def test_bad_request_is_not_retried(httpserver):
    httpserver.expect_request("/v3/companies").respond_with_json(
        {"timestamp": "2026-10-05 10:00:00", "message": "Bad request", "errorcode": 400}, status=400
    )
    with pytest.raises(SourceError) as caught:
        fetch_company(session(retries=2), httpserver.url_for("/v3"), "0112038-9")
    assert caught.value.retryable is False
    assert len(httpserver.log) == 1


def test_timeout(httpserver):
    def slow(_request):
        time.sleep(0.5)
        return Response(json.dumps(envelope(nokia())), content_type="application/json")

    httpserver.expect_request("/v3/companies").respond_with_handler(slow)
    with pytest.raises(SourceError) as caught:
        fetch_company(session(timeout=0.1), httpserver.url_for("/v3"), "0112038-9")
    assert caught.value.retryable is True
    assert isinstance(caught.value.__cause__, requests.Timeout)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"totalResults": 1, "companies": [{"businessId": ', "application/json"),
        ("\x00\x01garbage\xff", "application/octet-stream"),
        ("<!DOCTYPE html><html><body>Huoltokatko</body></html>", "text/html"),
        ("", "application/json"),
        ('["not", "a", "result"]', "application/json"),
        ('{"companies": []}', "application/json"),
    ],
    ids=["truncated", "garbage", "html", "empty", "array", "no-total"],
)
def test_bodies_that_are_not_a_company_result(httpserver, body, content_type):
    httpserver.expect_request("/v3/companies").respond_with_data(body, content_type=content_type)
    with pytest.raises(SourceFormatError) as caught:
        fetch_company(session(), httpserver.url_for("/v3"), "0112038-9")
    assert caught.value.source == "prh-ytj"


# --- search_companies ----------------------------------------------------------------------------------

POST_CODES = [  # shape of GET /post_codes (NOTES §1.2); the values are Espoo and Helsinki codes
    {
        "postCode": "02610",
        "city": "ESPOO",
        "active": True,
        "languageCode": "1",
        "municipalityCode": "049",
    },
    {
        "postCode": "02610",
        "city": "ESBO",
        "active": True,
        "languageCode": "2",
        "municipalityCode": "049",
    },
    {
        "postCode": "02150",
        "city": "ESPOO",
        "active": True,
        "languageCode": "1",
        "municipalityCode": "049",
    },
    {
        "postCode": "00045",
        "city": "NOKIA GROUP",
        "active": True,
        "languageCode": "1",
        "municipalityCode": "091",
    },
]


def test_post_codes_of_a_municipality(httpserver):
    httpserver.expect_request("/v3/post_codes", query_string={"lang": "fi"}).respond_with_json(
        POST_CODES
    )
    assert municipality_post_codes(session(), httpserver.url_for("/v3"), "049") == (
        "02150",
        "02610",
    )
    with pytest.raises(ValueError, match="no postal codes"):
        municipality_post_codes(session(), httpserver.url_for("/v3"), "999")


def test_search_pages_by_postal_code_and_keeps_the_municipality(httpserver):
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES)
    page1 = [
        company(f"{n:07d}-{_check(n)}", f"Yritys {n}")
        for n in range(1000001, 1000101)
        if _check(n) is not None
    ]
    # totalResults 150 means two pages of 100
    httpserver.expect_request(
        "/v3/companies", query_string={"postCode": "02150", "page": "1"}
    ).respond_with_json(envelope(*page1[:3], total=150))
    httpserver.expect_request(
        "/v3/companies", query_string={"postCode": "02150", "page": "2"}
    ).respond_with_json(
        envelope(
            page1[0],  # seen already
            company("0112038-9", "Nokia Oyj", municipality="091", post_code="02150"),  # elsewhere
            total=150,
        )
    )
    httpserver.expect_request(
        "/v3/companies", query_string={"postCode": "02610", "page": "1"}
    ).respond_with_json(envelope(page1[3], total=1))

    sleeps = Sleeps()
    records = list(
        search_companies(session(sleeps), httpserver.url_for("/v3"), municipality_code="49")
    )

    assert [r.name for r in records] == [page1[i]["names"][0]["name"] for i in range(4)]
    assert {r.municipality_code for r in records} == {"049"}
    assert len(httpserver.log) == 4  # post codes + 2 pages + 1 page; never a page 3
    assert sleeps.waits == [1.0, 1.0, 1.0]  # a pause before every company page


def test_search_with_industry_and_page_limit(httpserver):
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES)
    httpserver.expect_request(
        "/v3/companies", query_string={"postCode": "02150", "page": "1", "mainBusinessLine": "62"}
    ).respond_with_json(
        envelope(
            company("1927400-1", "Ohjelmisto Oy", industry="62100"),
            company("0109862-8", "Kauppa Oy", industry="47110"),  # the filter matched its text
            total=500,
        )
    )
    records = list(
        search_companies(
            session(),
            httpserver.url_for("/v3"),
            municipality_code="049",
            industry_code="62",
            page_limit=1,
            pause_seconds=0,
        )
    )
    assert [r.name for r in records] == ["Ohjelmisto Oy"]
    assert len(httpserver.log) == 2


def test_search_skips_an_unreadable_company_but_not_a_whole_page(httpserver, caplog):
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES[:1])
    broken = company("1927400-1", "Rikki Oy")
    broken["registrationDate"] = "huomenna"
    httpserver.expect_request("/v3/companies").respond_with_json(
        envelope(broken, company("0109862-8", "Ehjä Oy"))
    )
    records = list(
        search_companies(
            session(), httpserver.url_for("/v3"), municipality_code="049", pause_seconds=0
        )
    )
    assert [r.name for r in records] == ["Ehjä Oy"]
    assert "1927400-1" in caplog.text

    httpserver.clear()
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES[:1])
    httpserver.expect_request("/v3/companies").respond_with_json(envelope(broken))
    with pytest.raises(SourceFormatError, match="no company on page 1"):
        list(
            search_companies(
                session(), httpserver.url_for("/v3"), municipality_code="049", pause_seconds=0
            )
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"municipality_code": "12a"},
        {"municipality_code": "0491"},
        {"municipality_code": "049", "industry_code": "6A"},
        {"municipality_code": "049", "page_limit": 0},
    ],
)
def test_search_arguments_are_checked_before_any_request(httpserver, kwargs):
    with pytest.raises(ValueError):
        search_companies(session(), httpserver.url_for("/v3"), **kwargs)
    assert httpserver.log == []


def test_unknown_municipality(httpserver):
    httpserver.expect_request("/v3/post_codes").respond_with_json(POST_CODES)
    with pytest.raises(ValueError, match="999"):
        list(search_companies(session(), httpserver.url_for("/v3"), municipality_code="999"))


def test_empty_post_code_list_is_a_format_error(httpserver):
    # a third party saw the code-list endpoints answer 200 with an empty body (NOTES §1.2)
    httpserver.expect_request("/v3/post_codes").respond_with_json([])
    with pytest.raises(SourceFormatError):
        list(search_companies(session(), httpserver.url_for("/v3"), municipality_code="049"))


def _check(number: int) -> int | None:
    """Check digit of a 7-digit prefix (NOTES §2.1), None when no valid ID exists."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    remainder = sum(int(d) * w for d, w in zip(f"{number:07d}", weights, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def test_records_are_independent_copies():
    payload = nokia()
    before = copy.deepcopy(payload)
    parse_company(payload)
    assert payload == before  # parsing never mutates the payload
