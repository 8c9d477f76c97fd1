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
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from connectors.call_dates import HELSINKI, status_on
from connectors.cell_values import parse_date, parse_decimal
from connectors.records import CALL_STATUSES, FundingCall
from connectors.tabular import Table

SOURCE = "manual"
DEFAULT_CLOSING_TIME = time(16, 15)
MAX_ID_LENGTH = 120


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row (spreadsheet numbering, header = its own row) could not become a call.

    ``field`` is the canonical column name (``deadline``, ``title``, …); ``message`` is English.
    """

    row: int
    field: str
    message: str


def _key(text: str) -> str:
    """Header comparison key: lower case, no diacritics, words joined by ``_``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9%]+", "_", plain).strip("_")


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
    _key(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}

_STATUS = {
    "open": "open", "avoin": "open", "auki": "open", "kaynnissa": "open", "haettavissa": "open",
    "forthcoming": "forthcoming", "upcoming": "forthcoming", "tuleva": "forthcoming",
    "avautuva": "forthcoming", "avautumassa": "forthcoming",
    "closed": "closed", "suljettu": "closed", "paattynyt": "closed", "paattyi": "closed",
}  # fmt: skip
_APPLICANTS = {
    "company": "company", "companies": "company", "yritys": "company", "yritykset": "company",
    "pk_yritys": "company", "pk_yritykset": "company", "sme": "company", "smes": "company",
    "research": "research", "tutkimus": "research", "tutkimusorganisaatio": "research",
    "tutkimusorganisaatiot": "research", "yliopisto": "research", "yliopistot": "research",
    "korkeakoulu": "research", "korkeakoulut": "research", "research_organisation": "research",
    "public": "public", "julkinen": "public", "julkiset": "public", "kunta": "public",
    "kunnat": "public", "municipality": "public", "municipalities": "public",
    "ngo": "ngo", "jarjesto": "ngo", "jarjestot": "ngo", "yhdistys": "ngo", "yhdistykset": "ngo",
    "saatio": "ngo", "saatiot": "ngo", "association": "ngo", "foundation": "ngo",
}  # fmt: skip
_ANYONE = {"kaikki", "all", "anyone", "any", "koko_suomi", "whole_finland", "finland", "suomi"}
_LANGUAGES = {
    "fi": "fi", "suomi": "fi", "finnish": "fi", "suomeksi": "fi",
    "sv": "sv", "ruotsi": "sv", "swedish": "sv", "svenska": "sv", "ruotsiksi": "sv",
    "en": "en", "englanti": "en", "english": "en", "englanniksi": "en",
}  # fmt: skip
_TRUE = {"kylla", "k", "yes", "y", "true", "tosi", "1", "x", "jatkuva"}
_FALSE = {"ei", "e", "no", "n", "false", "epatosi", "0", "-"}

_LIST_SPLIT = re.compile(r"\s*(?:[,;|\n])\s*")
_DEADLINE_SPLIT = re.compile(r"\s*(?:[;|\n]|,\s)\s*")
_TIME = re.compile(
    r"(?:[ T]+(?:klo\s*)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_DATE_HEAD = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*(?:\d{4}|\d{2})\.?"
)


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
        field = HEADER_ALIASES.get(_key(header))
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
    funder = _text(cells.get("funder"))
    explicit_id = _text(cells.get("id"))
    deadlines = read("deadline", _deadlines) or ()
    opening = read("opening_date", _date)
    status = read("status", _status)
    continuous = read("continuous", _bool) or False
    applicants = read("applicant_types", _applicant_types)
    sme_only = read("sme_only", _bool)
    large_only = read("large_only", _bool)
    if sme_only and large_only:
        message = "A call cannot be both SME-only and large-only."
        problems.append(RowProblem(number, "sme_only", message))
    url = read("url", _url)
    language = read("language", _language)
    budget = read("budget_eur", _amount)
    rate = read("funding_rate_pct", _rate)
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
        summary=_text(cells.get("summary")),
        description=_text(cells.get("description")),
        programme=_text(cells.get("programme")),
        opening_date=opening,
        deadlines=tuple(sorted(deadlines)),
        is_continuous=continuous,
        status=status,
        budget_eur=budget,
        funding_rate_pct=rate,
        applicant_types=applicants,
        sme_only=sme_only,
        large_only=large_only,
        regions=read("regions", _places),
        keywords=read("keywords", _keywords) or (),
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


