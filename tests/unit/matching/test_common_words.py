"""Very common words are no evidence of a match on their own: they are found from the calls'
document frequency per language, never shown as shared themes or keywords, and count towards
relevance only beside something specific."""

from __future__ import annotations

import numpy as np

from matching import CallProfile, CompanyProfile, Matcher

GENERIC_FI = CompanyProfile(
    id="generic-fi", language="fi", region="Pohjois-Savo", size_class="small",
    description="Yritys hakee kasvua. Yrityksen kehittäminen, innovaatiot ja kasvu.",
    keywords=("kasvu", "yritys", "kehittäminen", "innovaatio"))
GENERIC_EN = CompanyProfile(
    id="generic-en", language="en", region="Pohjois-Savo", size_class="small",
    description="A growth company: development and innovation for the growth of the "
                "company's business.",
    keywords=("growth", "company", "development", "innovation"))
COMMON_CONCEPTS = {"enterprise", "growth", "innovation", "development_aid"}


def _themes_and_keywords(matcher, company, call, today):
    reasons = matcher.explain(company, call, today).relevance
    themes = {r.param("concept") for r in reasons if r.code == "shared_term"}
    keywords = {r.param("keyword") for r in reasons if r.code == "shared_keyword"}
    return themes, keywords


def test_common_concepts_come_from_document_frequency_per_language(dev_matcher):
    featurizer = dev_matcher.featurizer
    concepts = featurizer.terms.concepts
    common = {concepts[i].id for i in np.nonzero(featurizer.common_mask("concept"))[0]}
    assert common >= COMMON_CONCEPTS
    assert not common & {"hydrogen", "circular_economy", "batteries", "aquaculture", "wood"}
    words = {key for key, i in featurizer._word_vocab.ids.items()
             if i < len(featurizer.common_mask("word")) and featurizer.common_mask("word")[i]}
    # "yritys" is in two thirds of the Finnish calls but under a fifth of the whole pool:
    # judged among Finnish calls, it is common (language-fair)
    assert {"fi:yrit", "fi:kasv", "en:development", "en:innov"} <= words


def test_a_few_calls_are_too_few_to_judge():
    calls = [CallProfile(id=f"k{i}", language="fi", status="open",
                         description="Yritys kasvu kehittäminen.") for i in range(5)]
    featurizer = Matcher.fit(calls).featurizer
    assert not featurizer.common_mask("concept").any()
    assert not featurizer.common_mask("word").any()


def test_common_words_are_not_shared_themes_or_keywords(dev_data, dev_matcher):
    for company, call_id in ((GENERIC_FI, "ely-yrityksen-kehittamisavustus"),
                             (GENERIC_FI, "bf-tempo"),
                             (GENERIC_EN, "HORIZON-CL4-2027-01-MAT-PROD-03")):
        call = dev_matcher.call(call_id)
        themes, keywords = _themes_and_keywords(dev_matcher, company, call, dev_data.today)
        assert not themes & COMMON_CONCEPTS, (company.id, call_id, themes)
        assert not keywords, (company.id, call_id, keywords)


def test_relevance_does_not_rest_on_common_words_alone(dev_data, dev_matcher):
    call = dev_matcher.call("ely-yrityksen-kehittamisavustus")
    components = dev_matcher.explain(GENERIC_FI, call, dev_data.today).score.components
    assert dict(components)["concept"] == 0.0
    assert dict(components)["word"] == 0.0
    # beside a specific shared theme, the common ones count again
    specific = CompanyProfile(
        id="fish", language="fi", region="Pohjois-Savo", size_class="small",
        description=GENERIC_FI.description + " Kalanjalostus ja vesiviljely.",
        keywords=GENERIC_FI.keywords)
    fish = dev_matcher.call("emkvr-investoinnit")
    assert dev_matcher.pair_components(specific, fish)["concept"] > 0.0
    assert dev_matcher.pair_components(GENERIC_FI, fish)["concept"] == 0.0


def test_a_generic_profile_gets_no_matches_from_common_words(dev_data, dev_matcher):
    scores = dev_matcher.rank_company(GENERIC_EN, dev_data.today, top_n=20)
    for score in scores:
        themes = {r.param("concept") for r in score.reasons if r.code == "shared_term"}
        assert not themes & COMMON_CONCEPTS
        assert score.component("concept") == 0.0 or themes, score.call_id


GENERIC_SV = CompanyProfile(
    id="generic-sv", language="sv", region="Pohjanmaa", size_class="small",
    description="Ett företag som söker tillväxt. Företagets tillväxt och innovation.",
    keywords=("tillväxt", "företag", "innovation"))


def test_swedish_common_words_are_judged_through_their_concepts(dev_data, dev_matcher):
    terms = dev_matcher.featurizer.terms
    assert {terms.concepts[c].id for c in terms.extract("Företagets tillväxt", "sv")} >= {
        "enterprise", "growth"}
    call = dev_matcher.call("aktion-osterbotten-foretagsstod")
    themes, keywords = _themes_and_keywords(dev_matcher, GENERIC_SV, call, dev_data.today)
    assert not themes & COMMON_CONCEPTS
    assert not keywords
    assert dev_matcher.pair_components(GENERIC_SV, call)["concept"] == 0.0
