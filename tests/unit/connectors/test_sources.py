"""The source registry, and the rule that connectors never depend on the web app."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from pathlib import Path

import pytest

from connectors import eu_funding_tenders, eura2021, feeds, haeavustuksia
from connectors.sources import DEFAULT_SOURCES, FETCHERS, fetcher_for, run
from tests.unit.connectors.saved_payloads import eura_page, quick_session

CONNECTORS = Path(eu_funding_tenders.__file__).resolve().parent


def test_every_kind_has_its_fetcher():
    assert FETCHERS["eu-ft"] is eu_funding_tenders.fetch
    assert FETCHERS["eura2021"] is eura2021.fetch
    assert FETCHERS["haeavustuksia"] is haeavustuksia.fetch
    assert FETCHERS["rss"] is feeds.fetch


@pytest.mark.parametrize("kind", sorted(FETCHERS))
def test_fetchers_share_one_signature(kind):
    parameters = inspect.signature(FETCHERS[kind]).parameters
    assert list(parameters)[:2] == ["http", "base_url"]
    assert parameters["today"].kind is inspect.Parameter.KEYWORD_ONLY


def test_default_sources_are_the_real_public_endpoints():
    urls = {source.name: (source.kind, source.url) for source in DEFAULT_SOURCES}
    assert urls == {
        "eu-ft-portal": ("eu-ft", "https://api.tech.ec.europa.eu/search-api/prod/rest"),
        "eura2021": ("eura2021", "https://eura2021.fi"),
        "haeavustuksia": ("haeavustuksia", "https://www.haeavustuksia.fi"),
        "interreg-aurora": ("rss", "https://www.interregaurora.eu/feed/"),
        "sitra": ("rss", "https://www.sitra.fi/feed/"),
        "cinea": ("rss", "https://cinea.ec.europa.eu/node/2/rss_en"),
    }
    assert all(source.kind in FETCHERS for source in DEFAULT_SOURCES)


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(KeyError, match="eura2021"):
        fetcher_for("business-finland-html")


def test_run_uses_the_kind_and_url(httpserver):
    httpserver.expect_request("/hakuilmoitukset/").respond_with_data(eura_page())
    config = type(DEFAULT_SOURCES[1])("eura-local", "eura2021", httpserver.url_for("/"))
    result = run(config, quick_session(), today=date(2026, 6, 1))
    assert result.calls[0].call_identifier == "ESAELY-002"


@pytest.mark.parametrize(
    "module",
    sorted(p.name for p in CONNECTORS.glob("*.py")),
)
def test_connectors_never_import_the_web_app(module):
    tree = ast.parse((CONNECTORS / module).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"flask", "flask_sqlalchemy", "sqlalchemy", "app"}
