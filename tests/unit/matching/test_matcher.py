"""The Matcher: full, incremental and per-call rankings agree; nothing ineligible escapes."""

from __future__ import annotations

import pickle
import random
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from matching import COMPONENTS, CallProfile, CompanyProfile, Matcher, Weights, is_eligible


def test_full_ranking_respects_top_n_threshold_and_order(dev_data, dev_matcher):
    ranked = dev_matcher.rank_all(dev_data.today, top_n=5, threshold=20.0)
    assert set(ranked) == {c.id for c in dev_data.companies}
    for scores in ranked.values():
        assert len(scores) <= 5
        assert all(s.score >= 20.0 for s in scores)
        assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
        assert all(0 <= s.score <= 100 for s in scores)
        assert all([name for name, _ in s.components] == list(COMPONENTS) for s in scores)


def test_no_ineligible_call_is_ever_returned(dev_data, dev_matcher):
    companies = {c.id: c for c in dev_data.companies}
    calls = {k.id: k for k in dev_data.calls}
    for today in (dev_data.today, date(2026, 12, 16), date(2027, 2, 3)):
        ranked = dev_matcher.rank_all(today, top_n=None, threshold=0.0)
        for cid, scores in ranked.items():
            for s in scores:
                assert is_eligible(companies[cid], calls[s.call_id], today), (cid, s.call_id)
        eligible = sum(is_eligible(c, k, today) for c in companies.values()
                       for k in calls.values())
        assert ranked.n_matches == eligible  # threshold 0: every eligible pair is ranked


def test_random_profiles_never_get_ineligible_calls(dev_data, dev_matcher):
    rng = random.Random(5)
    regions = sorted({c.region for c in dev_data.companies}) + ["Lappi", None]
    for i in range(40):
        base = rng.choice(dev_data.companies)
        company = replace(base, id=f"r{i}", region=rng.choice(regions),
                          size_class=rng.choice(["micro", "small", "medium", "large", None]),
                          applicant_type=rng.choice(["company", "research", "ngo"]),
                          country=rng.choice(["FI", "SE"]))
        for s in dev_matcher.rank_company(company, dev_data.today, top_n=None, threshold=0,
                                          reasons=False):
            assert is_eligible(company, dev_matcher.call(s.call_id), dev_data.today)


def test_incremental_company_ranking_equals_the_full_ranking(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=20, threshold=0.0)
    for company in dev_data.companies:
        one = dev_matcher.rank_company(company, dev_data.today, top_n=20, threshold=0.0,
                                       reasons=False)
        assert [s.call_id for s in one] == [s.call_id for s in full[company.id]]
        for a, b in zip(one, full[company.id], strict=True):
            assert a.score == pytest.approx(b.score, abs=0.02)


def test_call_ranking_agrees_with_company_rankings(dev_data, dev_matcher):
    full = dev_matcher.rank_all(dev_data.today, top_n=None, threshold=0.0)
    call = dev_matcher.call("ely-yrityksen-kehittamisavustus")
    by_call = dev_matcher.rank_call(call, dev_data.today, threshold=0.0)
    expected = {cid: s.score for cid, scores in full.items() for s in scores
                if s.call_id == call.id}
    assert {s.company_id: s.score for s in by_call} == pytest.approx(expected, abs=0.02)
    assert [s.score for s in by_call] == sorted((s.score for s in by_call), reverse=True)


def test_new_call_is_scored_without_refit_and_closed_calls_match_nobody(dev_data, dev_matcher):
    new = CallProfile(
        id="new-hydrogen", language="en", title="Hydrogen valleys and electrolysers",
        description="Green hydrogen production for industry and heavy transport.",
        status="open", deadlines=(datetime(2027, 3, 1, 17, tzinfo=ZoneInfo("Europe/Brussels")),),
        applicant_types=(), countries=(), regions=())
    assert dev_matcher.rank_call(new, dev_data.today, top_n=3)
    assert dev_matcher.rank_call(replace(new, status="closed"), dev_data.today) == []


def test_upserts_and_removals(dev_data):
    matcher = Matcher.fit(dev_data.calls[:100], dev_data.companies[:10])
    company = replace(dev_data.companies[0], id="added")
    matcher.upsert_companies([company])
    assert "added" in matcher.rank_all(dev_data.today)
    matcher.remove_companies(["added"])
    assert "added" not in matcher.rank_all(dev_data.today)
    matcher.upsert_calls(dev_data.calls[100:])
    assert len(matcher.calls) == len(dev_data.calls)
    matcher.remove_calls([dev_data.calls[0].id])
    # the kept calls' signature ids are carried over, as if each were found again
    assert matcher._call_sig.tolist() == [matcher._sig_id(c) for c in matcher.calls]
    ranked = matcher.rank_all(dev_data.today, top_n=None, threshold=0)
    assert all(s.call_id != dev_data.calls[0].id for v in ranked.values() for s in v)


def _rebuilt_upsert(matcher, new):
    """Upserting as it was first written: every company's place, key and row set again."""
    import numpy as np
    import scipy.sparse as sp

    rows = matcher.featurizer.transform_companies(new)
    keep = [i for i, c in enumerate(matcher.companies) if c.id not in {n.id for n in new}]
    matcher.companies = [matcher.companies[i] for i in keep] + new
    matcher.company_index = {c.id: i for i, c in enumerate(matcher.companies)}
    matcher.company_rows = {name: sp.vstack([matcher.company_rows[name][np.asarray(keep)],
                                             rows[name]], format="csr") for name in rows}
    matcher._company_key = np.asarray([matcher._key_id(c) for c in matcher.companies],
                                      dtype=np.int32)
    matcher._version += 1


