"""Finnish normalisation, stemming, compound splitting and the bilingual term list."""

from __future__ import annotations

import pytest

from matching.industry import industry_themes
from matching.terms import load_terms
from matching.text import CompoundSplitter, normalise, stem_fi, tokens


@pytest.mark.parametrize("forms", [
    ["yritys", "yrityksen", "yrityksille", "yritystä", "yritykset"],
    ["kiertotalous", "kiertotalouden", "kiertotaloutta"],
    ["investointi", "investoinnit", "investointeja", "investointien"],
    ["hanke", "hankkeet", "hankkeiden", "hankkeita"],
    ["energiatehokkuus", "energiatehokkuuden", "energiatehokkuutta"],
    ["matkailu", "matkailun", "matkailua"],
    ["sähköinen", "sähköisen", "sähköiset", "sähköisiä"],
    ["tekoäly", "tekoälyn", "tekoälyä"],
])
def test_inflected_forms_share_one_stem(forms):
    assert len({stem_fi(f) for f in forms}) == 1, {f: stem_fi(f) for f in forms}


def test_normalise_folds_case_and_ampersand_abbreviations():
    assert normalise("T&K-rahoitus ja R&D") == "tk-rahoitus ja rd"
    assert tokens("Pk-yritysten TKI-toiminta, 3D-tulostus_x") == [
        "pk", "yritysten", "tki", "toiminta", "3d", "tulostus", "x"]


def test_compound_splitter_cuts_known_parts():
    splitter = CompoundSplitter({"energia", "tehokkuus", "ratkaisu", "tuuli", "voima"})
    assert splitter.split("energiatehokkuusratkaisut") == (
        stem_fi("energia"), stem_fi("tehokkuus"), stem_fi("ratkaisut"))
    assert splitter.split("tuulivoimaa") == (stem_fi("tuuli"), stem_fi("voimaa"))
    assert splitter.split("kissa") == ()


def concepts(text: str, language: str) -> set[str]:
    terms = load_terms()
    return {terms.concepts[c].id for c in terms.extract(text, language)}


@pytest.mark.parametrize(("fi", "en", "concept"), [
    ("Kiertotalouden ratkaisuja", "solutions for the circular economy", "circular_economy"),
    ("vedyn tuotanto", "hydrogen production", "hydrogen"),
    ("tekoälyä hyödyntävä laadunvalvonta", "artificial intelligence for quality", "artificial_intelligence"),
    ("energiatehokkuusratkaisut", "energy efficiency solutions", "energy_efficiency"),
    ("merituulivoimaloiden huolto", "offshore wind turbines", "wind_power"),
    ("lämmöntalteenottoa", "heat recovery", "heat_recovery"),
    ("pk-yrityksille", "for SMEs", "sme"),
    ("t&k-toiminta", "R&D activities", "rdi"),
    ("laivojen akkuhybridit", "battery hybrid vessels", "battery"),
    ("kalanjalostuksen sivuvirrat", "fish processing side streams", "side_streams"),
    ("puurakentaminen", "timber construction", "wood_construction"),
    ("matkailuyritykset", "tourism companies", "tourism"),
])
def test_finnish_and_english_meet_on_one_concept(fi, en, concept):
    assert concept in concepts(fi, "fi")
    assert concept in concepts(en, "en")


def test_compound_internal_match_needs_a_plausible_first_part():
    # "metsähakkuut" (forest felling) contains "akku" (battery) but is no battery compound
    assert "battery" not in concepts("metsähakkuut", "fi")
    assert "battery" in concepts("sähköakkujen", "fi")


def test_term_list_is_large_and_well_formed():
    terms = load_terms()
    assert len(terms.concepts) >= 250
    ids = [c.id for c in terms.concepts]
    assert len(ids) == len(set(ids))
    assert all(c.fi and c.en and c.domain for c in terms.concepts)
    domains = {c.domain for c in terms.concepts}
    assert {"rdi", "energy", "manufacturing", "digital", "bio", "food", "health", "tourism",
            "construction", "mining", "maritime", "mobility", "skills"} <= domains


def test_industry_themes_for_both_code_sets():
    terms = load_terms()
    assert industry_themes("30110", "TOL2008")[:2] == ("ships", "shipbuilding")
    assert "ships" in industry_themes("30110", "TOL2025")  # goods sections keep their classes
    assert industry_themes("62010", "TOL2025") == industry_themes("62", "TOL2025")
    assert industry_themes(None, None) == ()
    for code in ("01110", "16210", "55100", "62010", "86100", "93290"):
        assert all(t in terms.index for t in industry_themes(code, "TOL2008"))
