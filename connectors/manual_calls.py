"""Funding calls from an uploaded CSV/.xlsx (kind ``manual``): for sources that publish no feed.

Business Finland, Interreg Central Baltic, regional councils and others publish calls only as
web pages (tests/fixtures/NOTES.md §4), so staff keep them in a spreadsheet. The columns below
may come in any order, with Finnish or English headers (case, spaces, hyphens and ä/ö do not
matter); other columns are kept in ``extra``. Only ``title`` is required.

Columns (canonical name: other accepted headers -- value):

* ``id``: tunnus, source_id -- a stable id; without it, a slug of funder and title
* ``title`` (required): otsikko, nimi, haku -- text
* ``url``: linkki, link, osoite -- a web address (``https://`` may be left out)
* ``programme``: program, ohjelma; ``funder``: rahoittaja -- text
* ``deadline``: määräaika, deadlines, takaraja, haku päättyy -- a date, or a date and time;
  several separated by ``;``
* ``opening_date``: opening date, avautuu, haku alkaa, alkaa -- a date
* ``status``: tila -- open/avoin, forthcoming/tuleva, closed/päättynyt
* ``continuous``: jatkuva, jatkuva haku -- kyllä/ei, yes/no, x, 1/0
* ``summary``: tiivistelmä, lyhyt kuvaus; ``description``: kuvaus -- text
* ``applicant_types``: applicants, hakijat, hakijatyypit, kenelle -- yritys, tutkimus,
  julkinen, järjestö (or company, research, public, ngo); kaikki/all = anyone
* ``sme_only``: vain pk, vain pk-yritykset, pk; ``large_only``: vain suuryritykset -- kyllä/ei
* ``regions``: alueet, alue, maakunnat -- a list; "koko Suomi"/"kaikki" = anyone
* ``keywords``: avainsanat, asiasanat -- a list
* ``language``: kieli -- fi, sv, en (or suomi, ruotsi, englanti, …)
* ``budget_eur``: budget, budjetti -- "1 200 000 €"
* ``funding_rate_pct``: funding rate, tukiprosentti, tuki-% -- "50 %"

Lists are separated by ``,``, ``;``, ``|`` or line breaks. A deadline without a UTC offset is
Helsinki time; a date alone means 16:15 Helsinki time, the usual closing time of Finnish
authorities' calls. A continuous call keeps no deadlines (its last date goes to ``extra`` as
``continuous_until``).

A row with any problem is left out and every problem is reported as a ``RowProblem`` with the
spreadsheet's row number, so staff fix the file and upload it again: a call imported with a
deadline silently dropped would be matched as if it had none.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from connectors.call_dates import status_on
from connectors.manual_call_fields import (
    header_key,
    read_amount,
    read_applicant_types,
    read_bool,
    read_date,
    read_deadlines,
    read_keywords,
    read_language,
    read_places,
    read_rate,
    read_status,
    read_text,
    read_url,
)
from connectors.records import FundingCall
from connectors.tabular import Table

SOURCE = "manual"
MAX_ID_LENGTH = 120


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row (spreadsheet numbering, header = its own row) could not become a call.

    ``field`` is the canonical column name (``deadline``, ``title``, …); ``message`` is English.
    """

    row: int
    field: str
    message: str


_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "tunnus", "source_id"),
    "title": ("title", "otsikko", "nimi", "haku"),
    "url": ("url", "linkki", "link", "osoite"),
    "programme": ("programme", "program", "ohjelma"),
    "funder": ("funder", "rahoittaja"),
    "deadline": ("deadline", "deadlines", "määräaika", "takaraja", "haku päättyy"),
    "opening_date": ("opening_date", "opening date", "avautuu", "haku alkaa", "alkaa"),
    "status": ("status", "tila"),
    "continuous": ("continuous", "jatkuva", "jatkuva haku"),
    "summary": ("summary", "tiivistelmä", "lyhyt kuvaus"),
    "description": ("description", "kuvaus"),
    "applicant_types": ("applicant_types", "applicants", "hakijat", "hakijatyypit", "kenelle"),
    "sme_only": ("sme_only", "vain pk", "vain pk-yritykset", "pk"),
    "large_only": ("large_only", "vain suuryritykset"),
    "regions": ("regions", "alueet", "alue", "maakunnat"),
    "keywords": ("keywords", "avainsanat", "asiasanat"),
    "language": ("language", "kieli"),
    "budget_eur": ("budget_eur", "budget", "budjetti"),
    "funding_rate_pct": ("funding_rate_pct", "funding rate", "tukiprosentti", "tuki-%"),
}
HEADER_ALIASES: dict[str, str] = {
    header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}


