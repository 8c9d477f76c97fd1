"""Course lists of the education partners: an RSS 2.0 / Atom feed, a published JSON list, or an
uploaded CSV/Excel table, each turned into plain ``CourseRecord`` rows for the course portal.

A feed item carries a title, a link and a text; course facts that a feed has no element for
(language, format, ECTS, hours, dates, price) come from the item's categories as ``key:value``
terms (``format:distance``, ``ects:5``, ``starts:2027-01-15``, ``lang:fi``) when the provider
uses them, else stay empty. A JSON list is an array of objects (or ``{"courses": [...]}``) with
the same field names as ``CourseRecord``. A link that is not http(s) is refused. No Flask, no ORM.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import feedparser
import requests

from connectors import http as veturi_http
from connectors.errors import SourceFormatError
from connectors.html_text import clean_whitespace, html_to_text

SOURCE = "courses"
ACCEPT = ("application/rss+xml, application/atom+xml, application/json;q=0.9, "
          "application/xml;q=0.8, text/xml;q=0.8")
FORMATS = ("online", "distance", "blended", "on_site")
_FORMAT_WORDS = {"online": "online", "verkko": "online", "verkkokurssi": "online",
                 "distance": "distance", "etä": "distance", "etäopetus": "distance",
                 "blended": "blended", "monimuoto": "blended", "on_site": "on_site",
                 "lähi": "on_site", "lähiopetus": "on_site"}
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True, slots=True)
class CourseRecord:
    """One course as a source gives it (every field but title and url optional)."""

    source_id: str
    title: str
    url: str
    provider: str | None = None
    description: str = ""
    language: str | None = None
    format: str | None = None
    ects: Decimal | None = None
    hours: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    self_paced: bool = False
    price_eur: Decimal | None = None
    target_group: str | None = None
    keywords: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class CourseFeed:
    courses: tuple[CourseRecord, ...]
    problems: tuple[str, ...] = ()


def web_link(value: Any) -> str | None:
    """An http(s) address with a host, else None (a ``javascript:`` link never passes)."""
    text = clean_whitespace(value) if isinstance(value, str) else None
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def fetch(http: requests.Session, url: str) -> CourseFeed:
    """Read a provider's course list at ``url`` (feed or JSON, decided by the body)."""
    response = veturi_http.get(http, url, source=SOURCE, headers={"Accept": ACCEPT})
    return parse(response.content, content_type=response.headers.get("Content-Type"))


