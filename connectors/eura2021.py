"""EURA 2021 connector (kind ``eura2021``): calls of Finland's ERDF, ESF+ and JTF programme.

EURA has no API: its list page ``/hakuilmoitukset/`` is server-rendered Preact that embeds the
page's data as URL-encoded JSON in ``<script type="__PREACT_CLI_DATA__">`` (NOTES.md §2.1).
``preRenderData.hankehaku`` holds one row per call, with codes that ``preRenderData.koodisto``
resolves (authorities ``viranomainen``, regions ``maakunta``). Texts are Finnish.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

import requests

from connectors import http as veturi_http
from connectors.call_dates import end_of_day, status_on
from connectors.errors import SourceFormatError
from connectors.html_text import clean_whitespace, html_to_text
from connectors.records import FetchResult, FundingCall

SOURCE = "eura2021"
DEFAULT_BASE_URL = "https://eura2021.fi"
LIST_PATH = "/hakuilmoitukset/"
DETAIL_PATH = "/hakuilmoitukset/hakuilmoitus/{}/"

# Fund names, used when the page's own ``koodisto.rahasto`` list gives none.
FUNDS = {
    "EAKR": "Euroopan aluekehitysrahasto (EAKR)",
    "ESR+": "Euroopan sosiaalirahasto plus (ESR+)",
    "JTF": "Oikeudenmukaisen siirtymän rahasto (JTF)",
}
# ``tila`` is only a hint (its vocabulary is not fully known); dates decide when present.
TILA_STATUS = {
    "paattynyt": "closed",
    "haettavissa": "open",
    "avoin": "open",
    "tulossa": "forthcoming",
}
NATIONWIDE = "valtakunnallinen"

_SCRIPT_OPEN = re.compile(r"<script\b[^>]*\btype=[\"']__PREACT_CLI_DATA__[\"'][^>]*>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_ROW_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def fetch(http: requests.Session, base_url: str = DEFAULT_BASE_URL, *, today: date) -> FetchResult:
    """Read every call announcement from the list page (one request; EURA does not page)."""
    root = base_url.rstrip("/")
    response = veturi_http.get(http, root + LIST_PATH, source=SOURCE)
    return parse_list_page(response.content, today=today, base_url=root)


def extract_preact_data(page: bytes | str) -> dict[str, Any]:
    """The JSON embedded in the page's ``__PREACT_CLI_DATA__`` script, decoded."""
    text = page.decode("utf-8", errors="replace") if isinstance(page, bytes) else page
    opening = _SCRIPT_OPEN.search(text)
    if opening is None:
        raise SourceFormatError(SOURCE, "no __PREACT_CLI_DATA__ script in the page")
    closing = _SCRIPT_CLOSE.search(text, opening.end())
    if closing is None:
        raise SourceFormatError(SOURCE, "page cut short inside the __PREACT_CLI_DATA__ script")
    raw = unquote(text[opening.end() : closing.start()].strip())
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceFormatError(
            SOURCE, f"__PREACT_CLI_DATA__ is not valid JSON ({exc.msg} at char {exc.pos})"
        ) from exc
    if not isinstance(data, dict):
        raise SourceFormatError(SOURCE, "__PREACT_CLI_DATA__ is not a JSON object")
    return data


def parse_list_page(
    page: bytes | str, *, today: date, base_url: str = DEFAULT_BASE_URL
) -> FetchResult:
    """The calls of the list page's HTML."""
    return parse_pre_render_data(extract_preact_data(page), today=today, base_url=base_url)


def parse_pre_render_data(
    data: Mapping[str, Any], *, today: date, base_url: str = DEFAULT_BASE_URL
) -> FetchResult:
    """The calls of the decoded page data; a row that cannot be read goes to ``problems``."""
    pre = data.get("preRenderData")
    rows = pre.get("hankehaku") if isinstance(pre, Mapping) else None
    codes = pre.get("koodisto") if isinstance(pre, Mapping) else None
    if not isinstance(rows, list) or not isinstance(codes, Mapping):
        raise SourceFormatError(
            SOURCE, "unexpected page data: no preRenderData.hankehaku list and koodisto object"
        )
    lists = CodeLists.from_koodisto(codes)
    calls: list[FundingCall] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        try:
            call = parse_row(row, codes=lists, today=today, base_url=base_url)
        except _ROW_ERRORS as exc:
            row_id = row.get("id") if isinstance(row, Mapping) else None
            problems.append(f"row {index} ({row_id or 'no id'}) skipped: {exc}")
            continue
        if call.source_id not in seen:
            seen.add(call.source_id)
            calls.append(call)
    return FetchResult(calls=tuple(calls), problems=tuple(problems), complete=not problems)