def parse_deadline(text: str) -> datetime | None:
    """One deadline: a date (16:15 Helsinki), or date and time in Helsinki unless an offset
    (``Z``, ``UTC``, ``+02:00``) is given; None when the text is no such thing."""
    value = unicodedata.normalize("NFKC", text).strip()
    head = _DATE_HEAD.match(value)
    if head is None:
        day = parse_date(value)  # an Excel serial day
        return datetime.combine(day, DEFAULT_CLOSING_TIME, HELSINKI) if day else None
    day = parse_date(head.group(0))
    rest = _TIME.fullmatch(value[head.end() :])
    if day is None or rest is None:
        return None
    if rest["h"] is None:
        if rest["tz"]:
            return None  # an offset without a time means nothing
        return datetime.combine(day, DEFAULT_CLOSING_TIME, HELSINKI)
    hour, minute, second = int(rest["h"]), int(rest["m"]), int(rest["s"] or 0)
    if hour == 24 and minute == 0 and second == 0:  # "24:00" is the end of the day
        day, hour = day + timedelta(days=1), 0
    try:
        clock = time(hour, minute, second)
    except ValueError:
        return None
    zone = _zone(rest["tz"])
    when = datetime.combine(day, clock, zone or HELSINKI)
    return when.astimezone(HELSINKI) if zone else when


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in ("Z", "UTC"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


# --- cell parsers: raise ValueError with the message staff see ---------------------------------


def _deadlines(text: str) -> tuple[datetime, ...]:
    found: list[datetime] = []
    for part in _DEADLINE_SPLIT.split(text):
        if not part:
            continue
        when = parse_deadline(part)
        if when is None:
            raise ValueError(f"{part!r} is not a date or a date and time (28.11.2026 16:15).")
        found.append(when)
    return tuple(dict.fromkeys(found))


def _date(text: str) -> date:
    day = parse_date(text)
    if day is None:
        raise ValueError(f"{text!r} is not a date (28.11.2026 or 2026-11-28).")
    return day


def _status(text: str) -> str:
    status = _STATUS.get(_key(text))
    if status is None or status not in CALL_STATUSES:
        raise ValueError(f"Unknown status {text!r} (open, forthcoming or closed).")
    return status


def _bool(text: str) -> bool:
    key = _key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no (kyllä/ei).")


def _applicant_types(text: str) -> tuple[str, ...]:
    types: list[str] = []
    for part in _split(text):
        key = _key(part)
        if key in _ANYONE:
            return ()
        kind = _APPLICANTS.get(key)
        if kind is None:
            raise ValueError(f"Unknown applicant type {part!r} (company, research, public, ngo).")
        types.append(kind)
    return tuple(dict.fromkeys(types))


def _places(text: str) -> tuple[str, ...]:
    parts = _split(text)
    if any(_key(p) in _ANYONE for p in parts):
        return ()
    return tuple(dict.fromkeys(parts))


def _keywords(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_split(text)))


def _language(text: str) -> str:
    language = _LANGUAGES.get(_key(text))
    if language is None:
        raise ValueError(f"Unknown language {text!r} (fi, sv or en).")
    return language


def _url(text: str) -> str:
    url = text.strip()
    if not re.match(r"(?i)^[a-z][a-z0-9+.-]*://", url):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc or " " in url:
        raise ValueError(f"{text!r} is not a web address.")
    return url


def _amount(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount is None or amount < 0:
        raise ValueError(f"{text!r} is not an amount in euros.")
    return amount


def _rate(text: str) -> Decimal:
    rate = parse_decimal(text)
    if rate is None or not 0 <= rate <= 100:
        raise ValueError(f"{text!r} is not a percentage between 0 and 100.")
    return rate


def _split(text: str) -> list[str]:
    return [" ".join(p.split()) for p in _LIST_SPLIT.split(text) if p.strip()]


def _text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None
