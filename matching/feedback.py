"""Learning component weights from staff feedback.

A logistic regression over the component scores of labelled matches; its coefficients are
the new weights (the logit is linear in the components, so ranking by it is ranking by the
weighted sum). Learned weights only reweight relevance among eligible calls: eligibility is
applied before any weight is used, so no feedback can admit an ineligible call.

Labels (``OUTCOME_LABELS``): staff marking a match relevant, and the workflow steps that show
the company took the call up (proposed, applying, submitted, awarded), are positives;
"not relevant" / dismissed are negatives. ``not_awarded`` counts as a positive at half
weight: the company found the call worth applying for, and the funder's decision says more
about the proposal and the competition than about the topical fit. Unknown labels are
ignored.

Too little feedback fits noise, so ``train`` returns ``None`` below ``MIN_LABELS`` usable
examples or when either class has fewer than ``MIN_PER_CLASS``; the defaults then stand.
Negative coefficients are clipped to zero (more similarity never lowers a score), and the
weights are rescaled to the default total so 0-100 scores stay comparable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from matching.relevance import COMPONENTS
from matching.score import Weights

MIN_LABELS = 30
MIN_PER_CLASS = 5

# label -> (target, sample weight)
OUTCOME_LABELS: dict[str, tuple[int, float]] = {
    "relevant": (1, 1.0), "proposed": (1, 1.0), "applying": (1, 1.0),
    "submitted": (1, 1.0), "awarded": (1, 1.0), "not_awarded": (1, 0.5),
    "not_relevant": (0, 1.0), "dismissed": (0, 1.0), "rejected": (0, 1.0),
}


@dataclass(frozen=True, slots=True)
class FeedbackExample:
    """One labelled match: its component scores (as ranked) and the label."""

    components: Mapping[str, float] | tuple[tuple[str, float], ...]
    label: str


@dataclass(frozen=True, slots=True)
class LearnedWeights:
    """Weights learned from feedback, with the counts they rest on."""

    weights: Weights
    n_examples: int
    n_positive: int
    n_negative: int
    coefficients: tuple[tuple[str, float], ...]


def _matrix(examples: Iterable[FeedbackExample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, targets, weights = [], [], []
    for example in examples:
        label = OUTCOME_LABELS.get(example.label)
        if label is None:
            continue
        comps = dict(example.components)
        rows.append([float(comps.get(name, 0.0)) for name in COMPONENTS])
        targets.append(label[0])
        weights.append(label[1])
    return (np.asarray(rows, dtype=np.float64).reshape(-1, len(COMPONENTS)),
            np.asarray(targets, dtype=np.int64), np.asarray(weights, dtype=np.float64))


def train(examples: Iterable[FeedbackExample], base: Weights | None = None,
          regularisation: float = 1.0) -> LearnedWeights | None:
    """Learned weights, or None when there is too little feedback (see module docstring)."""
    from sklearn.linear_model import LogisticRegression

    x, y, sample_weight = _matrix(examples)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if len(y) < MIN_LABELS or min(n_pos, n_neg) < MIN_PER_CLASS:
        return None
    model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=1000)
    model.fit(x, y, sample_weight=sample_weight)
    coef = model.coef_.ravel()
    clipped = np.clip(coef, 0.0, None)
    if clipped.sum() <= 0:
        return None
    total = float((base or Weights()).as_array().sum())
    scaled = clipped * (total / clipped.sum())
    weights = Weights.from_mapping(dict(zip(COMPONENTS, scaled.tolist(), strict=True)))
    return LearnedWeights(
        weights=weights, n_examples=len(y), n_positive=n_pos, n_negative=n_neg,
        coefficients=tuple((n, round(float(c), 4)) for n, c in zip(COMPONENTS, coef,
                                                                     strict=True)))