class CodeLists:
    """The page's code lists, keyed by code (the page gives objects keyed by code or lists)."""

    def __init__(
        self,
        authorities: Mapping[str, Mapping[str, Any]],
        regions: Mapping[str, Mapping[str, Any]],
        funds: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.authorities = authorities
        self.regions = regions
        self.funds = funds

    @classmethod
    def from_koodisto(cls, koodisto: Mapping[str, Any]) -> CodeLists:
        """Index ``viranomainen``, ``maakunta`` and ``rahasto`` by code."""
        return cls(
            _index(koodisto.get("viranomainen")),
            _index(koodisto.get("maakunta")),
            _index(koodisto.get("rahasto")),
        )

    def name(self, table: Mapping[str, Mapping[str, Any]], code: str) -> str | None:
        """The Finnish name of ``code`` in ``table``, or None when the code is unknown."""
        entry = table.get(code)
        return clean_whitespace(entry.get("fi")) if entry else None


def _index(table: Any) -> dict[str, Mapping[str, Any]]:
    if isinstance(table, Mapping):
        items = [(str(k), v) for k, v in table.items() if isinstance(v, Mapping)]
        return {str(v.get("koodi", k)): v for k, v in items}
    if isinstance(table, list):
        return {str(v["koodi"]): v for v in table if isinstance(v, Mapping) and "koodi" in v}
    return {}


def parse_row(
    row: Mapping[str, Any], *, codes: CodeLists, today: date, base_url: str = DEFAULT_BASE_URL
) -> FundingCall:
    """One ``hankehaku`` row as a ``FundingCall``; raises ``ValueError`` when it cannot be read.

    ``hakuaika.loppu`` is an inclusive Finnish calendar date, so the deadline is 23:59 Helsinki
    time on that day. Regions are maakunta names when the row lists maakunta codes; a
    nationwide call (``alue`` VALTAKUNNALLINEN with no codes) has ``regions=()``.
    """
    if not isinstance(row, Mapping):
        raise ValueError("row is not an object")
    call_id, title = _text(row.get("id")), clean_whitespace(_text(row.get("otsikko")))
    if not call_id or not title:
        raise ValueError("row has no id or no otsikko")
    period = row.get("hakuaika") if isinstance(row.get("hakuaika"), Mapping) else {}
    opening, closing = _date(period.get("alku")), _date(period.get("loppu"))
    continuous = bool(row.get("jatkuvaHaku")) or (opening is not None and closing is None)
    tila = _text(row.get("tila"))
    fund = _text(row.get("rahasto"))
    authority = _text(row.get("viranomainen"))
    region_codes = [str(c) for c in row.get("maakunnat") or [] if c is not None]
    regions = _regions(region_codes, _text(row.get("alue")), codes)
    return FundingCall(
        source=SOURCE,
        source_id=call_id,
        title=title,
        url=base_url.rstrip("/") + DETAIL_PATH.format(call_id),
        description=html_to_text(_text(row.get("kuvaus"))),
        programme=(codes.name(codes.funds, fund) or FUNDS.get(fund, fund)) if fund else None,
        call_identifier=_text(row.get("hakutunnus")),
        opening_date=opening,
        deadlines=() if continuous or closing is None else (end_of_day(closing),),
        is_continuous=continuous,
        status=status_on(
            today, opening=opening, closing=closing, fallback=TILA_STATUS.get(tila or "")
        ),
        budget_eur=_money(row.get("kokonaistuki")),
        countries=("FI",),
        regions=regions,
        language="fi",
        funder=codes.name(codes.authorities, authority) if authority else None,
        extra=tuple(
            (key, value)
            for key, value in (
                ("viranomainen", authority),
                ("rahasto", fund),
                ("eakr_tyyppi", _text(row.get("eakrTyyppi"))),
                ("alue", _text(row.get("alue"))),
                ("maakuntakoodit", ", ".join(region_codes) or None),
                ("alueet", "; ".join(_area_names(region_codes, codes)) or None),
                ("tila", tila),
                ("continuous_until", closing.isoformat() if continuous and closing else None),
            )
            if value
        ),
    )


def _regions(codes: list[str], area: str | None, lists: CodeLists) -> tuple[str, ...] | None:
    """Maakunta names for numeric codes; ``()`` for a nationwide call; None when unclear."""
    names = [lists.name(lists.regions, c) for c in codes if c.isdigit()]
    known = tuple(dict.fromkeys(n for n in names if n))
    if known:
        return known
    if codes == [NATIONWIDE] or (not codes and (area or "").lower() == NATIONWIDE):
        return ()
    return None


def _area_names(codes: list[str], lists: CodeLists) -> list[str]:
    """Labels of the non-maakunta area codes (``valtakunnallinen/S`` and so on)."""
    return [lists.name(lists.regions, c) or c for c in codes if not c.isdigit()]


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def _date(value: Any) -> date | None:
    text = _text(value)
    return date.fromisoformat(text[:10]) if text else None


def _money(value: Any) -> Decimal | None:
    text = _text(value)
    if text is None:
        return None
    try:
        amount = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