def parse_calls_table(
    table: Table, *, source: str = SOURCE, today: date | None = None
) -> tuple[list[FundingCall], list[RowProblem]]:
    """The calls in ``table`` and the problems of the rows that could not be read.

    ``source`` names the source the calls are filed under (``manual`` or, for a curated list,
    e.g. ``business-finland``). When ``today`` is given, a row without a status gets one from
    its dates (see ``connectors.call_dates.status_on``); otherwise the status stays as written.
    """
    columns: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    problems: list[RowProblem] = []
    for index, header in enumerate(table.headers):
        field = HEADER_ALIASES.get(header_key(header))
        if field is None:
            if header:
                unknown.append((index, header))
        elif field in columns:
            problems.append(
                RowProblem(table.header_row, field, f"Two columns mean {field!r}: {header!r}.")
            )
        else:
            columns[field] = index
    if "title" not in columns:
        problems.append(
            RowProblem(table.header_row, "title", "There is no title column (title / otsikko).")
        )
        return [], problems

    calls: list[FundingCall] = []
    first_row_of: dict[str, int] = {}
    for number, row in table.numbered():
        cells = {field: row[index] for field, index in columns.items()}
        extra = tuple((header, row[i]) for i, header in unknown if row[i])
        call, row_problems = _row_call(number, cells, extra, source, today)
        if call is not None and call.source_id in first_row_of:
            row_problems.append(
                RowProblem(
                    number,
                    "id" if cells.get("id") else "title",
                    f"The same call as row {first_row_of[call.source_id]} (id {call.source_id!r}).",
                )
            )
        if row_problems or call is None:
            problems.extend(row_problems)
            continue
        first_row_of[call.source_id] = number
        calls.append(call)
    return calls, problems


def _row_call(
    number: int,
    cells: dict[str, str],
    extra: tuple[tuple[str, str], ...],
    source: str,
    today: date | None,
) -> tuple[FundingCall | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def read(field: str, parser: Callable[[str], Any]) -> Any:
        text = cells.get(field, "").strip()
        if not text:
            return None
        try:
            return parser(text)
        except ValueError as exc:
            problems.append(RowProblem(number, field, str(exc)))
            return None

    title = " ".join(cells.get("title", "").split())
    if not title:
        problems.append(RowProblem(number, "title", "The title is empty."))
    funder = read_text(cells.get("funder"))
    explicit_id = read_text(cells.get("id"))
    deadlines = read("deadline", read_deadlines) or ()
    opening = read("opening_date", read_date)
    status = read("status", read_status)
    continuous = read("continuous", read_bool) or False
    applicants = read("applicant_types", read_applicant_types)
    sme_only = read("sme_only", read_bool)
    large_only = read("large_only", read_bool)
    if sme_only and large_only:
        message = "A call cannot be both SME-only and large-only."
        problems.append(RowProblem(number, "sme_only", message))
    url = read("url", read_url)
    language = read("language", read_language)
    budget = read("budget_eur", read_amount)
    rate = read("funding_rate_pct", read_rate)
    if problems or not title:
        return None, problems

    extras = list(extra)
    closing = max(deadlines).date() if deadlines else None
    if continuous and deadlines:
        extras.append(("continuous_until", max(deadlines).isoformat()))
        deadlines = ()
    if status is None and today is not None:
        fallback = "open" if continuous else None
        status = status_on(today, opening=opening, closing=closing, fallback=fallback)
    call = FundingCall(
        source=source,
        source_id=explicit_id or slug(f"{funder or ''} {title}"),
        title=title,
        url=url,
        summary=read_text(cells.get("summary")),
        description=read_text(cells.get("description")),
        programme=read_text(cells.get("programme")),
        opening_date=opening,
        deadlines=tuple(sorted(deadlines)),
        is_continuous=continuous,
        status=status,
        budget_eur=budget,
        funding_rate_pct=rate,
        applicant_types=applicants,
        sme_only=sme_only,
        large_only=large_only,
        regions=read("regions", read_places),
        keywords=read("keywords", read_keywords) or (),
        language=language,
        funder=funder,
        extra=tuple(extras),
    )
    return call, problems


def slug(text: str) -> str:
    """A stable id from free text: ``"Business Finland Tempo"`` -> ``business-finland-tempo``.

    Long texts are cut and given a short hash of the whole, so two long titles that share a
    beginning still get different ids.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "call"
    if len(base) <= MAX_ID_LENGTH:
        return base
    digest = hashlib.sha1(base.encode()).hexdigest()[:10]
    return f"{base[: MAX_ID_LENGTH - 11].rstrip('-')}-{digest}"


# --- cell parsers: raise ValueError with the message staff see ---------------------------------


