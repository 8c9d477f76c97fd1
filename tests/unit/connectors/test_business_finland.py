"""Business Finland's curated standing instruments: every record is a valid, open company call."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from connectors.business_finland import standing_instruments
from connectors.records import FundingCall

INSTRUMENTS = standing_instruments()
FINNISH_WORDS = {"ja", "on", "tai", "yritys", "yrityksiä", "yrityksille", "rahoitus", "avustusta"}


def _is_business_finland(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and (
        host == "businessfinland.fi" or host.endswith(".businessfinland.fi")
    )


@pytest.mark.parametrize("call", INSTRUMENTS, ids=[c.source_id for c in INSTRUMENTS])
def test_every_record_is_a_valid_open_standing_instrument(call: FundingCall):
    assert call.source == "business-finland"
    assert call.funder == "Business Finland"
    assert call.kind == "call"
    assert call.status == "open"
    assert call.is_continuous is True and call.deadlines == ()
    assert call.applicant_types == ("company",)
    assert not (call.sme_only and call.large_only)
    assert call.url and _is_business_finland(call.url), call.url
    assert call.language == "fi"
    assert call.title.strip() and call.summary and call.description
    words = set(call.description.lower().replace(",", " ").replace(".", " ").split())
    assert words & FINNISH_WORDS, "the description should be Finnish"
    assert call.keywords
    for key, value in call.extra:
        assert value.strip(), key
        if key.startswith("url"):
            assert _is_business_finland(value), value


def test_ids_are_unique_and_the_main_instruments_are_there():
    ids = [c.source_id for c in INSTRUMENTS]
    assert len(ids) == len(set(ids))
    titles = " | ".join(c.title for c in INSTRUMENTS).lower()
    for wanted in (
        "tempo",
        "tutkimus-, kehitys- ja pilotointirahoitus",
        "suuret yritykset",
        "veturiyritysten",
        "kumppanuushaku",
        "innovaatioseteli",
        "explorer",
        "energiatuki",
    ):
        assert wanted in titles, wanted


def test_size_restrictions_as_the_pages_state():
    by_id = {c.source_id: c for c in INSTRUMENTS}
    assert by_id["tutkimus-kehitys-suuryritykset"].large_only is True
    assert by_id["innovaatioseteli"].sme_only is True
    # SMEs and midcaps: not SME-only, because midcaps are not SMEs
    assert by_id["tutkimus-kehitys-pilotointi"].sme_only is False
    # the newer (2025) page narrows Tempo to start-ups under five years old: SMEs only
    assert by_id["tempo"].sme_only is True


def test_the_list_is_constant():
    assert standing_instruments() is standing_instruments()
    assert isinstance(INSTRUMENTS, tuple)


def test_tempo_is_not_offered_to_a_midcap_but_is_to_a_small_company():
    """Tempo is for young start-ups (Business Finland 2025): a 262-person midcap fails a hard
    rule, a small company passes them all."""
    from datetime import date

    from matching import CompanyProfile, is_eligible
    from matching.records import call_from_record

    tempo = next(c for c in standing_instruments() if c.source_id == "tempo")
    profile = call_from_record(tempo, "tempo")
    midcap = CompanyProfile(id="m", language="fi", region="Pohjois-Savo", size_class="midcap",
                            employees=262, description="Teknologiateollisuuden vientiyritys.")
    small = CompanyProfile(id="s", language="fi", region="Pohjois-Savo", size_class="small",
                           employees=12, description="Ohjelmistoalan startup.")
    today = date(2026, 12, 3)
    assert not is_eligible(midcap, profile, today)
    assert is_eligible(small, profile, today)