def parse(content: bytes | str, *, content_type: str | None = None) -> CourseFeed:
    """A course list from a feed or JSON body; ``SourceFormatError`` when it is neither."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    head = content.lstrip()[:1]
    if not head:
        raise SourceFormatError(SOURCE, "empty body")
    if head in (b"[", b"{") or "json" in (content_type or ""):
        return parse_json(content)
    return parse_feed(content, content_type=content_type)


def parse_json(content: bytes) -> CourseFeed:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFormatError(SOURCE, f"not valid JSON ({exc})") from exc
    if isinstance(data, Mapping):
        data = data.get("courses", data.get("items"))
    if not isinstance(data, list):
        raise SourceFormatError(SOURCE, "JSON is not a list of courses")
    courses, problems = [], []
    for index, item in enumerate(data):
        try:
            if not isinstance(item, Mapping):
                raise ValueError("not an object")
            courses.append(record_from_fields(item))
        except ValueError as exc:
            problems.append(f"course {index} skipped: {exc}")
    return CourseFeed(_unique(courses), tuple(problems))


def parse_feed(content: bytes, *, content_type: str | None = None) -> CourseFeed:
    if veturi_http.looks_like_html(content[:400].decode("utf-8", errors="replace")):
        raise SourceFormatError(SOURCE, "HTML page instead of a course feed")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS):
        problem = None
    if not parsed.get("version") and not parsed.entries:
        raise SourceFormatError(SOURCE, f"not an RSS or Atom feed ({problem or 'no items'})")
    feed = parsed.get("feed", {})
    language = _lang(feed.get("language"))
    provider = html_to_text(feed.get("title")) or None
    courses, problems = [], []
    for index, entry in enumerate(parsed.entries):
        try:
            courses.append(_entry(entry, provider, language))
        except ValueError as exc:
            problems.append(f"item {index} skipped: {exc}")
    if problem is not None:
        problems.insert(0, f"feed is not well-formed XML ({problem}); items may be missing")
    return CourseFeed(_unique(courses), tuple(problems))


def _entry(entry: Mapping[str, Any], provider: str | None, language: str | None
           ) -> CourseRecord:
    facts: dict[str, Any] = {}
    keywords = []
    for tag in entry.get("tags") or []:
        term = clean_whitespace(tag.get("term")) if isinstance(tag, Mapping) else None
        if not term:
            continue
        key, sep, value = term.partition(":")
        if sep and key.strip().lower() in ("format", "ects", "hours", "starts", "ends", "lang",
                                           "price", "target", "self_paced"):
            facts[key.strip().lower()] = value.strip()
        else:
            keywords.append(term)
    fields = {
        "source_id": clean_whitespace(entry.get("id")) or clean_whitespace(entry.get("link")),
        "title": html_to_text(entry.get("title")),
        "url": entry.get("link"),
        "provider": provider,
        "description": html_to_text(entry.get("summary")) or "",
        "language": facts.get("lang") or _lang(entry.get("language")) or language,
        "format": facts.get("format"), "ects": facts.get("ects"), "hours": facts.get("hours"),
        "starts_on": facts.get("starts"), "ends_on": facts.get("ends"),
        "price_eur": facts.get("price"), "target_group": facts.get("target"),
        "self_paced": facts.get("self_paced", ""), "keywords": keywords,
    }
    return record_from_fields(fields)


def record_from_fields(item: Mapping[str, Any]) -> CourseRecord:
    """A record from loose field values (JSON, a feed item, a table row); ValueError says what
    is wrong."""
    title = clean_whitespace(str(item.get("title") or ""))
    if not title:
        raise ValueError("no title")
    url = web_link(item.get("url") or item.get("link"))
    if url is None:
        raise ValueError(f"{title[:60]}: the link is not an http(s) address")
    source_id = clean_whitespace(str(item.get("source_id") or item.get("id") or "")) or url
    fmt = _format(item.get("format"))
    return CourseRecord(
        source_id=source_id[:500], title=title[:300], url=url,
        provider=clean_whitespace(str(item.get("provider") or "")) or None,
        description=clean_whitespace(str(item.get("description") or "")) or "",
        language=_lang(item.get("language")), format=fmt,
        ects=_decimal(item.get("ects"), "ects"), hours=_int(item.get("hours"), "hours"),
        starts_on=_date(item.get("starts_on"), "starts_on"),
        ends_on=_date(item.get("ends_on"), "ends_on"),
        self_paced=_bool(item.get("self_paced")),
        price_eur=_decimal(item.get("price_eur", item.get("price")), "price"),
        target_group=clean_whitespace(str(item.get("target_group") or "")) or None,
        keywords=tuple(str(k) for k in item.get("keywords") or () if str(k).strip()),
    )


def _unique(courses: list[CourseRecord]) -> tuple[CourseRecord, ...]:
    seen: dict[str, CourseRecord] = {}
    for course in courses:
        seen.setdefault(course.source_id, course)
    return tuple(seen.values())


def _format(value: Any) -> str | None:
    text = str(value or "").strip().lower().replace("-", "_").replace(" ", "_")
    if not text:
        return None
    found = _FORMAT_WORDS.get(text)
    if found is None:
        raise ValueError(f"unknown format {text[:30]!r}")
    return found


def _lang(value: Any) -> str | None:
    text = clean_whitespace(value) if isinstance(value, str) else None
    return text.replace("_", "-").split("-")[0].lower()[:10] if text else None


def _decimal(value: Any, name: str) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".").replace("€", "")
    if not text:
        return None
    if text.lower() in ("free", "maksuton", "ilmainen"):
        return Decimal(0)
    try:
        number = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"{name} is not a number: {text[:20]!r}") from None
    if not number.is_finite() or number < 0 or number >= 1_000_000:
        raise ValueError(f"{name} is out of range: {text[:20]!r}")
    return number


def _int(value: Any, name: str) -> int | None:
    number = _decimal(value, name)
    return int(number) if number is not None else None


def _date(value: Any, name: str) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        if "." in text:  # Finnish 15.1.2027
            day, month, year = (int(p) for p in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{name} is not a date: {text[:20]!r}") from None


def _bool(value: Any) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "y", "kyllä", "x")
