"""EU Funding & Tenders Portal connector (kind ``eu-ft``): the portal's SEDIA search API.

The API is undocumented but public (NOTES.md §1): a multipart POST whose JSON parts must be sent
as *file* parts (plain form fields give HTTP 500), ``apiKey=SEDIA`` and paging in the query
string, at most 10,000 results per query. Each result's ``metadata`` holds lists even for scalars,
some of them JSON documents in strings. ``parse_search_page`` turns one response page into
``FundingCall`` records; ``fetch`` pages through the open and forthcoming grant topics and
cascade-funding calls, with programme labels from one facet request per harvest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import requests

from connectors import http as veturi_http
from connectors.errors import SourceError, SourceFormatError
from connectors.eu_ft_budget import TopicBudget, parse_budget_overview
from connectors.eu_ft_dates import effective_status, parse_eu_date, parse_eu_deadline
from connectors.eu_ft_labels import FacetLabels, fallback_labels, parse_facet_labels
from connectors.html_text import clean_whitespace, html_to_text
from connectors.keywords import clean_keywords
from connectors.records import FetchResult, FundingCall

SOURCE = "eu-ft"
DEFAULT_BASE_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest"
API_KEY = "SEDIA"
PAGE_SIZE = 100
RESULT_WINDOW = 10_000

STATUS_CODES = {"31094501": "forthcoming", "31094502": "open", "31094503": "closed"}
GRANT_TYPES = ("1", "8")  # call topics and cascade-funding (FSTP) calls; "2" is external action
WANTED_STATUSES = ("31094501", "31094502")
SORT = {"field": "sortStatus", "order": "ASC"}
EXCLUDED_DATASOURCES = frozenset({"SEDIA_FAQ"})

PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities"
TOPIC_PAGE = PORTAL + "/topic-details/{}"
CASCADE_PAGE = PORTAL + "/competitive-calls-cs/{}"

_ITEM_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


# --- request ----------------------------------------------------------------------------------


def search_query(
    types: Sequence[str] = GRANT_TYPES, statuses: Sequence[str] = WANTED_STATUSES
) -> dict[str, Any]:
    """The query DSL for grant topics of the given types and statuses (NOTES.md §1.2)."""
    return {
        "bool": {"must": [{"terms": {"type": list(types)}}, {"terms": {"status": list(statuses)}}]}
    }


def _json_part(value: Any) -> tuple[str, str, str]:
    # A file part (filename + application/json): the API rejects the same JSON as a form field.
    return ("blob", json.dumps(value), "application/json")


def search_parts(query: Mapping[str, Any]) -> list[tuple[str, tuple[str, str, str]]]:
    """The multipart body of a search request."""
    return [
        ("query", _json_part(query)),
        ("languages", _json_part(["en"])),
        ("sort", _json_part(SORT)),
    ]


def fetch_facet_labels(http: requests.Session, base_url: str = DEFAULT_BASE_URL) -> FacetLabels:
    """Programme and division labels from the facet endpoint (one request per harvest)."""
    response = veturi_http.post(
        http,
        base_url.rstrip("/") + "/facet",
        source=SOURCE,
        params={"apiKey": API_KEY, "text": "***"},
        files=[
            ("query", _json_part(search_query())),
            ("languages", _json_part(["en"])),
            ("displayLanguage", (None, "en")),
        ],
    )
    return parse_facet_labels(veturi_http.json_body(response, source=SOURCE), source=SOURCE)


def _search_page(
    http: requests.Session, base_url: str, page: int, page_size: int
) -> Mapping[str, Any]:
    response = veturi_http.post(
        http,
        base_url.rstrip("/") + "/search",
        source=SOURCE,
        params={"apiKey": API_KEY, "text": "***", "pageSize": page_size, "pageNumber": page},
        files=search_parts(search_query()),
    )
    payload = veturi_http.json_body(response, source=SOURCE)
    _check_envelope(payload)
    return payload


def _check_envelope(payload: Any) -> None:
    if not isinstance(payload, Mapping) or not isinstance(payload.get("results"), list):
        keys = sorted(payload)[:8] if isinstance(payload, Mapping) else type(payload).__name__
        raise SourceFormatError(SOURCE, f"unexpected search envelope (no 'results' list): {keys}")
    total = payload.get("totalResults")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise SourceFormatError(SOURCE, f"unexpected search envelope: totalResults={total!r}")


# --- fetch ------------------------------------------------------------------------------------


def fetch(
    http: requests.Session,
    base_url: str = DEFAULT_BASE_URL,
    *,
    today: date,
    page_size: int = PAGE_SIZE,
    pause_seconds: float = 0.5,
    labels: FacetLabels | None = None,
) -> FetchResult:
    """Harvest open and forthcoming grant topics, every page up to ``totalResults``.

    ``base_url`` is the REST root; ``/search`` and ``/facet`` are appended. A failing first page
    raises ``SourceError``; a failing later page ends the harvest with what was read and
    ``complete=False``. If the facet request fails, built-in labels are used and the problem is
    reported (no call is lost, so the result stays complete).
    """
    problems: list[str] = []
    if labels is None:
        try:
            labels = fetch_facet_labels(http, base_url)
        except SourceError as exc:
            labels = fallback_labels()
            problems.append(f"programme labels unavailable ({exc}); built-in labels used")
    calls: list[FundingCall] = []
    complete = True
    page, total = 1, None
    while True:
        try:
            payload = _search_page(http, base_url, page, page_size)
            result = parse_search_page(payload, today=today, labels=labels)
        except SourceError as exc:
            if page == 1:
                raise
            problems.append(f"page {page} failed, later pages not read: {exc}")
            complete = False
            break
        calls.extend(result.calls)
        problems.extend(f"page {page}: {problem}" for problem in result.problems)
        complete = complete and result.complete
        total = payload["totalResults"] if total is None else total
        if not payload["results"] or page * page_size >= total:
            break
        if (page + 1) * page_size > RESULT_WINDOW:
            problems.append(
                f"{total} results exceed the API's {RESULT_WINDOW} result window; "
                f"only the first {page * page_size} were read"
            )
            complete = False
            break
        page += 1
        veturi_http.pause(http, pause_seconds)
    return FetchResult(calls=dedupe(calls), problems=tuple(problems), complete=complete)


# --- parse ------------------------------------------------------------------------------------


def parse_search_page(
    payload: Mapping[str, Any], *, today: date, labels: FacetLabels | None = None
) -> FetchResult:
    """The calls of one search response page, deduplicated; unreadable items go to ``problems``.

    Raises ``SourceFormatError`` when the envelope itself is not a search response.
    """
    _check_envelope(payload)
    calls: list[FundingCall] = []
    problems: list[str] = []
    for index, item in enumerate(payload["results"]):
        try:
            call = parse_item(item, today=today, labels=labels)
        except _ITEM_ERRORS as exc:
            reference = item.get("reference") if isinstance(item, Mapping) else None
            problems.append(f"result {index} ({reference or 'no reference'}) skipped: {exc}")
            continue
        if call is not None:
            calls.append(call)
    return FetchResult(calls=dedupe(calls), problems=tuple(problems), complete=not problems)


def parse_item(
    item: Mapping[str, Any], *, today: date, labels: FacetLabels | None = None
) -> FundingCall | None:
    """One search result as a ``FundingCall``; None for rows that are not calls (FAQ, tenders).

    ``status`` is derived from the dates on ``today`` (``eu_ft_dates.effective_status``): the
    API's status code lags behind them (legacy rows stay "open" for years), so it decides only
    when the dates cannot; the code itself is kept in ``extra["api_status"]``. Deadlines are
    Europe/Brussels datetimes, in order. Raises ``ValueError`` (or ``TypeError``) when the row
    cannot be read.
    """
    if not isinstance(item, Mapping) or not isinstance(item.get("metadata"), Mapping):
        raise ValueError("result has no metadata object")
    meta: Mapping[str, Any] = item["metadata"]
    datasource = _first(meta, "DATASOURCE") or _first(meta, "datasource") or ""
    row_type = _first(meta, "type")
    if datasource in EXCLUDED_DATASOURCES or row_type == "0":
        return None
    identifier = _first(meta, "identifier")
    source_id = identifier or _str(item.get("reference"))
    if not source_id:
        raise ValueError("no identifier and no reference")
    title = clean_whitespace(_first(meta, "title") or _str(item.get("summary")))
    if not title:
        raise ValueError("no title")
    labels = labels or {}
    actions = _actions(meta)
    opening = _opening(meta, actions)
    deadlines = _deadlines(meta, actions)
    api_status = STATUS_CODES.get(_first(meta, "status") or "")
    programme_id = _first(meta, "frameworkProgramme")
    divisions = _labels(_all(meta, "programmeDivision"), labels.get("programmeDivision", {}))
    budget = parse_budget_overview(_first(meta, "budgetOverview"), identifier or "")
    extra = _extra(
        datasource=datasource,
        reference=_str(item.get("reference")),
        api_status=api_status or _first(meta, "status"),
        call_title=clean_whitespace(_first(meta, "callTitle")),
        deadline_model=_first(meta, "deadlineModel"),
        framework_programme_id=programme_id,
        programme_divisions="; ".join(divisions) or None,
        cross_cutting_priorities=", ".join(_all(meta, "crossCuttingPriorities")) or None,
        type=row_type,
        **_budget_extra(budget),
    )
    return FundingCall(
        source=SOURCE,
        source_id=source_id,
        title=title,
        url=_url(item, meta, identifier),
        description=html_to_text(_first(meta, "descriptionByte")),
        programme=labels.get("frameworkProgramme", {}).get(programme_id or ""),
        call_identifier=_first(meta, "callIdentifier"),
        topic_identifier=identifier,
        type_of_action=clean_whitespace(_first(meta, "typesOfAction")),
        opening_date=opening,
        deadlines=deadlines,
        status=effective_status(
            today=today, opening=opening, deadlines=deadlines, api_status=api_status
        ),
        budget_eur=budget.budget_eur if budget else None,
        keywords=_keywords(meta, exclude={identifier, _first(meta, "callIdentifier")}),
        language=_first(meta, "language") or _str(item.get("language")),
        funder=_first(meta, "caName"),
        extra=extra,
    )


def dedupe(calls: Iterable[FundingCall]) -> tuple[FundingCall, ...]:
    """One call per topic identifier, in first-seen order (NOTES.md §1.6 item 4).

    The same topic comes as language copies, as a current ``SEDIA`` row plus a legacy
    ``SEDIA_PRD_CENTRICITY`` row, or twice verbatim. The kept row is the ``SEDIA`` one, then the
    one with a description, then the one with the latest opening date.
    """
    chosen: dict[str, FundingCall] = {}
    for call in calls:
        held = chosen.get(call.source_id)
        if held is None or _rank(call) > _rank(held):
            chosen[call.source_id] = call
    return tuple(chosen.values())


def _rank(call: FundingCall) -> tuple[bool, bool, date]:
    datasource = dict(call.extra).get("datasource")
    return (datasource == "SEDIA", call.description is not None, call.opening_date or date.min)


# --- field helpers ----------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _all(meta: Mapping[str, Any], key: str) -> list[str]:
    """Every metadata value is a list (even scalars); keep its non-empty strings."""
    value = meta.get(key)
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _first(meta: Mapping[str, Any], key: str) -> str | None:
    values = _all(meta, key)
    return values[0] if values else None


def _actions(meta: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = _first(meta, "actions")
    if not raw:
        return []
    try:
        decoded = json.loads(raw)
    except json.JSONDecodeError:
        return []
    return [a for a in decoded if isinstance(a, Mapping)] if isinstance(decoded, list) else []


def _opening(meta: Mapping[str, Any], actions: list[Mapping[str, Any]]) -> date | None:
    raw = _first(meta, "startDate")
    if raw:
        return parse_eu_date(raw)
    planned = [a.get("plannedOpeningDate") for a in actions]
    dates = [parse_eu_date(p) for p in planned if isinstance(p, str) and p]
    return min(dates) if dates else None


def _deadlines(meta: Mapping[str, Any], actions: list[Mapping[str, Any]]) -> tuple[datetime, ...]:
    raw = _all(meta, "deadlineDate")
    if not raw:
        raw = [d for a in actions for d in a.get("deadlineDates") or [] if isinstance(d, str)]
    if not raw:
        raw = _all(meta, "closingDate")
    return tuple(sorted({parse_eu_deadline(value) for value in raw}))


def _url(item: Mapping[str, Any], meta: Mapping[str, Any], identifier: str | None) -> str | None:
    url = _first(meta, "url") or _str(item.get("url"))
    if identifier and (url is None or "/data/topicDetails/" in url):
        return TOPIC_PAGE.format(identifier)  # legacy rows link to a JSON file, not a page
    call_ccm2 = _first(meta, "callccm2Id")
    if url is None and _first(meta, "type") == "8" and call_ccm2:
        return CASCADE_PAGE.format(call_ccm2)
    return url


def _labels(ids: Iterable[str], table: Mapping[str, str]) -> list[str]:
    seen: list[str] = []
    for raw in ids:
        label = table.get(raw)
        if label and label not in seen:
            seen.append(label)
    return seen


def _keywords(meta: Mapping[str, Any], *, exclude: set[str | None]) -> tuple[str, ...]:
    """Tags and keywords; ``keywords`` is a plain list or one JSON-encoded list in a string,
    and names the topic's and the call's identifiers first (dropped with the other portal
    bookkeeping by ``connectors.keywords``)."""
    words: list[str] = []
    for value in _all(meta, "tags") + _all(meta, "keywords"):
        words.extend(_keyword_list(value))
    return clean_keywords(words, exclude=exclude)


def _keyword_list(value: str) -> list[str]:
    if value.startswith("["):
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError:
            return [value]
        if isinstance(decoded, list):
            return [word for word in decoded if isinstance(word, str)]
    return [value]


def _budget_extra(budget: TopicBudget | None) -> dict[str, str | None]:
    if budget is None:
        return {}
    return {
        "call_budget_eur": _num(budget.call_budget_eur),
        "expected_grants": None if budget.expected_grants is None else str(budget.expected_grants),
        "min_contribution_eur": _num(budget.min_contribution_eur),
        "max_contribution_eur": _num(budget.max_contribution_eur),
        "budget_overview": "partial" if budget.partial else None,
    }


def _num(value: Any) -> str | None:
    return None if value is None else str(value)


def _extra(**values: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, value in values.items() if value)
