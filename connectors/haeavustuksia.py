"""haeavustuksia.fi connector (kind ``haeavustuksia``): state discretionary grants.

The site's own front end reads an undocumented JSON list endpoint (NOTES.md §2.2),
``/api/haku/list-items``, paged with ``Pagination.Page`` / ``Pagination.PageSize`` and answering
``{"totalCount", "pageCount", "hakuilmoitukset": [...]}``. Times are UTC (``...Z``); the site
shows them in Helsinki time, so they are converted to ``Europe/Helsinki``. A continuous call
(``hakuTyyppi`` "Jatkuva") carries a far-future end date that is not a real deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import requests

from connectors import http as veturi_http
from connectors.call_dates import HELSINKI, status_on
from connectors.errors import SourceError, SourceFormatError
from connectors.html_text import clean_whitespace, html_to_text
from connectors.records import FetchResult, FundingCall

SOURCE = "haeavustuksia"
DEFAULT_BASE_URL = "https://www.haeavustuksia.fi"
LIST_PATH = "/api/haku/list-items"
PUBLIC_PAGE = "/fi/haku/{}"
PAGE_SIZE = 100
CONTINUOUS = "Jatkuva"
LANGUAGES = ("fi", "sv", "en")

_ITEM_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def list_params(page: int, page_size: int = PAGE_SIZE) -> dict[str, str | int]:
    """Query of the list endpoint: current and coming announcements, every authority."""
    return {
        "Pagination.Page": page,
        "Pagination.PageSize": page_size,
        "Language": "fi",
        "SearchTerm": "",
        "VaOrgLyhenne": "",
        "ShowFuture": "true",
        "ShowOngoing": "true",
        "ShowEnded": "false",
        "HideExternal": "false",
    }


def fetch(
    http: requests.Session,
    base_url: str = DEFAULT_BASE_URL,
    *,
    today: date,
    page_size: int = PAGE_SIZE,
    pause_seconds: float = 0.5,
) -> FetchResult:
    """Read every page up to ``pageCount``; a failing later page gives a partial result.

    The result is also marked incomplete when fewer distinct announcements than the first
    page's ``totalCount`` came back (the list changed while it was paged).
    """
    root = base_url.rstrip("/")
    calls: dict[str, FundingCall] = {}
    listed: set[object] = set()  # ids of every listed item, readable or not
    problems: list[str] = []
    complete = True
    page, page_count, total = 1, 1, 0
    while page <= page_count:
        try:
            response = veturi_http.get(
                http, root + LIST_PATH, source=SOURCE, params=list_params(page, page_size)
            )
            payload = veturi_http.json_body(response, source=SOURCE)
            result = parse_list_page(payload, today=today, base_url=root)
        except SourceError as exc:
            if page == 1:
                raise
            problems.append(f"page {page} of {page_count} failed, later pages not read: {exc}")
            complete = False
            break
        if page == 1:
            page_count, total = payload["pageCount"], payload["totalCount"]
        for call in result.calls:
            calls.setdefault(call.source_id, call)
        listed.update(_item_key(item) for item in payload["hakuilmoitukset"])
        problems.extend(f"page {page}: {problem}" for problem in result.problems)
        complete = complete and result.complete
        if not payload["hakuilmoitukset"]:
            break
        page += 1
        if page <= page_count:
            veturi_http.pause(http, pause_seconds)
    if complete and len(listed) < total:
        problems.append(f"totalCount was {total} but {len(listed)} were listed")
        complete = False
    return FetchResult(calls=tuple(calls.values()), problems=tuple(problems), complete=complete)


def parse_list_page(
    payload: Mapping[str, Any], *, today: date, base_url: str = DEFAULT_BASE_URL
) -> FetchResult:
    """The calls of one list page; raises ``SourceFormatError`` for an unknown envelope."""
    items = payload.get("hakuilmoitukset") if isinstance(payload, Mapping) else None
    counts = [payload.get(k) for k in ("totalCount", "pageCount")] if items is not None else []
    if not isinstance(items, list) or not all(_is_count(c) for c in counts):
        keys = sorted(payload)[:8] if isinstance(payload, Mapping) else type(payload).__name__
        raise SourceFormatError(
            SOURCE, f"unexpected list envelope (hakuilmoitukset/totalCount/pageCount): {keys}"
        )
    calls: list[FundingCall] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            calls.append(parse_item(item, today=today, base_url=base_url))
        except _ITEM_ERRORS as exc:
            item_id = item.get("hakuasianAsianumero") if isinstance(item, Mapping) else None
            problems.append(f"item {index} ({item_id or 'no id'}) skipped: {exc}")
    return FetchResult(calls=tuple(calls), problems=tuple(problems), complete=not problems)


def parse_item(
    item: Mapping[str, Any], *, today: date, base_url: str = DEFAULT_BASE_URL
) -> FundingCall:
    """One announcement as a ``FundingCall``; raises ``ValueError`` when it cannot be read."""
    if not isinstance(item, Mapping):
        raise ValueError("item is not an object")
    item_id = _text(item.get("hakuasianAsianumero"))
    names = _texts(item.get("nimi"))
    if not item_id or not names:
        raise ValueError("no hakuasianAsianumero or no nimi")
    language = next(lang for lang in LANGUAGES if lang in names)
    texts = _texts(item.get("kuvaus"))
    starts = _utc(item.get("hakuAlkaaDateTimeUtc"))
    ends = _utc(item.get("hakuPaattyyDateTimeUtc"))
    continuous = _text(item.get("hakuTyyppi")) == CONTINUOUS
    organisation = item.get("vastuullinenJarjestajaOrganisaatio")
    organisation = organisation if isinstance(organisation, Mapping) else {}
    rich = _rich_text(item.get("kuvaus"), language)
    opening = starts.date() if starts else None
    return FundingCall(
        source=SOURCE,
        source_id=item_id,
        title=names[language],
        url=base_url.rstrip("/") + PUBLIC_PAGE.format(item_id),
        summary=texts.get(language),
        description=rich or texts.get(language),
        opening_date=opening,
        deadlines=() if continuous or ends is None else (ends,),
        is_continuous=continuous,
        status=status_on(
            today, opening=opening, closing=ends.date() if ends else None, fallback=None
        ),
        countries=("FI",),
        language=language,
        funder=_texts(organisation.get("nimi")).get(language),
        extra=tuple(
            (key, value)
            for key, value in (
                ("organisation", _text(organisation.get("lyhenne"))),
                ("haku_tyyppi", _text(item.get("hakuTyyppi"))),
                ("julkaisu_tyyppi", _text(item.get("julkaisuTyyppi"))),
                ("continuous_until", ends.isoformat() if continuous and ends else None),
                *((f"title_{lang}", names.get(lang)) for lang in LANGUAGES if lang != language),
            )
            if value
        ),
    )


def _item_key(item: Any) -> object:
    key = item.get("hakuasianAsianumero") if isinstance(item, Mapping) else None
    return key if isinstance(key, str) else object()  # an item without id counts once


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _text(value: Any) -> str | None:
    return clean_whitespace(value) if isinstance(value, str) else None


def _texts(value: Any) -> dict[str, str]:
    """The plain fi/sv/en texts of a multilingual object, empty ones left out."""
    if not isinstance(value, Mapping):
        return {}
    return {lang: text for lang in LANGUAGES if (text := _text(value.get(lang)))}


def _rich_text(value: Any, language: str) -> str | None:
    """The HTML variant (``richFi`` ...) as plain text, when the source gives one."""
    if not isinstance(value, Mapping):
        return None
    rich = value.get("rich" + language.capitalize())
    return html_to_text(rich) if isinstance(rich, str) else None


def _utc(value: Any) -> datetime | None:
    """``"2025-12-31T22:00:00.000Z"`` as an aware Helsinki datetime; an offset is required."""
    if not isinstance(value, str) or not value.strip():
        return None
    moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        raise ValueError(f"time without a UTC offset: {value!r}")
    return moment.astimezone(HELSINKI)
