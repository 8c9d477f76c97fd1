"""Generic RSS 2.0 / Atom connector (kind ``rss``) for news feeds of call publishers.

Interreg Aurora, Sitra, CINEA and others publish news feeds in which some items announce calls
(NOTES.md §2.5, §2.7). A feed item has a title, a link and a date but no structured deadline,
so each becomes ``FundingCall(kind="announcement")`` for staff to review and complete rather
than a call matched automatically. Parsing uses ``feedparser``, always fed bytes (given a string
it might treat it as a URL or a file name and fetch it).
"""

from __future__ import annotations

import io
from calendar import timegm
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import feedparser
import requests

from connectors import http as veturi_http
from connectors.errors import SourceFormatError
from connectors.html_text import clean_whitespace, html_to_text
from connectors.records import FetchResult, FundingCall

SOURCE = "rss"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"

# feedparser flags these although the feed was read correctly.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def fetch(
    http: requests.Session, base_url: str, *, today: date, source: str = SOURCE
) -> FetchResult:
    """Read the feed at ``base_url`` (the feed's own URL). ``today`` is unused: items carry no
    state to derive; it is accepted so every fetcher has the same signature."""
    response = veturi_http.get(http, base_url, source=source, headers={"Accept": ACCEPT})
    return parse_feed(
        response.content,
        source=source,
        feed_url=response.url or base_url,
        content_type=response.headers.get("Content-Type"),
    )


def parse_feed(
    content: bytes | str,
    *,
    source: str = SOURCE,
    feed_url: str | None = None,
    content_type: str | None = None,
) -> FetchResult:
    """The feed's items as announcements.

    Raises ``SourceFormatError`` for an empty body, an HTML page or anything that is not a
    feed. A feed that is not well-formed XML but from which feedparser's lenient parser still
    recovered items gives those items with ``complete=False``; an item with neither id nor link,
    or without a title, is skipped and listed in ``problems``.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    text_head = content[:400].decode("utf-8", errors="replace")
    if not content.strip():
        raise SourceFormatError(source, f"empty body from {feed_url or 'the feed'}")
    if veturi_http.looks_like_html(text_head):
        raise SourceFormatError(source, f"HTML page instead of a feed from {feed_url}")
    headers = {"content-location": feed_url or ""}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS):
        problem = None
    if not parsed.get("version") and not parsed.entries:
        raise SourceFormatError(
            source, f"not an RSS or Atom feed ({problem or 'no feed elements found'})"
        ) from (problem if isinstance(problem, BaseException) else None)
    problems: list[str] = []
    feed_info = parsed.get("feed", {})
    calls: list[FundingCall] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.entries):
        try:
            call = parse_entry(entry, feed=feed_info, source=source)
        except ValueError as exc:
            problems.append(f"item {index} skipped: {exc}")
            continue
        if call.source_id not in seen:
            seen.add(call.source_id)
            calls.append(call)
    if problem is not None:
        if not calls:
            raise SourceFormatError(
                source, f"feed is not well-formed XML and no item could be read ({problem})"
            ) from (problem if isinstance(problem, BaseException) else None)
        problems.insert(0, f"feed is not well-formed XML ({problem}); items may be missing")
    return FetchResult(calls=tuple(calls), problems=tuple(problems), complete=not problems)


def parse_entry(
    entry: Mapping[str, Any], *, feed: Mapping[str, Any], source: str = SOURCE
) -> FundingCall:
    """One feed item as an announcement; ``source_id`` is the guid/id, else the link."""
    link = clean_whitespace(entry.get("link"))
    source_id = clean_whitespace(entry.get("id")) or link
    if not source_id:
        raise ValueError("item has neither guid/id nor link")
    title = html_to_text(entry.get("title"))
    if not title:
        raise ValueError(f"item {source_id} has no title")
    contents = entry.get("content") or []
    body = html_to_text(contents[0].get("value")) if contents else None
    published = _time(entry.get("published_parsed") or entry.get("updated_parsed"))
    feed_title = html_to_text(feed.get("title"))
    return FundingCall(
        source=source,
        source_id=source_id,
        title=" ".join(title.split()),
        url=link,
        summary=html_to_text(entry.get("summary")),
        description=body,
        keywords=_terms(entry.get("tags")),
        language=_language(entry.get("language") or feed.get("language")),
        kind="announcement",
        extra=tuple(
            (key, value)
            for key, value in (
                ("published", published.isoformat() if published else None),
                ("feed_title", feed_title),
                ("feed_link", clean_whitespace(feed.get("link"))),
            )
            if value
        ),
    )


def _terms(tags: Any) -> tuple[str, ...]:
    """Category/tag terms, each once."""
    terms = (clean_whitespace(tag.get("term")) for tag in tags or [] if isinstance(tag, Mapping))
    return tuple(dict.fromkeys(term for term in terms if term))


def _time(value: Any) -> datetime | None:
    """feedparser's UTC ``struct_time`` as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _language(value: Any) -> str | None:
    """Primary language subtag: ``"fi-FI"`` -> ``"fi"``."""
    text = clean_whitespace(value) if isinstance(value, str) else None
    return text.replace("_", "-").split("-")[0].lower() if text else None
