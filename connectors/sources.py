"""Which sources Veturi harvests by default, and which function reads each kind of source.

``FETCHERS`` maps a source kind to its ``fetch(http, base_url, *, today) -> FetchResult``;
``DEFAULT_SOURCES`` lists the real public endpoints (NOTES.md §0, §1, §2) that a new
installation starts with. Staff can add feeds of the same kinds in the admin UI.

Left out on purpose: Interreg Central Baltic (its feed is empty), Interreg Baltic Sea Region
(its feed answers 403 to non-browsers), Business Finland (no feed at all) and the EU portal's
``grantTenders-rss.xml`` (the search API already covers it, with more detail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import requests

from connectors import eu_funding_tenders, eura2021, feeds, haeavustuksia
from connectors.records import FetchResult

Fetcher = Callable[..., FetchResult]

FETCHERS: dict[str, Fetcher] = {
    "eu-ft": eu_funding_tenders.fetch,
    "eura2021": eura2021.fetch,
    "haeavustuksia": haeavustuksia.fetch,
    "rss": feeds.fetch,
}


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One source to harvest: a stable name, its kind (a ``FETCHERS`` key) and its URL."""

    name: str
    kind: str
    url: str


DEFAULT_SOURCES: tuple[SourceConfig, ...] = (
    SourceConfig("eu-ft-portal", "eu-ft", eu_funding_tenders.DEFAULT_BASE_URL),
    SourceConfig("eura2021", "eura2021", eura2021.DEFAULT_BASE_URL),
    SourceConfig("haeavustuksia", "haeavustuksia", haeavustuksia.DEFAULT_BASE_URL),
    # News feeds whose items sometimes announce calls (reported working on 2026-09-10).
    SourceConfig("interreg-aurora", "rss", "https://www.interregaurora.eu/feed/"),
    SourceConfig("sitra", "rss", "https://www.sitra.fi/feed/"),
    SourceConfig("cinea", "rss", "https://cinea.ec.europa.eu/node/2/rss_en"),
)


def fetcher_for(kind: str) -> Fetcher:
    """The fetch function of ``kind``; ``KeyError`` names the kinds that exist."""
    try:
        return FETCHERS[kind]
    except KeyError:
        raise KeyError(f"unknown source kind {kind!r}; known: {sorted(FETCHERS)}") from None


def run(config: SourceConfig, http: requests.Session, *, today: date) -> FetchResult:
    """Fetch one configured source (its kind's fetcher with its URL)."""
    return fetcher_for(config.kind)(http, config.url, today=today)
