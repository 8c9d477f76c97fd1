"""Language-fair scoring: a pair of two languages, which cannot share words, is scored on the
text vectors' cosine instead (``Weights.cross_embedding``), or without vectors with its concept
and industry parts counted more (``Weights.cross_language_without_vectors``), the same way in
every direction."""

from __future__ import annotations

import dataclasses

from matching.score import Weights, relevance_of


def test_relevance_of_counts_cross_language_concepts_more_without_vectors() -> None:
    w = Weights().without_vectors()
    comps = {"concept": 0.4, "word": 0.0, "char": 0.0, "industry": 0.2, "targeting": 0.0,
             "embedding": 0.3}
    same = relevance_of(w, comps, same_language=True)
    cross = relevance_of(w, comps, same_language=False)
    assert cross > same and w.embedding == w.cross_embedding == 0.0
    assert abs(cross - w.cross_language * same) < 1e-6  # float32, as the matcher ranks
    assert w.cross_language == Weights().cross_language_without_vectors > 1.0


def test_the_vectors_weigh_more_for_a_pair_of_two_languages() -> None:
    w = Weights()
    comps = {"concept": 0.4, "word": 0.0, "char": 0.0, "industry": 0.2, "targeting": 0.0,
             "embedding": 0.3}
    same = relevance_of(w, comps, same_language=True)
    cross = relevance_of(w, comps, same_language=False)
    assert w.cross_embedding > w.embedding
    expected = (w.cross_embedding - w.embedding) * 0.3 + (w.cross_language - 1.0) * 0.45
    assert abs((cross - same) - expected) < 1e-6


def test_every_direction_scores_a_cross_language_pair_alike(dev_data, dev_matcher):
    today = dev_data.today
    company = next(c for c in dev_data.companies if c.language == "fi")
    listed = dev_matcher.rank_company(company, today, top_n=30, threshold=0.0)
    english = [s for s in listed if dev_matcher.call(s.call_id).language == "en"]
    assert english, "a Finnish company with no English call in its top 30"
    for s in english[:3]:
        call = dev_matcher.call(s.call_id)
        by_call = {x.company_id: x.score for x in
                   dev_matcher.rank_call(call, today, threshold=0.0)}
        assert abs(by_call[company.id] - s.score) < 0.02
        explained = dev_matcher.explain(company, call, today).score
        assert abs(explained.score - s.score) < 0.02
        by_all = {x.call_id: x.score for x in
                  dev_matcher.rank_all(today, top_n=None, threshold=0.0)[company.id]}
        assert abs(by_all[call.id] - s.score) < 0.02


def test_without_the_factor_english_calls_rank_lower(dev_data, dev_matcher):
    today = dev_data.today
    plain = dev_matcher.with_weights(dataclasses.replace(
        Weights(), cross_language_without_vectors=1.0))  # dev_matcher has no vectors
    finnish = [c for c in dev_data.companies if c.language == "fi"]

    def english_in_top10(matcher) -> int:
        ranked = matcher.rank_all(today, top_n=10, threshold=0.0)
        return sum(1 for c in finnish for s in ranked[c.id]
                   if matcher.call(s.call_id).language == "en")

    assert english_in_top10(dev_matcher) > english_in_top10(plain)


def test_stored_one_company_and_full_paths_give_one_ranking(dev_data, dev_matcher):
    """The app ranks through ``rank_stored`` (a changed call's companies) and
    ``rank_company`` (a saved profile); both must equal the full ranking, cross-language
    pairs included, since they share ``score.relevance``."""
    today = dev_data.today
    full = dev_matcher.rank_all(today, top_n=15, threshold=0.0)
    ids = [c.id for c in dev_data.companies]
    stored = dev_matcher.rank_stored(ids, today, top_n=15, threshold=0.0, chunk=7)
    for company in dev_data.companies:
        assert stored[company.id] == full[company.id]
        one = dev_matcher.rank_company(company, today, top_n=15, threshold=0.0,
                                       reasons=False)
        assert [(s.call_id, s.score) for s in one] == \
            [(s.call_id, s.score) for s in full[company.id]]
    languages = {dev_matcher.call(s.call_id).language for c in ids for s in full[c]}
    assert {"fi", "en"} <= languages
