"""PRH/YTJ company register (kind ``prh-ytj``): open data API v3, for look-ups and town imports.

The register answers ``GET /companies?…`` with ``{"totalResults", "companies": [Company, …]}``
(tests/fixtures/prh-ytj/NOTES.md §1.2–1.4 and the saved OpenAPI spec). What this module relies on,
and why:

* Business IDs are checked with ``stdnum.fi.ytunnus`` before any request, so a typo never costs a
  request and never comes back as "no such company". The all-zero ID, which passes the checksum,
  is refused.
* An unknown ID is answered with ``totalResults: 0`` (a 404 is treated the same way). A result
  that holds other companies means the filter was ignored: that is a format error, not a miss.
* Codes stay strings (``"049"``, ``"01110"``): leading zeros are part of the code.
* Every ``descriptions`` list is searched by ``languageCode`` (1 Finnish, 2 Swedish, 3 English),
  never by position: the order varies.
* The current name is the main name (type 1) without an end date, version 1; parallel (type 2)
  and auxiliary (type 3) names count only while current.
* The industry code set comes from ``typeCodeSet`` (``TOIMI4`` = TOL 2025, ``TOIMI3`` =
  TOL 2008); without it, a line registered on or after 1.1.2026 (when PRH re-coded the register)
  is TOL 2025 and an older one TOL 2008. A code from any other set is dropped, because the app
  would otherwise file it under TOL 2025.
* The address is the visiting address (type 1), or the postal address (type 2) when there is no
  visiting address. The municipality code comes from that same address only: a postal box can
  sit in another municipality (Nokia's PO box has 091 Helsinki, its office 049 Espoo).
* Liquidation, bankruptcy and restructuring come from ``companySituations``; a company has
  ceased when it has an ``endDate`` or its trade-register entry has ended, never by ``status``.

There is no municipality filter in the API (``location`` is the postal town), so
``search_companies`` pages through the municipality's postal codes (from ``/post_codes``) and
keeps the companies whose own municipality code matches. PRH has no published rate limit for
v3; the old API allowed 300 requests a minute for all users together, so the search pauses
between requests. For a nightly bulk load, ``/all_companies`` (a daily ZIP) is the better tool.

Register data © PRH, CC BY 4.0: credit PRH wherever it is shown or exported.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from typing import Any

import requests

from connectors import http as veturi_http
from connectors.errors import SourceError, SourceFormatError
from connectors.prh_ytj_records import (
    DIGITS,
    SOURCE,
    business_id_of,
    clean_municipality_code,
    clean_postal_code,
    normalize_business_id,
    parse_company,
)
from connectors.records import CompanyRecord

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://avoindata.prh.fi/opendata-ytj-api/v3"
PAGE_SIZE = 100  # fixed by the API
DEFAULT_PAUSE_SECONDS = 1.0


# --- parsing -------------------------------------------------------------------------------


# --- requests ------------------------------------------------------------------------------


def fetch_company(http: requests.Session, base_url: str, business_id: str) -> CompanyRecord | None:
    """The register's record of one company, or None when the register has no such company.

    The ID is validated first (``InvalidBusinessId``, a ``ValueError``, and no request).
    Network failures and error statuses raise ``SourceError``; a body that is not the expected
    JSON raises ``SourceFormatError``.
    """
    wanted = normalize_business_id(business_id)
    url = _root(base_url) + "/companies"
    try:
        response = veturi_http.get(http, url, source=SOURCE, params={"businessId": wanted})
    except SourceError as exc:
        if _status_of(exc) == 404:
            return None
        raise
    _total, companies = _company_result(veturi_http.json_body(response, source=SOURCE))
    if not companies:
        return None
    for company in companies:
        if business_id_of(company) == wanted:
            return parse_company(company)
    raise SourceFormatError(
        SOURCE,
        f"asked for {wanted} but the register answered with other companies "
        "(was the businessId filter ignored?)",
    )


def search_companies(
    http: requests.Session,
    base_url: str,
    *,
    municipality_code: str,
    industry_code: str | None = None,
    page_limit: int | None = None,
    pause_seconds: float = DEFAULT_PAUSE_SECONDS,
) -> Iterator[CompanyRecord]:
    """Every company of one municipality (optionally one industry), for importing a town.

    Pages through the municipality's postal codes and yields each company once, when its own
    municipality code (see the module docstring) is ``municipality_code``. ``industry_code``
    (2–5 digits) is sent as the API's ``mainBusinessLine`` filter and checked again as a prefix
    of the company's code. ``page_limit`` caps the number of company pages requested in all
    (a safety stop for a first import). Arguments are checked at once (``ValueError``);
    requests start when iteration does. A record that cannot be read is logged and skipped,
    but a page of which no record can be read raises ``SourceFormatError``.
    """
    code = _wanted_municipality(municipality_code)
    industry = (industry_code or "").strip() or None
    if industry is not None and not (DIGITS.fullmatch(industry) and 2 <= len(industry) <= 5):
        raise ValueError(f"{industry_code!r} is not an industry code (2 to 5 digits).")
    if page_limit is not None and page_limit < 1:
        raise ValueError("page_limit must be at least 1.")
    return _search(http, _root(base_url), code, industry, page_limit, pause_seconds)


def _wanted_municipality(value: str | int) -> str:
    """``"049"`` from ``"049"``, ``"49"`` or ``49`` (spreadsheets drop leading zeros)."""
    plain = isinstance(value, str | int) and not isinstance(value, bool)
    text = str(value).strip() if plain else ""
    if not (text.isdigit() and 1 <= len(text) <= 3):
        raise ValueError(f"{value!r} is not a municipality code (three digits).")
    return text.zfill(3)


def _search(
    http: requests.Session,
    root: str,
    municipality: str,
    industry: str | None,
    page_limit: int | None,
    pause_seconds: float,
) -> Iterator[CompanyRecord]:
    post_codes = municipality_post_codes(http, root, municipality)
    seen: set[str] = set()
    pages_read = 0
    for post_code in post_codes:
        page, page_count = 1, 1
        while page <= page_count:
            if page_limit is not None and pages_read >= page_limit:
                return
            veturi_http.pause(http, pause_seconds)  # every page follows another request
            params: dict[str, str | int] = {"postCode": post_code, "page": page}
            if industry:
                params["mainBusinessLine"] = industry
            response = veturi_http.get(http, root + "/companies", source=SOURCE, params=params)
            pages_read += 1
            total, companies = _company_result(veturi_http.json_body(response, source=SOURCE))
            # a page beyond the last one comes back as page 1: stop by the count, never by an
            # empty page (NOTES §1.2)
            page_count = max(1, math.ceil(total / PAGE_SIZE))
            for record in _readable(companies, post_code, page):
                if record.business_id in seen:
                    continue
                seen.add(record.business_id)
                if record.municipality_code != municipality:
                    continue
                if industry and not (record.industry_code or "").startswith(industry):
                    continue
                yield record
            page += 1


def _readable(companies: list[Mapping[str, Any]], post_code: str, page: int) -> list[CompanyRecord]:
    records: list[CompanyRecord] = []
    first_error: SourceFormatError | None = None
    for company in companies:
        try:
            records.append(parse_company(company))
        except SourceFormatError as exc:
            first_error = first_error or exc
            log.warning(
                "PRH/YTJ: skipped a company (postal code %s, page %d): %s", post_code, page, exc
            )
    if companies and not records and first_error is not None:
        raise SourceFormatError(
            SOURCE,
            f"no company on page {page} of postal code {post_code} could be read: "
            f"{first_error.message}",
        ) from first_error
    return records


def municipality_post_codes(
    http: requests.Session, base_url: str, municipality_code: str
) -> tuple[str, ...]:
    """The postal codes (active or not) the register files under ``municipality_code``.

    Raises ``ValueError`` when the register knows no postal code for it (a wrong code).
    """
    url = _root(base_url) + "/post_codes"
    response = veturi_http.get(http, url, source=SOURCE, params={"lang": "fi"})
    payload = veturi_http.json_body(response, source=SOURCE)
    if not isinstance(payload, list) or not payload:
        raise SourceFormatError(SOURCE, f"{url} did not return a list of postal codes")
    codes: set[str] = set()
    for entry in payload:
        if not isinstance(entry, Mapping):
            raise SourceFormatError(SOURCE, f"{url}: a postal code entry is not an object")
        if clean_municipality_code(entry.get("municipalityCode")) != municipality_code:
            continue
        post_code = clean_postal_code(entry.get("postCode"))
        if post_code and len(post_code) == 5 and post_code.isdigit():
            codes.add(post_code)
    if not codes:
        raise ValueError(f"The register has no postal codes for municipality {municipality_code}.")
    return tuple(sorted(codes))


def _company_result(payload: Any) -> tuple[int, list[Mapping[str, Any]]]:
    """``(totalResults, companies)`` of a ``CompanyResult``, checked."""
    if not isinstance(payload, Mapping):
        raise SourceFormatError(SOURCE, "the answer is not a CompanyResult object")
    total = payload.get("totalResults")
    companies = payload.get("companies")
    if isinstance(total, str) and total.isdigit():
        total = int(total)
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise SourceFormatError(SOURCE, f"totalResults is missing or not a count: {total!r}")
    if companies is None and total == 0:
        companies = []
    if not isinstance(companies, list):
        raise SourceFormatError(SOURCE, "companies is missing or not a list")
    return total, [c for c in companies if isinstance(c, Mapping)]


def _status_of(exc: BaseException) -> int | None:
    """The HTTP status behind a ``SourceError`` raised by ``connectors.http``, if any."""
    cause = exc.__cause__
    if isinstance(cause, requests.HTTPError) and cause.response is not None:
        return cause.response.status_code
    return None


def _root(base_url: str) -> str:
    return (base_url or DEFAULT_BASE_URL).rstrip("/")
