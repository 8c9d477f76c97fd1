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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import scipy.sparse as sp

from matching import explain
from matching.common import concept_and_word
from matching.doubt import doubt_at
from matching.eligibility import call_failures
from matching.embedding import Embeddings, similarity
from matching.index import MatcherIndex, language_codes
from matching.matcher_vectors import TextVectors
from matching.parallel import map_ranges, ranges_as_done
from matching.ranking import Ranking, top_n_rows
from matching.records import CallProfile, CompanyProfile, Explanation, Score
from matching.relevance import COMPONENTS, FeatureConfig, Featurizer
from matching.score import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_N,
    HALF_SCORE_AT,
    Weights,
    relevance,
    relevance_rows,
    to_score,
)
from matching.terms import TermList

CHUNK = 2048
_DECIMALS = 5
def _relevance_floor(threshold: float) -> float:
    """The relevance at which ``to_score`` reaches the threshold (inverse of the map)."""
    t = min(max(threshold, 0.0), 99.999)
    return t * HALF_SCORE_AT / (100.0 - t)


@dataclass(frozen=True, eq=False)
class _View:
    """Today's matchable calls (``active`` indices into ``Matcher.calls``) and what the
    block scoring needs of them."""

    stamp: tuple
    keys: set[int]
    active: np.ndarray
    key_ok: np.ndarray  # per company key x active call: eligible
    dense: np.ndarray  # concept vectors, calls x concepts
    dense_t: np.ndarray
    call_t: dict[str, sp.csr_matrix]  # word / char, features x calls
    id_order: np.ndarray
    selectivity: np.ndarray
    languages: np.ndarray  # language code of each active call
    emb_t: np.ndarray | None  # centred call vectors, dim x active calls (None: no component)
    doubt_cols: np.ndarray  # active calls that state a doubtful condition (matching.doubt)
    key_doubt: np.ndarray  # per company key x those calls: the doubt


