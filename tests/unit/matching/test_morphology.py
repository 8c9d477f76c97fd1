"""Base forms, compound parts and place names from the analysers (matching.morphology), and
the term list matching through them."""

from __future__ import annotations

import pytest

from matching import morphology
from matching.terms import load_terms

pytestmark = pytest.mark.skipif(morphology.backend("fi") != "voikko",
                                reason="libvoikko with voikko-fi is installed by .ci/run")


def _concepts(text: str, language: str = "fi") -> set[str]:
    terms = load_terms()
    return {terms.concepts[c].id for c in terms.extract(text, language)}


def test_finnish_base_forms_and_compound_parts() -> None:
    bases, parts, place = morphology.analyse("kalanviljelylaitoksen", "fi")
    assert bases == ("kalanviljelylaitos",)
    assert {"kala", "viljely", "laitos", "kalanviljely", "viljelylaitos"} <= set(parts)
    assert not place
    assert morphology.forms("yrityksille", "fi", parts=False) == ("yrityksille", "yritys")


@pytest.mark.parametrize("town", ["Taivalkoskella", "Taivalkosken", "Kuusamossa", "Raahen",
                                  "Kauhajoella", "Savonlinnassa", "Kristiinankaupungissa",
                                  "Heinolan", "Iisalmessa", "Keuruulla", "Rauman"])
def test_a_town_name_never_triggers_a_concept(town: str) -> None:
    assert morphology.is_place_name(town.lower(), "fi")
    assert _concepts(town) == set()
    assert _concepts(f"Yritys sijaitsee {town} keskustassa.") == _concepts(
        "Yritys sijaitsee keskustassa.")


def test_the_rapids_still_match_when_they_are_rapids() -> None:
    assert "rivers" in _concepts("jokien ja koskien kunnostusta")
    assert "rivers" not in _concepts("Taivalkosken kunta")


def test_function_words_do_not_borrow_a_noun_reading() -> None:
    # "joilla" is the relative pronoun "joka", not the plural of "joki" (river)
    assert "rivers" not in _concepts("yritykset, joilla on kasvuhakuisia hankkeita")


def test_unseen_inflections_match_through_the_base_form() -> None:
    # "yritystuet" / "yritystuen": the pattern is written for other forms of the word
    assert "development_aid" in _concepts("yritystuet")
    assert "development_aid" in _concepts("yritystuen")


def test_swedish_base_forms_from_simplemma() -> None:
    assert "företag" in morphology.forms("företagens", "sv")
    assert "enterprise" in _concepts("företagens tillväxt", "sv")