def test_upserting_companies_keeps_the_others_rows_keys_and_places(dev_data):
    matcher = Matcher.fit(dev_data.calls[:100], dev_data.companies[:30])
    rebuilt = pickle.loads(pickle.dumps(matcher))
    changed = [replace(dev_data.companies[i], description="Uusi painopiste: tekoäly.")
               for i in (3, 17, 29)]
    added = replace(dev_data.companies[0], id="added")
    for batch in ([*changed, added], [replace(dev_data.companies[1], id="another")]):
        matcher.upsert_companies(batch)
        _rebuilt_upsert(rebuilt, batch)
    ids = [c.id for c in matcher.companies]
    assert ids == ([c.id for i, c in enumerate(dev_data.companies[:30]) if i not in (3, 17, 29)]
                   + [c.id for c in changed] + ["added", "another"])
    assert ids == [c.id for c in rebuilt.companies]
    assert matcher.company_index == rebuilt.company_index
    assert matcher._company_key.tolist() == rebuilt._company_key.tolist()
    for name, rows in rebuilt.company_rows.items():
        ours = matcher.company_rows[name]
        assert (ours != rows).nnz == 0 and ours.shape == rows.shape
        assert (ours.dtype, ours.indices.dtype) == (rows.dtype, rows.indices.dtype)
    assert (matcher.rank_all(dev_data.today, top_n=None, threshold=0)
            == rebuilt.rank_all(dev_data.today, top_n=None, threshold=0))


def test_matcher_pickles_and_ranks_the_same(dev_data, dev_matcher):
    clone = pickle.loads(pickle.dumps(dev_matcher))
    company = dev_data.companies[3]
    assert clone.rank_company(company, dev_data.today, reasons=False) == \
        dev_matcher.rank_company(company, dev_data.today, reasons=False)


def test_results_do_not_depend_on_input_order(dev_data):
    a = Matcher.fit(dev_data.calls, dev_data.companies)
    b = Matcher.fit(list(reversed(dev_data.calls)), list(reversed(dev_data.companies)))
    ra, rb = a.rank_all(dev_data.today), b.rank_all(dev_data.today)
    for cid in ra:
        assert [s.call_id for s in ra[cid]] == [s.call_id for s in rb[cid]]


def test_worker_processes_give_identical_results(dev_data):
    one = Matcher.fit(dev_data.calls, dev_data.companies)
    two = Matcher.fit(dev_data.calls, dev_data.companies, workers=2)
    r1, r2 = one.rank_all(dev_data.today, chunk=8), two.rank_all(dev_data.today, chunk=8,
                                                                 workers=2)
    assert all(r1[c] == r2[c] for c in r1)


def test_weights_change_the_order_but_never_eligibility(dev_data, dev_matcher):
    only_targeting = dev_matcher.with_weights(Weights(0, 0, 0, 0, 1))
    ranked = only_targeting.rank_all(dev_data.today, top_n=None, threshold=0)
    default = dev_matcher.rank_all(dev_data.today, top_n=None, threshold=0)
    for cid in ranked:
        assert {s.call_id for s in ranked[cid]} == {s.call_id for s in default[cid]}


def test_empty_matcher_and_unknown_company():
    matcher = Matcher.fit([], [])
    assert matcher.rank_all(date(2026, 11, 28)) == {}
    assert matcher.rank_company(CompanyProfile(id="x"), date(2026, 11, 28)) == []


def test_call_from_a_funding_call_record():
    from connectors.records import FundingCall
    from matching.records import call_from_record

    deadline = datetime(2027, 2, 2, 17, tzinfo=ZoneInfo("Europe/Brussels"))
    record = FundingCall(source="eu-ft", source_id="T-1", title="Hydrogen valleys",
                         summary="Green hydrogen.", deadlines=(deadline,), status="open",
                         applicant_types=(), countries=None, keywords=("hydrogen",),
                         language="en", kind="announcement")
    call = call_from_record(record)
    assert call.id == "eu-ft:T-1" and call.description == "Green hydrogen."
    assert call.deadlines == (deadline,) and call.countries is None
    assert call.kind == "announcement" and call.keywords == ("hydrogen",)


def test_a_company_with_a_key_new_to_the_days_view_ranks_as_with_a_fresh_view(dev_data):
    """The day's view is extended for a company key it has not seen (a web worker's first
    save of a company in another municipality or size class), not rebuilt; the ranking must
    be the one a matcher that builds its view for that company alone gives."""
    warmed = Matcher.fit(dev_data.calls, dev_data.companies)
    warmed.rank_company(dev_data.companies[0], dev_data.today, reasons=False)  # the view
    munis = ["091", "305", "751", "905", "287", None]
    for i, muni in enumerate(munis):
        company = replace(dev_data.companies[i % len(dev_data.companies)], id=f"new{i}",
                          municipality_code=muni, size_class=["micro", "large"][i % 2])
        before = warmed._view_cache
        got = warmed.rank_company(company, dev_data.today, top_n=None, threshold=0.0,
                                  reasons=False)
        assert warmed._view_cache.active is before.active  # extended, calls side kept
        fresh = pickle.loads(pickle.dumps(warmed))
        fresh.__dict__.pop("_view_cache", None)
        want = fresh.rank_company(company, dev_data.today, top_n=None, threshold=0.0,
                                  reasons=False)
        assert [(s.call_id, s.score) for s in got] == [(s.call_id, s.score) for s in want]
        for s in got:
            assert is_eligible(company, warmed.call(s.call_id), dev_data.today)