class Matcher(TextVectors, MatcherIndex):
    """Ranks companies against calls; see the module docstring for the three directions."""

    # -- building -----------------------------------------------------------------------
    @classmethod
    def fit(cls, calls: Sequence[CallProfile], companies: Sequence[CompanyProfile] = (),
            weights: Weights | None = None, config: FeatureConfig | None = None,
            workers: int = 1, terms: TermList | None = None,
            embeddings: Embeddings | None = None) -> Matcher:
        """Learn the feature spaces from the calls and index calls and companies
        (companies analysed in ``workers`` processes; see ``matching.parallel``); ``terms``
        replaces the packaged term list (the evaluation's leave-out). ``embeddings``: the
        text vectors of calls and companies (``matching.embedding``); their per-language call
        means are taken here, once per fit."""
        featurizer = Featurizer(config, terms)
        call_rows = featurizer.fit_transform_calls(calls) if calls else featurizer.fit(calls)
        matcher = cls(featurizer, weights)
        matcher._set_calls(list(calls), call_rows if calls else None)
        matcher._set_companies(list(companies), workers)
        if embeddings is not None:
            matcher.set_embeddings(embeddings)
        return matcher

    def with_weights(self, weights: Weights) -> Matcher:
        """A shallow copy that ranks with other weights; it shares the indexed vectors, so
        use it for ranking and keep updating the original."""
        clone = object.__new__(Matcher)
        clone.__dict__.update(self.__dict__)
        clone.weights = weights
        return clone


    # -- scoring ------------------------------------------------------------------------
    def _view(self, today: date, keys: np.ndarray) -> _View:
        """The calls that can match today (kind, status, deadline) and their vectors.

        Closed calls are never scored: dropping them before the products saves as much
        work as they are a share of the pool. Cached per day, weights and index version,
        and extended when a company brings a new key.
        """
        wanted = set(np.unique(keys).tolist())
        emb = self._embedding_on()
        stamp = (today, self.weights, self._version, emb.version if emb is not None else None)
        cached = getattr(self, "_view_cache", None)
        if cached is not None and cached.stamp == stamp:
            if wanted <= cached.keys:
                return cached
            return self._extend_view(cached, wanted)
        active = np.nonzero(self.call_mask(today))[0]
        ok, tgt = self._group_tables(keys, self._call_sig)
        sig = self._call_sig[active]
        key_ok = np.ascontiguousarray(ok[:, sig])
        doubt_cols, key_doubt = self.doubt_columns(sig)
        dense = self.call_rows["concept"][active].toarray() if len(active) else \
            np.zeros((0, self.call_rows["concept"].shape[1]), dtype=np.float32)
        view = _View(
            stamp=stamp, keys=wanted | set(np.unique(self._company_key).tolist()),
            active=active, key_ok=key_ok, dense=dense,
            dense_t=np.ascontiguousarray(dense.T),
            call_t={name: self.call_rows[name][active].T.tocsr() for name in ("word", "char")},
            id_order=self._id_order[active], selectivity=tgt[sig],
            languages=language_codes([self.calls[i].language for i in active]),
            emb_t=None if emb is None else np.ascontiguousarray(
                emb.call_matrix([self.calls[i] for i in active]).T),
            doubt_cols=doubt_cols, key_doubt=key_doubt)
        self._view_cache = view
        return view

    def _extend_view(self, view: _View, wanted: set[int]) -> _View:
        """The day's view with rows for company keys it has not seen (a company in a
        municipality or size class new to this process): only those keys' eligibility is
        worked out; the calls' side and the targeting (which counts stored companies, so a
        key seen first here does not move it) stay as they are."""
        new = np.asarray(sorted(wanted - view.keys), dtype=np.int64)
        key_ok = np.zeros((len(self._key_list), len(view.active)), dtype=bool)
        key_ok[:len(view.key_ok)] = view.key_ok
        key_doubt = np.zeros((len(self._key_list), len(view.doubt_cols)), dtype=np.float32)
        key_doubt[:len(view.key_doubt)] = view.key_doubt
        if len(view.active):
            sigs, inverse = np.unique(self._call_sig[view.active], return_inverse=True)
            key_ok[new] = self.key_rows(new, sigs)[:, inverse]
            key_doubt[new] = self.doubt_rows(new, self._call_sig[view.active[view.doubt_cols]])
        extended = replace(view, keys=view.keys | wanted, key_ok=np.ascontiguousarray(key_ok),
                           key_doubt=key_doubt)
        self._view_cache = extended
        return extended

    def _block(self, rows: dict[str, sp.csr_matrix], view: _View, key_ids: np.ndarray,
               top_n: int | None, threshold: float, languages: np.ndarray,
               vectors: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """(rows, cols, scores, components) of the best eligible calls of a company block.

        One dense product for the concept-space components, sparse products for word and
        char, combined by ``score.relevance`` (the formula every path shares, with the
        block's company ``languages``), the eligibility row of each company's key, then
        top-N; columns are returned as indices into ``self.calls``. ``vectors``: the block's
        centred company vectors (the embedding component is 0 without them).
        """
        concept, word = concept_and_word(
            self.featurizer, rows, {"concept": view.dense_t, "word": view.call_t["word"]})
        char = (rows["char"] @ view.call_t["char"]).toarray()
        industry = rows["industry"].toarray() @ view.dense_t
        cross = languages[:, None] != view.languages[None, :]
        on = vectors is not None and view.emb_t is not None
        embedding = similarity(vectors, view.emb_t) if on else np.float32(0.0)
        weights = self.scoring_weights()
        total = relevance(weights, concept, word, char, industry, view.selectivity[None, :],
                          cross, embedding)
        if len(view.doubt_cols):  # linear in targeting: a doubt d lowers it by weight x d,
            total[:, view.doubt_cols] = np.maximum(  # to 0 at most (every eligible pair ranks)
                total[:, view.doubt_cols] - np.float32(weights.targeting)
                * view.key_doubt[key_ids], np.float32(0.0))
        total = np.where(view.key_ok[key_ids], total, np.float32(-np.inf))
        # round away float noise (summation order differs with vocabulary order and batch
        # size), so near-ties fall to the call-id tie-break and results are reproducible
        np.round(total, _DECIMALS, out=total)
        r, c = top_n_rows(total, top_n, _relevance_floor(threshold), view.id_order)
        emb = embedding[r, c] if on else np.zeros(len(r), dtype=np.float32)
        comps = np.stack([concept[r, c], word[r, c], char[r, c], industry[r, c],
                          view.selectivity[c] - doubt_at(view.doubt_cols,
                                                         view.key_doubt[key_ids[r]], c),
                          emb], axis=1)
        return r, view.active[c], to_score(total[r, c]), comps

    def rank_all(self, today: date, top_n: int = DEFAULT_TOP_N,
                 threshold: float = DEFAULT_THRESHOLD, chunk: int = CHUNK,
                 workers: int = 1) -> Ranking:
        """Every stored company's best eligible calls (score >= threshold), best first.

        Returns a read-only mapping company id -> list of ``Score`` (built on access; fill
        in reasons with ``with_reasons``). Chunks of ``chunk`` companies are ranked in
        ``workers`` processes; memory grows with the chunk, not with the pool.
        """
        ranking = Ranking([c.id for c in self.companies], [c.id for c in self.calls],
                          COMPONENTS)
        with self._ranked_ranges(today, top_n, threshold, chunk, workers) as parts:
            for start, _stop, (r, c, scores, comps) in parts:
                ranking.add(r + start, c, scores, comps)
        return ranking

    @contextmanager
    def ranking_blocks(self, today: date, top_n: int = DEFAULT_TOP_N,
                       threshold: float = DEFAULT_THRESHOLD, chunk: int = CHUNK,
                       workers: int = 1) -> Iterator[Iterator[Ranking]]:
        """``rank_all`` in blocks of ``chunk`` stored companies, each its own ``Ranking``,
        given out as soon as it is ranked while the workers rank the next: a caller storing
        the lists overlaps its writes with the ranking. Identical lists to ``rank_all``."""
        call_ids = [c.id for c in self.calls]
        with self._ranked_ranges(today, top_n, threshold, chunk, workers) as parts:
            yield (_block_ranking([c.id for c in self.companies[start:stop]], call_ids, part)
                   for start, stop, part in parts)

    @contextmanager
    def _ranked_ranges(self, today: date, top_n: int | None, threshold: float, chunk: int,
                       workers: int) -> Iterator[Iterator[tuple[int, int, tuple]]]:
        n = len(self.companies)
        if not self.calls or not n:
            yield iter(())
            return
        view = self._view(today, self._company_key)
        ranges = [(s, min(s + chunk, n)) for s in range(0, n, chunk)]
        languages = language_codes([c.language for c in self.companies])
        vectors = self._company_vectors()
        with ranges_as_done(self._rank_range, (view, top_n, threshold, languages, vectors),
                            n, workers, ranges) as parts:
            yield ((start, stop, part) for (start, stop), part in zip(ranges, parts,
                                                                      strict=True))

    def _rank_range(self, view: _View, top_n: int | None, threshold: float,
                    languages: np.ndarray, vectors: np.ndarray | None, start: int,
                    stop: int) -> tuple[np.ndarray, ...]:
        rows = {name: m[start:stop] for name, m in self.company_rows.items()}
        return self._block(rows, view, self._company_key[start:stop], top_n, threshold,
                           languages[start:stop],
                           None if vectors is None else vectors[start:stop])

    def rank_stored(self, company_ids: Sequence[str], today: date,
                    top_n: int = DEFAULT_TOP_N, threshold: float = DEFAULT_THRESHOLD,
                    chunk: int = CHUNK, workers: int = 1) -> Ranking:
        """``rank_all`` for some of the stored companies (ids it does not hold are left out):
        the companies a changed call concerns, ranked in blocks instead of one by one."""
        idx = np.asarray([self.company_index[c] for c in dict.fromkeys(company_ids)
                          if c in self.company_index], dtype=np.int64)
        ranking = Ranking([self.companies[i].id for i in idx.tolist()],
                          [c.id for c in self.calls], COMPONENTS)
        if not self.calls or not len(idx):
            return ranking
        view = self._view(today, self._company_key[idx])
        ranges = [(s, min(s + chunk, len(idx))) for s in range(0, len(idx), chunk)]
        vectors = self._company_vectors()
        for start, part in zip((r[0] for r in ranges),
                               map_ranges(self._rank_some,
                                          (view, top_n, threshold, idx, vectors),
                                          len(idx), workers, ranges), strict=True):
            r, c, scores, comps = part
            ranking.add(r + start, c, scores, comps)
        return ranking

    def _rank_some(self, view: _View, top_n: int | None, threshold: float, idx: np.ndarray,
                   vectors: np.ndarray | None, start: int,
                   stop: int) -> tuple[np.ndarray, ...]:
        part = idx[start:stop]
        rows = {name: m[part] for name, m in self.company_rows.items()}
        return self._block(rows, view, self._company_key[part], top_n, threshold,
                           language_codes([self.companies[i].language for i in part.tolist()]),
                           None if vectors is None else vectors[part])

    def rank_company(self, company: CompanyProfile, today: date, top_n: int = DEFAULT_TOP_N,
                     threshold: float = DEFAULT_THRESHOLD, reasons: bool = True,
                     embedding: np.ndarray | None = None) -> list[Score]:
        """One (new or changed) company's best eligible calls, with reasons; the stored
        index is not changed (``upsert_companies`` does that). ``embedding``: its text
        vector, when not the stored one."""
        if not self.calls:
            return []
        rows = self.featurizer.transform_companies([company])
        key_ids = np.asarray([self._key_id(company)], dtype=np.int32)
        view = self._view(today, key_ids)
        r, c, scores, comps = self._block(rows, view, key_ids, top_n, threshold,
                                          language_codes([company.language]),
                                          self._vector_of(company, embedding))
        ranking = Ranking([company.id], [k.id for k in self.calls], COMPONENTS)
        ranking.add(r, c, scores, comps)
        result = ranking[company.id]
        if not reasons:
            return result
        return explain.with_reasons(self, result, today, company, company_rows=rows)

    def rank_call(self, call: CallProfile, today: date, top_n: int | None = None,
                  threshold: float = DEFAULT_THRESHOLD, reasons: bool = False,
                  embedding: np.ndarray | None = None) -> list[Score]:
        """Stored companies for which one (new or changed) call is an eligible match, best
        first (all above the threshold unless ``top_n``); reasons on request; ``embedding``:
        the call's text vector when not the stored one."""
        cand, scores, comps = self.call_scores(call, today, top_n, threshold, embedding)
        values = np.round(comps.astype(np.float64), 4).tolist()
        result = [Score(company_id=self.companies[i].id, call_id=call.id, score=score,
                        components=tuple(zip(COMPONENTS, vals, strict=True)))
                  for i, score, vals in zip(cand.tolist(), scores.tolist(), values, strict=True)]
        return self.with_reasons(result, today, call=call) if reasons else result

    def call_scores(self, call: CallProfile, today: date, top_n: int | None = None,
                    threshold: float = DEFAULT_THRESHOLD, embedding: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``rank_call`` as arrays: the stored companies' positions, their scores (0-100) and
        components, best first. For a new call against 100,000 companies, of which only the
        few whose list it enters need records."""
        if not self.companies or call_failures(call, today):
            return np.zeros(0, np.int64), np.zeros(0), np.zeros((0, len(COMPONENTS)))
        vec = self.featurizer.transform_calls([call])
        sig = np.asarray([self._sig_id(call)], dtype=np.int32)
        ok, tgt = self._group_tables(self._company_key, sig)
        rows = self.company_rows
        concept, word = concept_and_word(self.featurizer, rows,
                                          {name: vec[name].T for name in ("concept", "word")})
        call_vec = self._vector_of(call, embedding)
        company_vecs = self._company_vectors()
        emb = (similarity(company_vecs, call_vec.T).ravel() if call_vec is not None
               and company_vecs is not None else np.zeros(len(self.companies), np.float32))
        comps = np.stack([
            concept.ravel(),
            word.ravel(),
            (rows["char"] @ vec["char"].T).toarray().ravel(),
            (rows["industry"] @ vec["concept"].T).toarray().ravel(),
            np.full(len(self.companies), tgt[sig[0]], dtype=np.float32),
            emb,
        ], axis=1)
        doubt_cols, key_doubt = self.doubt_columns(sig)
        if len(doubt_cols):
            comps[:, 4] -= key_doubt[self._company_key, 0]
        cross = self._company_languages() != \
            language_codes([call.language])[0]
        total = np.round(np.maximum(
            relevance_rows(self.scoring_weights(), comps, cross), 0), _DECIMALS)
        total = np.where(ok[self._company_key, sig[0]], total, -np.inf)
        _r, cand = top_n_rows(total[None, :], top_n, _relevance_floor(threshold),
                              self._company_id_rank())
        return cand, np.round(to_score(total[cand].astype(np.float64)), 2), comps[cand]

    def pair_components(self, company: CompanyProfile, call: CallProfile) -> dict[str, float]:
        """Component scores of one pair, eligible or not (for explanations)."""
        rows = self.featurizer.transform_companies([company])
        call_t = {n: m.T.tocsr() for n, m in self.featurizer.transform_calls([call]).items()}
        sig = np.asarray([self._sig_id(call)], dtype=np.int32)
        key = np.asarray([self._key_id(company)])
        _ok, tgt = self._group_tables(key, sig)
        concept, word = concept_and_word(self.featurizer, rows, call_t)
        company_vec = self._vector_of(company)
        call_vec = self._vector_of(call)
        values = [
            concept[0, 0],
            word[0, 0],
            (rows["char"] @ call_t["char"]).toarray()[0, 0],
            (rows["industry"] @ call_t["concept"]).toarray()[0, 0],
            tgt[sig[0]] - self.doubt_rows(key, sig)[0, 0],
            0.0 if company_vec is None or call_vec is None
            else float(similarity(company_vec, call_vec.T)[0, 0]),
        ]
        return {name: round(float(v), 4) for name, v in zip(COMPONENTS, values, strict=True)}


    def replace_weights(self, weights: Weights) -> None:
        """Rank with other weights from now on (e.g. learned from feedback)."""
        self.weights = weights

    # -- explanations -------------------------------------------------------------------
    def explain(self, company: CompanyProfile, call: CallProfile, today: date) -> Explanation:
        """Why (not): passed and failed eligibility checks, components and reasons."""
        return explain.explain(self, company, call, today)

    def with_reasons(self, scores: list[Score], today: date,
                     company: CompanyProfile | None = None,
                     call: CallProfile | None = None) -> list[Score]:
        """Fill in the reasons of scores from ``rank_all`` (on demand: cheap for one
        company's list, too costly for two million matches at once). Pass ``company`` or
        ``call`` when that record is not stored in the matcher."""
        return explain.with_reasons(self, scores, today, company, call)


def _block_ranking(company_ids: list[str], call_ids: list[str], part: tuple) -> Ranking:
    ranking = Ranking(company_ids, call_ids, COMPONENTS)
    ranking.add(*part)
    return ranking
