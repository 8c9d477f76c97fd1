"""The Matcher: fitted once on the calls (and companies), then ranks in any direction.

* ``rank_all`` - every stored company's top N eligible calls, computed in chunks of companies
  so no dense company x call matrix is ever held (memory grows with the chunk, not the pool);
* ``rank_company`` - one new or changed company against all calls (no refit needed);
* ``rank_call`` - one new or changed call against all stored companies.

Eligibility is evaluated per distinct company key (applicant type, size, country, region)
and call restriction signature, then broadcast, so the hard rules cost almost nothing at
100,000 companies. Relevance is the weighted sum of component cosines (``score.Weights``);
ties are broken by call id, so results are deterministic. The object pickles (the app caches
it) and holds only sparse vectors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import scipy.sparse as sp

from matching.eligibility import call_failures, company_key, key_failures
from matching.records import CallProfile, CompanyProfile, Score
from matching.relevance import COMPONENTS, FeatureConfig, Featurizer
from matching.score import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_N,
    Weights,
    targeting,
    to_score,
)

CHUNK = 1024
_SPARSE = ("concept", "word", "char")


def _signature(call: CallProfile) -> tuple:
    """The call fields the company-side rules and targeting read."""
    return (call.applicant_types, call.sme_only, call.large_only, call.midcap_allowed,
            call.countries, call.regions)


class Matcher:
    """Ranks companies against calls; see the module docstring for the three directions."""

    def __init__(self, featurizer: Featurizer, weights: Weights | None = None) -> None:
        self.featurizer = featurizer
        self.weights = weights or Weights()
        self.calls: list[CallProfile] = []
        self.call_rows: dict[str, sp.csr_matrix] = {}
        self._call_t: dict[str, sp.csr_matrix] = {}
        self._call_sig: np.ndarray = np.zeros(0, dtype=np.int32)
        self._sigs: dict[tuple, int] = {}
        self._sig_calls: list[CallProfile] = []
        self._id_order: np.ndarray = np.zeros(0, dtype=np.int64)
        self.companies: list[CompanyProfile] = []
        self.company_rows: dict[str, sp.csr_matrix] = {}
        self._company_key: np.ndarray = np.zeros(0, dtype=np.int32)
        self._keys: dict[tuple, int] = {}
        self._key_list: list[CompanyProfile] = []
        self._pair_cache: dict[tuple[int, int], tuple[bool, float]] = {}

    # -- building -----------------------------------------------------------------------
    @classmethod
    def fit(cls, calls: Sequence[CallProfile], companies: Sequence[CompanyProfile] = (),
            weights: Weights | None = None, config: FeatureConfig | None = None) -> Matcher:
        """Learn the feature spaces from the calls and index calls and companies."""
        matcher = cls(Featurizer(config).fit(calls), weights)
        matcher._set_calls(list(calls))
        matcher._set_companies(list(companies))
        return matcher

    def with_weights(self, weights: Weights) -> Matcher:
        """A copy sharing the indexed vectors but ranking with other weights."""
        clone = object.__new__(Matcher)
        clone.__dict__.update(self.__dict__)
        clone.weights = weights
        return clone

    def _set_calls(self, calls: list[CallProfile]) -> None:
        self.calls = calls
        self.call_index = {c.id: i for i, c in enumerate(calls)}
        self.call_rows = self.featurizer.transform_calls(calls) if calls else {}
        self._call_t = {name: m.T.tocsr() for name, m in self.call_rows.items()}
        self._call_sig = np.asarray([self._sig_id(c) for c in calls], dtype=np.int32)
        order = sorted(range(len(calls)), key=lambda i: calls[i].id)
        self._id_order = np.empty(len(calls), dtype=np.int64)
        self._id_order[order] = np.arange(len(calls))

    def _set_companies(self, companies: list[CompanyProfile]) -> None:
        self.companies = companies
        self.company_index = {c.id: i for i, c in enumerate(companies)}
        self.company_rows = self.featurizer.transform_companies(companies) if companies else {}
        self._company_key = np.asarray([self._key_id(c) for c in companies], dtype=np.int32)

    def upsert_calls(self, calls: Iterable[CallProfile]) -> None:
        """Add or replace calls (feature spaces stay those of the fit; refit now and then)."""
        merged = {c.id: c for c in self.calls}
        merged.update({c.id: c for c in calls})
        self._set_calls(list(merged.values()))

    def remove_calls(self, call_ids: Iterable[str]) -> None:
        """Forget calls."""
        gone = set(call_ids)
        self._set_calls([c for c in self.calls if c.id not in gone])

    def upsert_companies(self, companies: Iterable[CompanyProfile]) -> None:
        """Add or replace companies; only the new rows are analysed."""
        new = list(companies)
        if not new:
            return
        rows = self.featurizer.transform_companies(new)
        keep = [i for i, c in enumerate(self.companies) if c.id not in {n.id for n in new}]
        self.companies = [self.companies[i] for i in keep] + new
        self.company_index = {c.id: i for i, c in enumerate(self.companies)}
        if self.company_rows and keep:
            idx = np.asarray(keep)
            self.company_rows = {name: sp.vstack([self.company_rows[name][idx], rows[name]],
                                                 format="csr") for name in rows}
        else:
            self.company_rows = rows
        self._company_key = np.asarray([self._key_id(c) for c in self.companies],
                                       dtype=np.int32)

    def remove_companies(self, company_ids: Iterable[str]) -> None:
        """Forget companies."""
        gone = set(company_ids)
        keep = [i for i, c in enumerate(self.companies) if c.id not in gone]
        self.companies = [self.companies[i] for i in keep]
        self.company_index = {c.id: i for i, c in enumerate(self.companies)}
        idx = np.asarray(keep, dtype=np.int64)
        self.company_rows = {name: m[idx] for name, m in self.company_rows.items()}
        self._company_key = self._company_key[idx]

    # -- eligibility and targeting by groups ----------------------------------------------
    def _key_id(self, company: CompanyProfile) -> int:
        key = company_key(company)
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = len(self._key_list)
            self._key_list.append(company)
        return found

    def _sig_id(self, call: CallProfile) -> int:
        sig = _signature(call)
        found = self._sigs.get(sig)
        if found is None:
            found = self._sigs[sig] = len(self._sig_calls)
            self._sig_calls.append(call)
        return found

    def _pair(self, key: int, sig: int) -> tuple[bool, float]:
        hit = self._pair_cache.get((key, sig))
        if hit is None:
            company, call = self._key_list[key], self._sig_calls[sig]
            hit = (not key_failures(company_key(company), call), targeting(company, call))
            self._pair_cache[(key, sig)] = hit
        return hit

    def _group_tables(self, keys: np.ndarray, sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(eligible, targeting) tables indexed [key, sig] for the keys and sigs given."""
        n_keys, n_sigs = len(self._key_list), len(self._sig_calls)
        ok = np.zeros((n_keys, n_sigs), dtype=bool)
        tgt = np.zeros((n_keys, n_sigs), dtype=np.float32)
        for k in np.unique(keys):
            for s in np.unique(sigs):
                ok[k, s], tgt[k, s] = self._pair(int(k), int(s))
        return ok, tgt

    def call_mask(self, today: date) -> np.ndarray:
        """Calls whose own rules (kind, status, deadline) pass today."""
        return np.asarray([not call_failures(c, today) for c in self.calls], dtype=bool)

    # -- scoring ------------------------------------------------------------------------
    def _components(self, rows: dict[str, sp.csr_matrix], call_t: dict[str, sp.csr_matrix],
                    key_ids: np.ndarray, sig_ids: np.ndarray,
                    tgt: np.ndarray) -> np.ndarray:
        """Dense components (n_components, n_rows, n_calls) for a block of companies."""
        n, m = rows["concept"].shape[0], call_t["concept"].shape[1]
        out = np.zeros((len(COMPONENTS), n, m), dtype=np.float32)
        for i, name in enumerate(COMPONENTS):
            if name in _SPARSE:
                out[i] = (rows[name] @ call_t[name]).toarray()
            elif name == "industry":
                out[i] = (rows["industry"] @ call_t["concept"]).toarray()
            else:
                out[i] = tgt[key_ids][:, sig_ids]
        return out

    def _relevance(self, comps: np.ndarray) -> np.ndarray:
        w = self.weights.as_array()
        total = np.tensordot(w, comps, axes=1)
        return np.round(total, 6)

    def _top(self, relevance: np.ndarray, eligible: np.ndarray, top_n: int | None,
             threshold: float, id_order: np.ndarray) -> list[np.ndarray]:
        """Per row: indices of the best eligible columns, ties broken by call id."""
        scores = np.where(eligible, to_score(relevance), -1.0)
        result = []
        for r in range(scores.shape[0]):
            row = scores[r]
            cand = np.nonzero(row >= max(threshold, 0.0))[0]
            if top_n is not None and len(cand) > top_n:
                cut = np.partition(row[cand], -top_n)[-top_n]
                cand = cand[row[cand] >= cut]
            order = np.lexsort((id_order[cand], -row[cand]))
            result.append(cand[order][:top_n] if top_n is not None else cand[order])
        return result

    def _scores(self, company_ids: Sequence[str], picks: list[np.ndarray],
                relevance: np.ndarray, comps: np.ndarray,
                call_ids: Sequence[str]) -> list[list[Score]]:
        out = []
        for r, cols in enumerate(picks):
            out.append([Score(
                company_id=company_ids[r], call_id=call_ids[c],
                score=round(float(to_score(relevance[r, c])), 2),
                components=tuple((name, round(float(comps[i, r, c]), 4))
                                 for i, name in enumerate(COMPONENTS)),
            ) for c in cols])
        return out

    def _rank_block(self, companies: Sequence[CompanyProfile], rows: dict[str, sp.csr_matrix],
                    key_ids: np.ndarray, today_mask: np.ndarray, top_n: int | None,
                    threshold: float, tables: tuple[np.ndarray, np.ndarray]) -> list[list[Score]]:
        ok, tgt = tables
        comps = self._components(rows, self._call_t, key_ids, self._call_sig, tgt)
        relevance = self._relevance(comps)
        eligible = ok[key_ids][:, self._call_sig] & today_mask[None, :]
        picks = self._top(relevance, eligible, top_n, threshold, self._id_order)
        return self._scores([c.id for c in companies], picks, relevance, comps,
                            [c.id for c in self.calls])

    def rank_all(self, today: date, top_n: int = DEFAULT_TOP_N,
                 threshold: float = DEFAULT_THRESHOLD,
                 chunk: int = CHUNK) -> dict[str, list[Score]]:
        """Every stored company's best eligible calls (score >= threshold), best first."""
        result: dict[str, list[Score]] = {}
        if not self.calls or not self.companies:
            return {c.id: [] for c in self.companies}
        today_mask = self.call_mask(today)
        tables = self._group_tables(self._company_key, self._call_sig)
        for start in range(0, len(self.companies), chunk):
            block = self.companies[start:start + chunk]
            rows = {name: m[start:start + chunk] for name, m in self.company_rows.items()}
            ranked = self._rank_block(block, rows, self._company_key[start:start + chunk],
                                      today_mask, top_n, threshold, tables)
            result.update({c.id: s for c, s in zip(block, ranked, strict=True)})
        return result

    def rank_company(self, company: CompanyProfile, today: date, top_n: int = DEFAULT_TOP_N,
                     threshold: float = DEFAULT_THRESHOLD) -> list[Score]:
        """One (new or changed) company's best eligible calls; the index is not changed."""
        if not self.calls:
            return []
        rows = self.featurizer.transform_companies([company])
        key_ids = np.asarray([self._key_id(company)], dtype=np.int32)
        tables = self._group_tables(key_ids, self._call_sig)
        return self._rank_block([company], rows, key_ids, self.call_mask(today), top_n,
                                threshold, tables)[0]

    def rank_call(self, call: CallProfile, today: date, top_n: int | None = None,
                  threshold: float = DEFAULT_THRESHOLD) -> list[Score]:
        """All stored companies for which one (new or changed) call is an eligible match."""
        if not self.companies or call_failures(call, today):
            return []
        call_rows = self.featurizer.transform_calls([call])
        call_t = {name: m.T.tocsr() for name, m in call_rows.items()}
        sig = np.asarray([self._sig_id(call)], dtype=np.int32)
        ok, tgt = self._group_tables(self._company_key, sig)
        comps = np.concatenate([
            self._components({n: m[s:s + 65536] for n, m in self.company_rows.items()},
                             call_t, self._company_key[s:s + 65536], sig, tgt)
            for s in range(0, len(self.companies), 65536)], axis=1)
        relevance = self._relevance(comps)[:, 0]
        eligible = ok[self._company_key, sig[0]]
        scores = np.where(eligible, to_score(relevance), -1.0)
        cand = np.nonzero(scores >= max(threshold, 0.0))[0]
        if top_n is not None and len(cand) > top_n:
            cut = np.partition(scores[cand], -top_n)[-top_n]
            cand = cand[scores[cand] >= cut]
        ids = np.asarray([self.companies[i].id for i in cand])
        order = np.lexsort((ids, -scores[cand])) if len(cand) else np.zeros(0, dtype=int)
        cand = cand[order][:top_n] if top_n is not None else cand[order]
        return [Score(company_id=self.companies[i].id, call_id=call.id,
                      score=round(float(scores[i]), 2),
                      components=tuple((name, round(float(comps[j, i, 0]), 4))
                                       for j, name in enumerate(COMPONENTS)))
                for i in cand]

    def pair_components(self, company: CompanyProfile, call: CallProfile) -> dict[str, float]:
        """Component scores of one pair, eligible or not (for explanations)."""
        rows = self.featurizer.transform_companies([company])
        call_t = {n: m.T.tocsr() for n, m in self.featurizer.transform_calls([call]).items()}
        tgt = np.asarray([[targeting(company, call)]], dtype=np.float32)
        comps = self._components(rows, call_t, np.zeros(1, dtype=np.int32),
                                 np.zeros(1, dtype=np.int32), tgt)
        return {name: round(float(comps[i, 0, 0]), 4) for i, name in enumerate(COMPONENTS)}

    def company(self, company_id: str) -> CompanyProfile:
        """A stored company by id."""
        return self.companies[self.company_index[company_id]]

    def call(self, call_id: str) -> CallProfile:
        """A stored call by id."""
        return self.calls[self.call_index[call_id]]

    def replace_weights(self, weights: Weights) -> None:
        """Rank with other weights from now on (e.g. learned from feedback)."""
        self.weights = replace(weights)
