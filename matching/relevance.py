"""Relevance features: character n-grams, Finnish-aware word stems and bilingual concepts.

Every text is reduced to its tokens once; each distinct (language, token) is analysed once and
cached as a row of three token-level matrices (token -> character n-grams, token -> stems and
compound parts, token -> term-list concepts). A document's features are then one sparse
product ``doc x token @ token x feature``, which keeps 100,000 company profiles cheap.

Weighting is TF-IDF with sublinear term frequency, IDF from the calls (what matters is how
rare a feature is among calls), and L2-normalised rows, so every component is a cosine in
[0, 1]. Character n-grams present in more than ``char_max_df`` of the calls carry almost no
signal and make sparse products slow, so they are dropped; a company keeps its
``char_top_k`` strongest n-grams.

The industry component lives in the concept space: a company's TOL themes form a vector that
is compared with the call's concept vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.common import common_features, words_of_common_concepts
from matching.industry import industry_themes
from matching.records import CallProfile, CompanyProfile
from matching.terms import TermList, load_terms
from matching.text import STOPWORDS, CompoundSplitter, stem, tokens

COMPONENTS = ("concept", "word", "char", "industry", "targeting", "embedding")
_SMALL_BATCH = 32
_BATCH = 8192
_NO_IDS = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """The few parameters of the text features (defaults measured on the development set)."""

    char_ngrams: tuple[int, int] = (3, 5)
    char_max_df: float = 0.05
    char_top_k: int = 100
    word_max_df: float = 0.2
    word_top_k: int = 30
    keyword_repeat: int = 1
    title_repeat: int = 2


def company_text(company: CompanyProfile, keyword_repeat: int = 2) -> str:
    """The text a company is matched on: name, description and (repeated) keywords."""
    keywords = " . ".join(company.keywords)
    return " . ".join([company.name, company.description] + [keywords] * keyword_repeat)


def call_text(call: CallProfile, title_repeat: int = 2) -> str:
    """The text a call is matched on: title (repeated), description, keywords, action type."""
    parts = [call.title] * title_repeat + [call.description, " . ".join(call.keywords)]
    if call.type_of_action:
        parts.append(call.type_of_action)
    return " . ".join(parts)


class _Vocab:
    """A growing string -> id map."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def get(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.ids)
        return found


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF times IDF, rows L2-normalised (float32)."""
    x = sp.csr_matrix(counts, dtype=np.float32, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices].astype(np.float32)
    x.eliminate_zeros()
    return _l2(x)


def _l2(x: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length in place (empty rows stay empty); float32 CSR."""
    x = sp.csr_matrix(x, dtype=np.float32)
    lengths = np.diff(x.indptr)
    squares = np.zeros(x.shape[0], dtype=np.float64)
    nonempty = lengths > 0
    if x.nnz:
        squares[nonempty] = np.add.reduceat(x.data.astype(np.float64) ** 2,
                                            x.indptr[:-1][nonempty])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    x.data = (x.data / np.repeat(norms, lengths)).astype(np.float32)
    return x


