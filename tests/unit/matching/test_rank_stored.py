"""Ranking some stored companies in blocks, and a ranking's flat lists, agree with the full one."""

from __future__ import annotations


def test_some_companies_ranked_in_blocks_equal_their_full_ranking(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=20, threshold=10.0)
    some = [c.id for c in dev_data.companies[::3]] + ["no-such-company"]
    part = dev_matcher.rank_stored(some, dev_data.today, top_n=20, threshold=10.0, chunk=4,
                                   workers=2)
    assert set(part) == set(some) - {"no-such-company"}
    assert "no-such-company" not in part and some[0] in part
    assert all(part[c] == full[c] for c in part)


def test_flat_lists_are_the_scores_rounded_alike(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=5, threshold=10.0)
    for company_id in list(full)[:20]:
        calls, scores, comps = full.flat(company_id)
        assert calls == [s.call_id for s in full[company_id]]
        assert scores == [s.score for s in full[company_id]]
        assert comps == [[v for _n, v in s.components] for s in full[company_id]]
