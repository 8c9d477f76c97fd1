"""Words and concepts too common in calls to be evidence of a match on their own.

"Yritys", "kasvu", "company", "growth", "innovation", "development" appear in a large share of
all funding calls, so two texts that share only them have no real overlap. The common features
are found from the data, not from a hand list: a concept or word stem is *common* when it
occurs in more than ``COMMON_SHARE`` of the calls **of one language** (Finnish, Swedish or
English alike, so a Finnish word is judged among Finnish calls and is not diluted by a
mostly-English pool). A language with fewer than ``MIN_CALLS`` calls is too small to judge (a
share estimated from 40 calls is within about 0.15 at 95 %) and marks nothing; the concept
layer still judges its texts through the other languages.

How they are used:

* relevance: a common concept or word counts towards the concept and word components only
  for a pair that also shares a specific concept or word (``gated``);
* explanations: common concepts are never listed as shared themes, and a company keyword made
  only of common words is not a shared keyword.

The share was chosen as a third of a language's calls: on the development calls that marks
the generic business and programme vocabulary (company, growth, investment, development grant,
innovation, research, cooperation, EU, sustainability, energy ...) and leaves every
sector-specific concept alone; see README "The funding matcher".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp

from matching.text import STOPWORDS, tokens


class Featurizer(Protocol):
    """What these functions read of the fitted ``matching.relevance.Featurizer`` (the featurizer
    builds its common masks from here, so this module never imports it back)."""

    _token_rows: dict[str, Any]

    def common_mask(self, kind: str) -> Any: ...

    def _token_ids(self, toks: Any, language: str) -> Any: ...


COMMON_SHARE = 1 / 3
MIN_CALLS = 40


def common_features(counts: sp.csr_matrix, call_languages: Sequence[str],
                    feature_languages: np.ndarray | None = None,
                    share: float = COMMON_SHARE, min_calls: int = MIN_CALLS) -> np.ndarray:
    """Boolean mask of the columns of a call x feature count matrix that are common.

    ``feature_languages`` (one per column) limits each language's judgement to its own
    features (word stems carry their language); ``None`` for language-neutral concepts.
    """
    counts = sp.csr_matrix(counts)
    langs = np.asarray(call_languages)
    common = np.zeros(counts.shape[1], dtype=bool)
    for language in np.unique(langs):
        rows = np.nonzero(langs == language)[0]
        if len(rows) < min_calls:
            continue
        df = np.bincount(counts[rows].indices, minlength=counts.shape[1])
        hit = df > share * len(rows)
        if feature_languages is not None:
            hit &= feature_languages == language
        common |= hit
    return common


def gated(parts: list[tuple[np.ndarray, np.ndarray | None]]) -> list[np.ndarray]:
    """Components from their (specific, common) parts: the common parts count only for the
    pairs that share something specific in any of the components (in place on the specific
    arrays, which are returned)."""
    evidence = np.zeros(parts[0][0].shape, dtype=bool)
    for specific, _common in parts:
        evidence |= specific > 0
    for specific, common in parts:
        if common is not None:
            np.add(specific, common, out=specific, where=evidence)
    return [specific for specific, _common in parts]


def split_columns(matrix: sp.csr_matrix, common: np.ndarray) -> tuple[sp.csr_matrix,
                                                                     sp.csr_matrix]:
    """(specific, common) parts of a sparse matrix by a column mask (same shape each)."""
    matrix = sp.csr_matrix(matrix)
    width = matrix.shape[1]
    mask = np.zeros(width, dtype=np.float32)
    mask[:min(width, len(common))] = common[:width]
    keep_common = sp.diags(mask, format="csr")
    part = sp.csr_matrix(matrix @ keep_common)
    return sp.csr_matrix(matrix - part), part


def only_common(featurizer: Featurizer, text: str, language: str) -> bool:
    """True when every content word of a short text (a company keyword) is common in calls:
    a simple word that names only common concepts ("kasvu", "growth", "tillväxt"), or a word
    whose stems are all common. A word the calls never use, and names no concept, is rare, so
    it is evidence."""
    words = featurizer.common_mask("word")
    concepts = featurizer.common_mask("concept")
    toks = [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]
    for tid in featurizer._token_ids(toks, language):
        word_ids = featurizer._token_rows["word"][tid]
        concept_ids = featurizer._token_rows["concept"][tid]
        if len(concept_ids):
            if not concepts[concept_ids].all():
                return False
            if len(word_ids) <= 1:
                continue
        if not len(word_ids) or not all(i < len(words) and words[i] for i in word_ids):
            return False
    return True


def words_of_common_concepts(word_common: np.ndarray, concept_common: np.ndarray,
                             token_words: Sequence[np.ndarray],
                             token_concepts: Sequence[np.ndarray]) -> np.ndarray:
    """The word mask with the stems of simple words whose every concept is common added
    ("business", "company" and "grow" mean the common concepts enterprise and growth, though
    each stem alone is rarer): a word that names a common concept is no evidence either.
    Compounds, whose stems carry more than the concept, are left as they are."""
    out = word_common.copy()
    for words, concepts in zip(token_words, token_concepts, strict=True):
        if len(words) == 1 and len(concepts) and words[0] < len(out) \
                and concept_common[concepts].all():
            out[words[0]] = True
    return out


def dense(product: sp.spmatrix | np.ndarray) -> np.ndarray:
    """A product as a dense float32 array."""
    return np.asarray(product.toarray() if sp.issparse(product) else product, dtype=np.float32)


def concept_and_word(featurizer: Featurizer, rows: dict[str, sp.csr_matrix],
                     call_t: dict[str, sp.csr_matrix | np.ndarray],
                     word_weight: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Dense concept and word components of companies (rows) x calls (``call_t``: features x
    calls), in which features too common in calls count only for pairs that share a specific
    concept or word too (``matching.common``); the word part is scaled by ``word_weight``."""
    parts: list[tuple[np.ndarray, np.ndarray | None]] = []
    for name, scale in (("concept", 1.0), ("word", word_weight)):
        matrix = rows[name] * np.float32(scale) if scale != 1.0 else rows[name]
        common = featurizer.common_mask(name)
        if not common.any():
            parts.append((dense(matrix @ call_t[name]), None))
            continue
        specific, shared = split_columns(matrix, common)
        parts.append((dense(specific @ call_t[name]), dense(shared @ call_t[name])))
    concept, word = gated(parts)
    return concept, word