def _top_k_rows(x: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's k largest values, and any value tied with the k-th (so the result
    does not depend on feature ids), then re-normalise. Vectorised: one sort in all."""
    x = x.tocsr()
    lengths = np.diff(x.indptr)
    if not len(lengths) or lengths.max() <= k:
        return x
    rows = np.repeat(np.arange(x.shape[0]), lengths)
    peak = float(x.data.max()) * 1.000001
    # one float key: row first, then larger values first (values are in (0, peak))
    order = np.argsort(rows + (1.0 - x.data / peak), kind="stable")
    long_rows = np.nonzero(lengths > k)[0]
    kth = np.zeros(x.shape[0], dtype=x.data.dtype)
    kth[long_rows] = x.data[order[x.indptr[long_rows] + k - 1]]
    keep = x.data >= kth[rows]
    kept = np.bincount(rows[keep], minlength=x.shape[0])
    pruned = sp.csr_matrix((x.data[keep], x.indices[keep],
                            np.concatenate([[0], np.cumsum(kept)])), shape=x.shape)
    return _l2(pruned)


class Featurizer:
    """Turns companies and calls into the matcher's component vectors.

    ``fit`` learns vocabularies and IDF from the calls; afterwards ``companies`` and ``calls``
    transform any records into the same spaces (unknown features are dropped).
    """

    def __init__(self, config: FeatureConfig | None = None, terms: TermList | None = None):
        self.config = config or FeatureConfig()
        self.terms = terms or load_terms()
        self._tokens: dict[str, dict[str, int]] = {}  # language -> token -> token id
        # token id -> {second word-pattern id: [(remaining pattern ids, concept)]}
        self._multi: dict[int, dict[int, list[tuple[tuple[int, ...], int]]]] = {}
        self._token_lang: list[str] = []
        self._token_rows: dict[str, list[np.ndarray]] = {"char": [], "word": [], "concept": []}
        self._char_vocab = _Vocab()
        self._word_vocab = _Vocab()
        self._splitter: CompoundSplitter | None = None
        self._token_wids: list[frozenset[int]] = []
        self._pair_candidates: dict[tuple[int, int], tuple] = {}
        self.idf: dict[str, np.ndarray] = {}
        self.common: dict[str, np.ndarray] = {}  # concept / word -> mask (matching.common)
        self._built: dict[str, sp.csr_matrix] = {}
        self._fit_counts: dict[str, sp.csr_matrix] | None = None
        self._frozen = False

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_built"] = {}  # rebuilt on demand; keeps pickles small
        state["_fit_counts"] = None
        state["_pair_candidates"] = {}
        # one flat array per feature kind instead of a small array per token
        state["_token_rows"] = {
            name: (np.asarray([len(r) for r in rows], dtype=np.int64),
                   np.concatenate(rows) if rows else _NO_IDS)
            for name, rows in self._token_rows.items()}
        return state

    def __setstate__(self, state: dict) -> None:
        packed = state.pop("_token_rows")
        self.__dict__.update(state)
        self._token_rows = {
            name: list(np.split(flat, np.cumsum(lengths)[:-1])) if len(lengths) else []
            for name, (lengths, flat) in packed.items()}

    # -- token level --------------------------------------------------------------------
    def _token_ids(self, toks: list[str], language: str) -> list[int]:
        """Token ids of a document, analysing tokens never seen before."""
        table = self._tokens.setdefault(language, {})
        ids = list(map(table.get, toks))
        if None in ids:
            for i, tid in enumerate(ids):
                if tid is None:
                    tid = table.get(toks[i])
                    if tid is None:
                        tid = table[toks[i]] = len(self._token_lang)
                        self._token_lang.append(language)
                        self._analyse(toks[i], language)
                    ids[i] = tid
        return ids

    def _analyse(self, token: str, language: str) -> None:
        low, high = self.config.char_ngrams
        padded = f" {token} "
        grams = [padded[i:i + n] for n in range(low, high + 1)
                 for i in range(len(padded) - n + 1)]
        self._token_rows["char"].append(self._ids(self._char_vocab, grams))
        words: list[str] = []
        if token not in STOPWORDS and len(token) > 1:
            words.append(language + ":" + stem(token, language))
            if language == "fi" and self._splitter is not None:
                words.extend("fi:" + part for part in self._splitter.split(token))
        self._token_rows["word"].append(self._ids(self._word_vocab, words))
        wids = self.terms.word_matches(token, language)
        concepts: set[int] = set()
        single = self.terms._single
        for w in wids:
            if w in single:
                concepts |= single[w]
        concepts = self.terms.with_broader(concepts)
        self._token_rows["concept"].append(
            np.array(sorted(concepts), dtype=np.int32) if concepts else _NO_IDS)
        self._token_wids.append(frozenset(wids))
        multi: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for w in wids:
            for rest, concept in self.terms._multi.get(w, ()):
                if concept not in concepts:
                    multi.setdefault(rest[0], []).append((rest[1:], concept))
        if multi:
            self._multi[len(self._token_lang) - 1] = multi

    def _ids(self, vocab: _Vocab, keys: list[str]) -> np.ndarray:
        if self._frozen:
            found = [i for i in map(vocab.ids.get, keys) if i is not None]
            return np.array(found, dtype=np.int32) if found else _NO_IDS
        return np.asarray([vocab.get(k) for k in keys], dtype=np.int32)

    def _token_matrix(self, name: str, width: int) -> sp.csr_matrix:
        """token x feature counts for every token seen so far (cached until tokens grow)."""
        rows = self._token_rows[name]
        cached = self._built.get(name)
        if cached is not None and cached.shape == (len(rows), width):
            return cached
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        m = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                          shape=(len(rows), width))
        m.sum_duplicates()
        self._built[name] = m
        return m

    def _multi_word(self, ids: list[int]) -> dict[int, int]:
        """Concepts of multi-word patterns ("circular economy"), counted once per position.

        The candidates that survive the second word are cached per token pair, so a
        document costs about one dictionary look-up per pattern-starting word.
        """
        extra: dict[int, int] = {}
        multi, wids, pairs = self._multi, self._token_wids, self._pair_candidates
        last = len(ids) - 1
        for pos in [p for p, tid in enumerate(ids[:-1]) if tid in multi]:
            key = (ids[pos], ids[pos + 1])
            candidates = pairs.get(key)
            if candidates is None:
                starts = multi[key[0]]
                candidates = tuple(item for second in wids[key[1]].intersection(starts)
                                   for item in starts[second])
                if len(pairs) < 1_000_000:
                    pairs[key] = candidates
            seen: set[int] = set()
            for rest, concept in candidates:
                if concept in seen or pos + 1 + len(rest) > last:
                    continue
                if all(r in wids[ids[pos + 2 + i]] for i, r in enumerate(rest)):
                    for found in self.terms.with_broader({concept}) - seen:
                        seen.add(found)
                        extra[found] = extra.get(found, 0) + 1
        return extra

    def _counts(self, texts: Sequence[str], languages: Sequence[str]) -> dict[str, sp.csr_matrix]:
        """Raw feature counts per document (rows) for char, word and concept."""
        indptr = [0]
        indices: list[int] = []
        extra_rows, extra_cols, extra_vals = [], [], []
        for row, (text, language) in enumerate(zip(texts, languages, strict=True)):
            ids = self._token_ids(tokens(text), language)
            indices.extend(ids)
            indptr.append(len(indices))
            for concept, count in self._multi_word(ids).items():
                extra_rows.append(row)
                extra_cols.append(concept)
                extra_vals.append(count)
        doc_tok = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                                shape=(len(texts), len(self._token_lang)))
        doc_tok.sum_duplicates()
        widths = {"char": len(self._char_vocab.ids), "word": len(self._word_vocab.ids),
                  "concept": len(self.terms.concepts)}
        if len(texts) <= _SMALL_BATCH:
            out = {name: self._direct(doc_tok, name, width) for name, width in widths.items()}
        else:
            out = {name: sp.csr_matrix(doc_tok @ self._token_matrix(name, width))
                   for name, width in widths.items()}
        if extra_rows:
            out["concept"] = out["concept"] + sp.csr_matrix(
                (np.asarray(extra_vals, dtype=np.float32), (extra_rows, extra_cols)),
                shape=out["concept"].shape)
        return out

    def _direct(self, doc_tok: sp.csr_matrix, name: str, width: int) -> sp.csr_matrix:
        """doc x feature counts for a few documents without building the token matrix."""
        rows = self._token_rows[name]
        indptr = [0]
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        for r in range(doc_tok.shape[0]):
            start, end = doc_tok.indptr[r], doc_tok.indptr[r + 1]
            in_row = 0
            for tid, count in zip(doc_tok.indices[start:end], doc_tok.data[start:end],
                                  strict=True):
                feats = rows[tid]
                indices.append(feats)
                data.append(np.full(len(feats), count, dtype=np.float32))
                in_row += len(feats)
            indptr.append(indptr[-1] + in_row)
        idx = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32)
        val = np.concatenate(data) if data else np.zeros(0, dtype=np.float32)
        m = sp.csr_matrix((val, idx, np.asarray(indptr)), shape=(doc_tok.shape[0], width))
        m.sum_duplicates()
        return m

    def fit(self, calls: Sequence[CallProfile]) -> Featurizer:
        """Learn vocabularies and IDF from the calls (the feature spaces are then fixed)."""
        texts = [call_text(c, self.config.title_repeat) for c in calls]
        languages = [c.language for c in calls]
        known = {t for text, lang in zip(texts, languages, strict=True)
                 if lang == "fi" for t in tokens(text) if len(t) >= 4 and t not in STOPWORDS}
        known |= {w[0] for c in self.terms._words for w in [c] if not w[1] and len(w[0]) >= 4}
        self._splitter = CompoundSplitter(known)
        counts = self._counts(texts, languages)
        self._fit_counts = counts
        n = max(len(calls), 1)
        for name, matrix in counts.items():
            df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
            idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
            if name == "char":
                idf[df > self.config.char_max_df * n] = 0.0
            if name == "word":
                idf[df > self.config.word_max_df * n] = 0.0
            self.idf[name] = idf
        word_languages = np.empty(counts["word"].shape[1], dtype=object)
        for key, i in self._word_vocab.ids.items():
            if i < len(word_languages):
                word_languages[i] = key.split(":", 1)[0]
        concepts = common_features(counts["concept"], languages)
        words = words_of_common_concepts(
            common_features(counts["word"], languages, word_languages), concepts,
            self._token_rows["word"], self._token_rows["concept"])
        self.common = {"concept": concepts, "word": words}
        self._frozen = True
        return self

    def common_mask(self, name: str) -> np.ndarray:
        """Features of ``name`` ("concept", "word") too common in calls to count alone."""
        width = len(self.idf[name])
        mask = getattr(self, "common", {}).get(name)
        if mask is None:
            return np.zeros(width, dtype=bool)
        return mask[:width] if len(mask) >= width else np.pad(mask, (0, width - len(mask)))

    def _weighted(self, counts: dict[str, sp.csr_matrix]) -> dict[str, sp.csr_matrix]:
        out = {}
        for name, matrix in counts.items():
            width = len(self.idf[name])
            matrix = matrix[:, :width] if matrix.shape[1] > width else matrix
            out[name] = _tfidf(matrix, self.idf[name])
        return out

    def transform_calls(self, calls: Sequence[CallProfile]) -> dict[str, sp.csr_matrix]:
        """Component vectors of calls: char, word, concept (rows L2-normalised)."""
        texts = [call_text(c, self.config.title_repeat) for c in calls]
        return self._weighted(self._counts(texts, [c.language for c in calls]))

    def fit_transform_calls(self, calls: Sequence[CallProfile]) -> dict[str, sp.csr_matrix]:
        """``fit`` then the calls' vectors, counting the calls' texts only once."""
        self.fit(calls)
        counts, self._fit_counts = self._fit_counts, None
        return self._weighted(counts)

    def transform_companies(self,
                            companies: Sequence[CompanyProfile]) -> dict[str, sp.csr_matrix]:
        """Component vectors of companies: char and word (top-k pruned), concept, industry.

        Done in batches: raw character n-gram counts are large before pruning, and batching
        keeps peak memory flat however many companies there are.
        """
        if len(companies) > _BATCH:
            parts = [self.transform_companies(companies[i:i + _BATCH])
                     for i in range(0, len(companies), _BATCH)]
            return {name: sp.vstack([p[name] for p in parts], format="csr")
                    for name in parts[0]}
        texts = [company_text(c, self.config.keyword_repeat) for c in companies]
        out = self._weighted(self._counts(texts, [c.language for c in companies]))
        out["char"] = _top_k_rows(out["char"], self.config.char_top_k)
        out["word"] = _top_k_rows(out["word"], self.config.word_top_k)
        out["industry"] = self.industry_vectors(companies)
        return out

    def industry_vectors(self, companies: Sequence[CompanyProfile]) -> sp.csr_matrix:
        """TOL themes as concept vectors, most specific theme weighted highest."""
        rows, cols, vals = [], [], []
        idf = self.idf["concept"]
        for i, company in enumerate(companies):
            themes = industry_themes(company.industry_code, company.industry_code_set)
            for rank, theme in enumerate(themes):
                c = self.terms.index[theme]
                rows.append(i)
                cols.append(c)
                vals.append(idf[c] / (1.0 + 0.5 * rank))
        m = sp.csr_matrix((vals, (rows, cols)), shape=(len(companies), len(idf)),
                          dtype=np.float32)
        return _l2(m)
