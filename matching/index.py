"""The stored side of the ``Matcher``: the calls and companies it holds, their vectors, and the
eligibility of company groups against call groups, kept in step as records come and go.

``matching.matcher`` ranks with what is stored here; ``matching.explain`` reads it through the
public methods below (``company``, ``call``, ``company_concepts``, ``call_concepts``, ``terms``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import scipy.sparse as sp

from matching.conditions import text_conditions
from matching.doubt import has_doubt, key_doubt
from matching.eligibility import call_failures, company_key, key_failures
from matching.parallel import map_ranges
from matching.records import CallProfile, CompanyProfile
from matching.relevance import Featurizer
from matching.score import Weights


def row_dict(matrix: sp.csr_matrix) -> dict[int, float]:
    """The non-zero entries of a one-row sparse matrix, column -> value."""
    row = matrix.tocsr()
    return {int(i): float(v) for i, v in zip(row.indices, row.data, strict=True)}


def _transform_part(featurizer: Featurizer, companies: Sequence[CompanyProfile], start: int,
                    stop: int) -> dict[str, sp.csr_matrix]:
    return featurizer.transform_companies(companies[start:stop])


def _signature(call: CallProfile) -> tuple:
    """The call fields the company-side rules and targeting read (with the region and size
    conditions its text states)."""
    found = text_conditions(call)
    return (call.applicant_types, call.sme_only, call.large_only, call.midcap_allowed,
            call.countries, call.regions, found.regions, found.sizes, found.municipalities,
            found.sectors, found.excluded_sectors, found.rural, found.soft_max_staff,
            found.max_age_years)


def _rows_then(matrix: sp.csr_matrix, spans: list[tuple[int, int]],
               more: sp.csr_matrix) -> sp.csr_matrix:
    """The rows ``[a, b)`` of ``matrix`` for each span, then the rows of ``more``, with each
    array copied once (slicing first and stacking after copies every stored value twice: a
    tenth of a second a matrix at 100,000 companies)."""
    ip = matrix.indptr
    data = np.concatenate([*(matrix.data[ip[a]:ip[b]] for a, b in spans),
                           more.data.astype(matrix.data.dtype, copy=False)])
    indices = np.concatenate([*(matrix.indices[ip[a]:ip[b]] for a, b in spans), more.indices])
    lengths = np.concatenate([*(np.diff(ip[a:b + 1]) for a, b in spans), np.diff(more.indptr)])
    indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    if indptr[-1] <= np.iinfo(matrix.indptr.dtype).max:  # the index type stays as it was
        indptr = indptr.astype(matrix.indptr.dtype)
    return sp.csr_matrix((data, indices, indptr), shape=(len(lengths), matrix.shape[1]))


_LANGUAGES = {"fi": 0, "sv": 1, "en": 2}


def language_codes(languages: Sequence[str]) -> np.ndarray:
    """Small integer codes of languages (``Weights.cross_language`` compares them)."""
    return np.asarray([_LANGUAGES.get(lang, 9) for lang in languages], dtype=np.int8)


class MatcherIndex:
    """Calls and companies with their vectors; ``Matcher`` ranks with them."""

    def __init__(self, featurizer: Featurizer, weights: Weights | None = None) -> None:
        self.featurizer = featurizer
        self.weights = weights or Weights()
        self.calls: list[CallProfile] = []
        self.call_rows: dict[str, sp.csr_matrix] = {}
        self._call_sig: np.ndarray = np.zeros(0, dtype=np.int32)
        self._sigs: dict[tuple, int] = {}
        self._sig_calls: list[CallProfile] = []
        self._id_order: np.ndarray = np.zeros(0, dtype=np.int64)
        self.companies: list[CompanyProfile] = []
        self.company_rows: dict[str, sp.csr_matrix] = {}
        self._company_key: np.ndarray = np.zeros(0, dtype=np.int32)
        self._keys: dict[tuple, int] = {}
        self._key_list: list[CompanyProfile] = []
        self._base_cache: dict[tuple[int, int], bool] = {}  # (base key, sig) -> eligible
        self._version = 0  # bumped by every change of calls or companies (cache stamps)
        self.embeddings = None  # matching.embedding.Embeddings, set by Matcher.set_embeddings

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for cache in ("_view_cache", "_id_rank_cache", "_company_emb_cache"):
            state.pop(cache, None)  # derived; rebuilt on first use
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def _set_calls(self, calls: list[CallProfile], rows: dict[str, sp.csr_matrix] | None = None,
                   kept_sigs: np.ndarray | None = None) -> None:
        """``kept_sigs``: the signature ids of the first calls, known already (the rest's are
        found: a call's signature reads its text's conditions)."""
        self._version += 1
        self.calls = calls
        self.call_index = {c.id: i for i, c in enumerate(calls)}
        if rows is None:
            rows = self.featurizer.transform_calls(calls) if calls else {}
        self.call_rows = rows
        known = 0 if kept_sigs is None else len(kept_sigs)
        self._call_sig = np.concatenate([
            np.zeros(0, dtype=np.int32) if kept_sigs is None else kept_sigs,
            np.asarray([self._sig_id(c) for c in calls[known:]], dtype=np.int32)])
        order = sorted(range(len(calls)), key=lambda i: calls[i].id)
        self._id_order = np.empty(len(calls), dtype=np.int64)
        self._id_order[order] = np.arange(len(calls))

    def _set_companies(self, companies: list[CompanyProfile], workers: int = 1) -> None:
        self._version += 1
        self.companies = companies
        self.company_index = {c.id: i for i, c in enumerate(companies)}
        self.company_rows = {}
        if companies:
            parts = map_ranges(_transform_part, (self.featurizer, companies), len(companies),
                               workers)
            self.company_rows = {name: sp.vstack([p[name] for p in parts], format="csr")
                                 for name in parts[0]}
        self._company_key = np.asarray([self._key_id(c) for c in companies], dtype=np.int32)

    def upsert_calls(self, calls: Iterable[CallProfile]) -> None:
        """Add or replace calls; only the new ones are analysed. The feature spaces (and
        IDF) stay those of the fit: refit now and then, e.g. nightly."""
        new = list({c.id: c for c in calls}.values())
        if not new:
            return
        replaced = {c.id for c in new}
        keep = [i for i, c in enumerate(self.calls) if c.id not in replaced]
        rows = self.featurizer.transform_calls(new)
        if self.call_rows and keep:
            idx = np.asarray(keep)
            rows = {name: sp.vstack([self.call_rows[name][idx], rows[name]], format="csr")
                    for name in rows}
        self._set_calls([self.calls[i] for i in keep] + new, rows,
                        self._call_sig[np.asarray(keep, dtype=np.int64)])

    def remove_calls(self, call_ids: Iterable[str]) -> None:
        """Forget calls."""
        gone = set(call_ids)
        keep = [i for i, c in enumerate(self.calls) if c.id not in gone]
        idx = np.asarray(keep, dtype=np.int64)
        rows = {name: m[idx] for name, m in self.call_rows.items()} if keep else None
        self._set_calls([self.calls[i] for i in keep], rows, self._call_sig[idx])

    def upsert_companies(self, companies: Iterable[CompanyProfile]) -> None:
        """Add or replace companies; only the new rows are analysed."""
        new = list(companies)
        if not new:
            return
        self._version += 1
        rows = self.featurizer.transform_companies(new)
        # the replaced ones leave their places and join the new at the end; the rest keep their
        # rows, keys and places (a few companies changed among 100,000: nothing is redone for
        # the others, the kept rows are copied as contiguous slices)
        index = self.__dict__.setdefault("company_index", {})
        gone = sorted({index[n.id] for n in new if n.id in index})
        bounds = [-1, *gone, len(self.companies)]
        spans = [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a + 1]
        kept = [c for a, b in spans for c in self.companies[a:b]]
        new_keys = np.asarray([self._key_id(c) for c in new], dtype=np.int32)
        old_keys = [self._company_key[a:b] for a, b in spans] if len(self._company_key) else []
        self._company_key = np.concatenate([*old_keys, new_keys]).astype(np.int32)
        if self.company_rows and kept:
            self.company_rows = {name: _rows_then(self.company_rows[name], spans, rows[name])
                                 for name in rows}
        else:
            self.company_rows = rows
        self.companies = kept + new
        start = gone[0] if gone else len(kept)  # the places before the first replaced one stay
        self.company_index = index
        index.update((c.id, i) for i, c in enumerate(self.companies[start:], start))

    def remove_companies(self, company_ids: Iterable[str]) -> None:
        """Forget companies."""
        gone = set(company_ids)
        self._version += 1
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

    def _base_of_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """Per key id: the id of its key without the municipality, and its municipality code
        ('' when unknown). Only the municipality rule reads the municipality, so eligibility
        is evaluated per base key and the municipality lists applied as one vector test:
        every municipality makes its own keys, and a loop over them would cost seconds."""
        bases: dict[tuple, int] = getattr(self, "_base_ids", None) or {}
        base_of: list[int] = list(getattr(self, "_base_of", []))
        munis: list[str] = list(getattr(self, "_key_muni", []))
        for company in self._key_list[len(base_of):]:
            key = company_key(company)
            base_of.append(bases.setdefault(key._replace(municipality=None), len(bases)))
            munis.append(key.municipality or "")
        self._base_ids, self._base_of, self._key_muni = bases, base_of, munis
        return np.asarray(base_of, dtype=np.int64), np.asarray(munis, dtype=object)

    def _base_ok(self, base: int, key: int, sig: int) -> bool:
        """Eligibility of a base key (a key without municipality) for a call signature."""
        cache = self.__dict__.setdefault("_base_cache", {})
        hit = cache.get((base, sig))
        if hit is None:
            company, call = self._key_list[key], self._sig_calls[sig]
            hit = cache[(base, sig)] = not key_failures(
                company_key(company)._replace(municipality=None), call)
        return hit

    def _group_tables(self, keys: np.ndarray, sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Eligibility table [key, sig] and targeting per sig for the keys and sigs given.

        Targeting is the call's selectivity: the share of the stored companies its
        company-side restrictions exclude. A regional call or a large-company call is aimed
        at few companies, so the companies it admits get a bonus; SME-only company
        instruments, open to almost everyone, get almost none. No hand-set weights.
        """
        population = np.bincount(self._company_key, minlength=len(self._key_list))
        wanted_keys = np.union1d(np.unique(keys), np.nonzero(population)[0])
        ok = np.zeros((len(self._key_list), len(self._sig_calls)), dtype=bool)
        wanted_sigs = np.unique(sigs)
        ok[np.ix_(wanted_keys, wanted_sigs)] = self.key_rows(wanted_keys, wanted_sigs)
        total = population.sum()
        share = (population @ ok) / total if total else np.ones(ok.shape[1])
        return ok, (1.0 - share).astype(np.float32)

    def key_rows(self, keys: np.ndarray, sigs: np.ndarray) -> np.ndarray:
        """Eligibility [key, sig] of just these (unique) company keys and call signatures:
        what a company with a key seen for the first time needs, without the whole table."""
        base_of, munis = self._base_of_keys()
        keys, sigs = np.asarray(keys, dtype=np.int64), np.asarray(sigs, dtype=np.int64)
        bases, first = np.unique(base_of[keys], return_index=True)
        base_ok = np.zeros((int(base_of.max()) + 1 if len(base_of) else 0,
                            len(self._sig_calls)), dtype=bool)
        for b, k in zip(bases.tolist(), keys[first].tolist(), strict=True):
            for s in sigs.tolist():
                base_ok[b, s] = self._base_ok(b, k, s)
        ok = base_ok[np.ix_(base_of[keys], sigs)]
        key_munis = munis[keys]
        for j, s in enumerate(sigs.tolist()):
            listed = text_conditions(self._sig_calls[s]).municipalities
            if listed:
                ok[:, j] &= (key_munis == "") | np.isin(key_munis,
                                                        np.asarray(listed, dtype=object))
        return ok

    def doubt_rows(self, keys: np.ndarray, sigs: np.ndarray) -> np.ndarray:
        """Doubt [key, sig] (``matching.doubt``) of these company keys and call signatures."""
        keys = np.asarray(keys, dtype=np.int64)
        out = np.zeros((len(keys), len(sigs)), dtype=np.float32)
        unique, inverse = np.unique(keys, return_inverse=True)
        key_of = [company_key(self._key_list[k]) for k in unique.tolist()]
        for j, s in enumerate(np.asarray(sigs).tolist()):
            call = self._sig_calls[s]
            if len(keys) and has_doubt(text_conditions(call)):
                per_key = np.asarray([key_doubt(key, call) for key in key_of], dtype=np.float32)
                out[:, j] = per_key[inverse]
        return out

    def doubt_columns(self, sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The positions among ``sigs`` (the active calls' signatures) whose call states a
        doubtful condition, and the doubt of every known company key there."""
        sigs = np.asarray(sigs)
        cols = np.asarray([j for j, s in enumerate(sigs.tolist())
                           if has_doubt(text_conditions(self._sig_calls[s]))], dtype=np.int64)
        return cols, self.doubt_rows(np.arange(len(self._key_list)), sigs[cols])

    def prepare_texts(self) -> None:
        """Read every call's text for the conditions it states (cached per text), so that the
        first explanations of a fresh process do not pay for it: a loaded matcher's warm-up."""
        for call in self.calls:
            text_conditions(call)

    def _company_id_rank(self) -> np.ndarray:
        """Each stored company's position in id order (tie-break of ``rank_call``)."""
        cached = getattr(self, "_id_rank_cache", None)
        if cached is None or cached[0] != self._version:
            ids = np.asarray([c.id for c in self.companies])
            rank = np.empty(len(ids), dtype=np.int64)
            rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
            cached = self._id_rank_cache = (self._version, rank)
        return cached[1]

    def _company_languages(self) -> np.ndarray:
        """The stored companies' language codes (kept per index version: a new call reads
        them for 100,000 companies)."""
        cached = getattr(self, "_languages_cache", None)
        if cached is None or cached[0] != self._version:
            codes = language_codes([c.language for c in self.companies])
            cached = self._languages_cache = (self._version, codes)
        return cached[1]

    def call_mask(self, today: date) -> np.ndarray:
        """Calls whose own rules (kind, status, deadline) pass today."""
        return np.asarray([not call_failures(c, today) for c in self.calls], dtype=bool)

    def company(self, company_id: str) -> CompanyProfile:
        """A stored company by id."""
        return self.companies[self.company_index[company_id]]

    def call(self, call_id: str) -> CallProfile:
        """A stored call by id."""
        return self.calls[self.call_index[call_id]]

    # -- what explanations read --------------------------------------------------------------
    @property
    def terms(self):  # type: ignore[no-untyped-def]
        """The concept vocabulary the vectors are built on."""
        return self.featurizer.terms

    def company_concepts(self, company: CompanyProfile) -> dict[int, float]:
        """The company's concept weights: stored ones if it is stored unchanged, else computed."""
        index = self.company_index.get(company.id)
        if index is not None and self.companies[index] == company:
            return row_dict(self.company_rows["concept"][index])
        return row_dict(self.featurizer.transform_companies([company])["concept"])

    def call_concepts(self, call: CallProfile) -> dict[int, float]:
        """The call's concept weights: stored ones if it is stored unchanged, else computed."""
        index = self.call_index.get(call.id)
        if index is not None and self.calls[index] == call:
            return row_dict(self.call_rows["concept"][index])
        return row_dict(self.featurizer.transform_calls([call])["concept"])
