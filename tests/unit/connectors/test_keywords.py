"""Keywords without the portal's bookkeeping, on the phrases of the saved real payloads."""

from __future__ import annotations

from datetime import date

import pytest

from connectors.eu_funding_tenders import parse_search_page
from connectors.keywords import clean_keywords
from tests.unit.connectors.saved_payloads import eu_search_page

TODAY = date(2026, 8, 22)


def _meta_values(key: str) -> list[str]:
    return [v for r in eu_search_page()["results"] for v in r["metadata"].get(key) or []]


def test_the_portal_call_titles_that_name_only_a_round_are_dropped():
    # the real callTitle values of the saved page: rounds and identifiers go, subjects stay
    titles = _meta_values("callTitle")
    assert "Call 04 - single stage (2026)" in titles and "HORIZON-JU-CBE-2026" in titles
    kept = clean_keywords(titles)
    assert "Supporting the implementation of the Soil Deal for Europe Mission" in kept
    assert "DIGITAL" in kept and "MOBILITY" in kept
    assert "Indirectly Managed Action by the ECCC" in kept  # "(2026)" removed
    assert not any("stage" in k.lower() or "2026" in k for k in kept)


def test_identifiers_in_the_real_keyword_lists_are_dropped_whoever_they_belong_to():
    # NOTES.md §1.4: the first two keywords are the topic's and the call's identifiers
    words = _meta_values("keywords")
    assert "HORIZON-MISS-2027-05-two-stage" in words
    kept = clean_keywords(words)
    assert not any(k.startswith("HORIZON-") for k in kept)
    assert "Soil biodiversity" in kept and "Cybersecurity Research Domains" in kept


@pytest.mark.parametrize(("raw", "expected"), [
    ("Call 02 - single stage (2027)", ()),
    ("Call 02 - two-stage (2027)", ()),
    ("single stage", ()),
    ("Two stage", ()),
    ("2027", ()),
    ("Circular economy and biobased sectors (2026-27)", ("Circular economy and biobased sectors",)),
    ("Cluster 1 - Health (Single stage - 2027/1)", ("Cluster 1 - Health",)),
    ("Civil Security for Society 2027", ("Civil Security for Society",)),
    ("Culture, Creativity and Inclusive Society - 2027", ("Culture, Creativity and Inclusive Society",)),
    ("Horizon 2020", ("Horizon 2020",)),
    ("COVID-19", ("COVID-19",)),
    ("Call for Proposals for ERC Starting Grant", ("Call for Proposals for ERC Starting Grant",)),
])
def test_stage_phrases_ids_and_years_are_cleaned(raw, expected):
    assert clean_keywords([raw]) == expected


def test_duplicates_after_cleaning_are_kept_once_and_own_ids_are_excluded():
    words = ["Civil Security for Society 2027", "Civil security for society", "ECCC-01",
             "  Energy   Storage "]
    assert clean_keywords(words, exclude=["eccc-01"]) == ("Civil Security for Society",
                                                          "Energy Storage")


def test_the_eu_connector_keeps_only_subject_keywords():
    calls = {c.source_id: c for c in parse_search_page(eu_search_page(), today=TODAY).calls}
    for call in calls.values():
        assert not any(k.startswith("HORIZON-") for k in call.keywords), call.keywords
    assert "Soil conservation" in calls["HORIZON-MISS-2027-05-SOIL-01-two-stage"].keywords
