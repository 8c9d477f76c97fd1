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


def test_the_lists_of_many_companies_at_once_are_each_ones_flat_list(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=5, threshold=10.0)
    wanted = list(full)[::2][:40] + ["no-such-company"]
    lists = list(full.flat_lists(wanted))
    assert [c for c, *_ in lists] == wanted[:-1]  # in the order asked, unknown ones left out
    assert sum(len(calls) for _c, calls, *_ in lists) > 40  # real lists, not empty ones
    for company_id, calls, scores, comps in lists:
        assert (calls, scores, comps) == full.flat(company_id)
    assert list(full.flat_lists([])) == []


def test_ranking_blocks_give_the_full_ranking_block_by_block(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=8, threshold=10.0)
    seen: list[str] = []
    with dev_matcher.ranking_blocks(dev_data.today, top_n=8, threshold=10.0, chunk=7,
                                    workers=2) as blocks:
        for block in blocks:
            assert len(block) <= 7
            seen += list(block)
            assert all(block[c] == full[c] for c in block)
    assert seen == list(full)  # every company once, in the matcher's order


def test_leaving_the_blocks_early_stops_the_workers(dev_data, dev_matcher):
    import multiprocessing

    with dev_matcher.ranking_blocks(dev_data.today, top_n=3, threshold=10.0, chunk=5,
                                    workers=2) as blocks:
        first = next(iter(blocks))
        assert len(first) == 5
    assert not multiprocessing.active_children()
