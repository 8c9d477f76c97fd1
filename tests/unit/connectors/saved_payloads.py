"""Loaders for the saved real payloads under tests/fixtures, and test doubles for sleeping.

The files are read, never written. Where a test needs a variant (an envelope around a single
list item, a second page), it builds it from these values in memory and says so.
"""

from __future__ import annotations

import copy
import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from connectors.http import make_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def load_json(relative: str) -> Any:
    """A saved payload, decoded (a fresh copy each call, so tests may mutate it)."""
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def eu_search_page() -> dict[str, Any]:
    return load_json("eu-ft-portal/search-response-topics-page.json")


def eu_centricity_item() -> dict[str, Any]:
    return load_json("eu-ft-portal/search-result-item-centricity.json")


def eu_facets_fixture() -> dict[str, Any]:
    return load_json("eu-ft-portal/facet-values-2026-08-22.json")


def eu_facet_api_response() -> dict[str, Any]:
    """The facet endpoint's own shape rebuilt from the fixture.

    The saved file is the source repository's re-keying ``{name: values}`` of the API's
    ``facets: [{name, values}]``; the value objects inside are verbatim.
    """
    fixture = eu_facets_fixture()
    return {
        "apiVersion": "2.151",
        "terms": "***",
        "facets": [
            {"name": name, "rawName": name, "database": "SEDIA", "values": values}
            for name, values in fixture["facets"].items()
        ],
    }


def eu_envelope(results: list[dict[str, Any]], *, total: int, page: int = 1, size: int = 100):
    """A search response envelope (fields as in the saved page) around the given real items."""
    envelope = {k: v for k, v in eu_search_page().items() if k != "results"}
    envelope.update(totalResults=total, pageNumber=page, pageSize=size, results=results)
    return envelope


def eura_fixture() -> dict[str, Any]:
    return load_json("eura2021/hakuilmoitus-row-and-codes.json")


def eura_page(rows: list[dict[str, Any]] | None = None, codes: dict[str, Any] | None = None) -> str:
    """A list page around the real row and code lists.

    The HTML wrapper is synthetic; the embedding (URL-encoded JSON in a
    ``__PREACT_CLI_DATA__`` script under ``preRenderData.hankehaku`` / ``koodisto``) is the
    site's, per NOTES.md §2.1.
    """
    fixture = eura_fixture()
    data = {
        "preRenderData": {
            "hankehaku": [fixture["row"]] if rows is None else rows,
            "koodisto": fixture["codes"] if codes is None else codes,
        }
    }
    return (
        '<!DOCTYPE html><html lang="fi"><head><title>Hakuilmoitukset - EURA 2021</title></head>'
        '<body><div id="app"></div>'
        f'<script type="__PREACT_CLI_DATA__">{quote(json.dumps(data))}</script>'
        '<script src="/bundle.js"></script></body></html>'
    )


def hae_item() -> dict[str, Any]:
    return load_json("haeavustuksia/list-item-va-lou-2026-5.json")


def hae_variant(number: int) -> dict[str, Any]:
    """The real item under another case number (for a second page): the only value changed."""
    item = copy.deepcopy(hae_item())
    item["hakuasianAsianumero"] = f"va-lou-2026-{number}"
    return item


def hae_envelope(items: list[dict[str, Any]], *, total: int, pages: int) -> dict[str, Any]:
    """The list endpoint's envelope ``{totalCount, pageCount, hakuilmoitukset}`` (NOTES §2.2)."""
    return {"totalCount": total, "pageCount": pages, "hakuilmoitukset": items}


class SleepRecorder:
    """Stands in for ``time.sleep``: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def quick_session(
    recorder: SleepRecorder | None = None, *, retries: int = 2, timeout: float = 5
) -> requests.Session:
    """A real session that never waits between retries."""
    return make_session(
        timeout=timeout, retries=retries, backoff=1.0, sleep=recorder or SleepRecorder()
    )


def refused_url() -> str:
    """A local URL on which nothing listens (the port was just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
