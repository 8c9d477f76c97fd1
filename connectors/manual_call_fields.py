"""Reading one cell of a call table typed by people: deadlines (``28.11.2026 klo 12.00``, ISO,
Excel serial days; 16.15 Helsinki time when no time is given), statuses, yes/no, applicant types,
places, keywords, languages, links, amounts and rates, in Finnish or English. Each reader raises
``ValueError`` with the reason; ``connectors/manual_calls.py`` turns it into a row problem."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from urllib.parse import urlsplit

from connectors.call_dates import HELSINKI
from connectors.cell_values import parse_date, parse_decimal
from connectors.records import CALL_STATUSES

DEFAULT_CLOSING_TIME = time(16, 15)


def header_key(text: str) -> str:
    """Header comparison key: lower case, no diacritics, words joined by ``_``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9%]+", "_", plain).strip("_")


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


def read_deadlines(text: str) -> tuple[datetime, ...]:
    found: list[datetime] = []
    for part in _DEADLINE_SPLIT.split(text):
        if not part:
            continue
        when = parse_deadline(part)
        if when is None:
            raise ValueError(f"{part!r} is not a date or a date and time (28.11.2026 16:15).")
        found.append(when)
    return tuple(dict.fromkeys(found))


def read_date(text: str) -> date:
    day = parse_date(text)
    if day is None:
        raise ValueError(f"{text!r} is not a date (28.11.2026 or 2026-11-28).")
    return day


def read_status(text: str) -> str:
    status = _STATUS.get(header_key(text))
    if status is None or status not in CALL_STATUSES:
        raise ValueError(f"Unknown status {text!r} (open, forthcoming or closed).")
    return status


def read_bool(text: str) -> bool:
    key = header_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no (kyllä/ei).")


def read_applicant_types(text: str) -> tuple[str, ...]:
    types: list[str] = []
    for part in _split(text):
        key = header_key(part)
        if key in _ANYONE:
            return ()
        kind = _APPLICANTS.get(key)
        if kind is None:
            raise ValueError(f"Unknown applicant type {part!r} (company, research, public, ngo).")
        types.append(kind)
    return tuple(dict.fromkeys(types))


def read_places(text: str) -> tuple[str, ...]:
    parts = _split(text)
    if any(header_key(p) in _ANYONE for p in parts):
        return ()
    return tuple(dict.fromkeys(parts))


def read_keywords(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_split(text)))


def read_language(text: str) -> str:
    language = _LANGUAGES.get(header_key(text))
    if language is None:
        raise ValueError(f"Unknown language {text!r} (fi, sv or en).")
    return language


def read_url(text: str) -> str:
    url = text.strip()
    if not re.match(r"(?i)^[a-z][a-z0-9+.-]*://", url):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc or " " in url:
        raise ValueError(f"{text!r} is not a web address.")
    return url


def read_amount(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount is None or amount < 0:
        raise ValueError(f"{text!r} is not an amount in euros.")
    return amount


def read_rate(text: str) -> Decimal:
    rate = parse_decimal(text)
    if rate is None or not 0 <= rate <= 100:
        raise ValueError(f"{text!r} is not a percentage between 0 and 100.")
    return rate


def _split(text: str) -> list[str]:
    return [" ".join(p.split()) for p in _LIST_SPLIT.split(text) if p.strip()]


def read_text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None
