"""Local stand-ins for the real sources, serving the saved real payloads (tests/fixtures) through
pytest-httpserver, for the harvest service, web, CLI and scheduler tests. No tests here.

Where a fixture is a single list item, it is wrapped in the source's real envelope
(``saved_payloads.hae_envelope`` / ``eu_envelope`` / ``eura_page``), as the connector tests do;
variants (a moved deadline, a missing topic) change only the named value of a real payload.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from werkzeug import Request, Response

from app.models.funding import FundingSource
from tests.unit.connectors.saved_payloads import (
    eu_facet_api_response,
    eu_search_page,
    eura_page,
    hae_envelope,
    hae_item,
    quick_session,
)

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
OPEN_TOPIC = "HORIZON-CL3-2026-02-CS-ECCC-01"  # open on TODAY, deadline 15.9.2026 17:00 Brussels


class FakeSource:
    """Serves whatever ``payload`` holds at the time of the request (JSON, or text as HTML);
    ``status`` >= 400 makes it answer with that error instead."""

    def __init__(self, httpserver: Any, path: str, payload: Any, *, method: str = "GET") -> None:
        self.payload = payload
        self.status = 200
        self.requests: list[Request] = []
        httpserver.expect_request(path, method=method).respond_with_handler(self._handle)

    def _handle(self, request: Request) -> Response:
        self.requests.append(request)
        if self.status >= 400:
            return Response("<html><body>Internal Server Error</body></html>", status=self.status,
                            content_type="text/html")
        payload = self.payload(request) if callable(self.payload) else self.payload
        if isinstance(payload, str):
            return Response(payload, content_type="text/html; charset=utf-8")
        return Response(json.dumps(payload), content_type="application/json")


def eu_server(httpserver: Any, prefix: str = "/eu") -> tuple[FakeSource, str]:
    """The SEDIA search and facet endpoints under ``prefix``; returns (search, base URL)."""
    search = FakeSource(httpserver, f"{prefix}/rest/search", eu_search_page(), method="POST")
    FakeSource(httpserver, f"{prefix}/rest/facet", eu_facet_api_response(), method="POST")
    return search, httpserver.url_for(f"{prefix}/rest")


def hae_server(httpserver: Any, prefix: str = "/hae", items: list | None = None) -> tuple[FakeSource, str]:
    items = [hae_item()] if items is None else items
    fake = FakeSource(httpserver, f"{prefix}/api/haku/list-items",
                      hae_envelope(items, total=len(items), pages=1))
    return fake, httpserver.url_for(prefix)


def eura_server(httpserver: Any, prefix: str = "/eura") -> tuple[FakeSource, str]:
    fake = FakeSource(httpserver, f"{prefix}/hakuilmoitukset/", eura_page())
    return fake, httpserver.url_for(prefix)


def eu_page_without(identifier: str) -> dict[str, Any]:
    """The real page less the topic ``identifier`` (totalResults lowered to match)."""
    page = eu_search_page()
    page["results"] = [r for r in page["results"] if r["metadata"].get("identifier") != [identifier]]
    page["totalResults"] = len(page["results"])
    return page


def eu_page_with_deadline(identifier: str, deadline: str) -> dict[str, Any]:
    """The real page with one topic's ``deadlineDate`` moved (the API's own format)."""
    page = eu_search_page()
    for result in page["results"]:
        if result["metadata"].get("identifier") == [identifier]:
            result["metadata"]["deadlineDate"] = [deadline]
    return page


def add_source(session: Any, name: str, kind: str, url: str | None, **over: Any) -> FundingSource:
    source = FundingSource(name=name, kind=kind, url=url, enabled=over.pop("enabled", True), **over)
    session.add(source)
    session.flush()
    return source


def http() -> Any:
    """A real session that retries twice and never sleeps."""
    return quick_session(retries=2)
